// `almanac partition ls|show|add|drop`.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/names.h"
#include "common/status_macros.h"
#include "proto/convert.h"
#include "tools/almanac/commands.h"

namespace almanac::tools {
namespace {

// The table and the values of partition `spec` ("k1=v1/k2=v2") in key order.
struct PartitionTarget {
  std::string db;
  std::string table;
  v1::Table definition;
  std::vector<std::string> values;
};

absl::StatusOr<v1::Table> FetchTable(CatalogClient& client, const std::string& db,
                                     const std::string& table) {
  v1::GetTableRequest request;
  request.set_database(db);
  request.set_name(table);
  v1::GetTableResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::GetTable, request, &response));
  return response.table();
}

absl::StatusOr<PartitionTarget> ResolvePartition(CatalogClient& client,
                                                 const std::string& qualified,
                                                 const std::string& spec) {
  ASSIGN_OR_RETURN(auto name, SplitTableName(qualified));
  PartitionTarget target{.db = name.first, .table = name.second};
  ASSIGN_OR_RETURN(target.definition, FetchTable(client, target.db, target.table));
  std::vector<model::Column> keys;
  for (const v1::Column& key : target.definition.partition_keys()) {
    keys.push_back(proto::FromProto(key));
  }
  ASSIGN_OR_RETURN(target.values, model::PartitionValuesFromName(keys, spec));
  return target;
}

std::string Describe(const std::string& qualified, const std::string& spec) {
  return absl::StrCat(qualified, "/", spec);
}

struct ListFlags {
  std::string table;
  std::string filter;
  std::string dialect = "glue";
  int64_t limit = 0;
  bool explain = false;
};

absl::Status ListPartitions(const ClientOptions& options, const ListFlags& flags) {
  ASSIGN_OR_RETURN(auto name, SplitTableName(flags.table));
  const std::string dialect = absl::AsciiStrToLower(flags.dialect);
  if (dialect != "glue" && dialect != "hive") {
    return UsageError(absl::StrCat("--dialect must be glue or hive, got '", flags.dialect, "'"));
  }
  if (flags.limit < 0) return UsageError("--limit must not be negative");
  CatalogClient client(options);
  v1::Table table;
  if (!options.json) {
    // People get one column per partition key, named from the table.
    ASSIGN_OR_RETURN(table, FetchTable(client, name.first, name.second));
  }
  v1::ListPartitionsRequest request;
  request.set_database(name.first);
  request.set_table(name.second);
  request.set_filter(flags.filter);
  request.set_dialect(dialect == "hive" ? v1::FILTER_DIALECT_HIVE : v1::FILTER_DIALECT_GLUE);
  request.set_explain(flags.explain);
  std::vector<v1::Partition> partitions;
  std::vector<v1::Explain> explains;
  do {
    if (flags.limit > 0) {
      request.set_page_size(static_cast<int32_t>(
          std::min<int64_t>(1000, flags.limit - static_cast<int64_t>(partitions.size()))));
    }
    v1::ListPartitionsResponse response;
    RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::ListPartitions, request, &response));
    for (v1::Partition& p : *response.mutable_partitions()) {
      if (flags.limit > 0 && static_cast<int64_t>(partitions.size()) >= flags.limit) break;
      partitions.push_back(std::move(p));
    }
    if (response.has_explain()) explains.push_back(response.explain());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() &&
           (flags.limit == 0 || static_cast<int64_t>(partitions.size()) < flags.limit));

  if (options.json) {
    nlohmann::ordered_json out;
    out["partitions"] = nlohmann::ordered_json::array();
    for (const v1::Partition& p : partitions) out["partitions"].push_back(MessageToJson(p));
    if (flags.explain) {
      out["explain"] = nlohmann::ordered_json::array();
      for (const v1::Explain& e : explains) out["explain"].push_back(MessageToJson(e));
    }
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::string> headers;
  for (const v1::Column& key : table.partition_keys()) {
    headers.push_back(absl::AsciiStrToUpper(key.name()));
  }
  headers.push_back("LOCATION");
  std::vector<std::vector<std::string>> rows;
  for (const v1::Partition& p : partitions) {
    std::vector<std::string> row(p.values().begin(), p.values().end());
    row.resize(headers.size() - 1);
    row.push_back(p.sd().location());
    rows.push_back(std::move(row));
  }
  PrintTable(headers, rows);
  std::printf("(%zu partition%s)\n", partitions.size(), partitions.size() == 1 ? "" : "s");
  for (size_t i = 0; i < explains.size(); ++i) {
    const v1::Explain& e = explains[i];
    std::printf("explain (page %zu): index used: %s; rows examined: %lld; rows returned: %lld\n",
                i + 1, e.index_used().empty() ? "none" : e.index_used().c_str(),
                static_cast<long long>(e.rows_examined()),
                static_cast<long long>(e.rows_returned()));
    std::printf("  plan: %s\n", e.plan().c_str());
  }
  return absl::OkStatus();
}

absl::Status ShowPartition(const ClientOptions& options, const std::string& qualified,
                           const std::string& spec) {
  CatalogClient client(options);
  ASSIGN_OR_RETURN(PartitionTarget target, ResolvePartition(client, qualified, spec));
  v1::GetPartitionRequest request;
  request.set_database(target.db);
  request.set_table(target.table);
  for (const std::string& v : target.values) request.add_values(v);
  v1::GetPartitionResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::GetPartition, request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response.partition()));
    return absl::OkStatus();
  }
  const v1::Partition& p = response.partition();
  std::printf("partition:  %s\n", Describe(qualified, spec).c_str());
  std::printf("values:     %s\n", absl::StrJoin(p.values(), ", ").c_str());
  std::printf("location:   %s\n", p.sd().location().c_str());
  std::printf("created:    %s\n", FormatTime(p.create_time()).c_str());
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : p.parameters()) rows.push_back({"  " + key, value});
  std::sort(rows.begin(), rows.end());
  if (!rows.empty()) {
    std::printf("parameters:\n");
    PrintTable({"  KEY", "VALUE"}, rows);
  }
  return absl::OkStatus();
}

absl::Status AddPartition(const ClientOptions& options, const std::string& qualified,
                          const std::string& spec, const std::string& location) {
  CatalogClient client(options);
  ASSIGN_OR_RETURN(PartitionTarget target, ResolvePartition(client, qualified, spec));
  v1::BatchCreatePartitionsRequest request;
  request.set_database(target.db);
  request.set_table(target.table);
  v1::Partition* p = request.add_partitions();
  p->set_database(target.db);
  p->set_table(target.table);
  for (const std::string& v : target.values) p->add_values(v);
  // The partition starts from the table's descriptor, as Hive clients do;
  // the server fills the location under the table's when none is given.
  *p->mutable_sd() = target.definition.sd();
  p->mutable_sd()->set_location(location);
  v1::BatchCreatePartitionsResponse response;
  RETURN_IF_ERROR(
      client.Call(&v1::CatalogService::Stub::BatchCreatePartitions, request, &response));
  const v1::Partition& added =
      response.partitions_size() > 0 ? response.partitions(0) : request.partitions(0);
  if (options.json) {
    PrintJson(MessageToJson(added));
  } else {
    std::printf("added partition '%s' at %s\n", Describe(qualified, spec).c_str(),
                added.sd().location().c_str());
  }
  return absl::OkStatus();
}

absl::Status DropPartition(const ClientOptions& options, const std::string& qualified,
                           const std::string& spec) {
  CatalogClient client(options);
  ASSIGN_OR_RETURN(PartitionTarget target, ResolvePartition(client, qualified, spec));
  v1::BatchDeletePartitionsRequest request;
  request.set_database(target.db);
  request.set_table(target.table);
  v1::PartitionValues* values = request.add_partitions();
  for (const std::string& v : target.values) values->add_values(v);
  v1::BatchDeletePartitionsResponse response;
  RETURN_IF_ERROR(
      client.Call(&v1::CatalogService::Stub::BatchDeletePartitions, request, &response));
  if (options.json) {
    PrintJson({{"partition", Describe(qualified, spec)}, {"dropped", true}});
  } else {
    std::printf("dropped partition '%s'\n", Describe(qualified, spec).c_str());
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterPartitionCommands(CLI::App* app, const ClientOptions* client, int* exit_code) {
  CLI::App* partition = app->add_subcommand("partition", "Partitions: ls, show, add, drop");
  partition->require_subcommand(1);

  auto list = std::make_shared<ListFlags>();
  CLI::App* ls = partition->add_subcommand("ls", "List a table's partitions");
  ls->add_option("DB.TABLE", list->table, "Qualified table name")->required();
  ls->add_option("--filter", list->filter, "Filter expression, e.g. \"year >= 2023\"");
  ls->add_option("--dialect", list->dialect, "Filter language: glue or hive")
      ->capture_default_str();
  ls->add_option("--limit", list->limit, "At most N partitions (0: all)");
  ls->add_flag("--explain", list->explain, "Also show how the server answered");
  ls->callback([=] { *exit_code = ReportError(ListPartitions(*client, *list)); });

  struct Target {
    std::string table;
    std::string spec;
    std::string location;
  };
  auto show = std::make_shared<Target>();
  CLI::App* show_cmd = partition->add_subcommand("show", "Show one partition");
  show_cmd->add_option("DB.TABLE", show->table, "Qualified table name")->required();
  show_cmd->add_option("SPEC", show->spec, "Partition k1=v1/k2=v2")->required();
  show_cmd->callback(
      [=] { *exit_code = ReportError(ShowPartition(*client, show->table, show->spec)); });

  auto add = std::make_shared<Target>();
  CLI::App* add_cmd = partition->add_subcommand("add", "Add one partition");
  add_cmd->add_option("DB.TABLE", add->table, "Qualified table name")->required();
  add_cmd->add_option("SPEC", add->spec, "Partition k1=v1/k2=v2")->required();
  add_cmd->add_option("--location", add->location,
                      "Location URI (default under the table's location)");
  add_cmd->callback([=] {
    *exit_code = ReportError(AddPartition(*client, add->table, add->spec, add->location));
  });

  auto drop = std::make_shared<Target>();
  CLI::App* drop_cmd = partition->add_subcommand("drop", "Drop one partition");
  drop_cmd->add_option("DB.TABLE", drop->table, "Qualified table name")->required();
  drop_cmd->add_option("SPEC", drop->spec, "Partition k1=v1/k2=v2")->required();
  drop_cmd->callback(
      [=] { *exit_code = ReportError(DropPartition(*client, drop->table, drop->spec)); });
}

}  // namespace almanac::tools
