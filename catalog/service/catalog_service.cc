// CatalogService construction and the helpers shared by its operation files.
// The operations themselves are split by concern: database_ops.cc,
// table_ops.cc, partition_ops.cc, partition_listing.cc, partition_indexes.cc.
#include "catalog/service/catalog_service.h"

#include <algorithm>
#include <iostream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog/service/absl_view.h"
#include "catalog/service/page_token.h"
#include "catalog/service/service_internal.h"
#include "common/status_macros.h"

namespace almanac::service {

CatalogService::CatalogService(storage::Store* store, CatalogOptions options)
    : store_(store), options_(std::move(options)) {
  if (options_.max_page_size <= 0) options_.max_page_size = 1000;
  statistics_ = std::make_unique<StatisticsService>(store_);  // stats
  functions_ = std::make_unique<FunctionService>(store_);     // stats
  authorization_ = std::make_unique<AuthorizationService>(store_);
  locks_ = std::make_unique<LockManager>(
      store_, LockManagerOptions{.timeout = absl::Seconds(options_.lock_timeout_seconds)});
  if (options_.warehouse == nullptr) options_.warehouse = NewLocalWarehouse();
}

CatalogService::~CatalogService() = default;

void CatalogService::DataWarning(const absl::Status& status) {
  if (options_.on_data_warning) {
    options_.on_data_warning(status);
  } else {
    std::cerr << "almanac: warning: " << status << "\n";
  }
}

void CatalogService::AfterCommit(const absl::Status& step) {
  if (!step.ok()) DataWarning(step);
}

bool CatalogService::DropDeletesData(const model::Table& table) {
  switch (table.table_type) {
    case model::TableType::kManaged:
      return true;
    case model::TableType::kExternal: {
      // Hive's opt-in for external tables whose data should go with them.
      auto it = table.parameters.find("external.table.purge");
      return it != table.parameters.end() && absl::EqualsIgnoreCase(it->second, "true");
    }
    default:
      return false;  // views own no data
  }
}

namespace internal {

int64_t NowSeconds() { return absl::ToUnixSeconds(absl::Now()); }

std::string JoinPath(std::string_view base, std::string_view child) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  while (!child.empty() && child.front() == '/') child.remove_prefix(1);
  return absl::StrCat(AbslView(base), "/", AbslView(child));
}

std::string DefaultDatabaseLocation(std::string_view warehouse_root, std::string_view db) {
  return JoinPath(warehouse_root, absl::StrCat(AbslView(db), ".db"));
}

std::string DefaultTableLocation(const model::Database& db, std::string_view table) {
  const std::string& root = db.managed_location.empty() ? db.location : db.managed_location;
  return JoinPath(root, table);
}

std::string PartitionDisplayName(std::string_view db, std::string_view table,
                                 std::string_view partition_name) {
  return absl::StrCat(AbslView(db), ".", AbslView(table), "/", AbslView(partition_name));
}

absl::StatusOr<Page<std::string>> PageOfMatchingNames(const NameFetcher& fetch,
                                                      const NamePattern& pattern,
                                                      uint64_t fingerprint,
                                                      std::string_view page_token,
                                                      int64_t page_size) {
  ASSIGN_OR_RETURN(std::string after, DecodePageToken(page_token, fingerprint));
  // With a selective pattern most names are rejected: read in larger chunks.
  const int64_t chunk = pattern.matches_all() ? page_size + 1 : std::max<int64_t>(page_size, 1000);
  Page<std::string> page;
  bool more = false;
  while (!more) {
    ASSIGN_OR_RETURN(std::vector<std::string> names,
                     fetch(storage::PageRequest{.after = after, .limit = chunk}));
    // Taken before the loop below moves names into the page.
    const std::string last = names.empty() ? std::string() : names.back();
    for (std::string& name : names) {
      if (!pattern.Matches(name)) continue;
      if (static_cast<int64_t>(page.items.size()) == page_size) {
        more = true;
        break;
      }
      page.items.push_back(std::move(name));
    }
    if (static_cast<int64_t>(names.size()) < chunk) break;
    after = last;
  }
  if (more) page.next_page_token = EncodePageToken(fingerprint, page.items.back());
  return page;
}

}  // namespace internal
}  // namespace almanac::service
