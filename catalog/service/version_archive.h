// VersionArchive: derives table history from change records, the one place
// where table versions are made. It runs as a change observer of the gate
// (gate.h), inside each write's transaction, so a version commits or rolls
// back with the change it records, whichever front end made it (Thrift
// alter_table*, gRPC UpdateTable, a rename, a restore, an undrop).
//
// Numbering follows Glue: every definition is a version and the current one
// is the newest. A created table starts its history (version 1, "created");
// each change (create_table, alter_table incl. renames) adds the new
// definition as the next version, whose summary says what changed
// (versions::Summarize), so the previous definition stays archived; a
// change recorded with archive = false (SkipArchive) replaces the newest
// version instead. A table that has no history yet (created before the
// history was kept) gets its previous definition archived first. A dropped
// table keeps its history (storage::VersionWriter::RecordDrop). Partition
// and statistics changes make no version, as in Glue.
//
// The cap: after each new version the oldest beyond `max_versions` go, in
// the same transaction. Stateless apart from its options; thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_VERSION_ARCHIVE_H_
#define ALMANAC_CATALOG_SERVICE_VERSION_ARCHIVE_H_

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "catalog/model/change_record.h"
#include "catalog/service/gate.h"

namespace almanac::service {

class VersionArchive final : public ChangeObserver {
 public:
  // `max_versions` <= 0: no cap. `now` gives seconds since the epoch (the
  // time of a drop).
  VersionArchive(int64_t max_versions, std::function<int64_t()> now)
      : max_versions_(max_versions), now_(std::move(now)) {}

  absl::Status BeforeCommit(storage::WriteTransaction& txn, const model::RequestContext& context,
                            absl::Span<const model::ChangeRecord> changes) override;

 private:
  const int64_t max_versions_;
  const std::function<int64_t()> now_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_VERSION_ARCHIVE_H_
