// `almanac auth ...`: credential tools. They run locally and never call a
// server.
//
//   almanac auth new-token --principal NAME [--groups a,b] [--expires RFC3339]
//
// prints a fresh bearer token once on stdout (keep it: it is not stored
// anywhere) and the token file line holding its SHA-256 on stderr, so that
// `almanac auth new-token --principal alice >alice.token 2>>tokens` fills
// both files; with --json both go to stdout as one object.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "tools/almanac/commands.h"
#include "tools/almanac/token_file.h"

namespace almanac::tools {
namespace {

struct NewTokenFlags {
  std::string principal;
  std::string groups;
  std::string expires;
};

absl::Status NewTokenCommand(const ClientOptions& options, const NewTokenFlags& flags) {
  TokenIdentity identity{.principal = flags.principal};
  if (!flags.groups.empty()) {
    identity.groups = absl::StrSplit(flags.groups, ',');
  }
  if (absl::Status status = CheckTokenIdentity(identity); !status.ok()) {
    return UsageError(status.message());
  }
  std::optional<absl::Time> expires;
  if (!flags.expires.empty()) {
    absl::Time t;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, flags.expires, &t, &error)) {
      return UsageError(absl::StrCat("--expires '", flags.expires,
                                     "' is not an RFC 3339 time (e.g. 2027-01-31T00:00:00Z)"));
    }
    if (t <= absl::Now()) {
      return UsageError(absl::StrCat("--expires '", flags.expires, "' is in the past"));
    }
    expires = t;
  }
  const std::string token = NewToken();
  const std::string line = TokenFileLine(token, identity, expires);
  if (options.json) {
    nlohmann::ordered_json j = {
        {"principal", identity.principal},
        {"groups", identity.groups},
        {"expires", expires.has_value()
                        ? absl::FormatTime(absl::RFC3339_sec, *expires, absl::UTCTimeZone())
                        : std::string()},
        {"token", token},
        {"token_file_line", line}};
    PrintJson(j);
    return absl::OkStatus();
  }
  std::printf("%s\n", token.c_str());
  std::fflush(stdout);
  std::fprintf(stderr, "%s\n", line.c_str());
  return absl::OkStatus();
}

void AddNewTokenCommand(CLI::App* auth, const ClientOptions* client, int* exit_code) {
  auto flags = std::make_shared<NewTokenFlags>();
  CLI::App* cmd = auth->add_subcommand(
      "new-token",
      "Make a random bearer token for `almanac serve --grpc-auth token`: the token on stdout "
      "(shown once), its token file line on stderr");
  cmd->add_option("--principal", flags->principal, "User name, or role/NAME")->required();
  cmd->add_option("--groups", flags->groups, "Groups of the principal, comma-separated");
  cmd->add_option("--expires", flags->expires,
                  "When the token stops working, RFC 3339 (2027-01-31T00:00:00Z); "
                  "default: never");
  cmd->callback(
      [client, flags, exit_code] { *exit_code = ReportError(NewTokenCommand(*client, *flags)); });
}

}  // namespace

void RegisterAuthCommands(CLI::App* app, const ClientOptions* client, int* exit_code) {
  CLI::App* auth = app->add_subcommand("auth", "Make credentials (runs locally)");
  auth->require_subcommand(1);
  // One line per verb of the group.
  AddNewTokenCommand(auth, client, exit_code);
  AddHashPasswordCommand(auth, exit_code);
}

}  // namespace almanac::tools
