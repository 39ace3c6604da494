// `almanac table versions|diff|restore|undrop|rm-version|purge-history|dropped`
// and `table show --version`: table history over gRPC.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "tools/almanac/commands.h"

namespace almanac::tools {
namespace {

// Options shared by the verbs that address a table's history.
struct Target {
  std::string table;    // DB.TABLE
  int64_t table_id = 0;  // --id: a dropped table's id
};

template <typename Request>
absl::Status Fill(const Target& target, Request* request) {
  ASSIGN_OR_RETURN(auto name, SplitTableName(target.table));
  request->set_database(name.first);
  request->set_table(name.second);
  if constexpr (requires { request->set_table_id(int64_t{0}); }) {
    request->set_table_id(target.table_id);
  }
  return absl::OkStatus();
}

std::string FrontEndText(v1::FrontEnd front_end) {
  switch (front_end) {
    case v1::FRONT_END_GRPC: return "grpc";
    case v1::FRONT_END_THRIFT: return "thrift";
    case v1::FRONT_END_CLI: return "cli";
    case v1::FRONT_END_INTERNAL: return "internal";
    default: return "-";
  }
}

std::string HistoryLine(const v1::TableHistory& h) {
  std::string line = absl::StrCat(h.database(), ".", h.name(), " (table id ", h.table_id(), ")");
  if (h.dropped()) {
    absl::StrAppend(&line, ", dropped ", FormatTime(h.dropped_time()), " by ",
                    h.dropped_by().empty() ? "-" : h.dropped_by(),
                    "; `almanac table undrop ", h.database(), ".", h.name(),
                    "` brings it back");
  }
  return line;
}

// Colour only for a person at a terminal (and never with NO_COLOR set).
struct Palette {
  const char* add = "";
  const char* remove = "";
  const char* change = "";
  const char* reset = "";
};

Palette PaletteForStdout() {
  if (!isatty(STDOUT_FILENO) || std::getenv("NO_COLOR") != nullptr) return {};
  return {"\033[32m", "\033[31m", "\033[33m", "\033[0m"};
}

absl::Status ListVersions(const ClientOptions& options, const Target& target, int64_t limit) {
  v1::ListTableVersionsRequest request;
  RETURN_IF_ERROR(Fill(target, &request));
  CatalogClient client(options);
  v1::TableHistory history;
  std::vector<v1::TableVersionInfo> versions;
  do {
    if (limit > 0) request.set_page_size(std::min<int64_t>(100, limit - versions.size()));
    v1::ListTableVersionsResponse response;
    RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::ListTableVersions, request, &response));
    history = response.history();
    versions.insert(versions.end(), response.versions().begin(), response.versions().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() &&
           (limit <= 0 || static_cast<int64_t>(versions.size()) < limit));
  if (options.json) {
    nlohmann::ordered_json out = {{"history", MessageToJson(history)},
                                  {"versions", nlohmann::ordered_json::array()}};
    for (const auto& v : versions) out["versions"].push_back(MessageToJson(v));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::printf("%s\n", HistoryLine(history).c_str());
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : versions) {
    rows.push_back({v.version_id(), FormatTime(v.time()), v.principal(),
                    FrontEndText(v.front_end()), v.summary()});
  }
  PrintTable({"VERSION", "TIME", "PRINCIPAL", "VIA", "SUMMARY"}, rows);
  if (!request.page_token().empty()) {
    std::printf("(%lld newest of %lld versions; --limit 0 lists all)\n",
                static_cast<long long>(versions.size()),
                static_cast<long long>(history.version_count()));
  }
  return absl::OkStatus();
}

void PrintChange(const v1::TableChange& c, const Palette& p) {
  const std::string& kind = c.kind();
  const bool added = kind.find("_added") != std::string::npos;
  const bool removed = kind.find("_removed") != std::string::npos;
  const char* colour = added ? p.add : removed ? p.remove : p.change;
  const char* mark = added ? "+" : removed ? "-" : "~";
  std::printf("%s%s %s%s\n", colour, mark, c.text().c_str(), p.reset);
}

absl::Status Diff(const ClientOptions& options, const Target& target, const std::string& from,
                  const std::string& to) {
  v1::DiffTableVersionsRequest request;
  RETURN_IF_ERROR(Fill(target, &request));
  request.set_from_version_id(from);
  request.set_to_version_id(to);
  CatalogClient client(options);
  v1::DiffTableVersionsResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::DiffTableVersions, request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response));
    return absl::OkStatus();
  }
  const std::string to_text = to.empty() ? absl::StrCat("current (version ",
                                                        response.to().version_id().empty()
                                                            ? "-"
                                                            : response.to().version_id(),
                                                        ")")
                                         : absl::StrCat("version ", to);
  std::printf("%s.%s: version %s -> %s\n", response.history().database().c_str(),
              response.history().name().c_str(), from.c_str(), to_text.c_str());
  if (response.changes().empty()) {
    std::printf("no change\n");
    return absl::OkStatus();
  }
  const Palette palette = PaletteForStdout();
  for (const v1::TableChange& c : response.changes()) PrintChange(c, palette);
  return absl::OkStatus();
}

absl::Status Restore(const ClientOptions& options, const Target& target,
                     const std::string& version) {
  v1::RestoreTableVersionRequest request;
  RETURN_IF_ERROR(Fill(target, &request));
  request.set_version_id(version);
  CatalogClient client(options);
  v1::RestoreTableVersionResponse response;
  RETURN_IF_ERROR(
      client.Call(&v1::CatalogService::Stub::RestoreTableVersion, request, &response));
  if (options.json) {
    PrintJson({{"table", target.table}, {"restored_version", version}});
  } else {
    std::printf("restored table '%s' to version %s (the restore is a new version)\n",
                target.table.c_str(), version.c_str());
  }
  return absl::OkStatus();
}

absl::Status Undrop(const ClientOptions& options, const Target& target) {
  v1::UndropTableRequest request;
  RETURN_IF_ERROR(Fill(target, &request));
  CatalogClient client(options);
  v1::UndropTableResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::UndropTable, request, &response));
  if (options.json) {
    PrintJson({{"table", MessageToJson(response.table())},
               {"history", MessageToJson(response.history())}});
  } else {
    std::printf("undropped table '%s' (table id %lld, now at version %s); its definition is "
                "back, its partitions and statistics are not\n",
                target.table.c_str(), static_cast<long long>(response.history().table_id()),
                response.history().latest_version_id().c_str());
  }
  return absl::OkStatus();
}

absl::Status RemoveVersions(const ClientOptions& options, const Target& target,
                            const std::vector<std::string>& versions) {
  CatalogClient client(options);
  if (versions.size() == 1) {
    v1::DeleteTableVersionRequest request;
    RETURN_IF_ERROR(Fill(target, &request));
    request.set_version_id(versions[0]);
    v1::DeleteTableVersionResponse response;
    RETURN_IF_ERROR(
        client.Call(&v1::CatalogService::Stub::DeleteTableVersion, request, &response));
  } else {
    v1::BatchDeleteTableVersionRequest request;
    RETURN_IF_ERROR(Fill(target, &request));
    for (const std::string& v : versions) request.add_version_ids(v);
    v1::BatchDeleteTableVersionResponse response;
    RETURN_IF_ERROR(
        client.Call(&v1::CatalogService::Stub::BatchDeleteTableVersion, request, &response));
  }
  if (options.json) {
    PrintJson({{"table", target.table}, {"deleted_versions", versions}});
  } else {
    std::printf("deleted version%s %s of table '%s'\n", versions.size() == 1 ? "" : "s",
                absl::StrJoin(versions, ", ").c_str(), target.table.c_str());
  }
  return absl::OkStatus();
}

absl::Status Purge(const ClientOptions& options, const Target& target) {
  v1::PurgeTableHistoryRequest request;
  RETURN_IF_ERROR(Fill(target, &request));
  CatalogClient client(options);
  v1::PurgeTableHistoryResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::PurgeTableHistory, request, &response));
  if (options.json) {
    PrintJson({{"table", target.table}, {"versions_deleted", response.versions_deleted()}});
  } else {
    std::printf("deleted %lld version(s) of table '%s'\n",
                static_cast<long long>(response.versions_deleted()), target.table.c_str());
  }
  return absl::OkStatus();
}

absl::Status Dropped(const ClientOptions& options, const std::string& db) {
  v1::ListDroppedTablesRequest request;
  request.set_database(db);
  CatalogClient client(options);
  v1::ListDroppedTablesResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::ListDroppedTables, request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response));
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::TableHistory& h : response.tables()) {
    rows.push_back({h.name(), absl::StrCat(h.table_id()), FormatTime(h.dropped_time()),
                    h.dropped_by(), absl::StrCat(h.version_count())});
  }
  PrintTable({"TABLE", "ID", "DROPPED", "BY", "VERSIONS"}, rows);
  return absl::OkStatus();
}

void AddTarget(CLI::App* cmd, Target* target) {
  cmd->add_option("DB.TABLE", target->table, "Qualified table name")->required();
  cmd->add_option("--id", target->table_id,
                  "Table id of a dropped table (from `table dropped` or `table versions`), "
                  "when several were dropped under the name");
}

}  // namespace

absl::Status ShowTableVersion(const ClientOptions& options, const std::string& qualified,
                              const std::string& version, int64_t table_id,
                              void (*print_table)(const v1::Table&)) {
  Target target{qualified, table_id};
  v1::GetTableVersionRequest request;
  RETURN_IF_ERROR(Fill(target, &request));
  request.set_version_id(version);
  CatalogClient client(options);
  v1::GetTableVersionResponse response;
  RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::GetTableVersion, request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response.version()));
    return absl::OkStatus();
  }
  const v1::TableVersionInfo& info = response.version().info();
  std::printf("version:        %s (%s by %s via %s)\n", info.version_id().c_str(),
              FormatTime(info.time()).c_str(), info.principal().c_str(),
              FrontEndText(info.front_end()).c_str());
  std::printf("summary:        %s\n", info.summary().c_str());
  print_table(response.version().table());
  return absl::OkStatus();
}

void RegisterTableVersionCommands(CLI::App* table, const ClientOptions* client, int* exit_code) {
  auto versions_target = std::make_shared<Target>();
  auto limit = std::make_shared<int64_t>(100);
  CLI::App* versions = table->add_subcommand(
      "versions", "List a table's versions, newest first (a dropped table's too)");
  AddTarget(versions, versions_target.get());
  versions->add_option("--limit", *limit, "Newest versions to list; 0 lists all")
      ->capture_default_str();
  versions->callback(
      [=] { *exit_code = ReportError(ListVersions(*client, *versions_target, *limit)); });

  auto diff_target = std::make_shared<Target>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  CLI::App* diff = table->add_subcommand(
      "diff", "What changed from version A to version B (default: the current definition)");
  AddTarget(diff, diff_target.get());
  diff->add_option("A", *from, "Older version")->required();
  diff->add_option("B", *to, "Newer version (default: current)");
  diff->callback([=] { *exit_code = ReportError(Diff(*client, *diff_target, *from, *to)); });

  auto restore_target = std::make_shared<Target>();
  auto restore_version = std::make_shared<std::string>();
  CLI::App* restore = table->add_subcommand(
      "restore", "Make a table equal to one of its versions again (itself a new version)");
  restore->add_option("DB.TABLE", restore_target->table, "Qualified table name")->required();
  restore->add_option("VERSION", *restore_version, "Version to restore")->required();
  restore->callback(
      [=] { *exit_code = ReportError(Restore(*client, *restore_target, *restore_version)); });

  auto undrop_target = std::make_shared<Target>();
  CLI::App* undrop = table->add_subcommand(
      "undrop", "Bring a dropped table back (its definition; not its partitions)");
  AddTarget(undrop, undrop_target.get());
  undrop->callback([=] { *exit_code = ReportError(Undrop(*client, *undrop_target)); });

  auto rm_target = std::make_shared<Target>();
  auto rm_versions = std::make_shared<std::vector<std::string>>();
  CLI::App* rm = table->add_subcommand(
      "rm-version", "Delete versions (not the newest), all or none, at most 100");
  AddTarget(rm, rm_target.get());
  rm->add_option("VERSION", *rm_versions, "Versions to delete")->required();
  rm->callback([=] { *exit_code = ReportError(RemoveVersions(*client, *rm_target, *rm_versions)); });

  auto purge_target = std::make_shared<Target>();
  CLI::App* purge = table->add_subcommand(
      "purge-history",
      "Dropped table: delete its history (no undrop after). Existing table: delete every "
      "version but the current one");
  AddTarget(purge, purge_target.get());
  purge->callback([=] { *exit_code = ReportError(Purge(*client, *purge_target)); });

  auto dropped_db = std::make_shared<std::string>();
  CLI::App* dropped =
      table->add_subcommand("dropped", "List the dropped tables of a database that can be undropped");
  dropped->add_option("DB", *dropped_db, "Database name")->required();
  dropped->callback([=] { *exit_code = ReportError(Dropped(*client, *dropped_db)); });
}

}  // namespace almanac::tools
