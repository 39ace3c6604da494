#include "storage/sqlite/sqlite_versions.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "storage/sqlite/json_codec.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

using nlohmann::json;

constexpr char kHistoryColumns[] =
    "SELECT h.id, h.db_name, h.table_name, h.table_id IS NULL, h.dropped_time, h.dropped_by,"
    " h.version_count,"
    " (SELECT max(version) FROM table_versions WHERE history_id = h.id),"
    " (SELECT min(version) FROM table_versions WHERE history_id = h.id)"
    " FROM table_histories h";

std::string HistoryName(int64_t id) { return StrCat("table id ", id); }

std::string VersionName(int64_t history_id, int64_t version) {
  return StrCat("version ", version, " of table id ", history_id);
}

// The shape: the definition without what is stored elsewhere (storage
// descriptor, parameters) or per version (the update time), behind its names.
std::string ShapeBody(const model::Table& table) {
  model::Table shape = table;
  shape.sd = {};
  shape.parameters.clear();
  shape.update_time = 0;
  return StrCat(table.database, "\n", table.name, "\n", TableToJson(shape));
}

absl::StatusOr<model::Table> TableFromShape(std::string_view body, std::string_view what) {
  const size_t a = body.find('\n');
  const size_t b = a == std::string_view::npos ? a : body.find('\n', a + 1);
  if (b == std::string_view::npos) return absl::DataLossError(StrCat(what, " is corrupt"));
  return TableFromJson(body.substr(b + 1), body.substr(0, a), body.substr(a + 1, b - a - 1));
}

// {"key": "value"} sets, {"key": null} removes. "" when nothing changed.
std::string DeltaToJson(const model::Parameters& base, const model::Parameters& next) {
  json delta = json::object();
  for (const auto& [key, value] : next) {
    auto it = base.find(key);
    if (it == base.end() || it->second != value) delta[key] = value;
  }
  for (const auto& [key, value] : base) {
    if (!next.count(key)) delta[key] = nullptr;
  }
  return delta.empty() ? "" : delta.dump();
}

absl::Status ApplyDelta(std::string_view text, std::string_view what, model::Parameters* params) {
  json delta = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!delta.is_object()) return absl::DataLossError(StrCat(what, " has corrupt parameters"));
  for (auto& [key, value] : delta.items()) {
    if (value.is_null()) {
      params->erase(key);
    } else if (value.is_string()) {
      (*params)[key] = value.get<std::string>();
    } else {
      return absl::DataLossError(StrCat(what, " has corrupt parameters"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

// ---- histories ----

absl::StatusOr<model::TableHistory> SqliteVersions::ReadHistory(Statement& stmt) {
  model::TableHistory h;
  h.id = stmt.Int(0);
  h.database = std::string(stmt.Text(1));
  h.name = std::string(stmt.Text(2));
  h.dropped = stmt.Int(3) != 0;
  h.dropped_time = stmt.IsNull(4) ? 0 : stmt.Int(4);
  h.dropped_by = stmt.IsNull(5) ? "" : std::string(stmt.Text(5));
  h.version_count = stmt.Int(6);
  h.latest_version = stmt.IsNull(7) ? 0 : stmt.Int(7);
  h.oldest_version = stmt.IsNull(8) ? 0 : stmt.Int(8);
  return h;
}

absl::StatusOr<std::optional<model::TableHistory>> SqliteVersions::LiveHistory(
    std::string_view db, std::string_view name) {
  ASSIGN_OR_RETURN(TableRef ref, core_.LoadTable(db, name));
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kHistoryColumns, " WHERE h.table_id = ?")));
  stmt.BindInt(1, ref.id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<model::TableHistory>();
  ASSIGN_OR_RETURN(model::TableHistory h, ReadHistory(stmt));
  return std::optional<model::TableHistory>(std::move(h));
}

absl::StatusOr<std::vector<model::TableHistory>> SqliteVersions::DroppedHistories(
    std::string_view db, std::string_view name) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare(StrCat(kHistoryColumns,
                                         " INDEXED BY table_histories_dropped"
                                         " WHERE h.table_id IS NULL AND h.db_name = ?"
                                         " AND (? = '' OR h.table_name = ?)"
                                         " ORDER BY h.dropped_time DESC, h.id DESC")));
  stmt.BindText(1, db);
  stmt.BindText(2, name);
  stmt.BindText(3, name);
  std::vector<model::TableHistory> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(model::TableHistory h, ReadHistory(stmt));
    out.push_back(std::move(h));
  }
  return out;
}

absl::StatusOr<model::TableHistory> SqliteVersions::GetHistory(int64_t history_id) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kHistoryColumns, " WHERE h.id = ?")));
  stmt.BindInt(1, history_id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat(HistoryName(history_id), " not found"));
  return ReadHistory(stmt);
}

absl::StatusOr<std::optional<int64_t>> SqliteVersions::LiveHistoryId(std::string_view db,
                                                                     std::string_view name,
                                                                     bool create) {
  ASSIGN_OR_RETURN(TableRef ref, core_.LoadTable(db, name));
  {
    ASSIGN_OR_RETURN(Statement find,
                     conn_->Prepare("SELECT id FROM table_histories WHERE table_id = ?"));
    find.BindInt(1, ref.id);
    ASSIGN_OR_RETURN(bool row, find.Step());
    if (row) return std::optional<int64_t>(find.Int(0));
  }
  if (!create) return std::optional<int64_t>();
  ASSIGN_OR_RETURN(Statement insert,
                   conn_->Prepare("INSERT INTO table_histories (table_id, db_name, table_name)"
                                  " VALUES (?, ?, ?)"));
  insert.BindInt(1, ref.id);
  insert.BindText(2, db);
  insert.BindText(3, name);
  RETURN_IF_ERROR(insert.Run());
  return std::optional<int64_t>(conn_->LastInsertRowId());
}

absl::Status SqliteVersions::AdjustCount(int64_t history_id, int64_t delta) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("UPDATE table_histories SET version_count = version_count + ?"
                                  " WHERE id = ?"));
  stmt.BindInt(1, delta);
  stmt.BindInt(2, history_id);
  return stmt.Run();
}

// ---- reading versions ----

absl::StatusOr<std::vector<model::TableVersionInfo>> SqliteVersions::ListVersions(
    int64_t history_id, int64_t before, int64_t limit) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT version, time, principal, front_end, request_id, summary"
                                  " FROM table_versions WHERE history_id = ? AND version < ?"
                                  " ORDER BY version DESC LIMIT ?"));
  stmt.BindInt(1, history_id);
  stmt.BindInt(2, before > 0 ? before : std::numeric_limits<int64_t>::max());
  stmt.BindInt(3, limit > 0 ? limit : -1);
  std::vector<model::TableVersionInfo> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(model::TableVersionInfo{
        .version = stmt.Int(0),
        .time = stmt.Int(1),
        .principal = std::string(stmt.Text(2)),
        .front_end = static_cast<model::FrontEnd>(stmt.Int(3)),
        .request_id = std::string(stmt.Text(4)),
        .summary = std::string(stmt.Text(5))});
  }
  return out;
}

absl::StatusOr<model::Parameters> SqliteVersions::LoadParameters(int64_t history_id,
                                                                 int64_t version, int* depth) {
  // Newest first: the version's own delta, ..., the whole map.
  std::vector<std::optional<std::string>> chain;
  int64_t at = version;
  while (true) {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("SELECT params, params_base FROM table_versions"
                                    " WHERE history_id = ? AND version = ?"));
    stmt.BindInt(1, history_id);
    stmt.BindInt(2, at);
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      if (chain.empty()) return absl::NotFoundError(StrCat(VersionName(history_id, version), " not found"));
      return absl::DataLossError(StrCat(VersionName(history_id, version), " is based on ",
                                        VersionName(history_id, at), ", which is missing"));
    }
    chain.push_back(stmt.IsNull(0) ? std::nullopt : std::optional<std::string>(stmt.Text(0)));
    if (stmt.IsNull(1)) break;
    const int64_t base = stmt.Int(1);
    if (base >= at || chain.size() > kMaxDeltaChain + 1) {
      return absl::DataLossError(StrCat(VersionName(history_id, version), " has a corrupt chain"));
    }
    at = base;
  }
  if (depth != nullptr) *depth = static_cast<int>(chain.size()) - 1;
  const std::string what = VersionName(history_id, version);
  model::Parameters params;
  if (chain.back()) {
    ASSIGN_OR_RETURN(params, ParametersFromJson(*chain.back(), what));
  }
  for (int i = static_cast<int>(chain.size()) - 2; i >= 0; --i) {
    if (chain[i]) RETURN_IF_ERROR(ApplyDelta(*chain[i], what, &params));
  }
  return params;
}

absl::StatusOr<model::TableVersion> SqliteVersions::GetVersion(int64_t history_id,
                                                               int64_t version) {
  const std::string what = VersionName(history_id, version);
  model::TableVersion v;
  int64_t shape_id = 0, sd_id = 0;
  {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("SELECT time, principal, front_end, request_id, summary,"
                                    " shape_id, sd_id FROM table_versions"
                                    " WHERE history_id = ? AND version = ?"));
    stmt.BindInt(1, history_id);
    stmt.BindInt(2, version);
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return absl::NotFoundError(StrCat(what, " not found"));
    v.info = model::TableVersionInfo{.version = version,
                                     .time = stmt.Int(0),
                                     .principal = std::string(stmt.Text(1)),
                                     .front_end = static_cast<model::FrontEnd>(stmt.Int(2)),
                                     .request_id = std::string(stmt.Text(3)),
                                     .summary = std::string(stmt.Text(4))};
    shape_id = stmt.Int(5);
    sd_id = stmt.Int(6);
  }
  {
    ASSIGN_OR_RETURN(Statement shape, conn_->Prepare("SELECT body FROM version_shapes WHERE id = ?"));
    shape.BindInt(1, shape_id);
    ASSIGN_OR_RETURN(bool row, shape.Step());
    if (!row) return absl::DataLossError(StrCat(what, ": its shape is missing"));
    ASSIGN_OR_RETURN(v.table, TableFromShape(shape.Text(0), what));
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const model::StorageDescriptor> sd, core_.LoadSd(sd_id));
  v.table.sd = *sd;
  ASSIGN_OR_RETURN(v.table.parameters, LoadParameters(history_id, version));
  v.table.update_time = v.info.time;
  return v;
}

// ---- writing versions ----

absl::StatusOr<int64_t> SqliteVersions::InternShape(const model::Table& table) {
  const std::string body = ShapeBody(table);
  const int64_t hash = static_cast<int64_t>(StableHash(body));
  {
    ASSIGN_OR_RETURN(Statement find,
                     conn_->Prepare("SELECT id, body FROM version_shapes WHERE hash = ?"));
    find.BindInt(1, hash);
    while (true) {
      ASSIGN_OR_RETURN(bool row, find.Step());
      if (!row) break;
      if (find.Text(1) == body) return find.Int(0);
    }
  }
  ASSIGN_OR_RETURN(Statement insert,
                   conn_->Prepare("INSERT INTO version_shapes (hash, body) VALUES (?, ?)"));
  insert.BindInt(1, hash);
  insert.BindText(2, body);
  RETURN_IF_ERROR(insert.Run());
  return conn_->LastInsertRowId();
}

absl::Status SqliteVersions::WriteVersion(int64_t history_id, int64_t version,
                                          const model::TableVersionInfo& info,
                                          const model::Table& table, bool replace) {
  ASSIGN_OR_RETURN(int64_t shape_id, InternShape(table));
  ASSIGN_OR_RETURN(int64_t sd_id, core_.InternSd(table.sd));
  std::optional<int64_t> base;
  {
    ASSIGN_OR_RETURN(Statement prev,
                     conn_->Prepare("SELECT max(version) FROM table_versions"
                                    " WHERE history_id = ? AND version < ?"));
    prev.BindInt(1, history_id);
    prev.BindInt(2, version);
    ASSIGN_OR_RETURN(bool row, prev.Step());
    if (row && !prev.IsNull(0)) base = prev.Int(0);
  }
  std::string params;
  bool delta = false;
  if (base) {
    int depth = 0;
    ASSIGN_OR_RETURN(model::Parameters base_params, LoadParameters(history_id, *base, &depth));
    if (depth + 1 <= kMaxDeltaChain) {
      params = DeltaToJson(base_params, table.parameters);
      delta = true;
    }
  }
  if (!delta) params = ParametersToJson(table.parameters);
  ASSIGN_OR_RETURN(
      Statement stmt,
      conn_->Prepare(replace ? "INSERT OR REPLACE INTO table_versions (history_id, version, time,"
                               " principal, front_end, request_id, summary, shape_id, sd_id,"
                               " params, params_base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                             : "INSERT INTO table_versions (history_id, version, time,"
                               " principal, front_end, request_id, summary, shape_id, sd_id,"
                               " params, params_base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt.BindInt(1, history_id);
  stmt.BindInt(2, version);
  stmt.BindInt(3, info.time);
  stmt.BindText(4, info.principal);
  stmt.BindInt(5, static_cast<int64_t>(info.front_end));
  stmt.BindText(6, info.request_id);
  stmt.BindText(7, info.summary);
  stmt.BindInt(8, shape_id);
  stmt.BindInt(9, sd_id);
  if (params.empty()) {
    stmt.BindNull(10);
  } else {
    stmt.BindText(10, params);
  }
  if (delta) {
    stmt.BindInt(11, *base);
  } else {
    stmt.BindNull(11);
  }
  return stmt.Run();
}

absl::StatusOr<int64_t> SqliteVersions::AppendVersion(std::string_view db, std::string_view name,
                                                      const model::TableVersionInfo& info,
                                                      const model::Table& table, int64_t keep) {
  int64_t version = 0;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<int64_t> history_id, LiveHistoryId(db, name, /*create=*/true));
    int64_t count = 0;
    {
      ASSIGN_OR_RETURN(Statement next,
                       conn_->Prepare("SELECT next_version, version_count FROM table_histories"
                                      " WHERE id = ?"));
      next.BindInt(1, *history_id);
      ASSIGN_OR_RETURN(bool row, next.Step());
      if (!row) return absl::InternalError("history row vanished");
      version = next.Int(0);
      count = next.Int(1) + 1;
    }
    RETURN_IF_ERROR(WriteVersion(*history_id, version, info, table, /*replace=*/false));
    ASSIGN_OR_RETURN(Statement update,
                     conn_->Prepare("UPDATE table_histories SET next_version = ? + 1,"
                                    " version_count = version_count + 1, db_name = ?,"
                                    " table_name = ? WHERE id = ?"));
    update.BindInt(1, version);
    update.BindText(2, db);
    update.BindText(3, name);
    update.BindInt(4, *history_id);
    RETURN_IF_ERROR(update.Run());
    if (keep > 0 && count > keep) RETURN_IF_ERROR(PruneVersions(*history_id, keep).status());
    return absl::OkStatus();
  }));
  return version;
}

absl::StatusOr<int64_t> SqliteVersions::ReplaceLatestVersion(std::string_view db,
                                                             std::string_view name,
                                                             const model::TableVersionInfo& info,
                                                             const model::Table& table) {
  int64_t version = 0;
  bool append = false;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<int64_t> history_id, LiveHistoryId(db, name, /*create=*/false));
    if (!history_id) {
      append = true;
      return absl::OkStatus();
    }
    {
      ASSIGN_OR_RETURN(Statement latest,
                       conn_->Prepare("SELECT max(version) FROM table_versions WHERE history_id = ?"));
      latest.BindInt(1, *history_id);
      ASSIGN_OR_RETURN(bool row, latest.Step());
      if (!row || latest.IsNull(0)) {
        append = true;
        return absl::OkStatus();
      }
      version = latest.Int(0);
    }
    RETURN_IF_ERROR(WriteVersion(*history_id, version, info, table, /*replace=*/true));
    ASSIGN_OR_RETURN(Statement update,
                     conn_->Prepare("UPDATE table_histories SET db_name = ?, table_name = ?"
                                    " WHERE id = ?"));
    update.BindText(1, db);
    update.BindText(2, name);
    update.BindInt(3, *history_id);
    return update.Run();
  }));
  if (append) return AppendVersion(db, name, info, table, /*keep=*/0);
  return version;
}

absl::Status SqliteVersions::Unchain(int64_t history_id, int64_t version) {
  int64_t next = 0;
  {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("SELECT version, params_base FROM table_versions"
                                    " WHERE history_id = ? AND version > ?"
                                    " ORDER BY version LIMIT 1"));
    stmt.BindInt(1, history_id);
    stmt.BindInt(2, version);
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row || stmt.IsNull(1) || stmt.Int(1) != version) return absl::OkStatus();
    next = stmt.Int(0);
  }
  ASSIGN_OR_RETURN(model::Parameters params, LoadParameters(history_id, next));
  ASSIGN_OR_RETURN(Statement update,
                   conn_->Prepare("UPDATE table_versions SET params = ?, params_base = NULL"
                                  " WHERE history_id = ? AND version = ?"));
  const std::string whole = ParametersToJson(params);
  if (whole.empty()) {
    update.BindNull(1);
  } else {
    update.BindText(1, whole);
  }
  update.BindInt(2, history_id);
  update.BindInt(3, next);
  return update.Run();
}

absl::Status SqliteVersions::DeleteVersions(int64_t history_id,
                                            absl::Span<const int64_t> versions) {
  std::vector<int64_t> sorted(versions.begin(), versions.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  return core_.Atomically([&]() -> absl::Status {
    for (int64_t version : sorted) {
      RETURN_IF_ERROR(Unchain(history_id, version));
      ASSIGN_OR_RETURN(Statement stmt,
                       conn_->Prepare("DELETE FROM table_versions"
                                      " WHERE history_id = ? AND version = ?"));
      stmt.BindInt(1, history_id);
      stmt.BindInt(2, version);
      RETURN_IF_ERROR(stmt.Run());
      if (conn_->Changes() == 0) {
        return absl::NotFoundError(StrCat(VersionName(history_id, version), " not found"));
      }
    }
    return AdjustCount(history_id, -static_cast<int64_t>(sorted.size()));
  });
}

absl::StatusOr<int64_t> SqliteVersions::PruneVersions(int64_t history_id, int64_t keep) {
  keep = std::max<int64_t>(keep, 1);
  int64_t pruned = 0;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(model::TableHistory h, GetHistory(history_id));
    if (h.version_count <= keep) return absl::OkStatus();
    pruned = h.version_count - keep;
    int64_t first_kept = 0;
    {
      ASSIGN_OR_RETURN(Statement stmt,
                       conn_->Prepare("SELECT version FROM table_versions WHERE history_id = ?"
                                      " ORDER BY version LIMIT 1 OFFSET ?"));
      stmt.BindInt(1, history_id);
      stmt.BindInt(2, pruned);
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return absl::InternalError(StrCat(HistoryName(history_id), ": count is wrong"));
      first_kept = stmt.Int(0);
    }
    // The first kept version's delta is based on a pruned one.
    {
      ASSIGN_OR_RETURN(Statement prev,
                       conn_->Prepare("SELECT max(version) FROM table_versions"
                                      " WHERE history_id = ? AND version < ?"));
      prev.BindInt(1, history_id);
      prev.BindInt(2, first_kept);
      ASSIGN_OR_RETURN(bool row, prev.Step());
      if (row && !prev.IsNull(0)) {
        const int64_t last_pruned = prev.Int(0);
        RETURN_IF_ERROR(Unchain(history_id, last_pruned));
      }
    }
    ASSIGN_OR_RETURN(Statement del, conn_->Prepare("DELETE FROM table_versions"
                                                   " WHERE history_id = ? AND version < ?"));
    del.BindInt(1, history_id);
    del.BindInt(2, first_kept);
    RETURN_IF_ERROR(del.Run());
    return AdjustCount(history_id, -pruned);
  }));
  return pruned;
}

// ---- drops, undrops, purges ----

absl::Status SqliteVersions::DetachHistory(int64_t table_id, std::string_view db,
                                           std::string_view name) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("UPDATE table_histories SET table_id = NULL, db_name = ?,"
                                  " table_name = ?, dropped_time = NULL, dropped_by = NULL"
                                  " WHERE table_id = ?"));
  stmt.BindText(1, db);
  stmt.BindText(2, name);
  stmt.BindInt(3, table_id);
  return stmt.Run();
}

absl::Status SqliteVersions::RecordDrop(const model::TableVersionInfo& info,
                                        const model::Table& dropped) {
  return core_.Atomically([&]() -> absl::Status {
    {
      ASSIGN_OR_RETURN(Statement stmt,
                       // Without INDEXED BY, SQLite takes "table_id IS NULL" as a
                       // lookup in the unique index on table_id and reads every
                       // dropped history, once per table a cascade drops.
                       conn_->Prepare("UPDATE table_histories INDEXED BY table_histories_dropped"
                                      " SET dropped_time = ?, dropped_by = ?"
                                      " WHERE table_id IS NULL AND dropped_time IS NULL"
                                      " AND db_name = ? AND table_name = ?"));
      stmt.BindInt(1, info.time);
      stmt.BindText(2, info.principal);
      stmt.BindText(3, dropped.database);
      stmt.BindText(4, dropped.name);
      RETURN_IF_ERROR(stmt.Run());
      if (conn_->Changes() > 0) return absl::OkStatus();
    }
    // No history: keep the definition it had, as a dropped history.
    ASSIGN_OR_RETURN(Statement insert,
                     conn_->Prepare("INSERT INTO table_histories (table_id, db_name, table_name,"
                                    " dropped_time, dropped_by, next_version, version_count)"
                                    " VALUES (NULL, ?, ?, ?, ?, 2, 1)"));
    insert.BindText(1, dropped.database);
    insert.BindText(2, dropped.name);
    insert.BindInt(3, info.time);
    insert.BindText(4, info.principal);
    RETURN_IF_ERROR(insert.Run());
    const int64_t history_id = conn_->LastInsertRowId();
    model::TableVersionInfo first = info;
    first.time = dropped.update_time;
    return WriteVersion(history_id, 1, first, dropped, /*replace=*/false);
  });
}

absl::Status SqliteVersions::AttachHistory(int64_t history_id, std::string_view db,
                                           std::string_view name) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(model::TableHistory h, GetHistory(history_id));
    if (!h.dropped) {
      return absl::FailedPreconditionError(
          StrCat(HistoryName(history_id), " belongs to an existing table"));
    }
    ASSIGN_OR_RETURN(std::optional<int64_t> existing, LiveHistoryId(db, name, /*create=*/false));
    if (existing) {
      return absl::FailedPreconditionError(
          StrCat("table '", db, ".", name, "' already has a history"));
    }
    ASSIGN_OR_RETURN(TableRef ref, core_.LoadTable(db, name));
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("UPDATE table_histories SET table_id = ?, db_name = ?,"
                                    " table_name = ?, dropped_time = NULL, dropped_by = NULL"
                                    " WHERE id = ?"));
    stmt.BindInt(1, ref.id);
    stmt.BindText(2, db);
    stmt.BindText(3, name);
    stmt.BindInt(4, history_id);
    return stmt.Run();
  });
}

absl::Status SqliteVersions::DeleteHistory(int64_t history_id) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(model::TableHistory h, GetHistory(history_id));
    if (!h.dropped) {
      return absl::FailedPreconditionError(
          StrCat(HistoryName(history_id), " belongs to an existing table"));
    }
    {
      ASSIGN_OR_RETURN(Statement stmt,
                       conn_->Prepare("DELETE FROM table_versions WHERE history_id = ?"));
      stmt.BindInt(1, history_id);
      RETURN_IF_ERROR(stmt.Run());
    }
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM table_histories WHERE id = ?"));
    stmt.BindInt(1, history_id);
    return stmt.Run();
  });
}

absl::StatusOr<int64_t> SqliteVersions::ExpireDroppedHistories(int64_t dropped_before) {
  std::vector<int64_t> ids;
  {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("SELECT id FROM table_histories WHERE table_id IS NULL"
                                    " AND dropped_time < ?"));
    stmt.BindInt(1, dropped_before);
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      ids.push_back(stmt.Int(0));
    }
  }
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    for (int64_t id : ids) RETURN_IF_ERROR(DeleteHistory(id));
    return absl::OkStatus();
  }));
  return static_cast<int64_t>(ids.size());
}

}  // namespace almanac::storage::sqlite
