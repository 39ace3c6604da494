#include "catalog/service/gate.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

class AllowAll final : public Authorizer {
 public:
  absl::Status Authorize(const AccessRequest&) override { return absl::OkStatus(); }
  bool FiltersListedItems() const override { return false; }
};

class Lockdown final : public Authorizer {
 public:
  absl::Status Authorize(const AccessRequest& request) override {
    if (request.context.front_end == model::FrontEnd::kInternal) return absl::OkStatus();
    return absl::PermissionDeniedError(absl::StrCat(
        "access denied: ", AbslView(request.action), " on ", AbslView(request.resource),
        " (the server is in lockdown)"));
  }
};

class NoAudit final : public AuditSink {
 public:
  void Decided(const AccessRequest&, const absl::Status&) override {}
  void Finished(const AccessRequest&, absl::Span<const model::ChangeRecord>,
                const absl::Status&) override {}
};

class AllVisible final : public PreparedListing {
 public:
  bool Visible(std::string_view) const override { return true; }
  void KeepVisible(std::vector<std::string>*) const override {}
  bool all_visible() const override { return true; }
};

}  // namespace

bool AuthorizeListedItem(Authorizer& authorizer, const model::RequestContext& context,
                         std::string_view action, std::string_view item_prefix,
                         std::string_view name) {
  std::string resource = absl::StrCat(AbslView(item_prefix), AbslView(name));
  for (size_t i = item_prefix.size(); i < resource.size(); ++i) {
    resource[i] = absl::ascii_tolower(resource[i]);
  }
  return authorizer
      .Authorize(AccessRequest{.context = context,
                               .action = action,
                               .resource = resource,
                               .listed_item = true,
                               .kind = AccessKind::kListedItem})
      .ok();
}

namespace {

// Asks the authorizer for each item, as a listed item of the listing.
class AskEachItem final : public PreparedListing {
 public:
  AskEachItem(Authorizer* authorizer, const model::RequestContext& context,
              std::string_view action, std::string_view item_prefix)
      : authorizer_(authorizer), context_(context), action_(action), prefix_(item_prefix) {}

  bool Visible(std::string_view name) const override {
    return AuthorizeListedItem(*authorizer_, context_, action_, prefix_, name);
  }

 private:
  Authorizer* authorizer_;
  const model::RequestContext& context_;
  std::string action_;
  std::string prefix_;
};

}  // namespace

std::shared_ptr<const PreparedListing> Authorizer::PrepareListing(
    const model::RequestContext& context, std::string_view action, std::string_view item_prefix) {
  return std::make_shared<AskEachItem>(this, context, action, item_prefix);
}

void PreparedListing::KeepVisible(std::vector<std::string>* names) const {
  size_t kept = 0;
  for (size_t i = 0; i < names->size(); ++i) {
    if (!Visible((*names)[i])) continue;
    if (kept != i) (*names)[kept] = std::move((*names)[i]);
    ++kept;
  }
  names->resize(kept);
}

std::shared_ptr<const PreparedListing> EveryItemVisible() {
  static const auto* const kAll = new std::shared_ptr<const PreparedListing>(new AllVisible());
  return *kAll;
}

std::shared_ptr<Authorizer> AllowAllAuthorizer() {
  static const auto* const kAllowAll = new std::shared_ptr<Authorizer>(new AllowAll());
  return *kAllowAll;
}

std::shared_ptr<AuditSink> NoAuditSink() {
  static const auto* const kNoAudit = new std::shared_ptr<AuditSink>(new NoAudit());
  return *kNoAudit;
}

std::shared_ptr<Authorizer> LockdownAuthorizer() { return std::make_shared<Lockdown>(); }

Gate::Gate(storage::Store* store, GateOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.authorizer == nullptr) options_.authorizer = AllowAllAuthorizer();
  if (options_.audit == nullptr) options_.audit = NoAuditSink();
  filters_items_ = options_.authorizer->FiltersListedItems();
}

void Gate::AddObserver(std::shared_ptr<ChangeObserver> observer) {
  observers_.push_back(std::move(observer));
}

absl::Status Gate::Decide(const AccessRequest& request) {
  absl::Status decision = options_.authorizer->Authorize(request);
  if (!decision.ok() && !absl::IsPermissionDenied(decision)) {
    // A failing authorizer refuses; the caller learns no more than from a
    // plain refusal.
    decision = absl::PermissionDeniedError(
        absl::StrCat("access denied: ", AbslView(request.action), " on ", AbslView(request.resource),
                     " (the authorizer failed: ", decision.message(), ")"));
  }
  options_.audit->Decided(request, decision);
  return decision;
}

absl::StatusOr<ReadScope> Gate::Read(const model::RequestContext& context,
                                     std::string_view action, std::string resource) {
  RETURN_IF_ERROR(Decide(AccessRequest{
      .context = context, .action = action, .resource = resource, .kind = AccessKind::kRead}));
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  return ReadScope(std::move(txn));
}

absl::StatusOr<WriteScope> Gate::Write(const model::RequestContext& context,
                                       std::string_view action, std::string resource) {
  RETURN_IF_ERROR(Decide(AccessRequest{
      .context = context, .action = action, .resource = resource, .kind = AccessKind::kWrite}));
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  return WriteScope(this, &context, action, std::move(resource), std::move(txn));
}

absl::Status Gate::Check(const model::RequestContext& context, std::string_view action,
                         std::string_view resource) {
  return Decide(AccessRequest{.context = context, .action = action, .resource = resource});
}

bool Gate::Visible(const model::RequestContext& context, std::string_view action,
                   std::string_view resource, std::string_view item) {
  if (!filters_items_) return true;
  return options_.authorizer
      ->Authorize(AccessRequest{.context = context,
                                .action = action,
                                .resource = resource,
                                .item = item,
                                .listed_item = true,
                                .kind = AccessKind::kListedItem})
      .ok();
}

std::shared_ptr<const PreparedListing> Gate::PrepareListing(const model::RequestContext& context,
                                                            std::string_view action,
                                                            std::string_view item_prefix) {
  if (!filters_items_) return EveryItemVisible();
  return options_.authorizer->PrepareListing(context, action, item_prefix);
}

absl::Status Gate::FinishWrite(WriteScope& scope, bool commit) {
  scope.finished_ = true;
  absl::Status outcome = absl::AbortedError("rolled back");
  if (commit) {
    outcome = absl::OkStatus();
    for (const std::shared_ptr<ChangeObserver>& observer : observers_) {
      outcome = observer->BeforeCommit(*scope.txn_, *scope.context_, scope.changes_);
      if (!outcome.ok()) break;
    }
  }
  const AccessRequest request{.context = *scope.context_,
                              .action = scope.action_,
                              .resource = scope.resource_,
                              .kind = AccessKind::kWrite};
  if (commit) {
    if (outcome.ok()) outcome = options_.audit->Committing(*scope.txn_, request, scope.changes_);
    if (outcome.ok()) outcome = scope.txn_->Commit();
  }
  options_.audit->Finished(request, scope.changes_, outcome);
  return commit ? outcome : absl::OkStatus();
}

WriteScope::WriteScope(WriteScope&& other) noexcept
    : gate_(other.gate_),
      context_(other.context_),
      action_(other.action_),
      resource_(std::move(other.resource_)),
      txn_(std::move(other.txn_)),
      changes_(std::move(other.changes_)),
      finished_(other.finished_) {
  other.finished_ = true;
}

WriteScope::~WriteScope() {
  if (!finished_ && txn_ != nullptr) gate_->FinishWrite(*this, /*commit=*/false).IgnoreError();
}

absl::Status WriteScope::Commit() {
  if (finished_) return absl::FailedPreconditionError("transaction already ended");
  return gate_->FinishWrite(*this, /*commit=*/true);
}

}  // namespace almanac::service
