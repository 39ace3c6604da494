#include "storage/sqlite/sqlite_transaction.h"

#include <utility>

#include "common/status_macros.h"

namespace almanac::storage::sqlite {

absl::StatusOr<std::unique_ptr<SqliteTransaction>> SqliteTransaction::Begin(
    Connection* conn, bool writable, std::function<void()> release, ReadCache* read_cache) {
  auto txn = std::unique_ptr<SqliteTransaction>(
      new SqliteTransaction(conn, writable, std::move(release), writable ? nullptr : read_cache));
  absl::Status status = conn->Exec(writable ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!status.ok()) {
    txn->core_.set_ended();  // nothing to roll back
    return status;           // the destructor still releases the connection
  }
  if (!writable) {
    // A deferred transaction takes its snapshot at the first read; read now so
    // the snapshot is the state at BeginRead, not at the first query.
    ASSIGN_OR_RETURN(Statement stmt, conn->Prepare("SELECT count(*) FROM schema_migrations"));
    RETURN_IF_ERROR(stmt.Step().status());
    if (txn->core_.read_cache() != nullptr) txn->core_.read_cache()->Validate(conn->DataVersion());
  }
  return txn;
}

SqliteTransaction::~SqliteTransaction() { End(); }

void SqliteTransaction::End() {
  if (!core_.ended()) {
    core_.set_ended();
    // A write transaction that was not committed is rolled back; a read
    // transaction has nothing to keep.
    (void)core_.conn()->Exec("ROLLBACK");
  }
  if (release_) {
    auto release = std::move(release_);
    release_ = nullptr;
    release();
  }
}

absl::Status SqliteTransaction::Commit() {
  RETURN_IF_ERROR(core_.CheckWritable());
  absl::Status status = core_.conn()->Exec("COMMIT");
  if (!status.ok()) {
    // After a failed COMMIT SQLite may still hold the transaction open; end it
    // so that nothing of it is applied.
    (void)core_.conn()->Exec("ROLLBACK");
  }
  core_.set_ended();
  End();  // hands the writer slot back at once
  return status;
}

}  // namespace almanac::storage::sqlite
