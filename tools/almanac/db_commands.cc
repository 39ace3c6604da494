// `almanac db ls|show|create|drop`.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "tools/almanac/commands.h"

namespace almanac::tools {
namespace {

std::string PrincipalName(v1::PrincipalType type) {
  std::string name = v1::PrincipalType_Name(type);
  return name.substr(name.rfind('_') + 1);  // PRINCIPAL_TYPE_USER -> USER
}

void PrintParameters(const google::protobuf::Map<std::string, std::string>& parameters) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : parameters) rows.push_back({"  " + key, value});
  std::sort(rows.begin(), rows.end());
  if (rows.empty()) return;
  std::printf("parameters:\n");
  PrintTable({"  KEY", "VALUE"}, rows);
}

void PrintDatabase(const v1::Database& db) {
  std::printf("name:         %s\n", db.name().c_str());
  std::printf("description:  %s\n", db.description().c_str());
  std::printf("location:     %s\n", db.location().c_str());
  if (!db.managed_location().empty()) {
    std::printf("managed:      %s\n", db.managed_location().c_str());
  }
  std::printf("owner:        %s (%s)\n", db.owner_name().c_str(),
              PrincipalName(db.owner_type()).c_str());
  std::printf("created:      %s\n", FormatTime(db.create_time()).c_str());
  PrintParameters(db.parameters());
}

absl::Status ListDatabases(const ClientOptions& options, const std::string& pattern) {
  CatalogClient client(options);
  std::vector<std::string> names;
  v1::ListDatabasesRequest request;
  request.set_pattern(pattern);
  do {
    v1::ListDatabasesResponse response;
    RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::ListDatabases, request, &response));
    names.insert(names.end(), response.names().begin(), response.names().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (options.json) {
    PrintJson({{"databases", names}});
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const std::string& name : names) rows.push_back({name});
  PrintTable({"DATABASE"}, rows);
  return absl::OkStatus();
}

absl::Status ShowDatabase(const ClientOptions& options, const std::string& name) {
  CatalogClient client(options);
  v1::GetDatabaseRequest request;
  request.set_name(name);
  v1::GetDatabaseResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::GetDatabase, request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response.database()));
  } else {
    PrintDatabase(response.database());
  }
  return absl::OkStatus();
}

struct CreateFlags {
  std::string name;
  std::string location;
  std::string description;
  std::vector<std::string> params;
};

absl::Status CreateDatabase(const ClientOptions& options, const CreateFlags& flags) {
  v1::CreateDatabaseRequest request;
  v1::Database* db = request.mutable_database();
  db->set_name(flags.name);
  db->set_location(flags.location);
  db->set_description(flags.description);
  for (const std::string& param : flags.params) {
    const size_t eq = param.find('=');
    if (eq == std::string::npos || eq == 0) {
      return UsageError(absl::StrCat("expected --param KEY=VALUE, got '", param, "'"));
    }
    (*db->mutable_parameters())[param.substr(0, eq)] = param.substr(eq + 1);
  }
  CatalogClient client(options);
  v1::CreateDatabaseResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::CreateDatabase, request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response.database()));
  } else {
    std::printf("created database '%s' at %s\n", response.database().name().c_str(),
                response.database().location().c_str());
  }
  return absl::OkStatus();
}

absl::Status DropDatabase(const ClientOptions& options, const std::string& name, bool cascade) {
  v1::DeleteDatabaseRequest request;
  request.set_name(name);
  request.set_cascade(cascade);
  CatalogClient client(options);
  v1::DeleteDatabaseResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::DeleteDatabase, request, &response));
  if (options.json) {
    PrintJson({{"database", name}, {"dropped", true}});
  } else {
    std::printf("dropped database '%s'\n", name.c_str());
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterDatabaseCommands(CLI::App* app, const ClientOptions* client, int* exit_code) {
  CLI::App* db = app->add_subcommand("db", "Databases: ls, show, create, drop");
  db->require_subcommand(1);

  auto pattern = std::make_shared<std::string>();
  CLI::App* ls = db->add_subcommand("ls", "List databases");
  ls->add_option("--pattern", *pattern, "Hive pattern: '*' any, '|' alternatives");
  ls->callback([=] { *exit_code = ReportError(ListDatabases(*client, *pattern)); });

  auto show_name = std::make_shared<std::string>();
  CLI::App* show = db->add_subcommand("show", "Show one database");
  show->add_option("NAME", *show_name, "Database name")->required();
  show->callback([=] { *exit_code = ReportError(ShowDatabase(*client, *show_name)); });

  auto create_flags = std::make_shared<CreateFlags>();
  CLI::App* create = db->add_subcommand("create", "Create a database");
  create->add_option("NAME", create_flags->name, "Database name")->required();
  create->add_option("--location", create_flags->location,
                     "Location URI (default <warehouse>/<name>.db)");
  create->add_option("--description", create_flags->description, "Free text");
  create->add_option("--param", create_flags->params, "Parameter KEY=VALUE (repeatable)");
  create->callback([=] { *exit_code = ReportError(CreateDatabase(*client, *create_flags)); });

  auto drop_name = std::make_shared<std::string>();
  auto cascade = std::make_shared<bool>(false);
  CLI::App* drop = db->add_subcommand("drop", "Drop a database");
  drop->add_option("NAME", *drop_name, "Database name")->required();
  drop->add_flag("--cascade", *cascade, "Also drop its tables and their partitions");
  drop->callback([=] { *exit_code = ReportError(DropDatabase(*client, *drop_name, *cascade)); });
}

}  // namespace almanac::tools
