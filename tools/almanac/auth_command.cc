// `almanac auth hash-password [--user NAME] [--groups a,b]`: reads a password
// from stdin (without echo when stdin is a terminal, asking twice) and prints
// the password-file line `NAME:HASH[:GROUPS]`, or the hash alone without
// --user. Talks to no server.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "tools/almanac/commands.h"
#include "tools/almanac/password_file.h"

namespace almanac::tools {
namespace {

struct HashPasswordFlags {
  std::string user;
  std::string groups;
};

// One line from stdin without its line ending; with `prompt` on stderr and
// echo off when stdin is a terminal. Nullopt at end of input.
std::optional<std::string> ReadSecretLine(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty) {
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputs("\n", stderr);
  }
  if (!got) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int RunHashPassword(const HashPasswordFlags& flags) {
  std::vector<std::string> groups;
  if (!flags.groups.empty()) groups = absl::StrSplit(flags.groups, ',');
  if (!flags.user.empty()) {
    // Checked before the password is asked for.
    absl::StatusOr<std::string> line = FormatPasswordLine(flags.user, "x", groups);
    if (!line.ok()) return ReportError(UsageError(line.status().message()));
  } else if (!groups.empty()) {
    return ReportError(UsageError("--groups needs --user"));
  }
  std::optional<std::string> password = ReadSecretLine("Password: ");
  if (!password.has_value() || password->empty()) {
    return ReportError(UsageError("no password on stdin"));
  }
  if (isatty(STDIN_FILENO) == 1) {
    std::optional<std::string> again = ReadSecretLine("Again: ");
    if (!again.has_value() || *again != *password) {
      return ReportError(UsageError("the passwords differ"));
    }
  }
  absl::StatusOr<std::string> hash = HashPassword(*password);
  password->assign(password->size(), '\0');
  if (!hash.ok()) return ReportError(hash.status());
  if (flags.user.empty()) {
    std::printf("%s\n", hash->c_str());
    return kExitOk;
  }
  absl::StatusOr<std::string> line = FormatPasswordLine(flags.user, *hash, groups);
  if (!line.ok()) return ReportError(line.status());
  std::printf("%s\n", line->c_str());
  return kExitOk;
}

}  // namespace

void AddHashPasswordCommand(CLI::App* auth, int* exit_code) {
  auto flags = std::make_shared<HashPasswordFlags>();
  CLI::App* hash = auth->add_subcommand(
      "hash-password",
      "Read a password from stdin and print a --password-file line NAME:HASH[:GROUPS] "
      "(argon2id, libsodium's interactive limits: 64 MiB, 2 passes)");
  hash->add_option("--user", flags->user, "User name (without it only the hash is printed)");
  hash->add_option("--groups", flags->groups, "Comma-separated groups of the user");
  hash->callback([flags, exit_code] { *exit_code = RunHashPassword(*flags); });
}

}  // namespace almanac::tools
