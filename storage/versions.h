// VersionReader / VersionWriter: table history as one transaction sees it
// (ReadTransaction::versions(), WriteTransaction::versions()).
//
// Contract: a history (model::TableHistory) belongs to one table from the
// first version archived for it. It follows the table through renames (it
// is tied to the table, not to its name) and survives the table's deletion:
// TableWriter::DeleteTable detaches it in the same transaction, after which
// it is a dropped history, found by its id or by the table's last names,
// until DeleteHistory or ExpireDroppedHistories removes it. Version numbers
// run 1, 2, 3... per history and are never reused, not even after a delete.
// A stored version reads back exactly as written, the table's names included
// (a version from before a rename carries the old names).
//
// The SQLite backend stores a version in a few hundred bytes whatever the
// table's size: the storage descriptor is interned by content (shared with
// partitions and other versions), the rest of the definition but the
// parameters likewise, and the parameters as the keys that changed since
// the previous version (with a full copy every few versions).
//
// NotFound names the object ("table id 17 not found", "version 4 of table id
// 17 not found"); the service words the messages callers see. A writer
// method that fails leaves the transaction as it was before the call.
//
// Thread safety: as its transaction: one thread at a time.
#ifndef ALMANAC_STORAGE_VERSIONS_H_
#define ALMANAC_STORAGE_VERSIONS_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "catalog/model/table.h"
#include "catalog/model/table_version.h"

namespace almanac::storage {

class VersionReader {
 public:
  // The history of the existing table db.name; nullopt when the table has
  // none yet (created before histories were kept). NotFound when there is no
  // such table.
  virtual absl::StatusOr<std::optional<model::TableHistory>> LiveHistory(std::string_view db,
                                                                         std::string_view name) = 0;
  // Dropped histories whose table's last names were db.name (every dropped
  // table of `db` when `name` is empty), most recently dropped first.
  virtual absl::StatusOr<std::vector<model::TableHistory>> DroppedHistories(
      std::string_view db, std::string_view name) = 0;
  // NotFound: "table id 17 not found".
  virtual absl::StatusOr<model::TableHistory> GetHistory(int64_t history_id) = 0;

  // Up to `limit` versions older than `before` (0: from the newest), newest
  // first, without their definitions.
  virtual absl::StatusOr<std::vector<model::TableVersionInfo>> ListVersions(int64_t history_id,
                                                                            int64_t before,
                                                                            int64_t limit) = 0;
  // NotFound: "version 4 of table id 17 not found".
  virtual absl::StatusOr<model::TableVersion> GetVersion(int64_t history_id, int64_t version) = 0;

 protected:
  ~VersionReader() = default;
};

class VersionWriter : public VersionReader {
 public:
  // Stores `table` as the newest version of the history of the existing
  // table db.name (creating the history when it has none) with `info` (its
  // version field is ignored), then, when `keep` > 0, deletes the oldest
  // versions until at most `keep` remain. Returns the new version's number.
  // `table` may carry other names (a definition from before a rename).
  // NotFound when there is no such table.
  virtual absl::StatusOr<int64_t> AppendVersion(std::string_view db, std::string_view name,
                                                const model::TableVersionInfo& info,
                                                const model::Table& table, int64_t keep) = 0;
  // Replaces the newest version of that history with `table` and `info`,
  // keeping its number (Glue's SkipArchive: the definition it replaces is
  // not kept); appends when there is none. Returns the number.
  virtual absl::StatusOr<int64_t> ReplaceLatestVersion(std::string_view db, std::string_view name,
                                                       const model::TableVersionInfo& info,
                                                       const model::Table& table) = 0;
  // Deletes these versions. NotFound (and nothing deleted) when one of them
  // does not exist.
  virtual absl::Status DeleteVersions(int64_t history_id, absl::Span<const int64_t> versions) = 0;
  // Deletes the oldest versions until at most `keep` (>= 1) remain; returns
  // how many went.
  virtual absl::StatusOr<int64_t> PruneVersions(int64_t history_id, int64_t keep) = 0;

  // The existing table db.name (just created, without history) takes over
  // the dropped history `history_id`, which is live again. NotFound for
  // either; FailedPrecondition when the history is not dropped or the table
  // already has one.
  virtual absl::Status AttachHistory(int64_t history_id, std::string_view db,
                                     std::string_view name) = 0;
  // Records the drop of `dropped` (db.name), by info.principal at
  // info.time, on the history its deletion in this transaction detached.
  // A table that had no history gets a dropped one holding `dropped` as its
  // only version, so it too can be undropped.
  virtual absl::Status RecordDrop(const model::TableVersionInfo& info,
                                  const model::Table& dropped) = 0;
  // Deletes a dropped history with its versions. NotFound;
  // FailedPrecondition when its table exists.
  virtual absl::Status DeleteHistory(int64_t history_id) = 0;
  // Deletes the dropped histories dropped before `dropped_before` (seconds
  // since the epoch); returns how many.
  virtual absl::StatusOr<int64_t> ExpireDroppedHistories(int64_t dropped_before) = 0;

 protected:
  ~VersionWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_VERSIONS_H_
