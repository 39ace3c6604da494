// Schema migrations of a SQLite catalog file: reading the recorded version,
// refusing files newer than this binary, and applying the embedded steps of
// migrations/migrations.h, each in its own transaction together with its row
// in `schema_migrations` (version, name, applied_at), so a step is either fully
// applied and recorded or not at all.
//
// Thread safety: functions act on the connection they are given, which the
// caller uses from one thread.
#ifndef ALMANAC_STORAGE_SQLITE_MIGRATOR_H_
#define ALMANAC_STORAGE_SQLITE_MIGRATOR_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

// The highest version this binary knows.
int LatestSchemaVersion();

// The highest version recorded in the file; 0 for a file without
// schema_migrations (new or empty). Reads only. DataLoss for a file that is not
// a database.
absl::StatusOr<int> ReadSchemaVersion(Connection& conn);

// FailedPrecondition when `recorded` is newer than LatestSchemaVersion():
// "database file '<path>' has schema version 7 but this almanac supports up to
// 2; upgrade almanac".
absl::Status CheckSchemaNotNewer(int recorded, const Connection& conn);

// Applies pending steps with version <= `up_to` (0: all), each in one
// IMMEDIATE transaction that re-checks the version first (another process may
// have migrated meanwhile). Aborted when the file stays locked past the busy
// timeout; FailedPrecondition as above.
absl::Status ApplyMigrations(Connection& conn, int up_to);

// Every step this binary knows, with those recorded in the file marked applied.
absl::StatusOr<std::vector<SchemaStep>> ReadSchemaSteps(Connection& conn);

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_MIGRATOR_H_
