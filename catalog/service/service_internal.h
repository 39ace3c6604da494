// Helpers shared by the service's concern classes: default locations, object
// names used in messages, and the one pager of name listings (pattern, the
// gate's per-item visibility, page tokens) shared by databases, tables and
// functions. Not part of the service's public contract.
//
// Stateless functions; thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_SERVICE_INTERNAL_H_
#define ALMANAC_CATALOG_SERVICE_SERVICE_INTERNAL_H_

#include <cstdint>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/model/database.h"
#include "catalog/model/listing.h"
#include "catalog/model/request_context.h"
#include "catalog/model/table.h"
#include "catalog/service/gate.h"
#include "catalog/service/name_pattern.h"
#include "storage/store.h"

namespace almanac::service::internal {

int64_t NowSeconds();

// A random (version 4) UUID: schema version ids, crawl run ids.
std::string NewUuid();

// Whether dropping `table` with deleteData deletes its data: managed tables,
// and external ones with external.table.purge=true.
bool DropDeletesData(const model::Table& table);

// Whether a listed item may be shown to the caller; null: every item. Holds
// a listing prepared by the gate (ListedItemFilter), or any predicate.
class ItemFilter {
 public:
  ItemFilter() = default;
  ItemFilter(std::nullptr_t) {}  // NOLINT: null is "every item"
  explicit ItemFilter(std::shared_ptr<const PreparedListing> listing)
      : listing_(std::move(listing)) {}
  template <typename Fn,
            typename = std::enable_if_t<!std::is_same_v<std::decay_t<Fn>, ItemFilter> &&
                                        std::is_invocable_r_v<bool, Fn, std::string_view>>>
  ItemFilter(Fn fn) : fn_(std::move(fn)) {}  // NOLINT: a predicate on the name

  bool operator==(std::nullptr_t) const { return listing_ == nullptr && fn_ == nullptr; }
  bool operator!=(std::nullptr_t) const { return !(*this == nullptr); }

  // Whether the item named `name` may be shown (not null).
  bool KeepVisible(std::string_view name) const {
    return listing_ != nullptr ? listing_->Visible(name) : fn_(name);
  }
  bool operator()(std::string_view name) const { return KeepVisible(name); }
  // Removes the names that may not be shown, in place, keeping the order.
  void KeepVisible(std::vector<std::string>* names) const;

 private:
  std::shared_ptr<const PreparedListing> listing_;
  std::function<bool(std::string_view)> fn_;
};
// The gate's per-item question for a listing of `action` whose items are
// named `item_prefix` + name (their ARN), prepared once for the listing
// (Gate::PrepareListing); null when every item is visible (allow-all, or an
// authorizer that shows every item under `item_prefix` to this caller), so
// such listings cost nothing per item. The filter must not outlive `ctx`.
ItemFilter ListedItemFilter(Gate& gate, const model::RequestContext& ctx,
                            std::string_view action, std::string_view item_prefix);

// "<base>/<child>" with exactly one '/' between them.
std::string JoinPath(std::string_view base, std::string_view child);

// "<warehouse root>/<db>.db", Hive's default database directory.
std::string DefaultDatabaseLocation(std::string_view warehouse_root, std::string_view db);

// Where a managed table of `db` named `table` lives by default: under the
// database's managed location (Hive 4) when set, else under its location.
std::string DefaultTableLocation(const model::Database& db, std::string_view table);

// "db.t/year=2024/month=01", how messages name a partition.
std::string PartitionDisplayName(std::string_view db, std::string_view table,
                                 std::string_view partition_name);

// The per-item questions of the two name listings: databases (each asked as
// glue:GetDatabase on its ARN) and the tables of `db` (glue:GetTable).
ItemFilter DatabaseFilter(Gate& gate, const model::RequestContext& ctx);
ItemFilter TableFilter(Gate& gate, const model::RequestContext& ctx, const std::string& db);

// The names matching `pattern` that `visible` (null: all) lets through, in
// their order: the filter of Hive's whole-listing calls.
std::vector<std::string> KeepMatching(std::vector<std::string> names, const NamePattern& pattern,
                                      const ItemFilter& visible);

// One page of names matching `pattern` and passing `visible` (null: all)
// from a name-ordered source. `fetch(after, limit)` returns up to `limit`
// names strictly after `after`. The next token is set only when another
// match exists.
using NameFetcher =
    std::function<absl::StatusOr<std::vector<std::string>>(const storage::PageRequest&)>;
absl::StatusOr<model::Page<std::string>> PageOfMatchingNames(const NameFetcher& fetch,
                                                             const NamePattern& pattern,
                                                             const ItemFilter& visible,
                                                             uint64_t fingerprint,
                                                             std::string_view page_token,
                                                             int64_t page_size);

}  // namespace almanac::service::internal

#endif  // ALMANAC_CATALOG_SERVICE_SERVICE_INTERNAL_H_
