#include "storage/sqlite/migrator.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "storage/sqlite/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "migrations/migrations.h"

namespace almanac::storage::sqlite {
namespace {

constexpr char kCreateSchemaMigrations[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL)";

absl::StatusOr<bool> HasMigrationsTable(Connection& conn) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn.Prepare("SELECT count(*) FROM sqlite_master"
                                " WHERE type = 'table' AND name = 'schema_migrations'"));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row && stmt.Int(0) > 0;
}

absl::Status ApplyOne(Connection& conn, const migrations::Migration& m) {
  RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
  auto body = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(int current, ReadSchemaVersion(conn));
    RETURN_IF_ERROR(CheckSchemaNotNewer(current, conn));
    if (current >= m.version) return absl::OkStatus();  // someone else applied it
    if (current != m.version - 1) {
      return absl::InternalError(StrCat(conn.Describe(), " is at schema version ", current,
                                              ", cannot apply step ", m.version));
    }
    RETURN_IF_ERROR(conn.Exec(kCreateSchemaMigrations));
    RETURN_IF_ERROR(conn.Exec(m.sql));
    ASSIGN_OR_RETURN(Statement insert,
                     conn.Prepare("INSERT INTO schema_migrations (version, name, applied_at)"
                                  " VALUES (?, ?, ?)"));
    insert.BindInt(1, m.version);
    insert.BindText(2, m.name);
    insert.BindInt(3, absl::ToUnixSeconds(absl::Now()));
    return insert.Run();
  };
  absl::Status status = body();
  if (!status.ok()) {
    (void)conn.Exec("ROLLBACK");
    return status;
  }
  status = conn.Exec("COMMIT");
  if (!status.ok()) (void)conn.Exec("ROLLBACK");
  return status;
}

}  // namespace

int LatestSchemaVersion() { return migrations::AllMigrations().back().version; }

absl::StatusOr<int> ReadSchemaVersion(Connection& conn) {
  ASSIGN_OR_RETURN(bool has_table, HasMigrationsTable(conn));
  if (!has_table) return 0;
  ASSIGN_OR_RETURN(Statement stmt,
                   conn.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? static_cast<int>(stmt.Int(0)) : 0;
}

absl::Status CheckSchemaNotNewer(int recorded, const Connection& conn) {
  if (recorded <= LatestSchemaVersion()) return absl::OkStatus();
  return absl::FailedPreconditionError(StrCat(
      conn.Describe(), " has schema version ", recorded, " but this almanac supports up to ",
      LatestSchemaVersion(), "; upgrade almanac"));
}

absl::Status ApplyMigrations(Connection& conn, int up_to) {
  for (const migrations::Migration& m : migrations::AllMigrations()) {
    if (up_to > 0 && m.version > up_to) break;
    RETURN_IF_ERROR(ApplyOne(conn, m));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SchemaStep>> ReadSchemaSteps(Connection& conn) {
  absl::flat_hash_map<int, int64_t> applied;
  ASSIGN_OR_RETURN(bool has_table, HasMigrationsTable(conn));
  if (has_table) {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn.Prepare("SELECT version, applied_at FROM schema_migrations"));
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      applied[static_cast<int>(stmt.Int(0))] = stmt.Int(1);
    }
  }
  std::vector<SchemaStep> steps;
  for (const migrations::Migration& m : migrations::AllMigrations()) {
    SchemaStep step;
    step.version = m.version;
    step.name = std::string(m.name);
    auto it = applied.find(m.version);
    step.applied = it != applied.end();
    step.applied_at = step.applied ? it->second : 0;
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace almanac::storage::sqlite
