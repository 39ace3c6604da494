// HmsHandler: column statistics (StatisticsService).
//
// The statistics calls declare InvalidInputException for malformed requests;
// InvalidObjectException is left out of the lists passed to ThrowStatus so a
// bad request (unknown column, wrong statistics type) is reported the way
// Hive's clients expect it.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "catalog/service/statistics_service.h"
#include "thrift/convert.h"
#include "thrift/exception_convert.h"
#include "thrift/hms_handler.h"
#include "thrift/statistics_convert.h"

namespace almanac::hms {
namespace {

using K = ExceptionKind;

constexpr DeclaredExceptions kUpdateDeclared = {K::kNoSuchObject, K::kMeta, K::kInvalidInput};
constexpr DeclaredExceptions kGetDeclared = {K::kNoSuchObject, K::kMeta, K::kInvalidInput};
constexpr DeclaredExceptions kReqDeclared = {K::kNoSuchObject, K::kMeta};
constexpr DeclaredExceptions kDeleteDeclared = {K::kNoSuchObject, K::kMeta, K::kInvalidInput};

std::string Db(const std::string& name, DeclaredExceptions declared) {
  auto db = StripCatalog(name);
  ThrowIfError(db.status(), declared);
  return *std::move(db);
}

void CheckCat(bool isset, const std::string& catalog, DeclaredExceptions declared) {
  if (isset) ThrowIfError(CheckCatalog(catalog), declared);
}

std::vector<model::ColumnStatistics> BatchFromThrift(const SetPartitionsStatsRequest& req,
                                                     DeclaredExceptions declared) {
  const std::string engine = req.__isset.engine ? req.engine : "";
  std::vector<model::ColumnStatistics> batch;
  for (const ColumnStatistics& cs : req.colStats) {
    auto stats = FromThrift(cs, engine);
    ThrowIfError(stats.status(), declared);
    batch.push_back(*std::move(stats));
  }
  return batch;
}

}  // namespace

bool HmsHandler::update_table_column_statistics(const ColumnStatistics& stats_obj) {
  auto ctx = Context();
  auto stats = FromThrift(stats_obj, "");
  ThrowIfError(stats.status(), kUpdateDeclared);
  if (!stats->desc.is_table_level) {
    ThrowStatus(absl::InvalidArgumentError("update_table_column_statistics needs table-level "
                                           "statistics (isTblLevel=true)"),
                kUpdateDeclared);
  }
  ThrowIfError(shared_->service->statistics().UpdateColumnStatistics(ctx, *std::move(stats)),
               kUpdateDeclared);
  return true;
}

bool HmsHandler::update_partition_column_statistics(const ColumnStatistics& stats_obj) {
  auto ctx = Context();
  auto stats = FromThrift(stats_obj, "");
  ThrowIfError(stats.status(), kUpdateDeclared);
  if (stats->desc.is_table_level) {
    ThrowStatus(absl::InvalidArgumentError("update_partition_column_statistics needs partition "
                                           "statistics (isTblLevel=false)"),
                kUpdateDeclared);
  }
  ThrowIfError(shared_->service->statistics().UpdateColumnStatistics(ctx, *std::move(stats)),
               kUpdateDeclared);
  return true;
}

void HmsHandler::update_table_column_statistics_req(SetPartitionsStatsResponse& _return,
                                                    const SetPartitionsStatsRequest& req) {
  auto ctx = Context();
  ThrowIfError(shared_->service->statistics().UpdateColumnStatisticsBatch(
                   ctx, BatchFromThrift(req, kUpdateDeclared), req.__isset.needMerge && req.needMerge),
               kUpdateDeclared);
  _return.__set_result(true);
}

void HmsHandler::update_partition_column_statistics_req(SetPartitionsStatsResponse& _return,
                                                        const SetPartitionsStatsRequest& req) {
  auto ctx = Context();
  ThrowIfError(shared_->service->statistics().UpdateColumnStatisticsBatch(
                   ctx, BatchFromThrift(req, kUpdateDeclared), req.__isset.needMerge && req.needMerge),
               kUpdateDeclared);
  _return.__set_result(true);
}

bool HmsHandler::set_aggr_stats_for(const SetPartitionsStatsRequest& request) {
  auto ctx = Context();
  ThrowIfError(shared_->service->statistics().UpdateColumnStatisticsBatch(
                   ctx, BatchFromThrift(request, kUpdateDeclared),
                   request.__isset.needMerge && request.needMerge),
               kUpdateDeclared);
  return true;
}

void HmsHandler::get_table_column_statistics(ColumnStatistics& _return,
                                             const std::string& db_name,
                                             const std::string& tbl_name,
                                             const std::string& col_name) {
  auto ctx = Context();
  const std::string db = Db(db_name, kGetDeclared);
  auto stats =
      shared_->service->statistics().GetTableColumnStatistics(ctx, db, tbl_name, {col_name}, "");
  ThrowIfError(stats.status(), kGetDeclared);
  if (stats->columns.empty()) {
    ThrowStatus(absl::NotFoundError(absl::StrCat("statistics of column '", col_name,
                                                 "' of table '", db, ".", tbl_name,
                                                 "' not found")),
                kGetDeclared);
  }
  _return = ToThrift(*stats);
}

void HmsHandler::get_partition_column_statistics(ColumnStatistics& _return,
                                                 const std::string& db_name,
                                                 const std::string& tbl_name,
                                                 const std::string& part_name,
                                                 const std::string& col_name) {
  auto ctx = Context();
  const std::string db = Db(db_name, kGetDeclared);
  auto parts = shared_->service->statistics().GetPartitionColumnStatistics(
      ctx, db, tbl_name, {part_name}, {col_name}, "");
  ThrowIfError(parts.status(), kGetDeclared);
  if (parts->empty() || (*parts)[0].columns.empty()) {
    ThrowStatus(absl::NotFoundError(absl::StrCat("statistics of column '", col_name,
                                                 "' of partition '", db, ".", tbl_name, "/",
                                                 part_name, "' not found")),
                kGetDeclared);
  }
  model::ColumnStatistics stats;
  stats.desc.is_table_level = false;
  stats.desc.database = model::ToLowerName(db);
  stats.desc.table = model::ToLowerName(tbl_name);
  stats.desc.partition_name = (*parts)[0].partition_name;
  stats.desc.last_analyzed = (*parts)[0].last_analyzed;
  stats.columns = std::move((*parts)[0].columns);
  _return = ToThrift(stats);
}

void HmsHandler::get_table_statistics_req(TableStatsResult& _return,
                                          const TableStatsRequest& request) {
  auto ctx = Context();
  CheckCat(request.__isset.catName, request.catName, kReqDeclared);
  const std::string db = Db(request.dbName, kReqDeclared);
  // An empty column list asks for nothing (Hive answers an empty list).
  if (request.colNames.empty()) {
    ThrowIfError(shared_->service->tables().GetTable(ctx, db, request.tblName).status(), kReqDeclared);
    _return.__set_tableStats({});
    return;
  }
  auto stats = shared_->service->statistics().GetTableColumnStatistics(
      ctx, db, request.tblName, request.colNames, request.__isset.engine ? request.engine : "");
  ThrowIfError(stats.status(), kReqDeclared);
  _return.__set_tableStats(ToThrift(stats->columns));
}

void HmsHandler::get_partitions_statistics_req(PartitionsStatsResult& _return,
                                               const PartitionsStatsRequest& request) {
  auto ctx = Context();
  CheckCat(request.__isset.catName, request.catName, kReqDeclared);
  const std::string db = Db(request.dbName, kReqDeclared);
  std::map<std::string, std::vector<ColumnStatisticsObj>> out;
  if (!request.colNames.empty()) {
    auto parts = shared_->service->statistics().GetPartitionColumnStatistics(
        ctx, db, request.tblName, request.partNames, request.colNames,
        request.__isset.engine ? request.engine : "");
    ThrowIfError(parts.status(), kReqDeclared);
    for (const model::PartitionColumnStatistics& p : *parts) {
      out[p.partition_name] = ToThrift(p.columns);
    }
  } else {
    ThrowIfError(shared_->service->tables().GetTable(ctx, db, request.tblName).status(), kReqDeclared);
  }
  _return.__set_partStats(std::move(out));
}

void HmsHandler::get_aggr_stats_for(AggrStats& _return, const PartitionsStatsRequest& request) {
  auto ctx = Context();
  CheckCat(request.__isset.catName, request.catName, kReqDeclared);
  const std::string db = Db(request.dbName, kReqDeclared);
  auto aggregate = shared_->service->statistics().AggregatePartitionColumnStatistics(
      ctx, db, request.tblName, request.partNames, request.colNames,
      request.__isset.engine ? request.engine : "");
  ThrowIfError(aggregate.status(), kReqDeclared);
  _return = ToThrift(*aggregate);
}

bool HmsHandler::delete_partition_column_statistics(const std::string& db_name,
                                                    const std::string& tbl_name,
                                                    const std::string& part_name,
                                                    const std::string& col_name,
                                                    const std::string& engine) {
  auto ctx = Context();
  const std::string db = Db(db_name, kDeleteDeclared);
  if (part_name.empty()) {
    ThrowStatus(absl::InvalidArgumentError("a partition name is required"), kDeleteDeclared);
  }
  ThrowIfError(shared_->service->statistics().DeletePartitionColumnStatistics(
                   ctx, db, tbl_name, part_name, col_name, engine),
               kDeleteDeclared);
  return true;
}

bool HmsHandler::delete_table_column_statistics(const std::string& db_name,
                                                const std::string& tbl_name,
                                                const std::string& col_name,
                                                const std::string& engine) {
  auto ctx = Context();
  const std::string db = Db(db_name, kDeleteDeclared);
  ThrowIfError(shared_->service->statistics().DeleteTableColumnStatistics(ctx, db, tbl_name,
                                                                          col_name, engine),
               kDeleteDeclared);
  return true;
}

// Hive 4's bulk form: table level, or the named partitions (all when none),
// for the named columns (all when none). Columns without statistics are not
// an error here; a missing table or partition is.
bool HmsHandler::delete_column_statistics_req(const DeleteColumnStatisticsRequest& req) {
  auto ctx = Context();
  CheckCat(req.__isset.cat_name, req.cat_name, kDeleteDeclared);
  const std::string db = Db(req.db_name, kDeleteDeclared);
  ThrowIfError(shared_->service->statistics().DeleteColumnStatistics(
                   ctx, db, req.tbl_name, req.tableLevel,
                   req.__isset.part_names ? req.part_names : std::vector<std::string>{},
                   req.__isset.col_names ? req.col_names : std::vector<std::string>{},
                   req.__isset.engine ? req.engine : ""),
               kDeleteDeclared);
  return true;
}

}  // namespace almanac::hms
