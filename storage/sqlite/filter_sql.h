// Turns a storage::PartitionFilter into parameterised SQL over the typed key
// columns p.k0..p.k7 of the partitions table, and picks the access path of a
// partition scan (a partition index, or the (table_id, name) order).
//
// Values never enter the SQL text: every literal becomes a `?` and is
// returned in `params`, in the order of the placeholders, for the caller to
// bind. The only literals in generated text are integers Almanac chose itself.
//
// Thread safety: stateless functions; thread-safe.
#ifndef ALMANAC_STORAGE_SQLITE_FILTER_SQL_H_
#define ALMANAC_STORAGE_SQLITE_FILTER_SQL_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/model/key_value.h"
#include "storage/partition_filter.h"
#include "storage/sqlite/connection.h"

namespace almanac::storage::sqlite {

struct SqlFragment {
  std::string sql;                      // a boolean expression; "1" for true
  std::vector<model::KeyValue> params;  // one per `?`, in order
};

// Renders `filter` for a table with `key_count` partition keys. The expression
// is true, false or NULL (SQL semantics); callers treat NULL as false.
// InvalidArgument when a key index is negative, beyond the table's keys or at
// least kMaxTypedKeys, when nesting is deeper than 200 or a filter carries
// more than 30,000 values (SQLite's own limits lie beyond).
absl::StatusOr<SqlFragment> RenderFilter(const PartitionFilter& filter, int key_count);

// Binds `params` to `stmt` starting at parameter `first`; returns the next
// free parameter index.
int BindParams(Statement& stmt, int first, const std::vector<model::KeyValue>& params);

// What storage knows about one partition index when planning.
struct IndexInfo {
  std::string name;                 // user-visible name
  std::string sql_name;             // the SQLite index, partition_index_<id>
  std::vector<std::string> keys;    // key names in index order
  std::vector<int> key_positions;   // their k-column numbers
};

struct AccessPath {
  const IndexInfo* index = nullptr;  // nullptr: the table's name order
  // The top-level conjuncts of the filter over the index's keys, to be added
  // to the WHERE clause so SQLite can seek with them ("1" when none).
  SqlFragment seek;
  std::string plan;  // short human-readable description
};

// hint "": the index whose leading keys the filter bounds best (equality and
// IN count double, the first range ends the prefix), or name order when no
// index's first key is bounded. "none": name order. Any other hint names an
// index: NotFound ("partition index 'x' not found on table 'db.t'") when the
// table has no such index. `indexes` must outlive the returned AccessPath.
absl::StatusOr<AccessPath> ChooseAccessPath(const PartitionFilter& filter, int key_count,
                                            const std::vector<IndexInfo>& indexes,
                                            std::string_view hint, std::string_view table);

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_FILTER_SQL_H_
