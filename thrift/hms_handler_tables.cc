// HmsHandler: table and view methods.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "thrift/convert.h"
#include "thrift/exception_convert.h"
#include "thrift/hms_handler.h"

namespace almanac::hms {
namespace {

using K = ExceptionKind;

constexpr DeclaredExceptions kCreateTable = {K::kAlreadyExists, K::kInvalidObject, K::kMeta,
                                             K::kNoSuchObject};
constexpr DeclaredExceptions kAlterTable = {K::kInvalidOperation, K::kMeta};
constexpr DeclaredExceptions kDropTable = {K::kNoSuchObject, K::kMeta};
constexpr DeclaredExceptions kGetTable = {K::kMeta, K::kNoSuchObject};
constexpr DeclaredExceptions kGetFields = {K::kMeta, K::kUnknownTable, K::kUnknownDB};

// Keys of EnvironmentContext.properties that change an alter_table.
constexpr char kCascadeKey[] = "CASCADE";
constexpr char kExpectedKey[] = "expected_parameter_key";
constexpr char kExpectedValue[] = "expected_parameter_value";
// Almanac's own: Glue's SkipArchive, the replaced definition is not kept as a
// table version ("true", case-insensitive).
constexpr char kSkipArchiveKey[] = "almanac.skip_archive";

std::string Db(const std::string& name, DeclaredExceptions declared) {
  auto db = StripCatalog(name);
  ThrowIfError(db.status(), declared);
  return *std::move(db);
}

service::UpdateTableOptions OptionsFrom(const EnvironmentContext* env) {
  service::UpdateTableOptions options;
  if (env == nullptr) return options;
  const auto& props = env->properties;
  if (auto it = props.find(kCascadeKey); it != props.end()) {
    options.cascade = absl::EqualsIgnoreCase(it->second, "true");
  }
  if (auto it = props.find(kSkipArchiveKey); it != props.end()) {
    options.skip_archive = absl::EqualsIgnoreCase(it->second, "true");
  }
  if (auto it = props.find(kExpectedKey); it != props.end()) {
    options.expected_parameter_key = it->second;
    if (auto v = props.find(kExpectedValue); v != props.end()) {
      options.expected_parameter_value = v->second;
    }
  }
  return options;
}

std::vector<std::string> AllTableNames(service::CatalogService* service,
                                       const model::RequestContext& ctx, const std::string& db,
                                       const std::string& pattern, DeclaredExceptions declared,
                                       const std::string& table_type = "") {
  auto names = service->tables().ListAllTableNames(ctx, db, pattern, table_type);
  ThrowIfError(names.status(), declared);
  return *std::move(names);
}

template <typename T>
bool NonEmpty(const std::vector<T>& v) {
  return !v.empty();
}

}  // namespace

// ---- create ----

void HmsHandler::CreateTable(const Table& tbl, const EnvironmentContext* env) {
  auto ctx = Context();
  auto table = FromThrift(tbl);
  ThrowIfError(table.status(), kCreateTable);
  std::vector<model::PrivilegeGrant> grants;
  if (tbl.__isset.privileges) {
    auto converted = FromThrift(tbl.privileges);
    ThrowIfError(converted.status(), kCreateTable);
    grants = *std::move(converted);
  }
  ThrowIfError(
      shared_->service->tables().CreateTable(ctx, *std::move(table), std::move(grants)).status(),
      kCreateTable);
}

void HmsHandler::create_table(const Table& tbl) { CreateTable(tbl, nullptr); }

void HmsHandler::create_table_with_environment_context(const Table& tbl,
                                                       const EnvironmentContext& env) {
  CreateTable(tbl, &env);
}

// Constraints have no storage in Almanac: refusing them is honest, dropping
// them silently is not.
void HmsHandler::create_table_with_constraints(
    const Table& tbl, const std::vector<SQLPrimaryKey>& primaryKeys,
    const std::vector<SQLForeignKey>& foreignKeys,
    const std::vector<SQLUniqueConstraint>& uniqueConstraints,
    const std::vector<SQLNotNullConstraint>& notNullConstraints,
    const std::vector<SQLDefaultConstraint>& defaultConstraints,
    const std::vector<SQLCheckConstraint>& checkConstraints) {
  if (NonEmpty(primaryKeys) || NonEmpty(foreignKeys) || NonEmpty(uniqueConstraints) ||
      NonEmpty(notNullConstraints) || NonEmpty(defaultConstraints) ||
      NonEmpty(checkConstraints)) {
    ThrowStatus(absl::UnimplementedError(absl::StrCat("table constraints are not supported by "
                                                      "almanac (table '",
                                                      tbl.tableName, "')")),
                kCreateTable);
  }
  CreateTable(tbl, nullptr);
}

void HmsHandler::create_table_req(const CreateTableRequest& request) {
  create_table_with_constraints(request.table, request.primaryKeys, request.foreignKeys,
                                request.uniqueConstraints, request.notNullConstraints,
                                request.defaultConstraints, request.checkConstraints);
}

// ---- drop ----

// deleteData as in Hive: the service deletes the directory of a managed
// table (or a purgeable external one) once the drop committed.
void HmsHandler::DropTable(const std::string& dbname, const std::string& name,
                           bool delete_data) {
  auto ctx = Context();
  ThrowIfError(shared_->service->tables().DropTable(ctx, Db(dbname, kDropTable), name, delete_data),
               kDropTable);
}

void HmsHandler::drop_table(const std::string& dbname, const std::string& name,
                            const bool deleteData) {
  DropTable(dbname, name, deleteData);
}

void HmsHandler::drop_table_with_environment_context(const std::string& dbname,
                                                     const std::string& name,
                                                     const bool deleteData,
                                                     const EnvironmentContext& env) {
  DropTable(dbname, name, deleteData);
}

void HmsHandler::drop_table_req(const DropTableRequest& req) {
  if (req.__isset.catalogName) ThrowIfError(CheckCatalog(req.catalogName), kDropTable);
  DropTable(req.dbName, req.tableName, req.__isset.deleteData && req.deleteData);
}

// ---- read ----

void HmsHandler::get_table(Table& _return, const std::string& dbname,
                           const std::string& tbl_name) {
  auto ctx = Context();
  auto table = shared_->service->tables().GetTable(ctx, Db(dbname, kGetTable), tbl_name);
  ThrowIfError(table.status(), kGetTable);
  _return = ToThrift(*table);
}

void HmsHandler::get_table_req(GetTableResult& _return, const GetTableRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kGetTable);
  Table table;
  get_table(table, req.dbName, req.tblName);
  _return.__set_table(std::move(table));
}

// Declares no exceptions: failures become TApplicationException, and missing
// tables are left out (Hive's behaviour).
void HmsHandler::get_table_objects_by_name(std::vector<Table>& _return,
                                           const std::string& dbname,
                                           const std::vector<std::string>& tbl_names) {
  auto ctx = Context();
  auto tables = shared_->service->tables().GetTables(ctx, Db(dbname, {}), tbl_names);
  ThrowIfError(tables.status(), {});
  _return.reserve(tables->size());
  for (const model::Table& table : *tables) _return.push_back(ToThrift(table));
}

void HmsHandler::get_table_objects_by_name_req(GetTablesResult& _return,
                                               const GetTablesRequest& req) {
  static constexpr DeclaredExceptions kDeclared = {K::kMeta, K::kInvalidOperation, K::kUnknownDB};
  auto ctx = Context();
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kDeclared);
  const std::string db = Db(req.dbName, kDeclared);
  auto tables = !req.__isset.tblNames && req.__isset.tablesPattern
                    ? shared_->service->tables().GetTablesMatching(ctx, db, req.tablesPattern)
                    : shared_->service->tables().GetTables(ctx, db, req.tblNames);
  ThrowIfError(tables.status(), kDeclared);
  std::vector<Table> out;
  out.reserve(tables->size());
  for (const model::Table& table : *tables) out.push_back(ToThrift(table));
  _return.__set_tables(std::move(out));
}

void HmsHandler::get_tables(std::vector<std::string>& _return, const std::string& db_name,
                            const std::string& pattern) {
  auto ctx = Context();
  _return = AllTableNames(shared_->service, ctx, Db(db_name, {K::kMeta}), pattern, {K::kMeta});
}

void HmsHandler::get_all_tables(std::vector<std::string>& _return, const std::string& db_name) {
  auto ctx = Context();
  _return = AllTableNames(shared_->service, ctx, Db(db_name, {K::kMeta}), "", {K::kMeta});
}

void HmsHandler::get_tables_by_type(std::vector<std::string>& _return,
                                    const std::string& db_name, const std::string& pattern,
                                    const std::string& tableType) {
  auto ctx = Context();
  _return = AllTableNames(shared_->service, ctx, Db(db_name, {K::kMeta}), pattern, {K::kMeta},
                          tableType);
}

void HmsHandler::get_table_meta(std::vector<TableMeta>& _return, const std::string& db_patterns,
                                const std::string& tbl_patterns,
                                const std::vector<std::string>& tbl_types) {
  auto ctx = Context();
  auto parsed = ParseDbName(db_patterns);
  ThrowIfError(parsed.status(), {K::kMeta});
  auto metas = shared_->service->tables().GetTableMeta(ctx, parsed->has_db ? parsed->db : "",
                                                       tbl_patterns, tbl_types);
  ThrowIfError(metas.status(), {K::kMeta});
  for (service::TableMeta& m : *metas) {
    TableMeta meta;
    meta.__set_dbName(std::move(m.database));
    meta.__set_tableName(std::move(m.name));
    meta.__set_tableType(std::move(m.table_type));
    if (m.comment.has_value()) meta.__set_comments(*std::move(m.comment));
    meta.__set_catName(kHiveCatalog);
    meta.__set_ownerName(std::move(m.owner));
    meta.__set_ownerType(ToThrift(m.owner_type));
    _return.push_back(std::move(meta));
  }
}

void HmsHandler::get_table_names_by_filter(std::vector<std::string>& _return,
                                           const std::string& dbname,
                                           const std::string& filter,
                                           const int16_t max_tables) {
  static constexpr DeclaredExceptions kDeclared = {K::kMeta, K::kInvalidOperation, K::kUnknownDB};
  auto ctx = Context();
  if (!filter.empty()) {
    ThrowStatus(absl::UnimplementedError(
                    "table filters (get_table_names_by_filter with a non-empty filter) are not "
                    "supported by almanac; list the tables with get_tables instead"),
                kDeclared);
  }
  _return = AllTableNames(shared_->service, ctx, Db(dbname, kDeclared), "", kDeclared);
  if (max_tables >= 0 && _return.size() > static_cast<size_t>(max_tables)) {
    _return.resize(max_tables);
  }
}

void HmsHandler::GetFields(std::vector<FieldSchema>& out, const std::string& db,
                           const std::string& table_name, bool with_partition_keys) {
  auto ctx = Context();
  auto table = shared_->service->tables().GetTable(ctx, Db(db, kGetFields), table_name);
  ThrowIfError(table.status(), kGetFields);
  out = ToThrift(table->sd.columns);
  if (with_partition_keys) {
    std::vector<FieldSchema> keys = ToThrift(table->partition_keys);
    out.insert(out.end(), keys.begin(), keys.end());
  }
}

void HmsHandler::get_fields(std::vector<FieldSchema>& _return, const std::string& db_name,
                            const std::string& table_name) {
  GetFields(_return, db_name, table_name, false);
}

void HmsHandler::get_fields_with_environment_context(std::vector<FieldSchema>& _return,
                                                     const std::string& db_name,
                                                     const std::string& table_name,
                                                     const EnvironmentContext& env) {
  GetFields(_return, db_name, table_name, false);
}

void HmsHandler::get_fields_req(GetFieldsResponse& _return, const GetFieldsRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kGetFields);
  std::vector<FieldSchema> fields;
  GetFields(fields, req.dbName, req.tblName, false);
  _return.__set_fields(std::move(fields));
}

void HmsHandler::get_schema(std::vector<FieldSchema>& _return, const std::string& db_name,
                            const std::string& table_name) {
  GetFields(_return, db_name, table_name, true);
}

void HmsHandler::get_schema_with_environment_context(std::vector<FieldSchema>& _return,
                                                     const std::string& db_name,
                                                     const std::string& table_name,
                                                     const EnvironmentContext& env) {
  GetFields(_return, db_name, table_name, true);
}

void HmsHandler::get_schema_req(GetSchemaResponse& _return, const GetSchemaRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kGetFields);
  std::vector<FieldSchema> fields;
  GetFields(fields, req.dbName, req.tblName, true);
  _return.__set_fields(std::move(fields));
}

// ---- alter ----

// A new name or database in `new_tbl` is a rename (Hive has no separate
// call): the service renames and applies the rest of the definition in one
// transaction, with one ALTER_TABLE event, keeping the location the rename
// chose for a managed table that moves.
void HmsHandler::AlterTable(const std::string& dbname, const std::string& tbl_name,
                            const Table& new_tbl,
                            const service::UpdateTableOptions& options) {
  auto ctx = Context();
  const std::string db = Db(dbname, kAlterTable);
  auto table = FromThrift(new_tbl);
  ThrowIfError(table.status(), kAlterTable);
  if (table->database.empty()) table->database = db;
  if (table->name.empty()) table->name = tbl_name;
  service::UpdateTableOptions with_rename = options;
  with_rename.addressed_database = db;
  with_rename.addressed_name = tbl_name;
  with_rename.allow_rename = true;
  ThrowIfError(shared_->service->tables().UpdateTable(ctx, *std::move(table), with_rename).status(),
               kAlterTable);
}

void HmsHandler::alter_table(const std::string& dbname, const std::string& tbl_name,
                             const Table& new_tbl) {
  AlterTable(dbname, tbl_name, new_tbl, {});
}

void HmsHandler::alter_table_with_environment_context(const std::string& dbname,
                                                      const std::string& tbl_name,
                                                      const Table& new_tbl,
                                                      const EnvironmentContext& env) {
  AlterTable(dbname, tbl_name, new_tbl, OptionsFrom(&env));
}

void HmsHandler::alter_table_with_cascade(const std::string& dbname, const std::string& tbl_name,
                                          const Table& new_tbl, const bool cascade) {
  service::UpdateTableOptions options;
  options.cascade = cascade;
  AlterTable(dbname, tbl_name, new_tbl, options);
}

void HmsHandler::alter_table_req(AlterTableResponse& _return, const AlterTableRequest& req) {
  if (req.__isset.catName) ThrowIfError(CheckCatalog(req.catName), kAlterTable);
  service::UpdateTableOptions options =
      OptionsFrom(req.__isset.environmentContext ? &req.environmentContext : nullptr);
  if (req.__isset.expectedParameterKey && !req.expectedParameterKey.empty()) {
    options.expected_parameter_key = req.expectedParameterKey;
    options.expected_parameter_value =
        req.__isset.expectedParameterValue ? req.expectedParameterValue : "";
  }
  AlterTable(req.dbName, req.tableName, req.table, options);
}

}  // namespace almanac::hms
