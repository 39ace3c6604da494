// SqliteVersions: table history of the SQLite store (VersionWriter), one
// object per transaction over its SqliteTransactionCore. The tables are in
// migrations/0006_table_versions.sql: a version is a row holding who made
// it, an interned shape (the definition without storage descriptor and
// parameters), an interned storage descriptor and the parameters whole or as
// a delta against the previous version, so an Iceberg commit, which moves
// two parameters, costs a few hundred bytes.
//
// Delta chains are at most kMaxDeltaChain long; deleting or pruning a
// version that another's delta is based on first stores that one whole.
//
// SqliteTables calls DetachHistory when it deletes a table, so a table row
// id SQLite reuses never inherits a dropped table's history.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_VERSIONS_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_VERSIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqliteVersions final : public VersionWriter {
 public:
  // A version's parameters are stored whole at least every this many.
  static constexpr int kMaxDeltaChain = 16;

  explicit SqliteVersions(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqliteVersions(const SqliteVersions&) = delete;
  SqliteVersions& operator=(const SqliteVersions&) = delete;

  // VersionReader.
  absl::StatusOr<std::optional<model::TableHistory>> LiveHistory(std::string_view db,
                                                                 std::string_view name) override;
  absl::StatusOr<std::vector<model::TableHistory>> DroppedHistories(std::string_view db,
                                                                    std::string_view name) override;
  absl::StatusOr<model::TableHistory> GetHistory(int64_t history_id) override;
  absl::StatusOr<std::vector<model::TableVersionInfo>> ListVersions(int64_t history_id,
                                                                    int64_t before,
                                                                    int64_t limit) override;
  absl::StatusOr<model::TableVersion> GetVersion(int64_t history_id, int64_t version) override;

  // VersionWriter.
  absl::StatusOr<int64_t> AppendVersion(std::string_view db, std::string_view name,
                                        const model::TableVersionInfo& info,
                                        const model::Table& table, int64_t keep) override;
  absl::StatusOr<int64_t> ReplaceLatestVersion(std::string_view db, std::string_view name,
                                               const model::TableVersionInfo& info,
                                               const model::Table& table) override;
  absl::Status DeleteVersions(int64_t history_id, absl::Span<const int64_t> versions) override;
  absl::StatusOr<int64_t> PruneVersions(int64_t history_id, int64_t keep) override;
  absl::Status AttachHistory(int64_t history_id, std::string_view db,
                             std::string_view name) override;
  absl::Status RecordDrop(const model::TableVersionInfo& info,
                          const model::Table& dropped) override;
  absl::Status DeleteHistory(int64_t history_id) override;
  absl::StatusOr<int64_t> ExpireDroppedHistories(int64_t dropped_before) override;

  // For SqliteTables::DeleteTable, inside its savepoint: the history of table
  // row `table_id` (if any) becomes a dropped one under db.name.
  absl::Status DetachHistory(int64_t table_id, std::string_view db, std::string_view name);

 private:
  // The history row of the existing table db.name, creating it when
  // `create`; nullopt when it has none and !create.
  absl::StatusOr<std::optional<int64_t>> LiveHistoryId(std::string_view db, std::string_view name,
                                                       bool create);
  absl::StatusOr<int64_t> InternShape(const model::Table& table);
  // The whole parameters of a version, following its delta chain; the
  // chain's length in *depth when not null.
  absl::StatusOr<model::Parameters> LoadParameters(int64_t history_id, int64_t version,
                                                   int* depth = nullptr);
  // Writes version `version` (new or replacing), its parameters as a delta
  // against the newest version below it when the chain allows.
  absl::Status WriteVersion(int64_t history_id, int64_t version,
                            const model::TableVersionInfo& info, const model::Table& table,
                            bool replace);
  // Stores the version whose delta is based on `version` whole, so that
  // `version` can go.
  absl::Status Unchain(int64_t history_id, int64_t version);
  absl::Status AdjustCount(int64_t history_id, int64_t delta);
  absl::StatusOr<model::TableHistory> ReadHistory(Statement& stmt);

  SqliteTransactionCore& core_;
  Connection* const conn_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_VERSIONS_H_
