#include "catalog/service/service_internal.h"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog/service/actions.h"
#include "catalog/service/page_token.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service::internal {

std::string NewUuid() {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen = new absl::BitGen();
  uint64_t hi, lo;
  {
    absl::MutexLock lock(&mu);
    hi = absl::Uniform<uint64_t>(*gen);
    lo = absl::Uniform<uint64_t>(*gen);
  }
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;                          // version 4
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);      // variant 10
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                         lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}


int64_t NowSeconds() { return absl::ToUnixSeconds(absl::Now()); }

bool DropDeletesData(const model::Table& table) {
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

ItemFilter ListedItemFilter(Gate& gate, const model::RequestContext& ctx,
                            std::string_view action, std::string_view item_prefix) {
  if (!gate.filters_listed_items()) return nullptr;
  std::shared_ptr<const PreparedListing> prepared = gate.PrepareListing(ctx, action, item_prefix);
  if (prepared->all_visible()) return nullptr;
  return ItemFilter(std::move(prepared));
}

void ItemFilter::KeepVisible(std::vector<std::string>* names) const {
  if (listing_ != nullptr) {
    listing_->KeepVisible(names);
    return;
  }
  size_t kept = 0;
  for (size_t i = 0; i < names->size(); ++i) {
    if (!fn_((*names)[i])) continue;
    if (kept != i) (*names)[kept] = std::move((*names)[i]);
    ++kept;
  }
  names->resize(kept);
}

ItemFilter DatabaseFilter(Gate& gate, const model::RequestContext& ctx) {
  return ListedItemFilter(gate, ctx, actions::kGetDatabases, gate.arns().Database(""));
}

ItemFilter TableFilter(Gate& gate, const model::RequestContext& ctx, const std::string& db) {
  return ListedItemFilter(gate, ctx, actions::kGetTables, gate.arns().Table(db, ""));
}

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

std::vector<std::string> KeepMatching(std::vector<std::string> names, const NamePattern& pattern,
                                      const ItemFilter& visible) {
  if (pattern.matches_all()) {
    if (visible != nullptr) visible.KeepVisible(&names);
    return names;
  }
  // In place: the kept names move down over the dropped ones.
  size_t kept = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    if (pattern.Matches(names[i]) && (visible == nullptr || visible(names[i]))) {
      if (kept != i) names[kept] = std::move(names[i]);
      ++kept;
    }
  }
  names.erase(names.begin() + static_cast<std::ptrdiff_t>(kept), names.end());
  return names;
}

absl::StatusOr<model::Page<std::string>> PageOfMatchingNames(const NameFetcher& fetch,
                                                             const NamePattern& pattern,
                                                             const ItemFilter& visible,
                                                             uint64_t fingerprint,
                                                             std::string_view page_token,
                                                             int64_t page_size) {
  ASSIGN_OR_RETURN(std::string after, DecodePageToken(page_token, fingerprint));
  // With a selective pattern (or a filter) most names may be rejected: read
  // in larger chunks.
  const int64_t chunk = pattern.matches_all() && visible == nullptr
                            ? page_size + 1
                            : std::max<int64_t>(page_size, 1000);
  model::Page<std::string> page;
  bool more = false;
  while (!more) {
    ASSIGN_OR_RETURN(std::vector<std::string> names,
                     fetch(storage::PageRequest{.after = after, .limit = chunk}));
    // Taken before the loop below moves names into the page.
    const std::string last = names.empty() ? std::string() : names.back();
    for (std::string& name : names) {
      if (!pattern.Matches(name)) continue;
      if (visible != nullptr && !visible(name)) continue;
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

}  // namespace almanac::service::internal
