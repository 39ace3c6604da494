// HmsHandler: database methods.
#include <string>
#include <utility>
#include <vector>

#include "thrift/convert.h"
#include "thrift/exception_convert.h"
#include "thrift/hms_handler.h"

namespace almanac::hms {
namespace {

using K = ExceptionKind;

std::vector<std::string> AllDatabaseNames(service::CatalogService* service,
                                          const model::RequestContext& ctx,
                                          const std::string& pattern) {
  auto names = service->databases().ListAllDatabaseNames(ctx, pattern);
  ThrowIfError(names.status(), {K::kMeta});
  return *std::move(names);
}

}  // namespace

void HmsHandler::create_database(const Database& database) {
  static constexpr DeclaredExceptions kDeclared = {K::kAlreadyExists, K::kInvalidObject, K::kMeta};
  auto ctx = Context();
  auto db = FromThrift(database);
  ThrowIfError(db.status(), kDeclared);
  ThrowIfError(shared_->service->databases().CreateDatabase(ctx, *std::move(db)).status(), kDeclared);
}

void HmsHandler::create_database_req(const CreateDatabaseRequest& req) {
  static constexpr DeclaredExceptions kDeclared = {K::kAlreadyExists, K::kInvalidObject, K::kMeta};
  auto ctx = Context();
  Database database;
  database.__set_name(req.databaseName);
  if (req.__isset.description) database.__set_description(req.description);
  if (req.__isset.locationUri) database.__set_locationUri(req.locationUri);
  if (req.__isset.parameters) database.__set_parameters(req.parameters);
  if (req.__isset.ownerName) database.__set_ownerName(req.ownerName);
  if (req.__isset.ownerType) database.__set_ownerType(req.ownerType);
  if (req.__isset.catalogName) database.__set_catalogName(req.catalogName);
  if (req.__isset.managedLocationUri) database.__set_managedLocationUri(req.managedLocationUri);
  if (req.__isset.type && req.type == DatabaseType::REMOTE) {
    ThrowStatus(absl::InvalidArgumentError("remote databases are not supported by almanac"),
                kDeclared);
  }
  auto db = FromThrift(database);
  ThrowIfError(db.status(), kDeclared);
  ThrowIfError(shared_->service->databases().CreateDatabase(ctx, *std::move(db)).status(), kDeclared);
}

void HmsHandler::get_database(Database& _return, const std::string& name) {
  static constexpr DeclaredExceptions kDeclared = {K::kNoSuchObject, K::kMeta};
  auto ctx = Context();
  auto db_name = StripCatalog(name);
  ThrowIfError(db_name.status(), kDeclared);
  auto db = shared_->service->databases().GetDatabase(ctx, *db_name);
  ThrowIfError(db.status(), kDeclared);
  _return = ToThrift(*db);
}

void HmsHandler::get_database_req(Database& _return, const GetDatabaseRequest& request) {
  static constexpr DeclaredExceptions kDeclared = {K::kNoSuchObject, K::kMeta};
  auto ctx = Context();
  if (request.__isset.catalogName) ThrowIfError(CheckCatalog(request.catalogName), kDeclared);
  auto db_name = StripCatalog(request.name);
  ThrowIfError(db_name.status(), kDeclared);
  auto db = shared_->service->databases().GetDatabase(ctx, *db_name);
  ThrowIfError(db.status(), kDeclared);
  _return = ToThrift(*db);
}

// deleteData as in Hive: once the drop committed, the service deletes the
// database directory and its managed tables' directories.
void HmsHandler::drop_database(const std::string& name, const bool deleteData,
                               const bool cascade) {
  static constexpr DeclaredExceptions kDeclared = {K::kNoSuchObject, K::kInvalidOperation, K::kMeta};
  auto ctx = Context();
  auto db_name = StripCatalog(name);
  ThrowIfError(db_name.status(), kDeclared);
  ThrowIfError(shared_->service->databases().DropDatabase(ctx, *db_name, cascade, deleteData), kDeclared);
}

void HmsHandler::drop_database_req(const DropDatabaseRequest& req) {
  static constexpr DeclaredExceptions kDeclared = {K::kNoSuchObject, K::kInvalidOperation, K::kMeta};
  auto ctx = Context();
  if (req.__isset.catalogName) ThrowIfError(CheckCatalog(req.catalogName), kDeclared);
  auto db_name = StripCatalog(req.name);
  ThrowIfError(db_name.status(), kDeclared);
  absl::Status status =
      shared_->service->databases().DropDatabase(ctx, *db_name, req.cascade, req.deleteData);
  if (absl::IsNotFound(status) && req.ignoreUnknownDb) return;
  ThrowIfError(status, kDeclared);
}

void HmsHandler::get_databases(std::vector<std::string>& _return, const std::string& pattern) {
  auto ctx = Context();
  auto parsed = ParseDbName(pattern);
  ThrowIfError(parsed.status(), {K::kMeta});
  // "@hive#" (no database part) is how Hive 3+ asks for every database.
  _return = AllDatabaseNames(shared_->service, ctx, parsed->has_db ? parsed->db : "");
}

void HmsHandler::get_all_databases(std::vector<std::string>& _return) {
  auto ctx = Context();
  _return = AllDatabaseNames(shared_->service, ctx, "");
}

void HmsHandler::alter_database(const std::string& dbname, const Database& db) {
  static constexpr DeclaredExceptions kDeclared = {K::kMeta, K::kNoSuchObject};
  auto ctx = Context();
  auto db_name = StripCatalog(dbname);
  ThrowIfError(db_name.status(), kDeclared);
  auto model_db = FromThrift(db);
  ThrowIfError(model_db.status(), kDeclared);
  // Hive cannot rename a database: the name argument decides which one.
  model_db->name = *db_name;
  ThrowIfError(shared_->service->databases().UpdateDatabase(ctx, *std::move(model_db)), kDeclared);
}

void HmsHandler::alter_database_req(const AlterDatabaseRequest& alterDbReq) {
  alter_database(alterDbReq.oldDbName, alterDbReq.newDb);
}

}  // namespace almanac::hms
