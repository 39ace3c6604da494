#include "tools/almanac/password_file.h"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::tools {
namespace {

constexpr char kFailed[] = "authentication failed";

absl::Status InitSodium() {
  // Thread-safe and idempotent: 1 means already initialised.
  if (sodium_init() < 0) return absl::InternalError("libsodium could not be initialised");
  return absl::OkStatus();
}

bool HasSpaceOrColon(absl::string_view s) {
  for (char c : s) {
    if (c == ':' || absl::ascii_isspace(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

absl::Status LineError(absl::string_view source, int line, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("password file '", source, "' line ", line, ": ", what));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    if (error == ENOENT) {
      return absl::NotFoundError(absl::StrCat("password file '", path, "' not found"));
    }
    return absl::PermissionDeniedError(
        absl::StrCat("cannot read password file '", path, "': ", std::strerror(error)));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

absl::StatusOr<PasswordFile::Entries> PasswordFile::ParseEntries(std::string_view text,
                                                                 std::string_view source) {
  Entries entries;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(AbslView(text), '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::MaxSplits(':', 2));
    if (fields.size() < 2) {
      return LineError(AbslView(source), line_number, "expected NAME:HASH or NAME:HASH:GROUPS");
    }
    absl::string_view name = fields[0];
    absl::string_view hash = fields[1];
    if (name.empty() || HasSpaceOrColon(name)) {
      return LineError(AbslView(source), line_number,
                       "the user name is empty or contains white space");
    }
    if (!absl::StartsWith(hash, crypto_pwhash_argon2id_STRPREFIX) ||
        hash.size() >= crypto_pwhash_STRBYTES ||
        crypto_pwhash_str_needs_rehash(std::string(hash).c_str(),
                                       crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE) < 0) {
      return LineError(AbslView(source), line_number,
                       absl::StrCat("the hash of user '", name,
                                    "' is not an argon2id string (make one with `almanac auth "
                                    "hash-password`)"));
    }
    Entry entry{.hash = std::string(hash), .groups = {}};
    if (fields.size() == 3) {
      for (absl::string_view group : absl::StrSplit(fields[2], ',')) {
        group = absl::StripAsciiWhitespace(group);
        if (group.empty() || HasSpaceOrColon(group)) {
          return LineError(AbslView(source), line_number,
                           "a group name is empty or contains white space or ':'");
        }
        entry.groups.emplace_back(group);
      }
    }
    auto [it, inserted] = entries.emplace(std::string(name), std::move(entry));
    if (!inserted) {
      return LineError(AbslView(source), line_number,
                       absl::StrCat("user '", name, "' appears again"));
    }
  }
  return entries;
}

absl::StatusOr<std::unique_ptr<PasswordFile>> PasswordFile::Make(std::string path,
                                                                 std::string_view text,
                                                                 std::string_view source) {
  RETURN_IF_ERROR(InitSodium());
  ASSIGN_OR_RETURN(Entries entries, ParseEntries(text, source));
  // The dummy's password is random: nobody can log in as a missing user.
  unsigned char random[32];
  randombytes_buf(random, sizeof(random));
  ASSIGN_OR_RETURN(std::string dummy,
                   HashPassword(std::string_view(reinterpret_cast<char*>(random), sizeof(random))));
  return std::unique_ptr<PasswordFile>(
      new PasswordFile(std::move(path), std::move(entries), std::move(dummy)));
}

absl::StatusOr<std::unique_ptr<PasswordFile>> PasswordFile::Parse(std::string_view text,
                                                                  std::string_view source) {
  return Make(std::string(), text, source);
}

absl::StatusOr<std::unique_ptr<PasswordFile>> PasswordFile::Load(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return Make(path, text, path);
}

PasswordFile::PasswordFile(std::string path, Entries entries, std::string dummy_hash)
    : path_(std::move(path)),
      dummy_hash_(std::move(dummy_hash)),
      entries_(std::make_shared<const Entries>(std::move(entries))) {}

absl::Status PasswordFile::Reload() {
  if (path_.empty()) {
    return absl::FailedPreconditionError("this password list was not read from a file");
  }
  ASSIGN_OR_RETURN(std::string text, ReadFile(path_));
  ASSIGN_OR_RETURN(Entries entries, ParseEntries(text, path_));
  auto fresh = std::make_shared<const Entries>(std::move(entries));
  absl::MutexLock lock(&mu_);
  entries_ = std::move(fresh);
  return absl::OkStatus();
}

size_t PasswordFile::size() const {
  absl::MutexLock lock(&mu_);
  return entries_->size();
}

std::vector<std::pair<std::string, std::vector<std::string>>> PasswordFile::Users() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& [name, entry] : *entries_) out.emplace_back(name, entry.groups);
  return out;
}

absl::StatusOr<model::AuthenticatedUser> PasswordFile::Verify(std::string_view user,
                                                              std::string_view password) const {
  std::shared_ptr<const Entries> entries;
  {
    absl::MutexLock lock(&mu_);
    entries = entries_;
  }
  // The check runs outside the lock: it takes tens of milliseconds.
  auto it = entries->find(user);
  const std::string& hash = it == entries->end() ? dummy_hash_ : it->second.hash;
  {
    absl::MutexLock lock(&checks_mu_);
    auto has_room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(checks_mu_) {
      return checks_running_ < kMaxConcurrentChecks;
    };
    checks_mu_.Await(absl::Condition(&has_room));
    ++checks_running_;
  }
  const bool match = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  {
    absl::MutexLock lock(&checks_mu_);
    --checks_running_;
  }
  if (it == entries->end() || !match) return absl::UnauthenticatedError(kFailed);
  return model::AuthenticatedUser{.name = it->first, .groups = it->second.groups};
}

absl::StatusOr<std::string> HashPassword(std::string_view password) {
  if (password.empty()) return absl::InvalidArgumentError("the password is empty");
  RETURN_IF_ERROR(InitSodium());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return absl::ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(out);
}

absl::StatusOr<std::string> FormatPasswordLine(std::string_view user, std::string_view hash,
                                               const std::vector<std::string>& groups) {
  if (user.empty() || HasSpaceOrColon(AbslView(user))) {
    return absl::InvalidArgumentError("the user name is empty or contains white space or ':'");
  }
  for (const std::string& group : groups) {
    if (group.empty() || HasSpaceOrColon(group) || absl::StrContains(group, ',')) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid group name '", group, "': empty or contains white space, ':' or ','"));
    }
  }
  std::string line = absl::StrCat(AbslView(user), ":", AbslView(hash));
  if (!groups.empty()) absl::StrAppend(&line, ":", absl::StrJoin(groups, ","));
  return line;
}

}  // namespace almanac::tools
