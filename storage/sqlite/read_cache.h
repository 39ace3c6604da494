// ReadCache: what a pooled reader connection remembers between its read
// transactions: decoded table rows, storage descriptors, complete name lists
// and the complete partition lists of small tables. Decoding a table's JSON or stepping a thousand index rows costs more
// than the rest of a small listing call, and most calls repeat the previous
// one's reads while nothing is written.
//
// Validity: every entry describes one state of the database file. A read
// transaction calls Validate() with the connection's data version
// (Connection::DataVersion) once its snapshot is taken; the version changes
// with every commit by any connection or process, and a changed version
// empties the cache. Within a transaction the snapshot cannot change, so an
// entry found there is exactly what SQLite would read.
//
// Memory: bounded by entry counts (kMaxTables, kMaxSds), by the names held in
// all lists (kMaxNames) and by the partitions held (kMaxPartitions); when a
// bound would be passed that part of the cache starts over rather than
// tracking use.
//
// Thread safety: none; it belongs to one connection, which one transaction
// uses at a time.
#ifndef ALMANAC_STORAGE_SQLITE_READ_CACHE_H_
#define ALMANAC_STORAGE_SQLITE_READ_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "catalog/model/key_value.h"
#include "catalog/model/partition.h"
#include "catalog/model/table.h"
#include "storage/sqlite/key_columns.h"
#include "storage/sqlite/stored_partition_name.h"

namespace almanac::storage::sqlite {

// A table as the storage code needs it.
struct TableRef {
  int64_t id = 0;
  model::Table table;
  std::vector<model::KeyCategory> categories;  // one per partition key
  std::string display;                         // "db.t"
  StoredPartitionNames stored_names;           // its partition names as stored
};

// Every name of one database's tables or one table's partitions, in name
// order.
using NameList = std::vector<std::string>;

// Every partition of one table in name order, with their names and the
// typed copies of their first values (as the k-columns hold them), so that
// a filtered listing can be answered from memory.
struct PartitionList {
  NameList names;
  std::vector<model::Partition> partitions;
  std::vector<std::vector<model::KeyValue>> keys;
};

class ReadCache {
 public:
  static constexpr size_t kMaxTables = 1024;
  static constexpr size_t kMaxSds = 4096;
  static constexpr size_t kMaxNames = 200'000;
  // Decoded partitions (about 1 KiB each with their descriptor) held in all
  // partition lists.
  static constexpr size_t kMaxPartitions = 10'000;

  // Keeps the entries when `data_version` is the one they were read at;
  // otherwise drops them all and remembers the new version.
  void Validate(uint32_t data_version);

  // Keyed by "db\0table" (lower case).
  const TableRef* FindTable(const std::string& key) const;
  void PutTable(std::string key, const TableRef& table);

  std::shared_ptr<const model::StorageDescriptor> FindSd(int64_t id) const;
  void PutSd(int64_t id, std::shared_ptr<const model::StorageDescriptor> sd);

  // Table names by database id; partition names by table id.
  std::shared_ptr<const NameList> FindTableNames(int64_t db_id) const;
  void PutTableNames(int64_t db_id, NameList names);
  std::shared_ptr<const NameList> FindPartitionNames(int64_t table_id) const;
  void PutPartitionNames(int64_t table_id, NameList names);

  std::shared_ptr<const PartitionList> FindPartitions(int64_t table_id) const;
  void PutPartitions(int64_t table_id, PartitionList partitions);
  // Filtered listings and lookups by name of a table whose partition list
  // is not held: the second one reads the whole list (when it fits) so that
  // the next ones are answered from memory. Returns how many came before this one; a
  // table found too large is remembered and answers -1.
  int64_t CountFilteredMiss(int64_t table_id);
  void MarkTooLarge(int64_t table_id);

  // For tests and diagnostics: how often Validate() found the entries stale.
  int64_t invalidations() const { return invalidations_; }

  // The store's key columns of large tables, shared by all its reader
  // connections and valid by partition epoch rather than by data version
  // (key_columns.h); null when the store holds none. Not owned.
  KeyColumnCache* key_columns() const { return key_columns_; }
  void set_key_columns(KeyColumnCache* key_columns) { key_columns_ = key_columns; }

 private:
  void Clear();
  // Makes room for `count` more names, starting over when needed.
  void ReserveNames(size_t count);
  // Keeps `names` as `lists`[id] unless too long or already there.
  void PutNames(absl::flat_hash_map<int64_t, std::shared_ptr<const NameList>>* lists, int64_t id,
                NameList names);

  std::optional<uint32_t> version_;
  int64_t invalidations_ = 0;
  absl::flat_hash_map<std::string, TableRef> tables_;
  absl::flat_hash_map<int64_t, std::shared_ptr<const model::StorageDescriptor>> sds_;
  absl::flat_hash_map<int64_t, std::shared_ptr<const NameList>> table_names_;
  absl::flat_hash_map<int64_t, std::shared_ptr<const NameList>> partition_names_;
  size_t names_held_ = 0;
  absl::flat_hash_map<int64_t, std::shared_ptr<const PartitionList>> partitions_;
  size_t partitions_held_ = 0;
  absl::flat_hash_map<int64_t, int64_t> filtered_misses_;  // -1: too large to hold
  KeyColumnCache* key_columns_ = nullptr;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_READ_CACHE_H_
