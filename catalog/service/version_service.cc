#include "catalog/service/version_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "catalog/service/page_token.h"
#include "catalog/service/service_internal.h"
#include "catalog/service/validation.h"
#include "catalog/versions/version_id.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

// The history a call means, with how messages name it.
struct Resolved {
  model::TableHistory history;
  bool table_exists = false;  // a table of that name exists and this is its history
  std::string display;        // "table 'db.t'" or "dropped table 'db.t' (id 7)"
};

std::string Display(const model::TableHistory& h) {
  if (h.dropped) {
    return absl::StrCat("dropped table '", QualifiedTableName(h.database, h.name), "' (id ", h.id,
                        ")");
  }
  return absl::StrCat("table '", QualifiedTableName(h.database, h.name), "'");
}

absl::StatusOr<Resolved> Resolve(storage::ReadTransaction* txn, const HistoryName& n) {
  const std::string db = model::ToLowerName(n.database);
  const std::string name = model::ToLowerName(n.name);
  const std::string qualified = QualifiedTableName(db, name);
  if (n.table_id != 0) {
    absl::StatusOr<model::TableHistory> h = txn->versions().GetHistory(n.table_id);
    if (absl::IsNotFound(h.status())) {
      return absl::NotFoundError(absl::StrCat("table id ", n.table_id, " not found"));
    }
    RETURN_IF_ERROR(h.status());
    if (h->database != db || h->name != name) {
      return absl::NotFoundError(absl::StrCat("table id ", n.table_id, " is not '", qualified,
                                              "' but '", QualifiedTableName(h->database, h->name),
                                              "'"));
    }
    return Resolved{*h, !h->dropped, Display(*h)};
  }
  absl::StatusOr<std::optional<model::TableHistory>> live = txn->versions().LiveHistory(db, name);
  if (live.ok()) {
    model::TableHistory h;
    if (live->has_value()) {
      h = **live;
    } else {  // created before history was kept: none yet
      h.database = db;
      h.name = name;
    }
    return Resolved{h, true, Display(h)};
  }
  if (!absl::IsNotFound(live.status())) return live.status();
  ASSIGN_OR_RETURN(std::vector<model::TableHistory> dropped,
                   txn->versions().DroppedHistories(db, name));
  if (dropped.empty()) return live.status();  // "table 'db.t' not found", or its database
  return Resolved{dropped.front(), false, Display(dropped.front())};
}

std::string Range(const model::TableHistory& h) {
  if (h.version_count == 0) return " (it has no versions yet)";
  if (h.version_count == 1) return absl::StrCat(" (it has 1 version, ", h.latest_version, ")");
  return absl::StrCat(" (it has ", h.version_count, " versions, ", h.oldest_version, " to ",
                      h.latest_version, ")");
}

absl::StatusOr<model::TableVersion> LoadVersion(storage::ReadTransaction* txn, const Resolved& r,
                                                std::string_view id_text) {
  std::optional<int64_t> id;
  if (id_text.empty()) {
    if (r.history.latest_version > 0) id = r.history.latest_version;
  } else {
    id = versions::ParseVersionId(id_text);
  }
  auto not_found = [&] {
    return absl::NotFoundError(
        absl::StrCat("version '", id_text.empty() ? std::string("latest") : std::string(id_text),
                     "' of ", r.display, " not found", Range(r.history)));
  };
  if (!id || r.history.id == 0) return not_found();
  absl::StatusOr<model::TableVersion> v = txn->versions().GetVersion(r.history.id, *id);
  if (absl::IsNotFound(v.status())) return not_found();
  return v;
}

}  // namespace

absl::StatusOr<model::TableVersion> VersionService::GetTableVersion(
    const model::RequestContext& ctx, const HistoryName& table, std::string_view version_id) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetTableVersion,
                                                     core_->arns().Table(table.database, table.name)));
  ASSIGN_OR_RETURN(Resolved r, Resolve(txn.get(), table));
  return LoadVersion(txn.get(), r, version_id);
}

absl::StatusOr<VersionListing> VersionService::ListTableVersions(const model::RequestContext& ctx,
                                                                 const HistoryName& table,
                                                                 std::string_view page_token,
                                                                 int64_t page_size) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetTableVersions,
                                                     core_->arns().Table(table.database, table.name)));
  ASSIGN_OR_RETURN(Resolved r, Resolve(txn.get(), table));
  VersionListing out;
  out.history = r.history;
  if (r.history.id == 0) return out;
  const std::string id = absl::StrCat(r.history.id);
  const uint64_t fingerprint =
      ListingFingerprint({"table_versions", r.history.database, r.history.name, id});
  ASSIGN_OR_RETURN(std::string after, DecodePageToken(page_token, fingerprint));
  int64_t before = 0;
  if (!after.empty()) {
    std::optional<int64_t> last = versions::ParseVersionId(after);
    if (!last) return absl::InvalidArgumentError("invalid page token");
    before = *last;
  }
  const int64_t size = EffectivePageSize(page_size, kMaxVersionBatch);
  ASSIGN_OR_RETURN(out.versions, txn->versions().ListVersions(r.history.id, before, size + 1));
  if (static_cast<int64_t>(out.versions.size()) > size) {
    out.versions.resize(size);
    out.next_page_token =
        EncodePageToken(fingerprint, versions::VersionIdString(out.versions.back().version));
  }
  return out;
}

absl::Status VersionService::DeleteTableVersions(const model::RequestContext& ctx,
                                                 const HistoryName& table,
                                                 const std::vector<std::string>& version_ids,
                                                 bool batch) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx,
                                       batch ? actions::kBatchDeleteTableVersion
                                             : actions::kDeleteTableVersion,
                                       core_->arns().Table(table.database, table.name)));
  if (version_ids.empty()) return absl::InvalidArgumentError("no version ids to delete");
  if (static_cast<int64_t>(version_ids.size()) > (batch ? kMaxVersionBatch : 1)) {
    return absl::InvalidArgumentError(
        batch ? absl::StrCat("at most ", kMaxVersionBatch, " versions can be deleted at once, not ",
                             version_ids.size())
              : "DeleteTableVersion takes one version id; use BatchDeleteTableVersion");
  }
  ASSIGN_OR_RETURN(Resolved r, Resolve(txn.get(), table));
  std::vector<int64_t> ids;
  for (const std::string& text : version_ids) {
    ASSIGN_OR_RETURN(model::TableVersion v, LoadVersion(txn.get(), r, text));
    if (v.info.version == r.history.latest_version) {
      return absl::FailedPreconditionError(absl::StrCat(
          "version ", text, " is the newest version of ", r.display, " and cannot be deleted: ",
          r.table_exists ? "it is the table's current definition (restore another version "
                           "first, or drop the table)"
                         : "it is what undrop restores (purge-history deletes the whole history)"));
    }
    ids.push_back(v.info.version);
  }
  RETURN_IF_ERROR(txn->versions().DeleteVersions(r.history.id, ids));
  txn.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kDeleteTableVersions,
      .object = absl::StrCat(QualifiedTableName(r.history.database, r.history.name), " versions ",
                             absl::StrJoin(ids, ", "))});
  return txn.Commit();
}

absl::StatusOr<VersionDiff> VersionService::DiffTableVersions(const model::RequestContext& ctx,
                                                              const HistoryName& table,
                                                              std::string_view from_id,
                                                              std::string_view to_id) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetTableVersions,
                                                     core_->arns().Table(table.database, table.name)));
  ASSIGN_OR_RETURN(Resolved r, Resolve(txn.get(), table));
  ASSIGN_OR_RETURN(model::TableVersion from, LoadVersion(txn.get(), r, from_id));
  model::TableVersion to;
  if (to_id.empty() && r.table_exists) {
    // The current definition, which is the newest version.
    ASSIGN_OR_RETURN(to.table, txn->tables().GetTable(r.history.database, r.history.name));
    if (r.history.latest_version > 0) {
      ASSIGN_OR_RETURN(model::TableVersion latest, LoadVersion(txn.get(), r, ""));
      to.info = latest.info;
    }
  } else {
    ASSIGN_OR_RETURN(to, LoadVersion(txn.get(), r, to_id));
  }
  VersionDiff diff;
  diff.history = r.history;
  diff.from = from.info;
  diff.to = to.info;
  diff.changes = versions::DiffTables(from.table, to.table);
  diff.summary = versions::Summarize(diff.changes);
  return diff;
}

absl::StatusOr<model::Table> VersionService::RestoreTableVersion(const model::RequestContext& ctx,
                                                                 std::string_view db,
                                                                 std::string_view name,
                                                                 std::string_view version_id) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kUpdateTable,
                                                       core_->arns().Table(db, name)));
  const std::string lower_db = model::ToLowerName(db);
  const std::string lower_name = model::ToLowerName(name);
  absl::StatusOr<model::Table> current = txn->tables().GetTable(lower_db, lower_name);
  if (absl::IsNotFound(current.status())) {
    ASSIGN_OR_RETURN(std::vector<model::TableHistory> dropped,
                     txn->versions().DroppedHistories(lower_db, lower_name));
    if (!dropped.empty()) {
      return absl::NotFoundError(absl::StrCat(current.status().message(),
                                              " (it was dropped: undrop it first)"));
    }
  }
  RETURN_IF_ERROR(current.status());
  ASSIGN_OR_RETURN(Resolved r, Resolve(txn.get(), HistoryName{lower_db, lower_name, 0}));
  ASSIGN_OR_RETURN(model::TableVersion version, LoadVersion(txn.get(), r, version_id));

  model::Table restored = version.table;
  restored.database = current->database;
  restored.name = current->name;
  restored.create_time = current->create_time;
  restored.update_time = core_->NowSeconds();
  // A version from before a rename names the directory the rename moved the
  // data away from; the table stays where its data is.
  if (version.table.database != current->database || version.table.name != current->name) {
    restored.sd.location = current->sd.location;
  }
  if (restored.partition_keys != current->partition_keys) {
    ASSIGN_OR_RETURN(int64_t partitions,
                     txn->partitions().CountPartitions(lower_db, lower_name,
                                                       storage::PartitionFilter::True()));
    if (partitions > 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot restore version ", version.info.version, " of ", r.display,
          ": its partition keys differ from the table's and the table has ", partitions,
          partitions == 1 ? " partition" : " partitions"));
    }
  }
  RETURN_IF_ERROR(txn->tables().UpdateTable(restored));
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kAlterTable,
                                 .object = QualifiedTableName(lower_db, lower_name),
                                 .before = *std::move(current),
                                 .after = restored,
                                 .note = absl::StrCat("restored version ", version.info.version)});
  RETURN_IF_ERROR(txn.Commit());
  return restored;
}

absl::StatusOr<UndropResult> VersionService::UndropTable(const model::RequestContext& ctx,
                                                         const HistoryName& table) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kCreateTable,
                                                       core_->arns().Table(table.database, table.name)));
  const std::string db = model::ToLowerName(table.database);
  const std::string name = model::ToLowerName(table.name);
  const std::string qualified = QualifiedTableName(db, name);
  absl::StatusOr<model::Table> existing = txn->tables().GetTable(db, name);
  if (existing.ok()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "table '", qualified, "' exists; undrop needs its name free (rename or drop it first)"));
  }
  ASSIGN_OR_RETURN(model::Database database, txn->tables().GetDatabase(db));
  model::TableHistory history;
  if (table.table_id != 0) {
    ASSIGN_OR_RETURN(Resolved r, Resolve(txn.get(), HistoryName{db, name, table.table_id}));
    history = r.history;
  } else {
    ASSIGN_OR_RETURN(std::vector<model::TableHistory> dropped,
                     txn->versions().DroppedHistories(db, name));
    if (dropped.empty()) {
      return absl::NotFoundError(
          absl::StrCat("no dropped table '", qualified, "' with history to undrop"));
    }
    history = dropped.front();
  }
  const Resolved r{history, false, Display(history)};
  ASSIGN_OR_RETURN(model::TableVersion latest, LoadVersion(txn.get(), r, ""));
  model::Table restored = latest.table;
  restored.database = db;
  restored.name = name;
  restored.update_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->tables().CreateTable(restored));
  RETURN_IF_ERROR(txn->versions().AttachHistory(history.id, db, name));
  txn.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kCreateTable,
      .object = qualified,
      .after = restored,
      .note = absl::StrCat("undropped (version ", latest.info.version, ", dropped by ",
                           history.dropped_by.empty() ? "unknown" : history.dropped_by, ")")});
  RETURN_IF_ERROR(txn.Commit());
  if (restored.table_type == model::TableType::kManaged && !restored.sd.location.empty()) {
    core_->AfterCommit(core_->warehouse().MakeDirectory(restored.sd.location));
  }
  (void)database;
  // The undrop is the history's next version; the newest is never deleted,
  // so that is the newest plus one.
  history.dropped = false;
  history.dropped_time = 0;
  history.dropped_by.clear();
  history.version_count += 1;
  history.latest_version += 1;
  return UndropResult{std::move(restored), std::move(history)};
}

absl::StatusOr<int64_t> VersionService::PurgeTableHistory(const model::RequestContext& ctx,
                                                          const HistoryName& table) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kBatchDeleteTableVersion,
                                                       core_->arns().Table(table.database, table.name)));
  ASSIGN_OR_RETURN(Resolved r, Resolve(txn.get(), table));
  int64_t deleted = 0;
  if (r.table_exists) {
    if (r.history.id == 0 || r.history.version_count <= 1) return 0;
    ASSIGN_OR_RETURN(deleted, txn->versions().PruneVersions(r.history.id, 1));
  } else {
    std::vector<model::TableHistory> histories = {r.history};
    if (table.table_id == 0) {
      ASSIGN_OR_RETURN(histories, txn->versions().DroppedHistories(r.history.database,
                                                                   r.history.name));
    }
    for (const model::TableHistory& h : histories) {
      RETURN_IF_ERROR(txn->versions().DeleteHistory(h.id));
      deleted += h.version_count;
    }
  }
  txn.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kDeleteTableVersions,
      .object = absl::StrCat(QualifiedTableName(r.history.database, r.history.name),
                             r.table_exists ? " versions but the newest" : " history")});
  RETURN_IF_ERROR(txn.Commit());
  return deleted;
}

absl::StatusOr<std::vector<model::TableHistory>> VersionService::ListDroppedTables(
    const model::RequestContext& ctx, std::string_view db, std::string_view name) {
  const std::string lower_db = model::ToLowerName(db);
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetTables, core_->arns().Database(lower_db)));
  ASSIGN_OR_RETURN(std::vector<model::TableHistory> dropped,
                   txn->versions().DroppedHistories(lower_db, model::ToLowerName(name)));
  const internal::ItemFilter visible = internal::TableFilter(core_->gate(), ctx, lower_db);
  if (visible == nullptr) return dropped;
  std::vector<model::TableHistory> out;
  for (model::TableHistory& h : dropped) {
    if (visible(h.name)) out.push_back(std::move(h));
  }
  return out;
}

absl::StatusOr<int64_t> VersionService::ExpireDroppedHistories(const model::RequestContext& ctx,
                                                               int64_t dropped_before) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kExpireTableHistories,
                                                       core_->arns().Catalog()));
  ASSIGN_OR_RETURN(int64_t expired, txn->versions().ExpireDroppedHistories(dropped_before));
  if (expired == 0) return 0;
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kExpireTableHistories,
                                 .object = absl::StrCat(expired, " dropped tables")});
  RETURN_IF_ERROR(txn.Commit());
  return expired;
}

}  // namespace almanac::service
