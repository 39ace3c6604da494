// HmsHandler: partition methods.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "thrift/convert.h"
#include "thrift/exception_convert.h"
#include "thrift/hms_handler.h"

namespace almanac::hms {
namespace {

using K = ExceptionKind;

constexpr DeclaredExceptions kAdd = {K::kInvalidObject, K::kAlreadyExists, K::kMeta};
constexpr DeclaredExceptions kDrop = {K::kNoSuchObject, K::kMeta};
constexpr DeclaredExceptions kGet = {K::kMeta, K::kNoSuchObject};
constexpr DeclaredExceptions kAlter = {K::kInvalidOperation, K::kMeta};

std::string Db(const std::string& name, DeclaredExceptions declared) {
  auto db = StripCatalog(name);
  ThrowIfError(db.status(), declared);
  return *std::move(db);
}

// Values of "k1=v1/k2=v2" (unescaped). The service checks them against the
// table's keys.
std::vector<std::string> ValuesOf(const std::string& name, DeclaredExceptions declared) {
  auto parsed = model::ParsePartitionName(name);
  ThrowIfError(parsed.status(), declared);
  std::vector<std::string> values;
  for (auto& [key, value] : *parsed) values.push_back(std::move(value));
  return values;
}

std::vector<Partition> ToThrift(const std::vector<model::Partition>& partitions) {
  std::vector<Partition> out;
  out.reserve(partitions.size());
  for (const model::Partition& p : partitions) out.push_back(hms::ToThrift(p));
  return out;
}

std::vector<Partition> ToThrift(std::vector<model::Partition>&& partitions) {
  std::vector<Partition> out;
  out.reserve(partitions.size());
  for (model::Partition& p : partitions) out.push_back(hms::ToThrift(std::move(p)));
  return out;
}

// What a HmsHandler::Visit* call hands its sink, converted for the reply.
std::vector<Partition> Collect(
    const std::function<void(const HmsHandler::PartitionSink&)>& visit) {
  std::vector<Partition> out;
  visit([&](model::Partition&& p) { out.push_back(hms::ToThrift(std::move(p))); });
  return out;
}

}  // namespace

// ---- create ----

Partition HmsHandler::AddPartition(const Partition& part) {
  auto ctx = Context();
  auto p = FromThrift(part);
  ThrowIfError(p.status(), kAdd);
  const std::string db = p->database, table = p->table;
  auto added = shared_->service->partitions().AddPartitions(ctx, db, table, {*std::move(p)}, false);
  ThrowIfError(added.status(), kAdd);
  if (added->empty()) ThrowStatus(absl::InternalError("partition was not added"), kAdd);
  return hms::ToThrift(added->front());
}

void HmsHandler::add_partition(Partition& _return, const Partition& new_part) {
  _return = AddPartition(new_part);
}

void HmsHandler::add_partition_with_environment_context(Partition& _return,
                                                        const Partition& new_part,
                                                        const EnvironmentContext& env) {
  _return = AddPartition(new_part);
}

int32_t HmsHandler::add_partitions(const std::vector<Partition>& new_parts) {
  auto ctx = Context();
  if (new_parts.empty()) {
    // Names no table: the service asks the gate on the catalog, adds nothing.
    ThrowIfError(shared_->service->partitions().AddPartitions(ctx, "", "", {}, false).status(),
                 kAdd);
    return 0;
  }
  std::vector<model::Partition> parts;
  for (const Partition& part : new_parts) {
    auto p = FromThrift(part);
    ThrowIfError(p.status(), kAdd);
    parts.push_back(*std::move(p));
  }
  const std::string db = parts.front().database, table = parts.front().table;
  for (const model::Partition& p : parts) {
    if (model::ToLowerName(p.database) != model::ToLowerName(db) ||
        model::ToLowerName(p.table) != model::ToLowerName(table)) {
      ThrowStatus(absl::InvalidArgumentError(
                      "add_partitions: all partitions must belong to the same table"),
                  kAdd);
    }
  }
  auto added = shared_->service->partitions().AddPartitions(ctx, db, table, std::move(parts), false);
  ThrowIfError(added.status(), kAdd);
  return static_cast<int32_t>(added->size());
}

void HmsHandler::add_partitions_req(AddPartitionsResult& _return,
                                    const AddPartitionsRequest& request) {
  auto ctx = Context();
  if (request.__isset.catName) ThrowIfError(CheckCatalog(request.catName), kAdd);
  const std::string db = Db(request.dbName, kAdd);
  std::vector<model::Partition> parts;
  for (const Partition& part : request.parts) {
    auto p = FromThrift(part);
    ThrowIfError(p.status(), kAdd);
    if (p->database.empty()) p->database = db;
    if (p->table.empty()) p->table = request.tblName;
    if (model::ToLowerName(p->database) != model::ToLowerName(db) ||
        model::ToLowerName(p->table) != model::ToLowerName(request.tblName)) {
      ThrowStatus(absl::InvalidArgumentError(absl::StrCat(
                      "add_partitions_req: partition of table '", p->database, ".", p->table,
                      "' in a request for '", db, ".", request.tblName, "'")),
                  kAdd);
    }
    parts.push_back(*std::move(p));
  }
  auto added = shared_->service->partitions().AddPartitions(ctx, db, request.tblName, std::move(parts),
                                               request.ifNotExists);
  ThrowIfError(added.status(), kAdd);
  if (!request.__isset.needResult || request.needResult) {
    _return.__set_partitions(ToThrift(*added));
  }
}

Partition HmsHandler::AppendPartition(const std::string& db_name, const std::string& table,
                                      const std::vector<std::string>* values,
                                      const std::string* name) {
  auto ctx = Context();
  model::Partition p;
  p.database = Db(db_name, kAdd);
  p.table = table;
  p.values = values != nullptr ? *values : ValuesOf(*name, kAdd);
  const std::string db = p.database;
  // The service fills the descriptor and location from the table.
  auto added = shared_->service->partitions().AddPartitions(ctx, db, table, {std::move(p)}, false);
  ThrowIfError(added.status(), kAdd);
  if (added->empty()) ThrowStatus(absl::InternalError("partition was not added"), kAdd);
  return hms::ToThrift(added->front());
}

void HmsHandler::append_partition(Partition& _return, const std::string& db_name,
                                  const std::string& tbl_name,
                                  const std::vector<std::string>& part_vals) {
  _return = AppendPartition(db_name, tbl_name, &part_vals, nullptr);
}

void HmsHandler::append_partition_with_environment_context(
    Partition& _return, const std::string& db_name, const std::string& tbl_name,
    const std::vector<std::string>& part_vals, const EnvironmentContext& env) {
  _return = AppendPartition(db_name, tbl_name, &part_vals, nullptr);
}

void HmsHandler::append_partition_by_name(Partition& _return, const std::string& db_name,
                                          const std::string& tbl_name,
                                          const std::string& part_name) {
  _return = AppendPartition(db_name, tbl_name, nullptr, &part_name);
}

void HmsHandler::append_partition_by_name_with_environment_context(
    Partition& _return, const std::string& db_name, const std::string& tbl_name,
    const std::string& part_name, const EnvironmentContext& env) {
  _return = AppendPartition(db_name, tbl_name, nullptr, &part_name);
}

void HmsHandler::append_partition_req(Partition& _return, const AppendPartitionsRequest& req) {
  if (req.__isset.catalogName) ThrowIfError(CheckCatalog(req.catalogName), kAdd);
  if (req.__isset.partVals) {
    _return = AppendPartition(req.dbName, req.tableName, &req.partVals, nullptr);
  } else {
    _return = AppendPartition(req.dbName, req.tableName, nullptr, &req.name);
  }
}

// ---- drop (deleteData as in Hive: the service deletes the directory of a
// managed table's partition when it lies under the table's) ----

bool HmsHandler::DropPartition(const std::string& db_name, const std::string& table,
                               const std::vector<std::string>* values,
                               const std::string* name, bool delete_data) {
  auto ctx = Context();
  const std::string db = Db(db_name, kDrop);
  std::vector<std::string> vals = values != nullptr ? *values : ValuesOf(*name, kDrop);
  ThrowIfError(shared_->service->partitions()
                   .DropPartitions(ctx, db, table, {std::move(vals)}, false, delete_data)
                   .status(),
               kDrop);
  return true;
}

bool HmsHandler::drop_partition(const std::string& db_name, const std::string& tbl_name,
                                const std::vector<std::string>& part_vals,
                                const bool deleteData) {
  return DropPartition(db_name, tbl_name, &part_vals, nullptr, deleteData);
}

bool HmsHandler::drop_partition_with_environment_context(
    const std::string& db_name, const std::string& tbl_name,
    const std::vector<std::string>& part_vals, const bool deleteData,
    const EnvironmentContext& env) {
  return DropPartition(db_name, tbl_name, &part_vals, nullptr, deleteData);
}

bool HmsHandler::drop_partition_by_name(const std::string& db_name, const std::string& tbl_name,
                                        const std::string& part_name, const bool deleteData) {
  return DropPartition(db_name, tbl_name, nullptr, &part_name, deleteData);
}

bool HmsHandler::drop_partition_by_name_with_environment_context(
    const std::string& db_name, const std::string& tbl_name, const std::string& part_name,
    const bool deleteData, const EnvironmentContext& env) {
  return DropPartition(db_name, tbl_name, nullptr, &part_name, deleteData);
}

bool HmsHandler::drop_partition_req(const DropPartitionRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kDrop);
  const bool delete_data = req.__isset.deleteData && req.deleteData;
  if (req.__isset.partVals) {
    return DropPartition(req.dbName, req.tblName, &req.partVals, nullptr, delete_data);
  }
  return DropPartition(req.dbName, req.tblName, nullptr, &req.partName, delete_data);
}

void HmsHandler::drop_partitions_req(DropPartitionsResult& _return,
                                     const DropPartitionsRequest& req) {
  auto ctx = Context();
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kDrop);
  const std::string db = Db(req.dbName, kDrop);
  if (!req.parts.__isset.names) {
    ThrowStatus(absl::UnimplementedError(
                    "drop_partitions_req by expression is not supported by almanac: the "
                    "expression is serialised Java; name the partitions instead"),
                kDrop);
  }
  const bool if_exists = !req.__isset.ifExists || req.ifExists;
  const bool need_result = !req.__isset.needResult || req.needResult;
  const bool delete_data = req.__isset.deleteData && req.deleteData;
  auto dropped = shared_->service->partitions().DropPartitionsByNames(
      ctx, db, req.tblName, req.parts.names, if_exists, delete_data);
  ThrowIfError(dropped.status(), kDrop);
  if (need_result) _return.__set_partitions(ToThrift(*dropped));
}

// ---- read one ----

void HmsHandler::get_partition(Partition& _return, const std::string& db_name,
                               const std::string& tbl_name,
                               const std::vector<std::string>& part_vals) {
  auto ctx = Context();
  auto p = shared_->service->partitions().GetPartition(ctx, Db(db_name, kGet), tbl_name, part_vals);
  ThrowIfError(p.status(), kGet);
  _return = hms::ToThrift(*p);
}

void HmsHandler::get_partition_req(GetPartitionResponse& _return, const GetPartitionRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kGet);
  Partition p;
  get_partition(p, req.dbName, req.tblName, req.partVals);
  _return.__set_partition(std::move(p));
}

// The *_with_auth forms answer like the plain ones: Partition.privileges (the
// user's privilege set on the partition) is left unset; clients read grants
// with list_privileges / get_privilege_set.
void HmsHandler::get_partition_with_auth(Partition& _return, const std::string& db_name,
                                         const std::string& tbl_name,
                                         const std::vector<std::string>& part_vals,
                                         const std::string& user_name,
                                         const std::vector<std::string>& group_names) {
  get_partition(_return, db_name, tbl_name, part_vals);
}

void HmsHandler::get_partition_by_name(Partition& _return, const std::string& db_name,
                                       const std::string& tbl_name,
                                       const std::string& part_name) {
  get_partition(_return, db_name, tbl_name, ValuesOf(part_name, kGet));
}

// ---- list ----

// max_parts: negative means all (Hive's -1); 0 returns nothing but still
// reports a missing table.
std::vector<Partition> HmsHandler::ListPartitions(const std::string& db_name,
                                                  const std::string& table, int64_t max_parts) {
  return ListPartitionsPs(db_name, table, {}, max_parts);
}

std::vector<Partition> HmsHandler::ListPartitionsPs(const std::string& db_name,
                                                    const std::string& table,
                                                    const std::vector<std::string>& partial,
                                                    int64_t max_parts) {
  return Collect([&](const PartitionSink& sink) {
    VisitPartitionsOf(db_name, table, partial, max_parts, sink);
  });
}

void HmsHandler::VisitPartitionsOf(const std::string& db_name, const std::string& table,
                                   const std::vector<std::string>& partial, int64_t max_parts,
                                   const PartitionSink& sink) {
  model::PartitionScanRequest request;
  request.partial_values = partial;
  ScanToSink(db_name, table, std::move(request), max_parts, sink, {K::kNoSuchObject, K::kMeta});
}

void HmsHandler::ScanToSink(const std::string& db_name, const std::string& table,
                            model::PartitionScanRequest request, int64_t max_parts,
                            const PartitionSink& sink, DeclaredExceptions declared) {
  auto ctx = Context();
  // Hive's max_parts: negative means all; 0 returns nothing but still
  // reports a missing table.
  request.max_partitions = max_parts > 0 ? max_parts : 0;
  absl::Status status = shared_->service->partitions().ScanPartitions(
      ctx, Db(db_name, declared), table, request, [&](model::Partition&& p) {
        if (max_parts == 0) return false;
        sink(std::move(p));
        return true;
      });
  ThrowIfError(status, declared);
}

std::vector<std::string> HmsHandler::ListPartitionNames(const std::string& db_name,
                                                        const std::string& table,
                                                        const std::vector<std::string>& partial,
                                                        int64_t max_parts) {
  auto ctx = Context();
  auto names = shared_->service->partitions().ListAllPartitionNames(ctx, Db(db_name, kGet), table,
                                                                    partial, max_parts);
  ThrowIfError(names.status(), {K::kNoSuchObject, K::kMeta});
  return *std::move(names);
}

void HmsHandler::get_partitions(std::vector<Partition>& _return, const std::string& db_name,
                                const std::string& tbl_name, const int16_t max_parts) {
  _return = ListPartitions(db_name, tbl_name, max_parts);
}

void HmsHandler::VisitPartitionsReq(const PartitionsRequest& req, const PartitionSink& sink) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kDrop);
  VisitPartitionsOf(req.dbName, req.tblName, {}, req.maxParts, sink);
}

void HmsHandler::get_partitions_req(PartitionsResponse& _return, const PartitionsRequest& req) {
  _return.__set_partitions(
      Collect([&](const PartitionSink& sink) { VisitPartitionsReq(req, sink); }));
}

void HmsHandler::get_partitions_with_auth(std::vector<Partition>& _return,
                                          const std::string& db_name,
                                          const std::string& tbl_name, const int16_t max_parts,
                                          const std::string& user_name,
                                          const std::vector<std::string>& group_names) {
  _return = ListPartitions(db_name, tbl_name, max_parts);
}

void HmsHandler::get_partition_names(std::vector<std::string>& _return,
                                     const std::string& db_name, const std::string& tbl_name,
                                     const int16_t max_parts) {
  _return = ListPartitionNames(db_name, tbl_name, {}, max_parts);
}

void HmsHandler::fetch_partition_names_req(std::vector<std::string>& _return,
                                           const PartitionsRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kDrop);
  _return = ListPartitionNames(req.dbName, req.tblName, {}, req.maxParts);
}

void HmsHandler::get_partitions_ps(std::vector<Partition>& _return, const std::string& db_name,
                                   const std::string& tbl_name,
                                   const std::vector<std::string>& part_vals,
                                   const int16_t max_parts) {
  _return = ListPartitionsPs(db_name, tbl_name, part_vals, max_parts);
}

void HmsHandler::get_partitions_ps_with_auth(std::vector<Partition>& _return,
                                             const std::string& db_name,
                                             const std::string& tbl_name,
                                             const std::vector<std::string>& part_vals,
                                             const int16_t max_parts,
                                             const std::string& user_name,
                                             const std::vector<std::string>& group_names) {
  _return = ListPartitionsPs(db_name, tbl_name, part_vals, max_parts);
}

void HmsHandler::VisitPartitionsPsWithAuthReq(const GetPartitionsPsWithAuthRequest& req,
                                              const PartitionSink& sink) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kGet);
  if (req.__isset.partNames) {
    for (model::Partition& p : PartitionsByNames(req.dbName, req.tblName, req.partNames)) {
      sink(std::move(p));
    }
    return;
  }
  VisitPartitionsOf(req.dbName, req.tblName, req.partVals, req.maxParts, sink);
}

void HmsHandler::get_partitions_ps_with_auth_req(GetPartitionsPsWithAuthResponse& _return,
                                                 const GetPartitionsPsWithAuthRequest& req) {
  _return.__set_partitions(
      Collect([&](const PartitionSink& sink) { VisitPartitionsPsWithAuthReq(req, sink); }));
}

void HmsHandler::get_partition_names_ps(std::vector<std::string>& _return,
                                        const std::string& db_name, const std::string& tbl_name,
                                        const std::vector<std::string>& part_vals,
                                        const int16_t max_parts) {
  _return = ListPartitionNames(db_name, tbl_name, part_vals, max_parts);
}

void HmsHandler::get_partition_names_ps_req(GetPartitionNamesPsResponse& _return,
                                            const GetPartitionNamesPsRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kGet);
  _return.__set_names(ListPartitionNames(req.dbName, req.tblName, req.partValues, req.maxParts));
}

// The request carries a Kryo-serialised Java expression; only an empty one
// (all partitions) can be answered truthfully.
void HmsHandler::get_partition_names_req(std::vector<std::string>& _return,
                                         const PartitionsByExprRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kGet);
  if (!req.expr.empty()) {
    ThrowStatus(absl::UnimplementedError(
                    "partition expressions are serialised Java and cannot be evaluated by "
                    "almanac; use get_partition_names or get_partitions_by_filter"),
                kGet);
  }
  _return = ListPartitionNames(req.dbName, req.tblName, {}, req.maxParts);
}

std::vector<Partition> HmsHandler::ListPartitionsByFilter(const std::string& db_name,
                                                          const std::string& table,
                                                          const std::string& filter,
                                                          int64_t max_parts) {
  return Collect([&](const PartitionSink& sink) {
    VisitPartitionsByFilter(db_name, table, filter, max_parts, sink);
  });
}

void HmsHandler::VisitPartitionsByFilter(const std::string& db_name, const std::string& table,
                                         const std::string& filter, int64_t max_parts,
                                         const PartitionSink& sink) {
  model::PartitionScanRequest request;
  request.filter = filter;
  request.dialect = model::FilterDialect::kHive;
  // InvalidArgument (a bad filter) becomes MetaException: never a wrong
  // partition set.
  ScanToSink(db_name, table, std::move(request), max_parts, sink, kGet);
}

void HmsHandler::get_partitions_by_filter(std::vector<Partition>& _return,
                                          const std::string& db_name,
                                          const std::string& tbl_name, const std::string& filter,
                                          const int16_t max_parts) {
  _return = ListPartitionsByFilter(db_name, tbl_name, filter, max_parts);
}

void HmsHandler::get_partitions_by_filter_req(std::vector<Partition>& _return,
                                              const GetPartitionsByFilterRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kGet);
  _return = ListPartitionsByFilter(req.dbName, req.tblName, req.filter, req.maxParts);
}

int32_t HmsHandler::get_num_partitions_by_filter(const std::string& db_name,
                                                 const std::string& tbl_name,
                                                 const std::string& filter) {
  auto ctx = Context();
  auto count = shared_->service->partitions().CountPartitions(ctx, Db(db_name, kGet), tbl_name, filter,
                                                 model::FilterDialect::kHive);
  ThrowIfError(count.status(), kGet);
  return static_cast<int32_t>(*count);
}

// InvalidObjectException (o3) is declared but only 4.x clients can read it,
// so errors are reported as NoSuchObject/MetaException (see IDL_NOTES.md).
std::vector<Partition> HmsHandler::GetPartitionsByNames(const std::string& db_name,
                                                        const std::string& table,
                                                        const std::vector<std::string>& names) {
  return ToThrift(PartitionsByNames(db_name, table, names));
}

std::vector<model::Partition> HmsHandler::PartitionsByNames(const std::string& db_name,
                                                            const std::string& table,
                                                            const std::vector<std::string>& names) {
  auto ctx = Context();
  auto parts = shared_->service->partitions().GetPartitionsByNames(ctx, Db(db_name, kGet), table, names);
  ThrowIfError(parts.status(), kGet);
  return *std::move(parts);
}

void HmsHandler::get_partitions_by_names(std::vector<Partition>& _return,
                                         const std::string& db_name, const std::string& tbl_name,
                                         const std::vector<std::string>& names) {
  _return = GetPartitionsByNames(db_name, tbl_name, names);
}

void HmsHandler::get_partitions_by_names_req(GetPartitionsByNamesResult& _return,
                                             const GetPartitionsByNamesRequest& req) {
  _return.__set_partitions(GetPartitionsByNames(req.db_name, req.tbl_name, req.names));
}

// ---- alter and rename ----

void HmsHandler::AlterPartitions(const std::string& db_name, const std::string& table,
                                 const std::vector<Partition>& new_parts) {
  auto ctx = Context();
  const std::string db = Db(db_name, kAlter);
  std::vector<model::Partition> parts;
  for (const Partition& part : new_parts) {
    auto p = FromThrift(part);
    ThrowIfError(p.status(), kAlter);
    p->database = db;
    p->table = table;
    parts.push_back(*std::move(p));
  }
  ThrowIfError(shared_->service->partitions().UpdatePartitions(ctx, db, table, std::move(parts)), kAlter);
}

void HmsHandler::alter_partition(const std::string& db_name, const std::string& tbl_name,
                                 const Partition& new_part) {
  AlterPartitions(db_name, tbl_name, {new_part});
}

void HmsHandler::alter_partition_with_environment_context(const std::string& db_name,
                                                          const std::string& tbl_name,
                                                          const Partition& new_part,
                                                          const EnvironmentContext& env) {
  AlterPartitions(db_name, tbl_name, {new_part});
}

void HmsHandler::alter_partitions(const std::string& db_name, const std::string& tbl_name,
                                  const std::vector<Partition>& new_parts) {
  AlterPartitions(db_name, tbl_name, new_parts);
}

void HmsHandler::alter_partitions_with_environment_context(const std::string& db_name,
                                                           const std::string& tbl_name,
                                                           const std::vector<Partition>& new_parts,
                                                           const EnvironmentContext& env) {
  AlterPartitions(db_name, tbl_name, new_parts);
}

void HmsHandler::alter_partitions_req(AlterPartitionsResponse& _return,
                                      const AlterPartitionsRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kAlter);
  AlterPartitions(req.dbName, req.tableName, req.partitions);
}

void HmsHandler::RenamePartition(const std::string& db_name, const std::string& table,
                                 const std::vector<std::string>& old_values,
                                 const Partition& new_part) {
  auto ctx = Context();
  const std::string db = Db(db_name, kAlter);
  auto p = FromThrift(new_part);
  ThrowIfError(p.status(), kAlter);
  p->database = db;
  p->table = table;
  ThrowIfError(shared_->service->partitions().RenamePartition(ctx, db, table, old_values, *std::move(p)),
               kAlter);
}

void HmsHandler::rename_partition(const std::string& db_name, const std::string& tbl_name,
                                  const std::vector<std::string>& part_vals,
                                  const Partition& new_part) {
  RenamePartition(db_name, tbl_name, part_vals, new_part);
}

void HmsHandler::rename_partition_req(RenamePartitionResponse& _return,
                                      const RenamePartitionRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kAlter);
  RenamePartition(req.dbName, req.tableName, req.partVals, req.newPart);
}

}  // namespace almanac::hms
