// Registration of the `almanac` subcommands on a CLI11 app. Each Register*
// call adds one subcommand whose callback runs it and stores its exit code in
// *exit_code (see cli_support.h for the codes).
//
// Not thread-safe: called once from main().
#ifndef ALMANAC_TOOLS_ALMANAC_COMMANDS_H_
#define ALMANAC_TOOLS_ALMANAC_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "tools/almanac/cli_support.h"

namespace almanac::tools {

// `almanac serve`.
void RegisterServeCommand(CLI::App* app, int* exit_code);
// `almanac auth hash-password` (under the `auth` group of
// RegisterAuthCommands): makes password-file lines (no server).
void AddHashPasswordCommand(CLI::App* auth, int* exit_code);
// `almanac migrate [--status]`. Shares --json with the admin verbs.
void RegisterMigrateCommand(CLI::App* app, const ClientOptions* client, int* exit_code);
// `almanac db ...`, `almanac table ...`, `almanac partition ...`: admin verbs
// over gRPC using `client` (filled by the global --server/--json flags).
void RegisterDatabaseCommands(CLI::App* app, const ClientOptions* client, int* exit_code);
void RegisterTableCommands(CLI::App* app, const ClientOptions* client, int* exit_code);
void RegisterPartitionCommands(CLI::App* app, const ClientOptions* client, int* exit_code);
// `almanac auth ...`: credential tools that run locally, never calling a
// server (`auth new-token`; more verbs join the group in auth_commands.cc).
void RegisterAuthCommands(CLI::App* app, const ClientOptions* client, int* exit_code);
// The history verbs under `almanac table` (versions, diff, restore, undrop,
// rm-version, purge-history, dropped); RegisterTableCommands calls it.
void RegisterTableVersionCommands(CLI::App* table, const ClientOptions* client, int* exit_code);
// `almanac policy ...` and `almanac audit ...`: policies, the simulator,
// who-can and the audit trail over gRPC.
void RegisterPolicyCommands(CLI::App* app, const ClientOptions* client, int* exit_code);
// `almanac registry ...` and `almanac schema ...` (registry_commands.cc).
void RegisterRegistryCommands(CLI::App* app, const ClientOptions* client, int* exit_code);
// `almanac crawler ...` (crawler_commands.cc) and `almanac classifier ...`
// (classifier_commands.cc): crawler definitions and runs, custom classifiers.
void RegisterCrawlerCommands(CLI::App* app, const ClientOptions* client, int* exit_code);
void RegisterClassifierCommands(CLI::App* app, const ClientOptions* client, int* exit_code);
// `table show DB.T --version N`: one version, printed with `print_table`.
absl::Status ShowTableVersion(const ClientOptions& options, const std::string& qualified,
                              const std::string& version, int64_t table_id,
                              void (*print_table)(const v1::Table&));

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_COMMANDS_H_
