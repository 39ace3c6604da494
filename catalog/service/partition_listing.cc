// CatalogService: partition listings (paged, names only, counted, streamed).
//
// A filtered listing asks storage for candidates matching the pushed-down
// part of the predicate and re-checks each one with the full predicate. The
// page token records the last partition name the page examined, not the last
// one returned, so a page that rejects many candidates still moves on.
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

// Decides, candidate by candidate, what goes into one page and where the next
// page starts.
class PageCollector {
 public:
  enum class Verdict { kTake, kSkip, kStop };

  PageCollector(const PartitionFilterPlan& plan, int64_t page_size, int64_t budget)
      : plan_(plan), page_size_(page_size), budget_(budget) {}

  Verdict Offer(std::string name, const std::vector<std::string>& values) {
    const bool match = plan_.Matches(values);
    if (match && taken_ == page_size_) {
      // Another match exists: the page is full and a next page is due. This
      // candidate belongs to that page, so it does not count as examined.
      more_ = true;
      return Verdict::kStop;
    }
    ++examined_;
    last_examined_ = std::move(name);
    if (match) ++taken_;
    if (examined_ >= budget_) {
      budget_spent_ = true;
      return match ? Verdict::kTake : Verdict::kStop;
    }
    return match ? Verdict::kTake : Verdict::kSkip;
  }

  // True when the caller must stop after taking the current candidate.
  bool budget_spent() const { return budget_spent_; }
  int64_t examined() const { return examined_; }

  // "" when the listing is complete.
  std::string NextToken(uint64_t fingerprint) const {
    if (!more_ && !budget_spent_) return "";
    return EncodePageToken(fingerprint, last_examined_);
  }

 private:
  const PartitionFilterPlan& plan_;
  const int64_t page_size_;
  const int64_t budget_;
  int64_t taken_ = 0;
  int64_t examined_ = 0;
  bool more_ = false;
  bool budget_spent_ = false;
  std::string last_examined_;
};

// Everything a partition listing needs before it scans.
struct Prepared {
  std::unique_ptr<storage::ReadTransaction> txn;
  model::Table table;
  std::optional<PartitionFilterPlan> plan;
  storage::PartitionScan scan;
};

absl::StatusOr<Prepared> Prepare(storage::Store* store, std::string_view db,
                                 std::string_view table_name, std::string_view filter,
                                 FilterDialect dialect, int segment_number, int total_segments) {
  RETURN_IF_ERROR(ValidateSegment(segment_number, total_segments));
  Prepared p;
  ASSIGN_OR_RETURN(p.txn, store->BeginRead());
  ASSIGN_OR_RETURN(p.table,
                   p.txn->GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  std::vector<storage::PartitionIndex> indexes;
  if (!filter.empty()) {
    ASSIGN_OR_RETURN(indexes, p.txn->ListPartitionIndexes(p.table.database, p.table.name));
  }
  ASSIGN_OR_RETURN(PartitionFilterPlan plan,
                   PartitionFilterPlan::Make(p.table, filter, dialect, indexes));
  p.plan.emplace(std::move(plan));
  p.scan.filter = p.plan->pushed();
  p.scan.index_hint = p.plan->index_hint();
  p.scan.segment_number = segment_number;
  p.scan.total_segments = total_segments;
  return p;
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
  ASSIGN_OR_RETURN(p.scan.after_name, DecodePageToken(request.page_token, fingerprint));
  const int64_t page_size = EffectivePageSize(request.page_size, options_.max_page_size);
  if (!p.plan->needs_recheck()) p.scan.limit = page_size + 1;

  PartitionListResult result;
  PageCollector collector(*p.plan, page_size, options_.max_rows_examined_per_page);
  absl::Status status;
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->ScanPartitions(
      p.table.database, p.table.name, p.scan,
      [&](model::Partition&& partition) {
        absl::StatusOr<std::string> name =
            model::MakePartitionName(p.table.partition_keys, partition.values);
        if (!name.ok()) {
          status = name.status();
          return false;
        }
        switch (collector.Offer(*std::move(name), partition.values)) {
          case PageCollector::Verdict::kStop:
            return false;
          case PageCollector::Verdict::kSkip:
            return true;
          case PageCollector::Verdict::kTake:
            result.partitions.push_back(std::move(partition));
            return !collector.budget_spent();
        }
        return false;
      },
      &stats));
  RETURN_IF_ERROR(status);
  result.next_page_token = collector.NextToken(fingerprint);
  if (request.explain) {
    result.explain = MakeExplain(*p.plan, stats, result.partitions.size());
  }
  return result;
}

absl::StatusOr<Page<std::string>> CatalogService::ListPartitionNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const PartitionListRequest& request) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(store_, db, table_name, request.filter, request.dialect,
                                       request.segment_number, request.total_segments));
  const uint64_t fingerprint = PartitionListingFingerprint("partition names", p.table, request);
  ASSIGN_OR_RETURN(p.scan.after_name, DecodePageToken(request.page_token, fingerprint));
  const int64_t page_size = EffectivePageSize(request.page_size, options_.max_page_size);
  if (!p.plan->needs_recheck()) p.scan.limit = page_size + 1;

  Page<std::string> page;
  PageCollector collector(*p.plan, page_size, options_.max_rows_examined_per_page);
  absl::Status status;
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->ScanPartitionNames(
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
        switch (collector.Offer(std::string(name), values)) {
          case PageCollector::Verdict::kStop:
            return false;
          case PageCollector::Verdict::kSkip:
            return true;
          case PageCollector::Verdict::kTake:
            page.items.emplace_back(name);
            return !collector.budget_spent();
        }
        return false;
      },
      &stats));
  RETURN_IF_ERROR(status);
  page.next_page_token = collector.NextToken(fingerprint);
  return page;
}

absl::StatusOr<int64_t> CatalogService::CountPartitions(const model::RequestContext& ctx,
                                                        std::string_view db,
                                                        std::string_view table_name,
                                                        std::string_view filter,
                                                        FilterDialect dialect) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(store_, db, table_name, filter, dialect, 0, 1));
  if (!p.plan->needs_recheck()) {
    return p.txn->CountPartitions(p.table.database, p.table.name, p.plan->pushed());
  }
  int64_t count = 0;
  absl::Status status;
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->ScanPartitionNames(
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
  return p.txn->ScanPartitions(
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
