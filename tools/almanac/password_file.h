// PasswordFile: the users who may log in to the Hive Metastore front end with
// SASL PLAIN (`almanac serve --thrift-auth plain --password-file PATH`).
//
// One user per line, `NAME:HASH` or `NAME:HASH:group1,group2`; `#` starts a
// comment line, blank lines are skipped. HASH is an argon2id string as
// libsodium's crypto_pwhash_str writes it (`$argon2id$v=19$m=...`), made with
// `almanac auth hash-password`, which uses libsodium's INTERACTIVE limits
// (2 passes over 64 MiB: about 50-100 ms per check on a server core, and
// 64 MiB of memory while a check runs). A name may not contain ':' or
// white space, and appears once.
//
// Verify() costs the same whether the user exists or not (an unknown user is
// checked against a dummy hash made at load time), so the answer time does
// not tell which names exist; the comparison itself is libsodium's
// constant-time one. No message this class returns contains a hash or a
// password.
//
// At most kMaxConcurrentChecks checks run at once (each holds 64 MiB while
// it runs); further callers wait their turn, so a burst of logins, or of
// attempts with wrong passwords, cannot exhaust the server's memory.
//
// Thread safety: thread-safe. Verify() may run on many threads while
// Reload() swaps the entries.
#ifndef ALMANAC_TOOLS_ALMANAC_PASSWORD_FILE_H_
#define ALMANAC_TOOLS_ALMANAC_PASSWORD_FILE_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "catalog/model/authenticated_user.h"

namespace almanac::tools {

class PasswordFile {
 public:
  // Reads and parses `path`. NotFound when the file does not exist,
  // PermissionDenied when it cannot be read, InvalidArgument naming the line
  // number (never its hash) for a malformed line or a repeated name.
  static absl::StatusOr<std::unique_ptr<PasswordFile>> Load(const std::string& path);

  // Parses `text` as the contents of a password file; `source` names it in
  // messages. Same codes as Load.
  static absl::StatusOr<std::unique_ptr<PasswordFile>> Parse(std::string_view text,
                                                             std::string_view source);

  // Reads the file again (Load only) and replaces the entries if it parses;
  // on an error the old entries stay. FailedPrecondition for a parsed-only
  // instance; otherwise Load's codes.
  absl::Status Reload();

  // The user and its groups when `password` is the user's. Unauthenticated
  // "authentication failed" for an unknown user and for a wrong password
  // alike (the caller logs which user tried).
  absl::StatusOr<model::AuthenticatedUser> Verify(std::string_view user,
                                                  std::string_view password) const;

  size_t size() const;
  // Every user with its groups (for `almanac policy who-can`).
  std::vector<std::pair<std::string, std::vector<std::string>>> Users() const;

  static constexpr int kMaxConcurrentChecks = 4;

 private:
  struct Entry {
    std::string hash;
    std::vector<std::string> groups;
  };
  using Entries = std::map<std::string, Entry, std::less<>>;

  PasswordFile(std::string path, Entries entries, std::string dummy_hash);
  static absl::StatusOr<std::unique_ptr<PasswordFile>> Make(std::string path, std::string_view text,
                                                            std::string_view source);
  static absl::StatusOr<Entries> ParseEntries(std::string_view text, std::string_view source);

  const std::string path_;  // empty when made by Parse
  // A hash of a random password with the INTERACTIVE limits: what an unknown
  // user is checked against.
  const std::string dummy_hash_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Entries> entries_ ABSL_GUARDED_BY(mu_);
  mutable absl::Mutex checks_mu_;
  mutable int checks_running_ ABSL_GUARDED_BY(checks_mu_) = 0;
};

// An argon2id string for `password` (crypto_pwhash_str with
// crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE).
// InvalidArgument for an empty password; ResourceExhausted when the memory
// cannot be had.
absl::StatusOr<std::string> HashPassword(std::string_view password);

// "NAME:HASH" or "NAME:HASH:g1,g2". InvalidArgument when the name or a group
// is empty or contains ':', ',' (groups) or white space.
absl::StatusOr<std::string> FormatPasswordLine(std::string_view user, std::string_view hash,
                                               const std::vector<std::string>& groups);

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_PASSWORD_FILE_H_
