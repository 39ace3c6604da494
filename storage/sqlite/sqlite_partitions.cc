// SqlitePartitions, partition rows: create, read, update, delete, scans,
// location moves and re-encoding of typed key copies.
#include "storage/sqlite/sqlite_partitions.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "catalog/model/names.h"
#include "catalog/model/partition.h"
#include "common/status_macros.h"
#include "storage/sqlite/json_codec.h"
#include "storage/sqlite/sqlite_grants.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

// Columns DecodePartition reads, in order (DeletePartitions names them too).
constexpr char kPartitionColumns[] =
    "p.id, p.name, p.sd_id, p.location, p.create_time, p.last_access_time, p.parameters";

void BindKeyValue(Statement& stmt, int index, const model::KeyValue& v) {
  BindParams(stmt, index, {v});
}

// Binds k0..k7, sd_id, location, create_time, last_access_time, parameters
// starting at `first`.
void BindEncoded(Statement& stmt, int first, const std::vector<model::KeyValue>& keys,
                 int64_t sd_id, bool derived_location, const std::string& location,
                 const model::Partition& p, const std::string& parameters) {
  int i = first;
  for (const model::KeyValue& k : keys) BindKeyValue(stmt, i++, k);
  stmt.BindInt(i++, sd_id);
  if (derived_location) {
    stmt.BindNull(i++);
  } else {
    stmt.BindText(i++, location);
  }
  stmt.BindInt(i++, p.create_time);
  stmt.BindInt(i++, p.last_access_time);
  if (parameters.empty()) {
    stmt.BindNull(i++);
  } else {
    stmt.BindText(i++, parameters);
  }
}

// "<base>/<name>" without building the string.
bool IsDerivedLocation(std::string_view location, std::string_view base, std::string_view name) {
  return !base.empty() && location.size() == base.size() + 1 + name.size() &&
         location.substr(0, base.size()) == base && location[base.size()] == '/' &&
         location.substr(base.size() + 1) == name;
}

// Stores column `column` of the current row as (*keys)[i], growing `keys`
// when needed; reuses the string's buffer across rows.
void ReadKeyValue(const Statement& row, int column, std::vector<model::KeyValue>* keys, size_t i) {
  if (keys->size() <= i) keys->resize(i + 1);
  model::KeyValue& out = (*keys)[i];
  switch (row.ColumnType(column)) {
    case SQLITE_INTEGER:
      out = row.Int(column);
      return;
    case SQLITE_FLOAT:
      out = row.Double(column);
      return;
    case SQLITE_NULL:
      out = std::monostate{};
      return;
    default:
      if (auto* s = std::get_if<std::string>(&out)) {
        s->assign(row.Text(column));
      } else {
        out = std::string(row.Text(column));
      }
  }
}

std::string_view StripTrailingSlashes(std::string_view s) {
  while (s.size() > 1 && s.back() == '/') s.remove_suffix(1);
  return s;
}

// The shape of scan a list held in the read cache can replay: one segment,
// no index named (the built-in one is used only for a filter and then gives
// the same rows), no index position, valid bounds. Anything else, including
// a scan RunScan would refuse, goes to storage.
bool ReplayableShape(const PartitionScan& scan) {
  return scan.total_segments == 1 && scan.segment_number == 0 &&
         (scan.index_hint.empty() || scan.index_hint == "none" ||
          scan.index_hint == kLeadingKeysIndex) &&
         scan.after_key.empty() && scan.limit >= 0 && scan.max_rows_examined >= 0;
}

// True when `scan` reads every partition in name order, the scan a cached
// list of all names answers.
bool AnswerableFromNameList(const PartitionScan& scan) {
  return scan.filter.kind == PartitionFilter::Kind::kTrue && ReplayableShape(scan);
}

// RunScan's loop over a sorted list of every name instead of a statement:
// the same bounds, the same resume position, the same counts (with no
// filter every row read is returned). `visit_at(i)` visits the i-th entry.
template <typename VisitAt>
void Replay(const NameList& all, const PartitionScan& scan, const VisitAt& visit_at,
            ScanStats* stats) {
  stats->last_name = scan.after_name;
  bool stopped = false;
  // The bounds are checked before looking for a next row, as RunScan checks
  // them before stepping: a scan that stops exactly at the end is not complete.
  for (auto it = std::upper_bound(all.begin(), all.end(), scan.after_name);; ++it) {
    if ((scan.limit > 0 && stats->rows_returned >= scan.limit) ||
        (scan.max_rows_examined > 0 && stats->rows_examined >= scan.max_rows_examined)) {
      stopped = true;
      break;
    }
    if (it == all.end()) break;
    ++stats->rows_examined;
    ++stats->rows_returned;
    if (!visit_at(static_cast<size_t>(it - all.begin()))) {
      stopped = true;
      break;
    }
    stats->last_name = *it;
  }
  stats->complete = !stopped;
}

// The typed copies of a partition's first values, as the k-columns hold
// them (kMaxTypedKeys entries, NULL beyond the table's keys).
std::vector<model::KeyValue> TypedKeys(const TableRef& t, const std::vector<std::string>& values) {
  std::vector<model::KeyValue> keys(kMaxTypedKeys);
  const size_t typed = std::min<size_t>({kMaxTypedKeys, values.size(), t.categories.size()});
  for (size_t i = 0; i < typed; ++i) {
    // An empty value is the default partition, as in the name.
    std::string_view text = values[i].empty() ? std::string_view(model::kDefaultPartitionName)
                                              : std::string_view(values[i]);
    keys[i] = model::EncodeKeyValue(t.categories[i], text);
  }
  return keys;
}

// The stored name of the partition of `t` with these values; when there is
// not one value per key, the error MakePartitionName gives for them.
absl::StatusOr<std::string> StoredName(const TableRef& t, const std::vector<std::string>& values) {
  std::optional<std::string> stored = t.stored_names.FromValues(values);
  if (!stored.has_value()) {
    absl::Status why = model::MakePartitionName(t.table.partition_keys, values).status();
    if (why.ok()) {
      why = absl::InternalError(StrCat(values.size(), " partition values made a name for '",
                                       t.display, "' but no stored name"));
    }
    return why;
  }
  return std::move(*stored);
}

absl::Status CorruptName(const TableRef& t, std::string_view stored) {
  return absl::DataLossError(StrCat("stored name '", stored, "' of a partition of '", t.display,
                                    "' is corrupt: it does not hold one value per partition key"));
}

// The full name of the stored name in column `column` of `row`, into `*out`.
absl::Status FullName(const TableRef& t, const Statement& row, int column, std::string* out) {
  const std::string_view stored = row.Text(column);
  if (!t.stored_names.ToFull(stored, out)) return CorruptName(t, stored);
  return absl::OkStatus();
}

// True when a filtered scan may be answered from the table's partition list
// held in memory: a filter, in name order, of a replayable shape.
bool AnswerableFromPartitionList(const PartitionScan& scan) {
  return scan.filter.kind != PartitionFilter::Kind::kTrue && scan.order == ScanOrder::kName &&
         ReplayableShape(scan);
}

}  // namespace

absl::Status SqlitePartitions::ChangeEpoch(int64_t table_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("INSERT INTO partition_epochs (table_id, epoch) VALUES (?, random())"
                                  " ON CONFLICT (table_id) DO UPDATE SET epoch = excluded.epoch"));
  stmt.BindInt(1, table_id);
  return stmt.Run();
}

absl::StatusOr<std::optional<int64_t>> SqlitePartitions::Epoch(int64_t table_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT epoch FROM partition_epochs WHERE table_id = ?"));
  stmt.BindInt(1, table_id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::nullopt;
  const int64_t epoch = stmt.Int(0);
  RETURN_IF_ERROR(stmt.Run());
  return epoch;
}

absl::StatusOr<SqlitePartitions::EncodedPartition> SqlitePartitions::EncodePartition(
    const TableRef& t, const model::Partition& p, int64_t* table_sd_id) {
  if (p.values.size() != t.table.partition_keys.size()) {
    return absl::InvalidArgumentError(StrCat("partition of table '", t.display, "' has ",
                                             p.values.size(), " value(s) but the table has ",
                                             t.table.partition_keys.size(), " partition key(s)"));
  }
  EncodedPartition e;
  ASSIGN_OR_RETURN(e.name, model::MakePartitionName(t.table.partition_keys, p.values));
  ASSIGN_OR_RETURN(e.stored_name, StoredName(t, p.values));
  e.keys = TypedKeys(t, p.values);
  const std::string& base = t.table.sd.location;
  if (model::SameExceptLocation(p.sd, t.table.sd)) {
    if (*table_sd_id == 0) {
      ASSIGN_OR_RETURN(*table_sd_id, core_.InternSd(t.table.sd));
    }
    e.sd_id = *table_sd_id;
  } else {
    // The descriptor differs: intern it with the table's location as base, so
    // the derived-location rule is the same for every partition of the table.
    model::StorageDescriptor sd = p.sd;
    sd.location = base;
    ASSIGN_OR_RETURN(e.sd_id, core_.InternSd(sd));
  }
  e.derived_location = IsDerivedLocation(p.sd.location, base, e.name);
  if (!e.derived_location) e.location = p.sd.location;
  e.parameters = ParametersToJson(p.parameters);
  return e;
}

absl::Status SqlitePartitions::CreatePartitions(std::string_view db, std::string_view table,
                                                const std::vector<model::Partition>& partitions) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    ASSIGN_OR_RETURN(Statement insert,
                     conn_->Prepare("INSERT INTO partitions (table_id, name, k0, k1, k2, k3, k4,"
                                    " k5, k6, k7, sd_id, location, create_time, last_access_time,"
                                    " parameters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                    " ?, ?)"));
    int64_t table_sd_id = 0;
    for (const model::Partition& p : partitions) {
      if (p.database != db || p.table != table) {
        return absl::InvalidArgumentError(StrCat("partition of table '", p.database, ".", p.table,
                                                 "' given for table '", t.display, "'"));
      }
      ASSIGN_OR_RETURN(EncodedPartition e, EncodePartition(t, p, &table_sd_id));
      insert.BindInt(1, t.id);
      insert.BindText(2, e.stored_name);
      BindEncoded(insert, 3, e.keys, e.sd_id, e.derived_location, e.location, p, e.parameters);
      absl::StatusOr<bool> done = insert.Step();
      if (!done.ok()) {
        if (IsUniqueViolation(insert)) {
          return absl::AlreadyExistsError(
              StrCat("partition '", PartitionDisplay(t.display, e.name), "' already exists"));
        }
        return done.status();
      }
      // Re-arm the cached statement for the next row.
      sqlite3_reset(insert.raw());
    }
    return ChangeEpoch(t.id);
  });
}

absl::StatusOr<int64_t> SqlitePartitions::FindPartitionId(const TableRef& t,
                                                          std::string_view name) {
  const std::optional<std::string> stored = t.stored_names.ToStored(name);
  if (!stored.has_value()) {
    return absl::NotFoundError(
        StrCat("partition '", PartitionDisplay(t.display, name), "' not found"));
  }
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT id FROM partitions WHERE table_id = ? AND name = ?"));
  stmt.BindInt(1, t.id);
  stmt.BindText(2, *stored);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return absl::NotFoundError(
        StrCat("partition '", PartitionDisplay(t.display, name), "' not found"));
  }
  return stmt.Int(0);
}

absl::Status SqlitePartitions::UpdatePartition(std::string_view db, std::string_view table,
                                               const std::vector<std::string>& values,
                                               const model::Partition& partition) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    ASSIGN_OR_RETURN(std::string old_name,
                     model::MakePartitionName(t.table.partition_keys, values));
    ASSIGN_OR_RETURN(int64_t id, FindPartitionId(t, old_name));
    int64_t table_sd_id = 0;
    ASSIGN_OR_RETURN(EncodedPartition e, EncodePartition(t, partition, &table_sd_id));
    ASSIGN_OR_RETURN(Statement update,
                     conn_->Prepare("UPDATE partitions SET name = ?, k0 = ?, k1 = ?, k2 = ?,"
                                    " k3 = ?, k4 = ?, k5 = ?, k6 = ?, k7 = ?, sd_id = ?,"
                                    " location = ?, create_time = ?, last_access_time = ?,"
                                    " parameters = ? WHERE id = ?"));
    update.BindText(1, e.stored_name);
    BindEncoded(update, 2, e.keys, e.sd_id, e.derived_location, e.location, partition,
                e.parameters);
    update.BindInt(15, id);
    absl::Status status = update.Run();
    if (!status.ok() && IsUniqueViolation(update)) {
      return absl::AlreadyExistsError(
          StrCat("partition '", PartitionDisplay(t.display, e.name), "' already exists"));
    }
    RETURN_IF_ERROR(status);
    RETURN_IF_ERROR(ChangeEpoch(t.id));
    if (e.name == old_name) return absl::OkStatus();
    return grants_.RenamePartitionPrivileges(t.table.database, t.table.name, old_name, e.name);
  });
}

absl::Status SqlitePartitions::DeletePartition(std::string_view db, std::string_view table,
                                               const std::vector<std::string>& values) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    ASSIGN_OR_RETURN(std::string name, model::MakePartitionName(t.table.partition_keys, values));
    ASSIGN_OR_RETURN(std::string stored, StoredName(t, values));
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM partitions WHERE table_id = ?"
                                                    " AND name = ? RETURNING id"));
    stmt.BindInt(1, t.id);
    stmt.BindText(2, stored);
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      return absl::NotFoundError(
          StrCat("partition '", PartitionDisplay(t.display, name), "' not found"));
    }
    const int64_t id = stmt.Int(0);
    RETURN_IF_ERROR(stmt.Run());  // to its end before the next statement
    RETURN_IF_ERROR(ChangeEpoch(t.id));
    RETURN_IF_ERROR(DeletePartitionStats({id}));
    return grants_.DeletePartitionPrivileges(t.table.database, t.table.name, name);
  });
}

absl::Status SqlitePartitions::DeletePartitionStats(const std::vector<int64_t>& ids) {
  // Statistics rows name their partition without a foreign key (migration
  // 0012): storage deletes them here. Most catalogs keep no partition
  // statistics at all; then one probe of an empty table is all it costs.
  if (ids.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(Statement any,
                   conn_->Prepare("SELECT EXISTS (SELECT 1 FROM partition_column_stats)"));
  ASSIGN_OR_RETURN(bool row, any.Step());
  const bool some = row && any.Int(0) != 0;
  RETURN_IF_ERROR(any.Run());
  if (!some) return absl::OkStatus();
  constexpr size_t kChunk = 128;
  for (size_t first = 0; first < ids.size(); first += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - first);
    std::string sql = "DELETE FROM partition_column_stats WHERE partition_id IN (?";
    for (size_t i = 1; i < n; ++i) sql += ", ?";
    sql += ")";
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
    for (size_t i = 0; i < n; ++i) stmt.BindInt(static_cast<int>(i) + 1, ids[first + i]);
    RETURN_IF_ERROR(stmt.Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<model::Partition>> SqlitePartitions::DeletePartitions(
    std::string_view db, std::string_view table,
    const std::vector<std::vector<std::string>>& values, bool if_exists) {
  std::vector<model::Partition> out;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    ASSIGN_OR_RETURN(const bool privileges,
                     grants_.HasPartitionPrivileges(t.table.database, t.table.name));
    // The names asked for, each once, in the order given, and their stored
    // forms.
    std::vector<std::string> names;
    std::vector<std::string> stored;
    names.reserve(values.size());
    stored.reserve(values.size());
    {
      absl::flat_hash_set<std::string> seen;
      seen.reserve(values.size());
      for (const std::vector<std::string>& v : values) {
        ASSIGN_OR_RETURN(std::string name, model::MakePartitionName(t.table.partition_keys, v));
        if (!seen.insert(name).second) continue;
        ASSIGN_OR_RETURN(stored.emplace_back(), StoredName(t, v));
        names.push_back(std::move(name));
      }
    }
    // Up to kChunk names per statement: "DELETE ... name IN (?, ...)
    // RETURNING" deletes a chunk's rows and hands them back in one statement
    // run, instead of one run per partition. The rows come back in no
    // particular order; they are put back in the order asked.
    constexpr size_t kChunk = 128;
    std::vector<model::Partition> rows;
    std::vector<std::string> row_names;  // each row's name, in stored form
    std::vector<int64_t> ids;
    rows.reserve(names.size());
    row_names.reserve(names.size());
    ids.reserve(names.size());
    for (size_t first = 0; first < names.size(); first += kChunk) {
      const size_t n = std::min(kChunk, names.size() - first);
      std::string sql = "DELETE FROM partitions WHERE table_id = ? AND name IN (?";
      for (size_t i = 1; i < n; ++i) sql += ", ?";
      sql += ") RETURNING id, name, sd_id, location, create_time, last_access_time, parameters";
      ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
      stmt.BindInt(1, t.id);
      for (size_t i = 0; i < n; ++i) stmt.BindText(static_cast<int>(i) + 2, stored[first + i]);
      while (true) {
        ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) break;
        ids.push_back(stmt.Int(0));
        row_names.emplace_back(stmt.Text(1));
        RETURN_IF_ERROR(DecodePartitionInto(t, stmt, 0, &rows.emplace_back()));
      }
    }
    if (rows.size() < names.size() && !if_exists) {
      // The first one asked for that was not there; the caller's
      // transaction rolls back what was deleted.
      absl::flat_hash_set<std::string_view> found(row_names.begin(), row_names.end());
      for (size_t i = 0; i < names.size(); ++i) {
        if (!found.contains(stored[i])) {
          return absl::NotFoundError(
              StrCat("partition '", PartitionDisplay(t.display, names[i]), "' not found"));
        }
      }
    }
    if (!ids.empty()) RETURN_IF_ERROR(ChangeEpoch(t.id));
    RETURN_IF_ERROR(DeletePartitionStats(ids));
    absl::flat_hash_map<std::string_view, size_t> row_of;  // name -> index in `rows`
    row_of.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) row_of.emplace(row_names[i], i);
    out.reserve(rows.size());
    for (size_t i = 0; i < names.size(); ++i) {
      auto it = row_of.find(stored[i]);
      if (it == row_of.end()) continue;
      out.push_back(std::move(rows[it->second]));
      if (privileges) {
        RETURN_IF_ERROR(
            grants_.DeletePartitionPrivileges(t.table.database, t.table.name, names[i]));
      }
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<model::Partition> SqlitePartitions::DecodePartition(const TableRef& t,
                                                                   Statement& row, int first) {
  model::Partition p;
  RETURN_IF_ERROR(DecodePartitionInto(t, row, first, &p));
  return p;
}

absl::Status SqlitePartitions::DecodePartitionInto(const TableRef& t, Statement& row, int first,
                                                   model::Partition* p) {
  // Assignments throughout, so that a partition decoded before keeps and
  // reuses its strings' and containers' memory.
  p->database = t.table.database;
  p->table = t.table.name;
  const std::string_view stored = row.Text(first + 1);
  if (!t.stored_names.Values(stored, &p->values)) return CorruptName(t, stored);
  ASSIGN_OR_RETURN(std::shared_ptr<const model::StorageDescriptor> sd,
                   core_.LoadSd(row.Int(first + 2)));
  p->sd = *sd;
  if (row.IsNull(first + 3)) {
    // "<base>/<full name>", built in place.
    p->sd.location.push_back('/');
    t.stored_names.AppendFull(stored, &p->sd.location);
  } else {
    p->sd.location.assign(row.Text(first + 3));
  }
  p->create_time = row.Int(first + 4);
  p->last_access_time = row.Int(first + 5);
  if (row.IsNull(first + 6)) {
    p->parameters.clear();
  } else {
    std::string name;
    t.stored_names.AppendFull(stored, &name);
    ASSIGN_OR_RETURN(
        p->parameters,
        ParametersFromJson(row.Text(first + 6),
                           StrCat("partition '", PartitionDisplay(t.display, name), "'")));
  }
  return absl::OkStatus();
}

absl::StatusOr<model::Partition> SqlitePartitions::GetPartition(
    std::string_view db, std::string_view table, const std::vector<std::string>& values) {
  ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
  ASSIGN_OR_RETURN(std::string stored, StoredName(t, values));
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat("SELECT ", kPartitionColumns,
                                                         " FROM partitions AS p"
                                                         " WHERE p.table_id = ? AND p.name = ?")));
  stmt.BindInt(1, t.id);
  stmt.BindText(2, stored);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    ASSIGN_OR_RETURN(std::string name, model::MakePartitionName(t.table.partition_keys, values));
    return absl::NotFoundError(
        StrCat("partition '", PartitionDisplay(t.display, name), "' not found"));
  }
  return DecodePartition(t, stmt, 0);
}

absl::StatusOr<std::vector<model::Partition>> SqlitePartitions::GetPartitionsByNames(
    std::string_view db, std::string_view table, const std::vector<std::string>& names) {
  ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
  if (read_cache_ != nullptr && !names.empty()) {
    ASSIGN_OR_RETURN(std::shared_ptr<const PartitionList> all, HeldPartitionList(db, table, t));
    if (all != nullptr) {
      // The list is in name order: each name is a binary search.
      std::vector<model::Partition> out;
      out.reserve(names.size());
      for (const std::string& name : names) {
        auto it = std::lower_bound(all->names.begin(), all->names.end(), name);
        if (it != all->names.end() && *it == name) {
          out.push_back(all->partitions[static_cast<size_t>(it - all->names.begin())]);
        }
      }
      return out;
    }
  }
  // Names go in chunks of up to kChunk per statement ("name IN (?, ...)"):
  // one statement run per chunk instead of one per name. SQLite returns a
  // chunk's rows in name order; they are put back in the order asked.
  constexpr size_t kChunk = 128;
  // The names asked for in stored form; a name that does not spell this
  // table's keys matches no row and is left out.
  std::vector<std::optional<std::string>> asked;
  std::vector<std::string_view> lookups;
  asked.reserve(names.size());
  lookups.reserve(names.size());
  for (const std::string& name : names) {
    asked.push_back(t.stored_names.ToStored(name));
    if (asked.back().has_value()) lookups.push_back(*asked.back());
  }
  std::vector<model::Partition> rows;
  std::vector<std::string> row_names;  // each row's name, in stored form
  rows.reserve(lookups.size());
  row_names.reserve(lookups.size());
  for (size_t first = 0; first < lookups.size(); first += kChunk) {
    const size_t n = std::min(kChunk, lookups.size() - first);
    std::string sql = StrCat("SELECT ", kPartitionColumns,
                             " FROM partitions AS p WHERE p.table_id = ? AND p.name IN (?");
    for (size_t i = 1; i < n; ++i) sql += ", ?";
    sql += ")";
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
    stmt.BindInt(1, t.id);
    for (size_t i = 0; i < n; ++i) stmt.BindText(static_cast<int>(i) + 2, lookups[first + i]);
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      row_names.emplace_back(stmt.Text(1));
      RETURN_IF_ERROR(DecodePartitionInto(t, stmt, 0, &rows.emplace_back()));
    }
  }
  absl::flat_hash_map<std::string_view, size_t> row_of;  // name -> index in `rows`
  row_of.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) row_of.emplace(row_names[i], i);
  // How often each row is asked for: all but its last use get a copy.
  std::vector<int> uses(rows.size(), 0);
  for (const std::string_view name : lookups) {
    if (auto it = row_of.find(name); it != row_of.end()) ++uses[it->second];
  }
  std::vector<model::Partition> out;
  out.reserve(rows.size());
  for (const std::string_view name : lookups) {
    auto it = row_of.find(name);
    if (it == row_of.end()) continue;
    const size_t i = it->second;
    if (--uses[i] > 0) {
      out.push_back(rows[i]);
    } else {
      out.push_back(std::move(rows[i]));
    }
  }
  return out;
}

absl::Status SqlitePartitions::RunScan(std::string_view db, std::string_view table,
                                       const PartitionScan& scan, bool full_rows,
                                       const RowVisitor& visit, ScanStats* stats,
                                       TableRef* table_out) {
  if (scan.total_segments < 1 || scan.segment_number < 0 ||
      scan.segment_number >= scan.total_segments) {
    return absl::InvalidArgumentError(
        StrCat("segment ", scan.segment_number, " of ", scan.total_segments, " is out of range"));
  }
  if (scan.limit < 0) return absl::InvalidArgumentError("scan limit must not be negative");
  if (scan.max_rows_examined < 0) {
    return absl::InvalidArgumentError("scan row budget must not be negative");
  }
  ASSIGN_OR_RETURN(*table_out, core_.LoadTable(db, table));
  const TableRef& t = *table_out;
  const int key_count = static_cast<int>(t.table.partition_keys.size());
  ASSIGN_OR_RETURN(SqlFragment filter, RenderFilter(scan.filter, key_count));
  ASSIGN_OR_RETURN(std::vector<IndexInfo> indexes, AccessPathIndexes(t));
  ASSIGN_OR_RETURN(AccessPath path,
                   ChooseAccessPath(scan.filter, key_count, indexes, scan.index_hint, t.display));
  const bool index_order = scan.order == ScanOrder::kAccessPath && path.index != nullptr;
  if (index_order ? !scan.after_name.empty() : !scan.after_key.empty()) {
    return absl::InvalidArgumentError("scan position does not belong to the scan's access path");
  }
  if (index_order && !scan.after_key.empty() && scan.after_key.index != path.index->name) {
    return absl::InvalidArgumentError(StrCat("scan position belongs to partition index '",
                                             scan.after_key.index, "', not '", path.index->name,
                                             "'"));
  }
  ScanStats local;
  local.index_used = path.index != nullptr ? path.index->name : "";
  local.plan = path.index == nullptr ? path.plan
               : index_order         ? StrCat(path.plan, ", read in index order")
                                     : StrCat(path.plan, ", then sorted by name");
  local.last_name = scan.after_name;
  local.last_key = scan.after_key;
  if (index_order && local.last_key.empty()) local.last_key.index = path.index->name;
  if (scan.filter.kind == PartitionFilter::Kind::kFalse) {
    local.plan = "nothing to read (the filter is false)";
    local.complete = true;
    if (stats != nullptr) *stats = std::move(local);
    return absl::OkStatus();
  }

  // The runs of rows to read, one statement each, in order. A name-ordered
  // scan and the first page of an index-ordered one are a single run; a
  // resumed index-ordered scan is the keyset continuation (filter_sql.h).
  std::vector<SqlFragment> runs;
  if (index_order && !scan.after_key.keys.empty()) {
    ASSIGN_OR_RETURN(runs, IndexContinuation(scan.filter, key_count, *path.index, scan.after_key));
  } else if (index_order) {
    runs.push_back(path.seek);
  } else if (std::optional<std::string> after =
                 t.stored_names.StoredScanPosition(scan.after_name)) {
    SqlFragment run{.sql = "p.name > ?", .params = {std::move(*after)}};
    run.sql += StrCat(" AND ", path.seek.sql);
    run.params.insert(run.params.end(), path.seek.params.begin(), path.seek.params.end());
    runs.push_back(std::move(run));
  }  // else no partition's name sorts after the position: nothing to read
  const std::string order_by = index_order ? IndexOrderBy(*path.index) : "p.name";
  // Index order needs the typed keys of each row for the resume position.
  std::string key_columns;
  if (index_order) {
    for (int position : path.index->key_positions) absl::StrAppend(&key_columns, ", p.k", position);
  }
  // Column of the first key (index order) after the row's own columns.
  const int first_key_column = full_rows ? 8 : 3;

  // The stored name of the last row read in name order: copied as read, and
  // given its keys once at the end rather than for every row a filter rejects.
  std::string last_stored;
  bool read_any = false;
  bool stopped = false;
  for (const SqlFragment& run : runs) {
    // The filter is computed as the first column rather than applied in WHERE
    // so that rows read but rejected are counted (and charged to the row
    // budget). The table id is our integer, spliced so that SQLite can match
    // partial indexes (WHERE table_id = <id>).
    std::string sql =
        StrCat("SELECT CASE WHEN ", filter.sql, " THEN 1 ELSE 0 END, ",
               full_rows ? kPartitionColumns : "p.id, p.name", key_columns,
               " FROM partitions AS p INDEXED BY ",
               path.index != nullptr ? path.index->sql_name : "partitions_by_name",
               " WHERE p.table_id = ", t.id, scan.total_segments > 1 ? " AND p.id % ? = ?" : "",
               " AND ", run.sql, " ORDER BY ", order_by);
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
    int next = BindParams(stmt, 1, filter.params);
    if (scan.total_segments > 1) {
      stmt.BindInt(next++, scan.total_segments);
      stmt.BindInt(next++, scan.segment_number);
    }
    BindParams(stmt, next, run.params);
    while (true) {
      if ((scan.limit > 0 && local.rows_returned >= scan.limit) ||
          (scan.max_rows_examined > 0 && local.rows_examined >= scan.max_rows_examined)) {
        stopped = true;
        break;
      }
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      ++local.rows_examined;
      if (stmt.Int(0) != 0) {
        ++local.rows_returned;
        ASSIGN_OR_RETURN(bool more, visit(stmt));
        if (!more) {
          // The visitor did not keep this row: the position stays before it.
          stopped = true;
          break;
        }
      }
      if (index_order) {
        for (size_t i = 0; i < path.index->key_positions.size(); ++i) {
          ReadKeyValue(stmt, first_key_column + static_cast<int>(i), &local.last_key.keys, i);
        }
        local.last_key.id = stmt.Int(1);
      } else {
        last_stored.assign(stmt.Text(2));
        read_any = true;
      }
    }
    if (stopped) break;
  }
  if (read_any && !t.stored_names.ToFull(last_stored, &local.last_name)) {
    return CorruptName(t, last_stored);
  }
  local.complete = !stopped;
  if (stats != nullptr) *stats = std::move(local);
  return absl::OkStatus();
}

absl::StatusOr<std::string> SqlitePartitions::UnfilteredScanPlan(const TableRef& t,
                                                                 const PartitionScan& scan) {
  // What RunScan reports for this scan: no index can take part in it.
  ASSIGN_OR_RETURN(AccessPath path,
                   ChooseAccessPath(scan.filter, static_cast<int>(t.table.partition_keys.size()),
                                    {}, scan.index_hint, t.display));
  return std::move(path.plan);
}

absl::Status SqlitePartitions::ScanPartitions(std::string_view db, std::string_view table,
                                              const PartitionScan& scan,
                                              const PartitionVisitor& visit, ScanStats* stats) {
  TableRef t;
  const TableRef* tp = &t;
  // One object for every row: a visitor that only reads it (rather than
  // moving from it) lets each row reuse the previous row's memory.
  model::Partition p;
  if (read_cache_ != nullptr) {
    // Key columns held for the table first, then this connection's partition
    // list of a small table (name order only), then key columns read now
    // for a large one.
    std::optional<int64_t> epoch;
    if (read_cache_->key_columns() != nullptr) {
      ASSIGN_OR_RETURN(t, core_.LoadTable(db, table));
      if (read_cache_->FindPartitions(t.id) == nullptr) {
        ASSIGN_OR_RETURN(epoch, KeyColumnsEpoch(t, scan));
      }
    }
    if (epoch.has_value()) {
      ASSIGN_OR_RETURN(std::shared_ptr<const KeyColumns> columns,
                       KeyColumnsAt(t, *epoch, /*may_build=*/false));
      if (columns != nullptr) return ScanKeyColumns(t, *columns, scan, nullptr, &visit, stats);
    }
    if (AnswerableFromPartitionList(scan)) {
      ASSIGN_OR_RETURN(bool answered, ScanFromPartitionList(db, table, scan, visit, stats));
      if (answered) return absl::OkStatus();
    }
    if (epoch.has_value()) {
      ASSIGN_OR_RETURN(std::shared_ptr<const KeyColumns> columns,
                       KeyColumnsAt(t, *epoch, /*may_build=*/true));
      if (columns != nullptr) return ScanKeyColumns(t, *columns, scan, nullptr, &visit, stats);
    }
  }
  if (read_cache_ == nullptr || !AnswerableFromNameList(scan)) {
    return RunScan(
        db, table, scan, /*full_rows=*/true,
        [&](Statement& row) -> absl::StatusOr<bool> {
          RETURN_IF_ERROR(DecodePartitionInto(*tp, row, 1, &p));
          return visit(std::move(p));
        },
        stats, &t);
  }
  ASSIGN_OR_RETURN(t, core_.LoadTable(db, table));
  if (std::shared_ptr<const PartitionList> all = read_cache_->FindPartitions(t.id)) {
    ScanStats local;
    ASSIGN_OR_RETURN(local.plan, UnfilteredScanPlan(t, scan));
    Replay(
        all->names, scan,
        [&](size_t i) {
          p = all->partitions[i];
          return visit(std::move(p));
        },
        &local);
    if (stats != nullptr) *stats = std::move(local);
    return absl::OkStatus();
  }
  // A scan from the first name that reads to the end has seen every
  // partition; kept when the table is small enough.
  bool record = scan.after_name.empty();
  PartitionList list;
  ScanStats local;
  RETURN_IF_ERROR(RunScan(
      db, table, scan, /*full_rows=*/true,
      [&](Statement& row) -> absl::StatusOr<bool> {
        RETURN_IF_ERROR(DecodePartitionInto(*tp, row, 1, &p));
        if (record && list.partitions.size() < ReadCache::kMaxPartitions) {
          RETURN_IF_ERROR(FullName(*tp, row, 2, &list.names.emplace_back()));
          list.partitions.push_back(p);
          list.keys.push_back(TypedKeys(*tp, p.values));
        } else if (record) {
          record = false;
          list = {};
        }
        return visit(std::move(p));
      },
      &local, &t));
  if (record && local.complete) read_cache_->PutPartitions(t.id, std::move(list));
  if (stats != nullptr) *stats = std::move(local);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const PartitionList>> SqlitePartitions::HeldPartitionList(
    std::string_view db, std::string_view table, const TableRef& t) {
  std::shared_ptr<const PartitionList> all = read_cache_->FindPartitions(t.id);
  if (all == nullptr) {
    // The first such call on a table goes to SQLite; the second reads the
    // whole list once, if it fits, for this one and those that follow.
    if (read_cache_->CountFilteredMiss(t.id) < 1) return nullptr;
    PartitionList list;
    const PartitionScan whole{.limit = static_cast<int64_t>(ReadCache::kMaxPartitions) + 1};
    TableRef read;
    RETURN_IF_ERROR(RunScan(
        db, table, whole, /*full_rows=*/true,
        [&](Statement& row) -> absl::StatusOr<bool> {
          RETURN_IF_ERROR(FullName(t, row, 2, &list.names.emplace_back()));
          model::Partition& p = list.partitions.emplace_back();
          RETURN_IF_ERROR(DecodePartitionInto(t, row, 1, &p));
          list.keys.push_back(TypedKeys(t, p.values));
          return true;
        },
        nullptr, &read));
    if (list.partitions.size() > ReadCache::kMaxPartitions) {
      read_cache_->MarkTooLarge(t.id);
      return nullptr;
    }
    read_cache_->PutPartitions(t.id, std::move(list));
    all = read_cache_->FindPartitions(t.id);
    if (all == nullptr) return nullptr;
  }
  if (all->keys.size() != all->partitions.size()) return nullptr;
  return all;
}

absl::StatusOr<bool> SqlitePartitions::ScanFromPartitionList(std::string_view db,
                                                             std::string_view table,
                                                             const PartitionScan& scan,
                                                             const PartitionVisitor& visit,
                                                             ScanStats* stats) {
  ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
  // The same errors as the SQL path, before anything is read.
  RETURN_IF_ERROR(
      RenderFilter(scan.filter, static_cast<int>(t.table.partition_keys.size())).status());
  ASSIGN_OR_RETURN(std::shared_ptr<const PartitionList> all, HeldPartitionList(db, table, t));
  if (all == nullptr) return false;
  ScanStats local;
  local.plan = StrCat("the table's ", all->partitions.size(),
                            " partitions held in memory, filtered on their typed values");
  local.last_name = scan.after_name;
  model::Partition p;
  bool stopped = false;
  for (auto it = std::upper_bound(all->names.begin(), all->names.end(), scan.after_name);; ++it) {
    if ((scan.limit > 0 && local.rows_returned >= scan.limit) ||
        (scan.max_rows_examined > 0 && local.rows_examined >= scan.max_rows_examined)) {
      stopped = true;
      break;
    }
    if (it == all->names.end()) break;
    ++local.rows_examined;
    const size_t i = static_cast<size_t>(it - all->names.begin());
    if (FilterMatches(scan.filter, all->keys[i])) {
      ++local.rows_returned;
      // Only a matching row is copied out of the list.
      p = all->partitions[i];
      if (!visit(std::move(p))) {
        stopped = true;
        break;
      }
    }
    local.last_name = *it;
  }
  local.complete = !stopped;
  if (stats != nullptr) *stats = std::move(local);
  return true;
}

absl::StatusOr<std::optional<int64_t>> SqlitePartitions::KeyColumnsEpoch(
    const TableRef& t, const PartitionScan& scan) {
  KeyColumnCache* cache = read_cache_ == nullptr ? nullptr : read_cache_->key_columns();
  // Either order: without an index (below), access-path order is name order.
  if (cache == nullptr || cache->max_bytes() == 0 ||
      scan.filter.kind == PartitionFilter::Kind::kTrue || !ReplayableShape(scan)) {
    return std::nullopt;
  }
  const int key_count = static_cast<int>(t.table.partition_keys.size());
  // The same errors as the SQL path, before anything is read.
  RETURN_IF_ERROR(RenderFilter(scan.filter, key_count).status());
  // Where an index bounds the filter, SQLite seeks; the columns are for the
  // filters that would read every row.
  ASSIGN_OR_RETURN(std::vector<IndexInfo> indexes, AccessPathIndexes(t));
  ASSIGN_OR_RETURN(AccessPath path, ChooseAccessPath(scan.filter, key_count, indexes,
                                                     scan.index_hint, t.display));
  if (path.index != nullptr) return std::nullopt;
  return Epoch(t.id);
}

absl::StatusOr<std::shared_ptr<const KeyColumns>> SqlitePartitions::KeyColumnsAt(
    const TableRef& t, int64_t epoch, bool may_build) {
  KeyColumnCache* cache = read_cache_->key_columns();
  if (std::shared_ptr<const KeyColumns> held = cache->Find(t.id, epoch)) return held;
  if (!may_build || !cache->ShouldBuild(t.id, epoch)) return nullptr;
  // Read in this transaction's snapshot, the one the epoch came from.
  const int typed =
      std::min(static_cast<int>(t.table.partition_keys.size()), kMaxTypedKeys);
  auto columns = std::make_shared<KeyColumns>(typed);
  std::string sql = "SELECT p.id, p.name";
  for (int k = 0; k < typed; ++k) absl::StrAppend(&sql, ", p.k", k);
  absl::StrAppend(&sql, " FROM partitions AS p INDEXED BY partitions_by_name WHERE p.table_id = ",
                  t.id, " ORDER BY p.name");
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
  std::vector<model::KeyValue> keys(static_cast<size_t>(typed));
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    for (int k = 0; k < typed; ++k) ReadKeyValue(stmt, 2 + k, &keys, static_cast<size_t>(k));
    columns->Add(stmt.Int(0), stmt.Text(1), keys);
    if (columns->rows() % 4096 == 0 && columns->bytes() > cache->max_bytes()) {
      cache->NotHeld(t.id, epoch);
      return nullptr;
    }
  }
  columns->Finish();
  cache->Put(t.id, epoch, columns);
  // A table too small to hold is read by SQLite (or the connection's
  // partition list), like the scans that follow.
  if (columns->rows() < cache->min_rows()) return nullptr;
  return columns;
}

absl::Status SqlitePartitions::ScanKeyColumns(const TableRef& t, const KeyColumns& columns,
                                              const PartitionScan& scan,
                                              const PartitionNameVisitor* names,
                                              const PartitionVisitor* partitions,
                                              ScanStats* stats) {
  ScanStats local;
  local.plan = StrCat("the names and typed keys of the table's ", columns.rows(),
                      " partitions held in memory (shared by connections), filtered on their"
                      " typed values");
  local.last_name = scan.after_name;
  size_t row = 0;
  if (!scan.after_name.empty()) {
    std::optional<std::string> after = t.stored_names.StoredScanPosition(scan.after_name);
    row = after.has_value() ? columns.UpperBound(*after) : columns.rows();
  }
  std::vector<uint8_t> selected;
  columns.Select(scan.filter, &selected);
  std::optional<Statement> by_id;
  if (partitions != nullptr) {
    absl::StatusOr<Statement> prepared = conn_->Prepare(
        StrCat("SELECT ", kPartitionColumns, " FROM partitions AS p WHERE p.id = ?"));
    if (!prepared.ok()) return prepared.status();
    by_id.emplace(*std::move(prepared));
  }
  std::string name;
  model::Partition p;
  bool stopped = false;
  size_t last = columns.rows();  // the last row consumed, if any
  for (; row <= columns.rows(); ++row) {
    if ((scan.limit > 0 && local.rows_returned >= scan.limit) ||
        (scan.max_rows_examined > 0 && local.rows_examined >= scan.max_rows_examined)) {
      stopped = true;
      break;
    }
    if (row == columns.rows()) break;
    if (selected[row] == 0 && scan.max_rows_examined == 0) {
      // Without a row budget, the rejected rows up to the next selected one
      // (or the end) are consumed at once.
      const void* next = std::memchr(&selected[row], 1, columns.rows() - row);
      const size_t to = next == nullptr ? columns.rows()
                                        : static_cast<size_t>(static_cast<const uint8_t*>(next) -
                                                              selected.data());
      local.rows_examined += static_cast<int64_t>(to - row);
      last = to - 1;
      row = to - 1;  // the loop's ++row moves to `to`
      continue;
    }
    ++local.rows_examined;
    if (selected[row] != 0) {
      ++local.rows_returned;
      bool more;
      if (names != nullptr) {
        if (!t.stored_names.ToFull(columns.stored_name(row), &name)) {
          return CorruptName(t, columns.stored_name(row));
        }
        more = (*names)(name);
      } else {
        by_id->BindInt(1, columns.id(row));
        ASSIGN_OR_RETURN(bool found, by_id->Step());
        if (!found) {
          return absl::InternalError(StrCat("partition ", columns.id(row), " of '", t.display,
                                            "' held in memory is not in the file at its epoch"));
        }
        RETURN_IF_ERROR(DecodePartitionInto(t, *by_id, 0, &p));
        sqlite3_reset(by_id->raw());
        more = (*partitions)(std::move(p));
      }
      if (!more) {
        // The visitor did not keep this row: the position stays before it.
        stopped = true;
        break;
      }
    }
    last = row;
  }
  if (last < columns.rows() && !t.stored_names.ToFull(columns.stored_name(last), &local.last_name)) {
    return CorruptName(t, columns.stored_name(last));
  }
  local.complete = !stopped;
  if (stats != nullptr) *stats = std::move(local);
  return absl::OkStatus();
}

absl::Status SqlitePartitions::ScanPartitionNames(std::string_view db, std::string_view table,
                                                  const PartitionScan& scan,
                                                  const PartitionNameVisitor& visit,
                                                  ScanStats* stats) {
  TableRef t;
  std::string name;  // each row's full name, reusing one buffer
  if (read_cache_ != nullptr && read_cache_->key_columns() != nullptr) {
    ASSIGN_OR_RETURN(t, core_.LoadTable(db, table));
    ASSIGN_OR_RETURN(std::optional<int64_t> epoch, KeyColumnsEpoch(t, scan));
    if (epoch.has_value()) {
      ASSIGN_OR_RETURN(std::shared_ptr<const KeyColumns> columns,
                       KeyColumnsAt(t, *epoch, /*may_build=*/true));
      if (columns != nullptr) return ScanKeyColumns(t, *columns, scan, &visit, nullptr, stats);
    }
  }
  if (read_cache_ == nullptr || !AnswerableFromNameList(scan)) {
    return RunScan(
        db, table, scan, /*full_rows=*/false,
        [&](Statement& row) -> absl::StatusOr<bool> {
          RETURN_IF_ERROR(FullName(t, row, 2, &name));
          return visit(name);
        },
        stats, &t);
  }
  ASSIGN_OR_RETURN(t, core_.LoadTable(db, table));
  if (std::shared_ptr<const NameList> all = read_cache_->FindPartitionNames(t.id)) {
    ScanStats local;
    ASSIGN_OR_RETURN(local.plan, UnfilteredScanPlan(t, scan));
    Replay(
        *all, scan, [&](size_t i) { return visit((*all)[i]); }, &local);
    if (stats != nullptr) *stats = std::move(local);
    return absl::OkStatus();
  }
  // A scan from the first name that reads to the end has seen every name.
  const bool record = scan.after_name.empty();
  NameList names;
  ScanStats local;
  RETURN_IF_ERROR(RunScan(
      db, table, scan, /*full_rows=*/false,
      [&](Statement& row) -> absl::StatusOr<bool> {
        RETURN_IF_ERROR(FullName(t, row, 2, &name));
        if (record && names.size() <= ReadCache::kMaxNames) names.push_back(name);
        return visit(name);
      },
      &local, &t));
  if (record && local.complete) read_cache_->PutPartitionNames(t.id, std::move(names));
  if (stats != nullptr) *stats = std::move(local);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> SqlitePartitions::CountPartitions(std::string_view db,
                                                          std::string_view table,
                                                          const PartitionFilter& filter) {
  ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
  const int key_count = static_cast<int>(t.table.partition_keys.size());
  ASSIGN_OR_RETURN(SqlFragment rendered, RenderFilter(filter, key_count));
  // A filter no index bounds is counted over the table's key columns, as
  // the listings of the same filter are answered.
  ASSIGN_OR_RETURN(std::optional<int64_t> epoch,
                   KeyColumnsEpoch(t, PartitionScan{.filter = filter}));
  if (epoch.has_value()) {
    ASSIGN_OR_RETURN(std::shared_ptr<const KeyColumns> columns,
                     KeyColumnsAt(t, *epoch, /*may_build=*/true));
    if (columns != nullptr) {
      std::vector<uint8_t> selected;
      columns->Select(filter, &selected);
      return static_cast<int64_t>(std::count(selected.begin(), selected.end(), uint8_t{1}));
    }
  }
  ASSIGN_OR_RETURN(std::vector<IndexInfo> indexes, AccessPathIndexes(t));
  ASSIGN_OR_RETURN(AccessPath path, ChooseAccessPath(filter, key_count, indexes, "", t.display));
  // The filter stays out of WHERE: a filter that folds to a constant would
  // otherwise leave SQLite no use for the INDEXED BY index, which it rejects.
  ASSIGN_OR_RETURN(
      Statement stmt,
      conn_->Prepare(StrCat("SELECT coalesce(sum(CASE WHEN ", rendered.sql,
                            " THEN 1 ELSE 0 END), 0) FROM partitions AS p INDEXED BY ",
                            path.index != nullptr ? path.index->sql_name : "partitions_by_name",
                            " WHERE p.table_id = ", t.id, " AND ", path.seek.sql)));
  int next = BindParams(stmt, 1, rendered.params);
  BindParams(stmt, next, path.seek.params);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

absl::Status SqlitePartitions::MovePartitionLocations(const TableRef& t,
                                                      std::string_view old_location,
                                                      std::string_view new_location) {
  // Key columns hold no locations; the epoch changes all the same, so that
  // every statement writing partition rows changes it.
  RETURN_IF_ERROR(ChangeEpoch(t.id));
  const std::string old_base(StripTrailingSlashes(old_location));
  const std::string new_base(StripTrailingSlashes(new_location));
  {
    // Explicit locations under the old one. length() and substr() count
    // characters on both sides, so multi-byte paths stay consistent.
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("UPDATE partitions SET location = ?1 || substr(location,"
                                    " length(?2) + 1) WHERE table_id = ?3 AND location IS NOT NULL"
                                    " AND (location = ?2 OR substr(location, 1, length(?2) + 1) ="
                                    " ?2 || '/')"));
    stmt.BindText(1, new_base);
    stmt.BindText(2, old_base);
    stmt.BindInt(3, t.id);
    RETURN_IF_ERROR(stmt.Run());
  }
  // Derived locations follow their descriptor's base: re-point them at a copy
  // of the descriptor with the moved base (descriptor rows are immutable).
  std::vector<int64_t> sd_ids;
  {
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT DISTINCT sd_id FROM partitions"
                                                    " WHERE table_id = ? AND location IS NULL"));
    stmt.BindInt(1, t.id);
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      sd_ids.push_back(stmt.Int(0));
    }
  }
  for (int64_t sd_id : sd_ids) {
    ASSIGN_OR_RETURN(std::shared_ptr<const model::StorageDescriptor> sd, core_.LoadSd(sd_id));
    std::string_view base = StripTrailingSlashes(sd->location);
    std::string moved;
    if (base == old_base) {
      moved = new_base;
    } else if (base.size() > old_base.size() && base.substr(0, old_base.size()) == old_base &&
               base[old_base.size()] == '/') {
      moved = StrCat(new_base, base.substr(old_base.size()));
    } else {
      continue;
    }
    model::StorageDescriptor copy = *sd;
    copy.location = std::move(moved);
    ASSIGN_OR_RETURN(int64_t new_id, core_.InternSd(copy));
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("UPDATE partitions SET sd_id = ? WHERE table_id = ?"
                                    " AND sd_id = ? AND location IS NULL"));
    stmt.BindInt(1, new_id);
    stmt.BindInt(2, t.id);
    stmt.BindInt(3, sd_id);
    RETURN_IF_ERROR(stmt.Run());
  }
  return absl::OkStatus();
}

absl::Status SqlitePartitions::DeleteTablePartitions(int64_t table_id) {
  RETURN_IF_ERROR(DropAllPartitionIndexes(table_id));
  {
    // The partitions' statistics first (no foreign key deletes them: 0012);
    // nothing to read when no partition of any table has statistics.
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("DELETE FROM partition_column_stats WHERE"
                                    " EXISTS (SELECT 1 FROM partition_column_stats) AND"
                                    " partition_id IN (SELECT id FROM partitions"
                                    " WHERE table_id = ?)"));
    stmt.BindInt(1, table_id);
    RETURN_IF_ERROR(stmt.Run());
  }
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM partitions WHERE table_id = ?"));
  stmt.BindInt(1, table_id);
  RETURN_IF_ERROR(stmt.Run());
  // A new epoch rather than none: SQLite may give this id to a later table.
  return ChangeEpoch(table_id);
}

absl::Status SqlitePartitions::ReencodeKeys(const TableRef& t) {
  RETURN_IF_ERROR(ChangeEpoch(t.id));
  // In chunks by name, so that neither all rows are held in memory nor rows
  // are updated under a running SELECT of the same table.
  constexpr int kChunk = 1000;
  std::string after;
  while (true) {
    std::vector<std::pair<int64_t, std::string>> chunk;
    {
      ASSIGN_OR_RETURN(Statement select,
                       conn_->Prepare("SELECT id, name FROM partitions WHERE table_id = ?"
                                      " AND name > ? ORDER BY name LIMIT ?"));
      select.BindInt(1, t.id);
      select.BindText(2, after);
      select.BindInt(3, kChunk);
      while (true) {
        ASSIGN_OR_RETURN(bool row, select.Step());
        if (!row) break;
        chunk.emplace_back(select.Int(0), std::string(select.Text(1)));
      }
    }
    if (chunk.empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(Statement update,
                     conn_->Prepare("UPDATE partitions SET k0 = ?, k1 = ?, k2 = ?, k3 = ?,"
                                    " k4 = ?, k5 = ?, k6 = ?, k7 = ? WHERE id = ?"));
    std::vector<std::string> values;
    for (const auto& [id, stored] : chunk) {
      if (!t.stored_names.Values(stored, &values)) return CorruptName(t, stored);
      for (int i = 0; i < kMaxTypedKeys; ++i) {
        model::KeyValue v;
        if (i < static_cast<int>(values.size()) && i < static_cast<int>(t.categories.size())) {
          v = model::EncodeKeyValue(t.categories[i], values[i]);
        }
        BindKeyValue(update, i + 1, v);
      }
      update.BindInt(kMaxTypedKeys + 1, id);
      RETURN_IF_ERROR(update.Step().status());
      sqlite3_reset(update.raw());
    }
    after = chunk.back().second;
  }
}

}  // namespace almanac::storage::sqlite
