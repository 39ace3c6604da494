// KeyColumns: the stored names, row ids and typed key copies (k0..k7) of every
// partition of one large table, held in memory in name order, so that a
// filter no index can bound (a key that is not leading, an OR across keys)
// is evaluated without reading the table's rows: per distinct value of each
// key it names, then per row through the value's code. Names come from the
// held stored names; whole partitions are read by id from SQLite.
//
// KeyColumnCache holds them for one SqliteStore, shared by its reader
// connections, each under the table's partition epoch (migration 0015) it
// was read at. A read transaction uses an entry only when its own snapshot
// shows the same epoch; every write to a table's partitions changes the
// epoch in the same transaction, so an entry never describes another state
// of the table, while writes to other tables leave it valid.
//
// Memory: each entry is about 8 bytes an id, 1, 2 or 4 a key a row (by the
// key's number of distinct values), its stored names and its distinct values. The cache keeps the entries it holds under a byte
// budget, dropping the least recently used first; a table whose entry alone
// would pass it is never held (its scans read SQLite).
//
// Thread safety: KeyColumns is immutable once built; KeyColumnCache is
// thread-safe.
#ifndef ALMANAC_STORAGE_SQLITE_KEY_COLUMNS_H_
#define ALMANAC_STORAGE_SQLITE_KEY_COLUMNS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "catalog/model/key_value.h"
#include "storage/partition_filter.h"

namespace almanac::storage::sqlite {

class KeyColumns {
 public:
  // Builds an entry of `key_count` typed keys (at most kMaxTypedKeys).
  explicit KeyColumns(int key_count);

  // Appends the next row in name order. `keys` holds at least key_count()
  // values (the row's k-columns).
  void Add(int64_t id, std::string_view stored_name, const std::vector<model::KeyValue>& keys);
  // After the last row: drops what only building needed.
  void Finish();

  size_t rows() const { return ids_.size(); }
  int key_count() const { return static_cast<int>(columns_.size()); }
  int64_t id(size_t row) const { return ids_[row]; }
  std::string_view stored_name(size_t row) const;
  // About how much memory the entry takes.
  size_t bytes() const;

  // The first row whose stored name sorts after `stored` (rows() if none).
  size_t UpperBound(std::string_view stored) const;

  // Sets (*selected)[row] to 1 for every row `filter` selects, 0 otherwise,
  // with the semantics of FilterMatches (filter_sql.h) over the row's typed
  // keys. The filter must have passed RenderFilter (keys and depth checked).
  void Select(const PartitionFilter& filter, std::vector<uint8_t>* selected) const;

 private:
  struct KeyValueHash {
    size_t operator()(const model::KeyValue& v) const;
  };
  struct Column {
    std::vector<model::KeyValue> values;  // distinct values, by code
    // One code per row, in the narrowest of the three that holds every code
    // (most keys have few distinct values); the others are empty.
    std::vector<uint8_t> codes8;
    std::vector<uint16_t> codes16;
    std::vector<uint32_t> codes32;
    absl::flat_hash_map<model::KeyValue, uint32_t, KeyValueHash> code_of;  // until Finish
  };
  // (*selected)[row] = by_code[code of the row] for every row of `column`.
  void LookUp(const Column& column, const std::vector<uint8_t>& by_code,
              std::vector<uint8_t>* selected) const;
  std::vector<int64_t> ids_;
  std::string names_;               // stored names back to back
  std::vector<uint32_t> name_ends_;  // where each row's name ends in names_
  std::vector<Column> columns_;
  size_t value_bytes_ = 0;
};

class KeyColumnCache {
 public:
  // `max_bytes`: the budget of all held entries (0: hold nothing).
  // `min_rows`: tables with fewer partitions are not held (the reader
  // connections' own caches serve small tables).
  KeyColumnCache(size_t max_bytes, size_t min_rows) : max_bytes_(max_bytes), min_rows_(min_rows) {}

  size_t max_bytes() const { return max_bytes_; }
  size_t min_rows() const { return min_rows_; }

  // The entry of `table_id` read at `epoch`, or null.
  std::shared_ptr<const KeyColumns> Find(int64_t table_id, int64_t epoch);

  // A scan that could have used the table's entry at `epoch` found none:
  // true when it should build the entry now: the second such scan, unless
  // the table is known to be too large or too small at this epoch; the
  // eighth when it was too small at an earlier one.
  bool ShouldBuild(int64_t table_id, int64_t epoch);

  // Holds `columns` as the entry of `table_id` at `epoch`, dropping the least
  // recently used entries to stay within the budget; an entry outside the
  // bounds is not held, and the table at this epoch not built again.
  void Put(int64_t table_id, int64_t epoch, std::shared_ptr<const KeyColumns> columns);
  // The table at `epoch` is not to be held (it passed the budget while it
  // was being read).
  void NotHeld(int64_t table_id, int64_t epoch);

  // For tests and diagnostics.
  size_t held_bytes();
  size_t held_tables();

 private:
  struct Entry {
    int64_t epoch = 0;
    std::shared_ptr<const KeyColumns> columns;  // null: not held
    int misses = 0;
    bool not_held = false;  // too large or too small at this epoch
    bool small = false;     // too small when last read, at this or an earlier epoch
    uint64_t last_use = 0;
  };
  // Drops entries, least recently used first, until `incoming` more bytes
  // fit. Never drops `keep`.
  void MakeRoom(size_t incoming, int64_t keep) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_bytes_;
  const size_t min_rows_;
  absl::Mutex mu_;
  absl::flat_hash_map<int64_t, Entry> entries_ ABSL_GUARDED_BY(mu_);
  size_t held_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t clock_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_KEY_COLUMNS_H_
