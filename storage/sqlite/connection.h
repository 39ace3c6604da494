// Thin RAII wrappers over one SQLite connection and its prepared statements,
// plus the mapping of SQLite result codes to absl::Status. Only the sqlite
// backend includes this header.
//
// Connection caches prepared statements by SQL text so hot paths (partition
// inserts, lookups by name) compile their SQL once per connection. Statement
// is a borrowed handle: its destructor resets the statement and clears its
// bindings, returning it to the cache.
//
// Thread safety: a Connection and its Statements are used by one thread at a
// time; the store hands each connection to one transaction.
#ifndef ALMANAC_STORAGE_SQLITE_CONNECTION_H_
#define ALMANAC_STORAGE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {

// Maps a failing SQLite result code to a Status. `what` names the operation or
// object ("database file '/x.db'"); SQLite's generic code text is appended,
// never the SQL. BUSY/LOCKED -> Aborted, CORRUPT/NOTADB -> DataLoss, FULL ->
// ResourceExhausted, READONLY/CANTOPEN/PERM -> FailedPrecondition,
// anything else -> Internal.
absl::Status SqliteStatus(int rc, std::string_view what);

class Connection;

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binders take 1-based parameter indexes. A failed bind is remembered and
  // reported by the next Step()/Run().
  void BindInt(int index, int64_t value);
  void BindDouble(int index, double value);
  void BindText(int index, std::string_view value);
  void BindNull(int index);

  // true when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Steps to completion, ignoring rows.
  absl::Status Run();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  std::string_view Text(int column) const;
  int ColumnType(int column) const;  // SQLITE_INTEGER, SQLITE_FLOAT, ...
  // The extended result code of the last failed Step(), e.g. to tell a
  // uniqueness violation (SQLITE_CONSTRAINT_UNIQUE) from other failures.
  int last_error() const { return last_error_; }

  sqlite3_stmt* raw() const { return stmt_; }

 private:
  friend class Connection;
  Statement(Connection* conn, sqlite3_stmt* stmt, bool owned, bool* in_use);

  Connection* conn_;
  sqlite3_stmt* stmt_;
  bool owned_;    // not cached: finalized on destruction
  bool* in_use_;  // the cache entry's busy flag, or nullptr
  int bind_error_ = SQLITE_OK;
  int last_error_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens `path` with SQLite open `flags` (SQLITE_OPEN_READONLY, ...) and the
  // busy timeout applied. FailedPrecondition when the file cannot be opened;
  // DataLoss when it is not a database.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path, int flags,
                                                          absl::Duration busy_timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows we need.
  absl::Status Exec(std::string_view sql);
  // A statement for `sql`, from the cache when possible. A statement already
  // in use (a nested use of the same SQL) gets a private uncached copy.
  absl::StatusOr<Statement> Prepare(std::string_view sql);

  int64_t LastInsertRowId() const;
  int64_t Changes() const;

  // The main database file's data version as this connection sees it
  // (SQLITE_FCNTL_DATA_VERSION): it changes with every commit, by this
  // connection or any other, in this process or another, once this
  // connection has started a read transaction after that commit.
  uint32_t DataVersion() const;

  sqlite3* db() const { return db_; }
  const std::string& path() const { return path_; }
  // "database file '<path>'", the subject of errors the operator sees (opening
  // the file, migrating it).
  std::string Describe() const;
  // The subject of errors on an open connection (preparing, stepping), which
  // reach remote clients: it names no server file path.
  static constexpr std::string_view kClientSubject = "catalog database";

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  // Caps the cache: filter-shaped scan SQL varies, hot SQL does not.
  static constexpr size_t kMaxCachedStatements = 256;

  sqlite3* db_;
  std::string path_;
  absl::flat_hash_map<std::string, std::unique_ptr<CachedStatement>> cache_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_CONNECTION_H_
