// How the partitions table stores a partition's name (migration 0013): the
// escaped values joined by '/', without the "key=" that every name of one
// table repeats. "ds=2024-01-01/hr=5" is stored as "2024-01-01/5".
//
// Every stored name of a table has the table's keys in the table's order
// (partition keys cannot change while a table has partitions), so the full
// name is the stored one with the keys put back, and the two orders agree:
// full names compare at their first difference, which is inside a value or a
// value's end against the '/' that follows it in both forms. A name-ordered
// scan therefore reads the name index as before; only a scan position that is
// not a name of the table needs StoredScanPosition.
//
// Values never hold '/' or '=' (both are escaped), which is what makes the
// split unambiguous. The full-name side is the Hive spelling
// (model::MakePartitionName); everything above storage sees only that.
//
// Thread safety: immutable after construction; safe to share.
#ifndef ALMANAC_STORAGE_SQLITE_STORED_PARTITION_NAME_H_
#define ALMANAC_STORAGE_SQLITE_STORED_PARTITION_NAME_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model/table.h"

namespace almanac::storage::sqlite {

class StoredPartitionNames {
 public:
  StoredPartitionNames() = default;
  explicit StoredPartitionNames(const std::vector<model::Column>& keys);

  // The stored form of a full name; nullopt when `full` does not spell
  // exactly this table's keys, in order (no stored name can match it then).
  std::optional<std::string> ToStored(std::string_view full) const;

  // The stored form of the name these values make (what ToStored gives for
  // model::MakePartitionName's name, without making it); nullopt when there
  // is not one value per key.
  std::optional<std::string> FromValues(const std::vector<std::string>& values) const;

  // Appends the full name of a stored one to `*out`; false when `stored`
  // has not exactly one value per key (a corrupt row; Values says so first
  // wherever a row is decoded).
  bool AppendFull(std::string_view stored, std::string* out) const;
  // The same, replacing `*full`.
  bool ToFull(std::string_view stored, std::string* full) const {
    full->clear();
    return AppendFull(stored, full);
  }

  // The unescaped values of a stored name, into `*values` (resized and
  // overwritten, reusing its strings); false as for ToFull.
  bool Values(std::string_view stored, std::vector<std::string>* values) const;

  // A position in stored-name order equivalent to `after` in full-name order:
  // for every stored name x of this table, x > result exactly when its full
  // name > `after`. `after` may be any string (usually a name a previous
  // page ended at, then this is ToStored). nullopt when every full name of
  // the table sorts at or before `after` (nothing is after it).
  std::optional<std::string> StoredScanPosition(std::string_view after) const;

 private:
  // Where TakeValues stopped in a name.
  struct Walk {
    bool prefix_differs = false;  // at key `key`, after `matched` of its prefix's characters
    size_t key = 0;               // keys whose values were taken, or the key that differs
    size_t matched = 0;
    size_t pos = 0;               // position in the name
  };
  // Reads `name` against the keys' prefixes, appending each value (joined by
  // '/') to `*stored`, until a prefix differs, the name ends after a value or
  // every key's value is taken. ToStored and StoredScanPosition differ only
  // in what they make of where it stops.
  Walk TakeValues(std::string_view name, std::string* stored) const;

  // "ds=", "/hr=", "/b=": what precedes each value in a full name.
  std::vector<std::string> prefixes_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_STORED_PARTITION_NAME_H_
