// Turns a storage::PartitionFilter into parameterised SQL over the typed key
// columns p.k0..p.k7 of the partitions table, picks the access path of a
// partition scan (a partition index, or the (table_id, name) order), and
// renders the keyset continuation of a scan in index order.
//
// Values never enter the SQL text: every literal becomes a `?` and is
// returned in `params`, in the order of the placeholders, for the caller to
// bind. The only literals in generated text are integers Almanac chose itself.
//
// Thread safety: stateless functions; thread-safe.
#ifndef ALMANAC_STORAGE_SQLITE_FILTER_SQL_H_
#define ALMANAC_STORAGE_SQLITE_FILTER_SQL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/model/key_value.h"
#include "storage/partition_filter.h"
#include "storage/sqlite/connection.h"
#include "storage/store.h"

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
  // The built-in index on the leading keys (migration 0005): chosen only
  // when the filter bounds its first key, and described as such.
  bool built_in = false;
};

// The built-in index of a table whose partition keys are `key_names`
// (kLeadingKeysIndex over the first kLeadingKeysIndexKeys of them); nullopt
// for a table without partition keys.
std::optional<IndexInfo> LeadingKeysIndex(const std::vector<std::string>& key_names);

struct AccessPath {
  const IndexInfo* index = nullptr;  // nullptr: the table's name order
  // The top-level conjuncts of the filter over the index's keys, to be added
  // to the WHERE clause so SQLite can seek with them ("1" when none).
  SqlFragment seek;
  std::string plan;  // short human-readable description
};

// hint "": the index whose leading keys the filter bounds best (equality and
// IN count double, the first range ends the prefix; on a tie the earlier in
// `indexes`, so list user indexes before the built-in one), or name order
// when no index's first key is bounded. "none": name order. Any other hint
// names an index: NotFound ("partition index 'x' not found on table 'db.t'")
// when the table has no such index. A hint naming the built-in index uses it
// only when the filter bounds its first key, name order otherwise.
// `indexes` must outlive the returned AccessPath.
absl::StatusOr<AccessPath> ChooseAccessPath(const PartitionFilter& filter, int key_count,
                                            const std::vector<IndexInfo>& indexes,
                                            std::string_view hint, std::string_view table);

// Compares two typed key values as a SQLite index with the BINARY collation
// orders them: NULL first, then numbers by value (integers and reals
// compared exactly), then text byte by byte. Negative, zero or positive.
int CompareKeyValues(const model::KeyValue& a, const model::KeyValue& b);

// What RenderFilter's SQL answers for one row whose typed key copies are
// `keys` (k0, k1, ... as stored; missing ones are NULL), without SQLite: a
// comparison with NULL on either side is false, as is IN for a NULL key.
// There is no NOT in a PartitionFilter, so reading SQL's NULL as false at
// every level gives the same answer at the top. The filter must be valid
// for the table (RenderFilter accepts it).
bool FilterMatches(const PartitionFilter& filter, const std::vector<model::KeyValue>& keys);

// "p.k<a>, p.k<b>, ..., p.id": the order of `index`. SQLite appends the rowid
// to every index, so this order is read straight from the index, unsorted.
std::string IndexOrderBy(const IndexInfo& index);

// The rows of a scan through `index` that come after `after` in index order
// (after.keys holds one value per index key), as a sequence of WHERE
// fragments to be run one after another, each in index order. For an index
// over (a, b) and a position (x, y, id) they are
//   a IS x AND b IS y AND p.id > id,   a IS x AND b > y,   a > x
// ("> NULL" meaning IS NOT NULL, since NULL sorts first), each a single
// index range that SQLite seeks to directly; a row-value comparison would be
// NULL, not true, whenever a key is the default partition. Conjuncts of
// `filter` on the index's keys narrow each fragment: those on a key the
// fragment fixes are dropped (the position already satisfies them), lower
// bounds on the key it ranges over are implied by "> x" and dropped, and
// equality or IN values at or below x are removed, so a fragment that can
// hold no row is left out. InvalidArgument when the position does not fit
// the index (another key count) or the filter is invalid.
absl::StatusOr<std::vector<SqlFragment>> IndexContinuation(const PartitionFilter& filter,
                                                           int key_count,
                                                           const IndexInfo& index,
                                                           const IndexPosition& after);

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_FILTER_SQL_H_
