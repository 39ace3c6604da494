// VersionService: table history (Glue's GetTableVersion(s),
// DeleteTableVersion, BatchDeleteTableVersion) and what Almanac builds on it:
// diffs between versions, restore, undrop, purge, the list of dropped
// tables, and the expiry of dropped tables' history. Versions are made by
// the gate's VersionArchive observer (version_archive.h), never here.
//
// Addressing: a table is named db.name. While a table of that name exists,
// the name means its history. When none exists, it means the most recently
// dropped table of that name; `table_id` (model::TableHistory::id, shown by
// ListDroppedTables and the versions listing) picks another dropped one, and
// must then belong to db.name. Version ids are Glue's: decimal strings of
// whole numbers from 1; the newest version is the table's current
// definition.
//
// Thread-safe. Every call goes through the gate (gate.h), one question each.
//
// Errors: NotFound naming the table and, for versions, the version
// ("version '12' of table 'sales.orders' not found (it has 3 versions, 1 to
// 4)"); InvalidArgument for more than 100 ids in a batch, a bad page token;
// FailedPrecondition for deleting the newest version, undropping over an
// existing table, purging a table's only version; PermissionDenied from the
// gate; Aborted when the writer slot could not be had.
#ifndef ALMANAC_CATALOG_SERVICE_VERSION_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_VERSION_SERVICE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/request_context.h"
#include "catalog/model/table.h"
#include "catalog/model/table_version.h"
#include "catalog/service/service_core.h"
#include "catalog/versions/table_diff.h"

namespace almanac::service {

// Which table's history a call means (see the header comment).
struct HistoryName {
  std::string database;
  std::string name;
  int64_t table_id = 0;  // 0: the table of that name, else the latest dropped one
};

struct VersionListing {
  model::TableHistory history;
  std::vector<model::TableVersionInfo> versions;  // newest first
  std::string next_page_token;
};

struct VersionDiff {
  model::TableHistory history;
  model::TableVersionInfo from;
  model::TableVersionInfo to;
  std::vector<versions::TableChange> changes;
  std::string summary;
};

struct UndropResult {
  model::Table table;
  model::TableHistory history;  // as it is after the undrop
};

// At most this many ids in one DeleteTableVersions call (Glue's
// BatchDeleteTableVersion) and versions in one page.
inline constexpr int64_t kMaxVersionBatch = 100;

class VersionService {
 public:
  explicit VersionService(ServiceCore* core) : core_(core) {}

  // One version; `version_id` empty: the newest (the current definition).
  absl::StatusOr<model::TableVersion> GetTableVersion(const model::RequestContext& ctx,
                                                      const HistoryName& table,
                                                      std::string_view version_id);
  // A page of versions, newest first (page_size 0 or above 100: 100).
  absl::StatusOr<VersionListing> ListTableVersions(const model::RequestContext& ctx,
                                                   const HistoryName& table,
                                                   std::string_view page_token,
                                                   int64_t page_size);
  // Deletes versions, all or none: Glue's DeleteTableVersion (one id) and
  // BatchDeleteTableVersion (`batch`, at most 100 ids). The newest version
  // cannot be deleted (FailedPrecondition).
  absl::Status DeleteTableVersions(const model::RequestContext& ctx, const HistoryName& table,
                                   const std::vector<std::string>& version_ids, bool batch);
  // What changed from version `from_id` to `to_id` (empty: the current
  // definition of a table, the newest version of a dropped one).
  absl::StatusOr<VersionDiff> DiffTableVersions(const model::RequestContext& ctx,
                                                const HistoryName& table,
                                                std::string_view from_id, std::string_view to_id);
  // Makes the existing table db.name equal to version `version_id` again,
  // which becomes a new version ("restored version N: ..."); history is
  // never rewritten. The table keeps its names, and its location when the
  // version is from before a rename. Returns the table as stored.
  absl::StatusOr<model::Table> RestoreTableVersion(const model::RequestContext& ctx,
                                                   std::string_view db, std::string_view name,
                                                   std::string_view version_id);
  // Re-creates a dropped table from the newest version of its history, which
  // it takes back (the undrop is its next version). Definition only: the
  // drop deleted its partitions, statistics and grants, and a managed
  // table's files if the drop asked for that. AlreadyExists when a table of
  // that name exists.
  absl::StatusOr<UndropResult> UndropTable(const model::RequestContext& ctx,
                                           const HistoryName& table);
  // For a dropped table: deletes its history (`table_id` 0: the histories of
  // every dropped table of that name), after which it cannot be undropped.
  // For an existing table: deletes every version but the newest. Returns the
  // number of versions deleted.
  absl::StatusOr<int64_t> PurgeTableHistory(const model::RequestContext& ctx,
                                            const HistoryName& table);
  // The dropped tables of `db` that still have history (`name` non-empty:
  // only those of that name), most recently dropped first.
  absl::StatusOr<std::vector<model::TableHistory>> ListDroppedTables(
      const model::RequestContext& ctx, std::string_view db, std::string_view name);
  // The server's maintenance: deletes the history of tables dropped before
  // `dropped_before` (seconds since the epoch). Returns how many.
  absl::StatusOr<int64_t> ExpireDroppedHistories(const model::RequestContext& ctx,
                                                 int64_t dropped_before);

 private:
  ServiceCore* core_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_VERSION_SERVICE_H_
