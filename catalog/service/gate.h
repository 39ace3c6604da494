// The gate: the one place where a catalog operation gets its transaction.
//
// Every service operation asks the gate for a read or write scope, naming the
// request context, an action (actions.h, Glue's IAM vocabulary) and the
// resource ARN it acts on (model::ResourceArns). The gate asks the Authorizer,
// hands back the scope or PermissionDenied, and tells the AuditSink. The gate
// is the only holder of the store: no service class sees storage::Store, and
// cmake/CheckLayering.cmake fails the build when a file of catalog/service/
// other than gate.cc opens a transaction. A policy check, an audit record or
// anything derived from a change (notification events today; table versions
// next) therefore happens here, for every call of every front end, and cannot
// be forgotten by one of them.
//
// Writes describe themselves: each mutation inside a WriteScope records a
// model::ChangeRecord. WriteScope::Commit hands the records, in order, to the
// change observers (the notification log, ...) inside the same transaction,
// then commits, then tells the audit sink the outcome.
//
// The decision is made before anything is read, from the names in the
// request, so a denied call on a missing object looks exactly like one on an
// existing object.
//
// Thread safety: Gate is thread-safe (the authorizer, audit sink and
// observers must be too). A scope belongs to one thread at a time.
#ifndef ALMANAC_CATALOG_SERVICE_GATE_H_
#define ALMANAC_CATALOG_SERVICE_GATE_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "catalog/model/change_record.h"
#include "catalog/model/request_context.h"
#include "catalog/model/resource_arn.h"
#include "storage/store.h"

namespace almanac::service {

// What the gate was asked for.
enum class AccessKind { kRead, kWrite, kCheck, kListedItem };

// One question put to the authorizer.
struct AccessRequest {
  const model::RequestContext& context;
  std::string_view action;    // "glue:GetTable"
  std::string_view resource;  // "arn:aws:glue:us-east-1:123456789012:table/sales/orders"
  // Set when the question is whether one item of an allowed listing may be
  // shown (a partition's name, for partition listings whose resource is the
  // table); empty for the call itself.
  std::string_view item;
  bool listed_item = false;
  AccessKind kind = AccessKind::kCheck;
};

class PreparedListing;

// Decides whether a request may proceed. Implementations must be thread-safe.
class Authorizer {
 public:
  virtual ~Authorizer() = default;
  // OK to allow; PermissionDenied (naming the action and resource, never
  // whether the object exists) to refuse. Any other code is an error of the
  // authorizer and refuses too.
  virtual absl::Status Authorize(const AccessRequest& request) = 0;
  // Whether Authorize can hide an item of a listing the call was allowed to
  // make. False lets listings skip the per-item question (allow-all).
  virtual bool FiltersListedItems() const { return true; }
  // The per-item answers of one listing, prepared once: for `context` and
  // `action`, whether each item under `item_prefix` (the items' ARN up to
  // their name: "arn:aws:glue:R:A:table/sales/" for the tables of sales,
  // "...:database/" for databases) is visible, each answer exactly
  // Authorize's for the listed item (see PreparedListing for how a name
  // becomes the item's ARN). The default asks Authorize per item.
  virtual std::shared_ptr<const PreparedListing> PrepareListing(
      const model::RequestContext& context, std::string_view action,
      std::string_view item_prefix);
};

// A listing's per-item question, prepared by Authorizer::PrepareListing.
// An item's name is taken as ARNs name objects (model::ResourceArns): its
// ASCII letters in lower case; the item asked about is the one whose ARN is
// the prefix + that name. Immutable; thread-safe. Lives no longer than the
// call that prepared it (it may refer to that call's context and to its
// authorizer).
class PreparedListing {
 public:
  virtual ~PreparedListing() = default;
  // Whether the item named `name` is visible.
  virtual bool Visible(std::string_view name) const = 0;
  // Removes the names that are not visible from `names`, keeping the order
  // of the others: Visible for each (an implementation may do it faster).
  virtual void KeepVisible(std::vector<std::string>* names) const;
  // True when every item is visible, so a listing may skip asking.
  virtual bool all_visible() const { return false; }
};

// Shows every item.
std::shared_ptr<const PreparedListing> EveryItemVisible();

// Authorize's answer for the listed item named `name` under `item_prefix`
// (the item's ARN made as PreparedListing says): what a listing asks when
// it cannot decide an item otherwise.
bool AuthorizeListedItem(Authorizer& authorizer, const model::RequestContext& context,
                         std::string_view action, std::string_view item_prefix,
                         std::string_view name);

// Told about every decision the gate makes on a call and the outcome of every
// write. Implementations must be thread-safe and must not fail the call.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void Decided(const AccessRequest& request, const absl::Status& decision) = 0;
  // A write scope ended: committed (OK), or not (the commit's error, or
  // Aborted "rolled back" when the operation failed before committing).
  virtual void Finished(const AccessRequest& request,
                        absl::Span<const model::ChangeRecord> changes,
                        const absl::Status& outcome) = 0;
  // A write is about to commit, after the change observers ran: a sink that
  // keeps its records in the catalog writes them here, inside the
  // transaction, so that a change and its record commit together. An error
  // fails the write (nothing is changed without its record).
  virtual absl::Status Committing(storage::WriteTransaction& txn, const AccessRequest& request,
                                  absl::Span<const model::ChangeRecord> changes) {
    return absl::OkStatus();
  }
};

// Derives what follows from a write's change records, inside its transaction
// (so it commits or rolls back with the change). Thread-safe.
class ChangeObserver {
 public:
  virtual ~ChangeObserver() = default;
  virtual absl::Status BeforeCommit(storage::WriteTransaction& txn,
                                    const model::RequestContext& context,
                                    absl::Span<const model::ChangeRecord> changes) = 0;
};

// The defaults until policies are configured: everything is allowed, nothing
// is recorded.
std::shared_ptr<Authorizer> AllowAllAuthorizer();
std::shared_ptr<AuditSink> NoAuditSink();
// Refuses every call of every caller except the internal principal (the
// server's own maintenance): `almanac serve --lockdown`, which freezes the
// catalog without stopping the server.
std::shared_ptr<Authorizer> LockdownAuthorizer();

struct GateOptions {
  model::ResourceArns arns;
  std::shared_ptr<Authorizer> authorizer;  // null: AllowAllAuthorizer()
  std::shared_ptr<AuditSink> audit;        // null: NoAuditSink()
};

class Gate;

// A read transaction the gate allowed. Move-only.
class ReadScope {
 public:
  ReadScope(ReadScope&&) = default;
  ReadScope& operator=(ReadScope&&) = default;
  storage::ReadTransaction* operator->() const { return txn_.get(); }
  storage::ReadTransaction* get() const { return txn_.get(); }

 private:
  friend class Gate;
  explicit ReadScope(std::unique_ptr<storage::ReadTransaction> txn) : txn_(std::move(txn)) {}
  std::unique_ptr<storage::ReadTransaction> txn_;
};

// A write transaction the gate allowed, and the change records of the
// operation. Destroying it without Commit rolls everything back. Move-only.
class WriteScope {
 public:
  WriteScope(WriteScope&& other) noexcept;
  WriteScope& operator=(WriteScope&&) = delete;
  ~WriteScope();

  storage::WriteTransaction* operator->() const { return txn_.get(); }
  storage::WriteTransaction* get() const { return txn_.get(); }

  // Describes one change this operation made through the transaction.
  void Record(model::ChangeRecord record) { changes_.push_back(std::move(record)); }
  const std::vector<model::ChangeRecord>& changes() const { return changes_; }

  // Runs the change observers over the records, then commits. After a
  // failed Commit nothing was applied. Errors: the observers' or the
  // store's (Aborted when the commit lost the writer slot).
  absl::Status Commit();

 private:
  friend class Gate;
  WriteScope(Gate* gate, const model::RequestContext* context, std::string_view action,
             std::string resource, std::unique_ptr<storage::WriteTransaction> txn)
      : gate_(gate),
        context_(context),
        action_(action),
        resource_(std::move(resource)),
        txn_(std::move(txn)) {}

  Gate* gate_;
  const model::RequestContext* context_;
  std::string_view action_;
  std::string resource_;
  std::unique_ptr<storage::WriteTransaction> txn_;
  std::vector<model::ChangeRecord> changes_;
  bool finished_ = false;
};

class Gate {
 public:
  // `store` must outlive the gate.
  Gate(storage::Store* store, GateOptions options);

  // Observers run in the order added, at every commit. Call before serving.
  void AddObserver(std::shared_ptr<ChangeObserver> observer);

  // Authorizes `action` on `resource`, then opens a transaction.
  // PermissionDenied when refused; the store's errors otherwise (Aborted
  // when the writer slot could not be had in time).
  absl::StatusOr<ReadScope> Read(const model::RequestContext& context, std::string_view action,
                                 std::string resource);
  absl::StatusOr<WriteScope> Write(const model::RequestContext& context, std::string_view action,
                                   std::string resource);
  // Authorizes a call that reads or changes nothing in the catalog (server
  // information, session settings). PermissionDenied when refused.
  absl::Status Check(const model::RequestContext& context, std::string_view action,
                     std::string_view resource);

  // Whether one item of a listing the caller was allowed to make may be
  // shown; a hidden item is left out, not an error. Listings call it through
  // the shared pagers, after checking filters_listed_items().
  bool Visible(const model::RequestContext& context, std::string_view action,
               std::string_view resource, std::string_view item = {});
  bool filters_listed_items() const { return filters_items_; }
  // The per-item question of a listing of `action` whose items are named
  // `item_prefix` + name (Authorizer::PrepareListing), asked once per
  // listing; every item visible when the authorizer hides nothing.
  std::shared_ptr<const PreparedListing> PrepareListing(const model::RequestContext& context,
                                                        std::string_view action,
                                                        std::string_view item_prefix);

  const model::ResourceArns& arns() const { return options_.arns; }

 private:
  friend class WriteScope;
  absl::Status Decide(const AccessRequest& request);
  absl::Status FinishWrite(WriteScope& scope, bool commit);

  storage::Store* store_;
  GateOptions options_;
  bool filters_items_;
  std::vector<std::shared_ptr<ChangeObserver>> observers_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_GATE_H_
