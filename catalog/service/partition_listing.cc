// CatalogService: partition listings (paged, names only, counted, streamed).
//
// A filtered listing asks storage for candidates matching the pushed-down
// part of the predicate and re-checks each one with the full predicate.
// Paged listings are read in the access path's own order (a partition
// index's key order when one answers the filter), so a page costs about a
// page of rows; storage charges every row it reads to the page's budget. The
// page token records where storage stopped reading (the last row examined,
// not the last one returned), so a page that rejects many candidates still
// moves on. Streamed listings (Hive's) stay in name order.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/page_token.h"
#include "catalog/service/partition_filter_plan.h"
#include "catalog/service/service_internal.h"
#include "catalog/service/validation.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

constexpr int kMaxSegments = 10;

absl::Status ValidateSegment(int segment_number, int total_segments) {
  if (total_segments < 1 || total_segments > kMaxSegments) {
    return absl::InvalidArgumentError(absl::StrCat("total segments ", total_segments,
                                                   " is out of range 1..", kMaxSegments));
  }
  if (segment_number < 0 || segment_number >= total_segments) {
    return absl::InvalidArgumentError(absl::StrCat("segment number ", segment_number,
                                                   " is out of range 0..", total_segments - 1));
  }
  return absl::OkStatus();
}

std::string_view DialectName(FilterDialect dialect) {
  return dialect == FilterDialect::kHive ? "hive" : "glue";
}

uint64_t PartitionListingFingerprint(std::string_view kind, const model::Table& table,
                                     const PartitionListRequest& request) {
  return ListingFingerprint({kind, table.database, table.name, request.filter,
                             DialectName(request.dialect),
                             absl::StrCat(request.segment_number, "/", request.total_segments)});
}

// Decides, candidate by candidate, what goes into one page. Storage charges
// every row it reads to the page's row budget and reports where the next
// page starts; the collector only fills the page and notices when a match
// beyond it shows that another page is due.
class PageCollector {
 public:
  enum class Verdict { kTake, kSkip, kStop };

  PageCollector(const PartitionFilterPlan& plan, int64_t page_size)
      : plan_(plan), page_size_(page_size) {}

  Verdict Offer(const std::vector<std::string>& values) {
    if (!plan_.Matches(values)) return Verdict::kSkip;
    // A match beyond a full page belongs to the next page: declining it
    // leaves storage's resume position just before it.
    if (taken_ == page_size_) return Verdict::kStop;
    ++taken_;
    return Verdict::kTake;
  }

 private:
  const PartitionFilterPlan& plan_;
  const int64_t page_size_;
  int64_t taken_ = 0;
};

// Everything a partition listing needs before it scans.
struct Prepared {
  std::unique_ptr<storage::ReadTransaction> txn;
  model::Table table;
  std::optional<PartitionFilterPlan> plan;
  storage::PartitionScan scan;
  std::vector<model::PartitionIndex> indexes;  // only listed for a filter
};

absl::StatusOr<Prepared> Prepare(storage::Store* store, std::string_view db,
                                 std::string_view table_name, std::string_view filter,
                                 FilterDialect dialect, int segment_number, int total_segments) {
  RETURN_IF_ERROR(ValidateSegment(segment_number, total_segments));
  Prepared p;
  ASSIGN_OR_RETURN(p.txn, store->BeginRead());
  ASSIGN_OR_RETURN(
      p.table, p.txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  if (!filter.empty()) {
    ASSIGN_OR_RETURN(p.indexes,
                     p.txn->partitions().ListPartitionIndexes(p.table.database, p.table.name));
  }
  ASSIGN_OR_RETURN(PartitionFilterPlan plan,
                   PartitionFilterPlan::Make(p.table, filter, dialect, p.indexes));
  p.plan.emplace(std::move(plan));
  p.scan.filter = p.plan->pushed();
  p.scan.index_hint = p.plan->index_hint();
  p.scan.segment_number = segment_number;
  p.scan.total_segments = total_segments;
  return p;
}

// Sets up a paged listing: index order, the row budget, and the position and
// access path of the page token (a continued listing keeps the path it
// started on, even if the planner would now choose another).
absl::Status PreparePage(Prepared& p, const PartitionPageCursor& cursor, int64_t budget) {
  p.scan.order = storage::ScanOrder::kAccessPath;
  p.scan.max_rows_examined = budget > 0 ? budget : 0;
  p.scan.after_name = cursor.after_name;
  p.scan.after_key = cursor.after_key;
  if (cursor.after_key.empty()) {
    // A name-order token (or the first page). Tokens issued before index
    // order existed are name tokens too, so they resume in name order.
    if (!cursor.after_name.empty()) p.scan.index_hint = "none";
    return absl::OkStatus();
  }
  if (p.indexes.empty()) {
    ASSIGN_OR_RETURN(p.indexes,
                     p.txn->partitions().ListPartitionIndexes(p.table.database, p.table.name));
  }
  bool exists = false;
  for (const model::PartitionIndex& index : p.indexes)
    exists |= index.name == cursor.after_key.index;
  if (!exists) {
    return absl::FailedPreconditionError(absl::StrCat(
        "partition index '", cursor.after_key.index, "' of the page token no longer exists on table '",
        p.table.database, ".", p.table.name, "'; restart the listing"));
  }
  p.scan.index_hint = cursor.after_key.index;
  return absl::OkStatus();
}

// The next page's token from where storage stopped; "" at the end.
absl::StatusOr<std::string> NextToken(uint64_t fingerprint, const storage::ScanStats& stats) {
  if (stats.complete) return std::string();
  if (stats.last_name.empty() && stats.last_key.keys.empty()) {
    // Only a scan that consumed no row at all stops here, which a page of
    // at least one row with a budget of at least one row never does.
    return absl::InternalError("partition listing page made no progress");
  }
  return EncodePartitionPageToken(
      fingerprint, PartitionPageCursor{.after_name = stats.last_name, .after_key = stats.last_key});
}

PartitionListExplain MakeExplain(const PartitionFilterPlan& plan, const storage::ScanStats& stats,
                                 int64_t returned) {
  PartitionListExplain explain;
  explain.index_used = stats.index_used;
  // The planner's description already says whether candidates are re-checked.
  explain.plan = absl::StrCat(plan.Describe(), "; access path: ", stats.plan);
  explain.rows_examined = stats.rows_examined;
  explain.rows_returned = returned;
  return explain;
}

}  // namespace

absl::StatusOr<PartitionListResult> CatalogService::ListPartitions(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const PartitionListRequest& request) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(store_, db, table_name, request.filter, request.dialect,
                                       request.segment_number, request.total_segments));
  const uint64_t fingerprint = PartitionListingFingerprint("partitions", p.table, request);
  ASSIGN_OR_RETURN(PartitionPageCursor cursor,
                   DecodePartitionPageToken(request.page_token, fingerprint));
  RETURN_IF_ERROR(PreparePage(p, cursor, options_.max_rows_examined_per_page));
  const int64_t page_size = EffectivePageSize(request.page_size, options_.max_page_size);
  if (!p.plan->needs_recheck()) p.scan.limit = page_size + 1;

  PartitionListResult result;
  PageCollector collector(*p.plan, page_size);
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->partitions().ScanPartitions(
      p.table.database, p.table.name, p.scan,
      [&](model::Partition&& partition) {
        switch (collector.Offer(partition.values)) {
          case PageCollector::Verdict::kStop:
            return false;
          case PageCollector::Verdict::kSkip:
            return true;
          case PageCollector::Verdict::kTake:
            result.partitions.push_back(std::move(partition));
            return true;
        }
        return false;
      },
      &stats));
  ASSIGN_OR_RETURN(result.next_page_token, NextToken(fingerprint, stats));
  if (request.explain) {
    result.explain = MakeExplain(*p.plan, stats, result.partitions.size());
  }
  return result;
}

absl::StatusOr<PartitionNamePage> CatalogService::ListPartitionNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const PartitionListRequest& request) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(store_, db, table_name, request.filter, request.dialect,
                                       request.segment_number, request.total_segments));
  const uint64_t fingerprint = PartitionListingFingerprint("partition names", p.table, request);
  ASSIGN_OR_RETURN(PartitionPageCursor cursor,
                   DecodePartitionPageToken(request.page_token, fingerprint));
  RETURN_IF_ERROR(PreparePage(p, cursor, options_.max_rows_examined_per_page));
  const int64_t page_size = EffectivePageSize(request.page_size, options_.max_page_size);
  if (!p.plan->needs_recheck()) p.scan.limit = page_size + 1;

  PartitionNamePage page;
  PageCollector collector(*p.plan, page_size);
  absl::Status status;
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->partitions().ScanPartitionNames(
      p.table.database, p.table.name, p.scan,
      [&](std::string_view name) {
        // Values are only needed to re-check a predicate.
        std::vector<std::string> values;
        if (p.plan->needs_recheck()) {
          absl::StatusOr<std::vector<std::string>> parsed =
              model::PartitionValuesFromName(p.table.partition_keys, name);
          if (!parsed.ok()) {
            status = parsed.status();
            return false;
          }
          values = *std::move(parsed);
        }
        switch (collector.Offer(values)) {
          case PageCollector::Verdict::kStop:
            return false;
          case PageCollector::Verdict::kSkip:
            return true;
          case PageCollector::Verdict::kTake:
            page.items.emplace_back(name);
            return true;
        }
        return false;
      },
      &stats));
  RETURN_IF_ERROR(status);
  ASSIGN_OR_RETURN(page.next_page_token, NextToken(fingerprint, stats));
  if (request.explain) {
    page.explain = MakeExplain(*p.plan, stats, page.items.size());
  }
  return page;
}

absl::StatusOr<int64_t> CatalogService::CountPartitions(const model::RequestContext& ctx,
                                                        std::string_view db,
                                                        std::string_view table_name,
                                                        std::string_view filter,
                                                        FilterDialect dialect) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(store_, db, table_name, filter, dialect, 0, 1));
  if (!p.plan->needs_recheck()) {
    return p.txn->partitions().CountPartitions(p.table.database, p.table.name, p.plan->pushed());
  }
  // Counting needs no order: read the access path's own, never sorted.
  p.scan.order = storage::ScanOrder::kAccessPath;
  int64_t count = 0;
  absl::Status status;
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->partitions().ScanPartitionNames(
      p.table.database, p.table.name, p.scan,
      [&](std::string_view name) {
        absl::StatusOr<std::vector<std::string>> values =
            model::PartitionValuesFromName(p.table.partition_keys, name);
        if (!values.ok()) {
          status = values.status();
          return false;
        }
        if (p.plan->Matches(*values)) ++count;
        return true;
      },
      &stats));
  RETURN_IF_ERROR(status);
  return count;
}

absl::Status CatalogService::ScanPartitions(const model::RequestContext& ctx,
                                            std::string_view db, std::string_view table_name,
                                            const PartitionScanRequest& request,
                                            const PartitionVisitor& visit) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(store_, db, table_name, request.filter, request.dialect,
                                       request.segment_number, request.total_segments));
  const int64_t limit = request.max_partitions > 0 ? request.max_partitions : 0;
  if (!p.plan->needs_recheck()) p.scan.limit = limit;
  int64_t delivered = 0;
  storage::ScanStats stats;
  return p.txn->partitions().ScanPartitions(
      p.table.database, p.table.name, p.scan,
      [&](model::Partition&& partition) {
        if (!p.plan->Matches(partition.values)) return true;
        ++delivered;
        if (!visit(std::move(partition))) return false;
        return limit == 0 || delivered < limit;
      },
      &stats);
}

}  // namespace almanac::service
