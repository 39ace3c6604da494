// `almanac migrate [--status] [--data-dir DIR]`.
//
// --status reports without changing anything: the catalog is opened
// read-only, which the store refuses when steps are pending; then the steps
// this binary knows are listed with "pending?" and the store's reason.
// Without --status, pending steps are applied (opening the store read-write
// applies them) and the resulting status is printed.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "migrations/migrations.h"
#include "storage/sqlite/sqlite_store.h"
#include "tools/almanac/commands.h"
#include "tools/almanac/server.h"

namespace almanac::tools {
namespace {

struct MigrateFlags {
  std::string data_dir;
  bool status_only = false;
};

void PrintSteps(const std::vector<storage::SchemaStep>& steps, const std::string& path,
                const std::string& note, bool json) {
  if (json) {
    nlohmann::ordered_json out;
    out["path"] = path;
    out["steps"] = nlohmann::ordered_json::array();
    int64_t pending = 0;
    for (const storage::SchemaStep& step : steps) {
      out["steps"].push_back({{"version", step.version},
                              {"name", step.name},
                              {"applied", step.applied},
                              {"applied_at", step.applied_at}});
      if (!step.applied) ++pending;
    }
    out["pending"] = pending;
    if (!note.empty()) out["note"] = note;
    PrintJson(out);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const storage::SchemaStep& step : steps) {
    rows.push_back({absl::StrCat(step.version), step.name, step.applied ? "applied" : "pending",
                    step.applied ? FormatTime(step.applied_at) : "-"});
  }
  std::printf("catalog: %s\n", path.c_str());
  PrintTable({"VERSION", "NAME", "STATE", "APPLIED AT"}, rows);
  if (!note.empty()) std::printf("%s\n", note.c_str());
}

std::vector<storage::SchemaStep> KnownStepsAllPending() {
  std::vector<storage::SchemaStep> steps;
  for (const migrations::Migration& m : migrations::AllMigrations()) {
    steps.push_back({.version = m.version, .name = std::string(m.name)});
  }
  return steps;
}

int RunMigrate(const MigrateFlags& flags, const ClientOptions& client) {
  const std::string data_dir = flags.data_dir.empty() ? DefaultDataDir() : flags.data_dir;
  const std::string path = CatalogPath(data_dir);
  if (flags.status_only) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      PrintSteps(KnownStepsAllPending(), path,
                 "the catalog file does not exist yet; `almanac serve` or `almanac migrate` "
                 "creates it and applies every step",
                 client.json);
      return kExitOk;
    }
    storage::SqliteStoreOptions options{.path = path, .read_only = true};
    absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::OpenSqliteStore(options);
    if (!store.ok()) {
      if (store.status().code() != absl::StatusCode::kFailedPrecondition) {
        return ReportError(store.status());
      }
      // Read-only opening refuses a file with pending steps (or one newer
      // than this binary); say so rather than migrate behind the user's back.
      PrintSteps(KnownStepsAllPending(), path,
                 absl::StrCat("could not read the applied steps without migrating (",
                              store.status().message(),
                              "); `almanac migrate` applies pending steps"),
                 client.json);
      return ExitCodeFor(store.status());
    }
    absl::StatusOr<std::vector<storage::SchemaStep>> steps = (*store)->SchemaStatus();
    if (!steps.ok()) return ReportError(steps.status());
    PrintSteps(*steps, path, "", client.json);
    return kExitOk;
  }
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return ReportError(absl::FailedPreconditionError(
        absl::StrCat("cannot create data directory '", data_dir, "': ", ec.message())));
  }
  // Opening read-write applies every pending step, each in its own transaction.
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::OpenSqliteStore(storage::SqliteStoreOptions{.path = path});
  if (!store.ok()) return ReportError(store.status());
  absl::StatusOr<std::vector<storage::SchemaStep>> steps = (*store)->SchemaStatus();
  if (!steps.ok()) return ReportError(steps.status());
  PrintSteps(*steps, path, "", client.json);
  return kExitOk;
}

}  // namespace

void RegisterMigrateCommand(CLI::App* app, const ClientOptions* client, int* exit_code) {
  auto flags = std::make_shared<MigrateFlags>();
  CLI::App* migrate = app->add_subcommand(
      "migrate", "Apply pending schema migrations to the catalog file, or show them (--status)");
  migrate->add_flag("--status", flags->status_only,
                    "Only list applied and pending steps; changes nothing");
  migrate->add_option("--data-dir", flags->data_dir,
                      absl::StrCat("Directory holding catalog.db (default ", DefaultDataDir(), ")"));
  migrate->callback(
      [flags, client, exit_code] { *exit_code = RunMigrate(*flags, *client); });
}

}  // namespace almanac::tools
