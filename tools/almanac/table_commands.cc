// `almanac table ls|show|create|drop|rename`; the history verbs are in
// version_commands.cc.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "tools/almanac/commands.h"

namespace almanac::tools {
namespace {

std::string TableTypeName(v1::TableType type) {
  switch (type) {
    case v1::TABLE_TYPE_EXTERNAL:
      return "EXTERNAL_TABLE";
    case v1::TABLE_TYPE_VIRTUAL_VIEW:
      return "VIRTUAL_VIEW";
    case v1::TABLE_TYPE_MATERIALIZED_VIEW:
      return "MATERIALIZED_VIEW";
    default:
      return "MANAGED_TABLE";
  }
}

void PrintColumns(const char* title,
                  const google::protobuf::RepeatedPtrField<v1::Column>& columns) {
  if (columns.empty()) return;
  std::printf("%s:\n", title);
  std::vector<std::vector<std::string>> rows;
  for (const v1::Column& c : columns) rows.push_back({"  " + c.name(), c.type(), c.comment()});
  PrintTable({"  NAME", "TYPE", "COMMENT"}, rows);
}

void PrintTableDetails(const v1::Table& t) {
  std::printf("table:          %s.%s\n", t.database().c_str(), t.name().c_str());
  std::printf("type:           %s\n", TableTypeName(t.table_type()).c_str());
  std::printf("owner:          %s\n", t.owner().c_str());
  std::printf("location:       %s\n", t.sd().location().c_str());
  std::printf("input format:   %s\n", t.sd().input_format().c_str());
  std::printf("output format:  %s\n", t.sd().output_format().c_str());
  std::printf("serde:          %s\n", t.sd().serde().serialization_library().c_str());
  std::printf("created:        %s\n", FormatTime(t.create_time()).c_str());
  std::printf("updated:        %s\n", FormatTime(t.update_time()).c_str());
  if (!t.view_original_text().empty()) {
    std::printf("view text:      %s\n", t.view_original_text().c_str());
  }
  PrintColumns("columns", t.sd().columns());
  PrintColumns("partition keys", t.partition_keys());
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : t.parameters()) rows.push_back({"  " + key, value});
  std::sort(rows.begin(), rows.end());
  if (!rows.empty()) {
    std::printf("parameters:\n");
    PrintTable({"  KEY", "VALUE"}, rows);
  }
}

absl::Status ListTables(const ClientOptions& options, const std::string& db,
                        const std::string& pattern) {
  CatalogClient client(options);
  std::vector<std::string> names;
  v1::ListTablesRequest request;
  request.set_database(db);
  request.set_pattern(pattern);
  do {
    v1::ListTablesResponse response;
    RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::ListTables, request, &response));
    names.insert(names.end(), response.names().begin(), response.names().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (options.json) {
    PrintJson({{"database", db}, {"tables", names}});
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const std::string& name : names) rows.push_back({name});
  PrintTable({"TABLE"}, rows);
  return absl::OkStatus();
}

absl::Status ShowTable(const ClientOptions& options, const std::string& qualified) {
  ASSIGN_OR_RETURN(auto name, SplitTableName(qualified));
  v1::GetTableRequest request;
  request.set_database(name.first);
  request.set_name(name.second);
  CatalogClient client(options);
  v1::GetTableResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::GetTable, request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response.table()));
  } else {
    PrintTableDetails(response.table());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read file '", path, "'"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status CreateTable(const ClientOptions& options, const std::string& path) {
  ASSIGN_OR_RETURN(std::string json, ReadInput(path));
  v1::CreateTableRequest request;
  // The file holds exactly what `table show --json` prints.
  RETURN_IF_ERROR(JsonToMessage(json, path, request.mutable_table()));
  CatalogClient client(options);
  v1::CreateTableResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::CreateTable, request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response.table()));
  } else {
    std::printf("created table '%s.%s' at %s\n", response.table().database().c_str(),
                response.table().name().c_str(), response.table().sd().location().c_str());
  }
  return absl::OkStatus();
}

absl::Status DropTable(const ClientOptions& options, const std::string& qualified) {
  ASSIGN_OR_RETURN(auto name, SplitTableName(qualified));
  v1::DeleteTableRequest request;
  request.set_database(name.first);
  request.set_name(name.second);
  CatalogClient client(options);
  v1::DeleteTableResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::DeleteTable, request, &response));
  if (options.json) {
    PrintJson({{"table", qualified}, {"dropped", true}});
  } else {
    std::printf("dropped table '%s'\n", qualified.c_str());
  }
  return absl::OkStatus();
}

absl::Status RenameTable(const ClientOptions& options, const std::string& from,
                         const std::string& to) {
  ASSIGN_OR_RETURN(auto old_name, SplitTableName(from));
  ASSIGN_OR_RETURN(auto new_name, SplitTableName(to));
  v1::RenameTableRequest request;
  request.set_database(old_name.first);
  request.set_name(old_name.second);
  request.set_new_database(new_name.first);
  request.set_new_name(new_name.second);
  CatalogClient client(options);
  v1::RenameTableResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::RenameTable, request, &response));
  if (options.json) {
    PrintJson({{"table", from}, {"renamed_to", to}});
  } else {
    std::printf("renamed table '%s' to '%s'\n", from.c_str(), to.c_str());
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterTableCommands(CLI::App* app, const ClientOptions* client, int* exit_code) {
  CLI::App* table = app->add_subcommand(
      "table",
      "Tables: ls, show, create, drop, rename; history: versions, diff, restore, undrop, "
      "rm-version, purge-history, dropped");
  table->require_subcommand(1);

  auto ls_db = std::make_shared<std::string>();
  auto pattern = std::make_shared<std::string>();
  CLI::App* ls = table->add_subcommand("ls", "List the tables of a database");
  ls->add_option("DB", *ls_db, "Database name")->required();
  ls->add_option("--pattern", *pattern, "Hive pattern: '*' any, '|' alternatives");
  ls->callback([=] { *exit_code = ReportError(ListTables(*client, *ls_db, *pattern)); });

  auto show_name = std::make_shared<std::string>();
  auto show_version = std::make_shared<std::string>();
  auto show_id = std::make_shared<int64_t>(0);
  CLI::App* show = table->add_subcommand("show", "Show one table (or one of its versions)");
  show->add_option("DB.TABLE", *show_name, "Qualified table name")->required();
  show->add_option("--version", *show_version,
                   "Show this version of the table (see `table versions`)");
  show->add_option("--id", *show_id, "With --version: table id of a dropped table");
  show->callback([=] {
    *exit_code = ReportError(show_version->empty()
                                 ? ShowTable(*client, *show_name)
                                 : ShowTableVersion(*client, *show_name, *show_version, *show_id,
                                                    &PrintTableDetails));
  });

  auto json_path = std::make_shared<std::string>();
  CLI::App* create = table->add_subcommand(
      "create", "Create a table from JSON in the shape `table show --json` prints");
  create->add_option("--from-json", *json_path, "JSON file ('-' for stdin)")->required();
  create->callback([=] { *exit_code = ReportError(CreateTable(*client, *json_path)); });

  auto drop_name = std::make_shared<std::string>();
  CLI::App* drop = table->add_subcommand("drop", "Drop a table and its partitions");
  drop->add_option("DB.TABLE", *drop_name, "Qualified table name")->required();
  drop->callback([=] { *exit_code = ReportError(DropTable(*client, *drop_name)); });

  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  CLI::App* rename = table->add_subcommand("rename", "Rename or move a table");
  rename->add_option("DB.TABLE", *from, "Current name")->required();
  rename->add_option("NEWDB.NEWTABLE", *to, "New name")->required();
  rename->callback([=] { *exit_code = ReportError(RenameTable(*client, *from, *to)); });

  RegisterTableVersionCommands(table, client, exit_code);
}

}  // namespace almanac::tools
