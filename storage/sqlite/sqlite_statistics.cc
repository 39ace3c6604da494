// SqliteStatistics: column statistics of tables and partitions. Rows hang off
// the table's or partition's internal id (ON DELETE CASCADE), so dropping the
// object drops its statistics and renaming it (an UPDATE of the same row)
// keeps them.
#include "storage/sqlite/sqlite_statistics.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "common/status_macros.h"
#include "storage/sqlite/sqlite_partitions.h"
#include "storage/sqlite/stats_codec.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

// Empty `wanted` means every column.
bool Wanted(const absl::flat_hash_set<std::string>& wanted, std::string_view column) {
  return wanted.empty() || wanted.contains(AbslView(column));
}

absl::flat_hash_set<std::string> ToSet(const std::vector<std::string>& v) {
  return absl::flat_hash_set<std::string>(v.begin(), v.end());
}

// Reads (column_name, column_type, stats, last_analyzed) rows.
absl::StatusOr<model::ColumnStatisticsObj> DecodeStatsRow(Statement& row, int first,
                                                          std::string_view owner) {
  model::ColumnStatisticsObj obj;
  obj.column_name = std::string(row.Text(first));
  obj.column_type = std::string(row.Text(first + 1));
  ASSIGN_OR_RETURN(
      obj.data, ColumnStatsDataFromJson(row.Text(first + 2), StrCat("statistics of column '", owner,
                                                                    ".", obj.column_name, "'")));
  return obj;
}

}  // namespace

absl::StatusOr<std::vector<model::ColumnStatisticsObj>> SqliteStatistics::GetTableColumnStats(
    std::string_view db, std::string_view table, std::string_view engine,
    const std::vector<std::string>& columns, int64_t* last_analyzed) {
  ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT column_name, column_type, stats, last_analyzed"
                                  " FROM table_column_stats WHERE table_id = ? AND engine = ?"
                                  " ORDER BY column_name"));
  stmt.BindInt(1, t.id);
  stmt.BindText(2, engine);
  const absl::flat_hash_set<std::string> wanted = ToSet(columns);
  std::vector<model::ColumnStatisticsObj> out;
  int64_t newest = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (!Wanted(wanted, stmt.Text(0))) continue;
    ASSIGN_OR_RETURN(model::ColumnStatisticsObj obj, DecodeStatsRow(stmt, 0, t.display));
    newest = std::max(newest, stmt.Int(3));
    out.push_back(std::move(obj));
  }
  if (last_analyzed != nullptr) *last_analyzed = newest;
  return out;
}

absl::StatusOr<std::vector<model::PartitionColumnStatistics>>
SqliteStatistics::GetPartitionColumnStats(std::string_view db, std::string_view table,
                                          std::string_view engine,
                                          const std::vector<std::string>& partition_names,
                                          const std::vector<std::string>& columns) {
  ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
  const absl::flat_hash_set<std::string> wanted = ToSet(columns);
  std::vector<model::PartitionColumnStatistics> out;
  // Appends the row to the partition it belongs to (rows arrive grouped).
  auto add_row = [&](std::string_view partition_name, Statement& row) -> absl::Status {
    if (!Wanted(wanted, row.Text(0))) return absl::OkStatus();
    ASSIGN_OR_RETURN(model::ColumnStatisticsObj obj,
                     DecodeStatsRow(row, 0, PartitionDisplay(t.display, partition_name)));
    if (out.empty() || out.back().partition_name != partition_name) {
      out.push_back({.partition_name = std::string(partition_name)});
    }
    out.back().last_analyzed = std::max(out.back().last_analyzed, row.Int(3));
    out.back().columns.push_back(std::move(obj));
    return absl::OkStatus();
  };
  if (partition_names.empty()) {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("SELECT s.column_name, s.column_type, s.stats,"
                                    " s.last_analyzed, p.name FROM partition_column_stats s"
                                    " JOIN partitions p ON p.id = s.partition_id"
                                    " WHERE p.table_id = ? AND s.engine = ?"
                                    " ORDER BY p.name, s.column_name"));
    stmt.BindInt(1, t.id);
    stmt.BindText(2, engine);
    std::string name;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      if (!t.stored_names.ToFull(stmt.Text(4), &name)) {
        return absl::DataLossError(StrCat("stored name '", stmt.Text(4), "' of a partition of '",
                                          t.display, "' is corrupt"));
      }
      RETURN_IF_ERROR(add_row(name, stmt));
    }
    return out;
  }
  std::vector<std::string> names = partition_names;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const std::string& name : names) {
    absl::StatusOr<int64_t> id = partitions_.FindPartitionId(t, name);
    if (absl::IsNotFound(id.status())) continue;
    RETURN_IF_ERROR(id.status());
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("SELECT column_name, column_type, stats, last_analyzed"
                                    " FROM partition_column_stats"
                                    " WHERE partition_id = ? AND engine = ?"
                                    " ORDER BY column_name"));
    stmt.BindInt(1, *id);
    stmt.BindText(2, engine);
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      RETURN_IF_ERROR(add_row(name, stmt));
    }
  }
  return out;
}

absl::Status SqliteStatistics::UpsertTableColumnStats(const model::ColumnStatistics& stats) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(stats.desc.database, stats.desc.table));
    for (const model::ColumnStatisticsObj& obj : stats.columns) {
      ASSIGN_OR_RETURN(
          Statement stmt,
          conn_->Prepare("INSERT INTO table_column_stats (table_id, column_name, engine,"
                         " column_type, stats, last_analyzed) VALUES (?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (table_id, column_name, engine) DO UPDATE SET"
                         " column_type = excluded.column_type, stats = excluded.stats,"
                         " last_analyzed = excluded.last_analyzed"));
      stmt.BindInt(1, t.id);
      stmt.BindText(2, obj.column_name);
      stmt.BindText(3, stats.engine);
      stmt.BindText(4, obj.column_type);
      stmt.BindText(5, ColumnStatsDataToJson(obj.data));
      stmt.BindInt(6, stats.desc.last_analyzed);
      RETURN_IF_ERROR(stmt.Run());
    }
    return absl::OkStatus();
  });
}

absl::Status SqliteStatistics::UpsertPartitionColumnStats(const model::ColumnStatistics& stats) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(stats.desc.database, stats.desc.table));
    ASSIGN_OR_RETURN(int64_t partition_id,
                     partitions_.FindPartitionId(t, stats.desc.partition_name));
    for (const model::ColumnStatisticsObj& obj : stats.columns) {
      ASSIGN_OR_RETURN(
          Statement stmt,
          conn_->Prepare("INSERT INTO partition_column_stats (partition_id, column_name, engine,"
                         " column_type, stats, last_analyzed) VALUES (?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (partition_id, column_name, engine) DO UPDATE SET"
                         " column_type = excluded.column_type, stats = excluded.stats,"
                         " last_analyzed = excluded.last_analyzed"));
      stmt.BindInt(1, partition_id);
      stmt.BindText(2, obj.column_name);
      stmt.BindText(3, stats.engine);
      stmt.BindText(4, obj.column_type);
      stmt.BindText(5, ColumnStatsDataToJson(obj.data));
      stmt.BindInt(6, stats.desc.last_analyzed);
      RETURN_IF_ERROR(stmt.Run());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> SqliteStatistics::DeleteTableColumnStats(std::string_view db,
                                                                 std::string_view table,
                                                                 std::string_view engine,
                                                                 std::string_view column) {
  int64_t deleted = 0;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    // An empty filter value matches every row: one statement serves all forms.
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("DELETE FROM table_column_stats WHERE table_id = ?"
                                    " AND (?2 = '' OR engine = ?2)"
                                    " AND (?3 = '' OR column_name = ?3)"));
    stmt.BindInt(1, t.id);
    stmt.BindText(2, engine);
    stmt.BindText(3, column);
    RETURN_IF_ERROR(stmt.Run());
    deleted = conn_->Changes();
    return absl::OkStatus();
  }));
  return deleted;
}

absl::StatusOr<int64_t> SqliteStatistics::DeletePartitionColumnStats(
    std::string_view db, std::string_view table, std::string_view partition_name,
    std::string_view engine, std::string_view column) {
  int64_t deleted = 0;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    if (partition_name.empty()) {
      ASSIGN_OR_RETURN(Statement stmt,
                       conn_->Prepare("DELETE FROM partition_column_stats WHERE partition_id IN"
                                      " (SELECT id FROM partitions WHERE table_id = ?1)"
                                      " AND (?2 = '' OR engine = ?2)"
                                      " AND (?3 = '' OR column_name = ?3)"));
      stmt.BindInt(1, t.id);
      stmt.BindText(2, engine);
      stmt.BindText(3, column);
      RETURN_IF_ERROR(stmt.Run());
    } else {
      ASSIGN_OR_RETURN(int64_t partition_id, partitions_.FindPartitionId(t, partition_name));
      ASSIGN_OR_RETURN(Statement stmt,
                       conn_->Prepare("DELETE FROM partition_column_stats WHERE partition_id = ?1"
                                      " AND (?2 = '' OR engine = ?2)"
                                      " AND (?3 = '' OR column_name = ?3)"));
      stmt.BindInt(1, partition_id);
      stmt.BindText(2, engine);
      stmt.BindText(3, column);
      RETURN_IF_ERROR(stmt.Run());
    }
    deleted = conn_->Changes();
    return absl::OkStatus();
  }));
  return deleted;
}

}  // namespace almanac::storage::sqlite
