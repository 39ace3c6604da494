// Glue-style partition indexes of the SQLite store. Each index is a partial
// SQLite index over the typed key columns of its keys, restricted to its table
// (`WHERE table_id = <id>`); the name SQLite sees is partition_index_<row id>,
// so no user text ever reaches DDL.
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "storage/sqlite/sqlite_partitions.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

constexpr int kMaxIndexesPerTable = 3;
constexpr int kMaxKeysPerIndex = 3;
constexpr char kActive[] = "ACTIVE";

std::string SqlIndexName(int64_t id) { return StrCat("partition_index_", id); }

}  // namespace

absl::StatusOr<std::vector<IndexInfo>> SqlitePartitions::LoadIndexes(int64_t table_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT id, name, keys, key_positions FROM partition_indexes"
                                  " WHERE table_id = ? ORDER BY name"));
  stmt.BindInt(1, table_id);
  std::vector<IndexInfo> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    IndexInfo info;
    info.sql_name = SqlIndexName(stmt.Int(0));
    info.name = std::string(stmt.Text(1));
    try {
      info.keys = nlohmann::json::parse(stmt.Text(2)).get<std::vector<std::string>>();
      info.key_positions = nlohmann::json::parse(stmt.Text(3)).get<std::vector<int>>();
    } catch (const nlohmann::json::exception&) {
      return absl::DataLossError(StrCat("stored partition index '", info.name, "' is corrupt"));
    }
    out.push_back(std::move(info));
  }
  return out;
}

absl::StatusOr<std::vector<IndexInfo>> SqlitePartitions::AccessPathIndexes(const TableRef& t) {
  ASSIGN_OR_RETURN(std::vector<IndexInfo> out, LoadIndexes(t.id));
  std::vector<std::string> key_names;
  key_names.reserve(t.table.partition_keys.size());
  for (const model::Column& key : t.table.partition_keys) key_names.push_back(key.name);
  if (std::optional<IndexInfo> built_in = LeadingKeysIndex(key_names)) {
    out.push_back(*std::move(built_in));
  }
  return out;
}

absl::StatusOr<std::vector<model::PartitionIndex>> SqlitePartitions::ListPartitionIndexes(
    std::string_view db, std::string_view table) {
  ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT name, keys, state FROM partition_indexes"
                                                  " WHERE table_id = ? ORDER BY name"));
  stmt.BindInt(1, t.id);
  std::vector<model::PartitionIndex> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    model::PartitionIndex index;
    index.name = std::string(stmt.Text(0));
    try {
      index.keys = nlohmann::json::parse(stmt.Text(1)).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
      return absl::DataLossError(StrCat("stored partition index '", index.name, "' is corrupt"));
    }
    index.state = std::string(stmt.Text(2));
    out.push_back(std::move(index));
  }
  return out;
}

absl::Status SqlitePartitions::CreatePartitionIndex(std::string_view db, std::string_view table,
                                                    const model::PartitionIndex& index) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    if (index.name.empty()) {
      return absl::InvalidArgumentError("partition index name must not be empty");
    }
    if (index.keys.empty() || static_cast<int>(index.keys.size()) > kMaxKeysPerIndex) {
      return absl::InvalidArgumentError(StrCat("partition index '", index.name, "' must have 1 to ",
                                               kMaxKeysPerIndex, " keys, not ", index.keys.size()));
    }
    std::vector<int> positions;
    std::vector<std::string> keys;
    for (const std::string& key : index.keys) {
      const std::string lower = absl::AsciiStrToLower(key);
      int position = -1;
      for (size_t i = 0; i < t.table.partition_keys.size(); ++i) {
        if (absl::AsciiStrToLower(t.table.partition_keys[i].name) == lower) {
          position = static_cast<int>(i);
        }
      }
      if (position < 0) {
        return absl::InvalidArgumentError(StrCat("partition index '", index.name,
                                                 "' names unknown partition key '", key,
                                                 "' of table '", t.display, "'"));
      }
      if (position >= kMaxTypedKeys) {
        return absl::InvalidArgumentError(StrCat("partition index '", index.name, "' names key '",
                                                 key, "', but only the first ", kMaxTypedKeys,
                                                 " partition keys can be indexed"));
      }
      for (int p : positions) {
        if (p == position) {
          return absl::InvalidArgumentError(
              StrCat("partition index '", index.name, "' names key '", key, "' twice"));
        }
      }
      positions.push_back(position);
      keys.push_back(t.table.partition_keys[position].name);
    }
    ASSIGN_OR_RETURN(std::vector<IndexInfo> existing, LoadIndexes(t.id));
    for (const IndexInfo& e : existing) {
      if (e.name == index.name) {
        return absl::AlreadyExistsError(
            StrCat("partition index '", index.name, "' already exists on table '", t.display, "'"));
      }
    }
    if (static_cast<int>(existing.size()) >= kMaxIndexesPerTable) {
      return absl::ResourceExhaustedError(StrCat("table '", t.display, "' already has ",
                                                 kMaxIndexesPerTable,
                                                 " partition indexes, the maximum"));
    }
    {
      ASSIGN_OR_RETURN(Statement insert,
                       conn_->Prepare("INSERT INTO partition_indexes (table_id, name, keys,"
                                      " key_positions, state) VALUES (?, ?, ?, ?, ?)"));
      insert.BindInt(1, t.id);
      insert.BindText(2, index.name);
      insert.BindText(
          3, nlohmann::json(keys).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      insert.BindText(4, nlohmann::json(positions).dump());
      insert.BindText(5, kActive);
      RETURN_IF_ERROR(insert.Run());
    }
    const int64_t id = conn_->LastInsertRowId();
    std::vector<std::string> columns;
    for (int p : positions) columns.push_back(StrCat("k", p));
    // CREATE INDEX backfills from the existing rows before it returns, so the
    // index is ACTIVE as soon as the transaction commits.
    return conn_->Exec(StrCat("CREATE INDEX ", SqlIndexName(id), " ON partitions (",
                              absl::StrJoin(columns, ", "), ") WHERE table_id = ", t.id));
  });
}

absl::Status SqlitePartitions::DropPartitionIndex(std::string_view db, std::string_view table,
                                                  std::string_view index_name) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    int64_t id = 0;
    {
      ASSIGN_OR_RETURN(Statement find, conn_->Prepare("SELECT id FROM partition_indexes"
                                                      " WHERE table_id = ? AND name = ?"));
      find.BindInt(1, t.id);
      find.BindText(2, index_name);
      ASSIGN_OR_RETURN(bool row, find.Step());
      if (!row) {
        return absl::NotFoundError(
            StrCat("partition index '", index_name, "' not found on table '", t.display, "'"));
      }
      id = find.Int(0);
    }
    RETURN_IF_ERROR(conn_->Exec(StrCat("DROP INDEX ", SqlIndexName(id))));
    ASSIGN_OR_RETURN(Statement del, conn_->Prepare("DELETE FROM partition_indexes WHERE id = ?"));
    del.BindInt(1, id);
    return del.Run();
  });
}

absl::Status SqlitePartitions::DropAllPartitionIndexes(int64_t table_id) {
  ASSIGN_OR_RETURN(std::vector<IndexInfo> indexes, LoadIndexes(table_id));
  for (const IndexInfo& index : indexes) {
    RETURN_IF_ERROR(conn_->Exec(StrCat("DROP INDEX ", index.sql_name)));
  }
  ASSIGN_OR_RETURN(Statement del,
                   conn_->Prepare("DELETE FROM partition_indexes WHERE table_id = ?"));
  del.BindInt(1, table_id);
  return del.Run();
}

}  // namespace almanac::storage::sqlite
