// DiffTables: what changed between two definitions of a table, as a list of
// changes a person can read one per line and a program can switch on, and
// Summarize(): the one-line summary a table version carries
// ("added columns c0, c1; location changed").
//
// Rules (the table of cases is catalog/versions/testdata/diff_cases.txt):
// - Columns and partition keys are matched by name. Of the rest, an old and a
//   new column at the same position with the same type are a rename; any
//   other unmatched column was removed or added (a rename that also changes
//   the type or the position reads as a drop and an add, since nothing else
//   ties the two together).
// - A type change is widening when every value of the old type is a value of
//   the new one under Hive's implicit conversions (tinyint < smallint < int <
//   bigint < float < double < decimal; decimal(p,s) to one with no fewer
//   integer and fraction digits; char/varchar to longer or to string; void to
//   anything; date to timestamp), or when any primitive becomes string, char
//   or varchar in a text format (LazySimpleSerDe, OpenCSVSerde, JSON and
//   regex SerDes, TextInputFormat), whose files hold text; anything else is
//   narrowing. Complex types compare element by element.
// - Struct columns whose struct survives are compared field by field, at any
//   depth ("s.a", array elements "s[]", map values "s{}"), with the same
//   rename rule; the change is then reported on the fields, not the column.
// - Matched columns whose relative order changed are reported as moved.
// - Storage: location, input and output format, SerDe library, SerDe and
//   storage-descriptor parameters key by key, bucketing, compression, skew,
//   sub-directories. Table: name (a rename), type, owner, retention, view
//   text, table parameters key by key. Times (create, update, last access)
//   are not part of a definition's difference.
//
// Pure functions; thread-safe.
#ifndef ALMANAC_CATALOG_VERSIONS_TABLE_DIFF_H_
#define ALMANAC_CATALOG_VERSIONS_TABLE_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "catalog/model/table.h"

namespace almanac::versions {

enum class ChangeKind {
  kColumnAdded,
  kColumnRemoved,
  kColumnRenamed,
  kColumnTypeChanged,
  kColumnCommentChanged,
  kColumnMoved,
  kFieldAdded,  // a field of a struct column (subject "s.a", "s[].a", "s{}.a")
  kFieldRemoved,
  kFieldRenamed,
  kFieldTypeChanged,
  kPartitionKeyAdded,
  kPartitionKeyRemoved,
  kPartitionKeyRenamed,
  kPartitionKeyTypeChanged,
  kPartitionKeyCommentChanged,
  kPartitionKeyMoved,
  kLocationChanged,
  kInputFormatChanged,
  kOutputFormatChanged,
  kSerdeChanged,
  kSerdeParameterAdded,
  kSerdeParameterRemoved,
  kSerdeParameterChanged,
  kStorageParameterAdded,
  kStorageParameterRemoved,
  kStorageParameterChanged,
  kBucketingChanged,
  kStorageOptionChanged,  // compressed, skew, sub-directories
  kTableRenamed,
  kTableTypeChanged,
  kOwnerChanged,
  kViewTextChanged,
  kTableOptionChanged,  // retention, temporary, rewrite enabled
  kParameterAdded,
  kParameterRemoved,
  kParameterChanged,
};

// "column_added", "partition_key_renamed", "parameter_changed", ...: stable
// names for the wire and for scripts.
std::string_view ChangeKindName(ChangeKind kind);

enum class TypeDirection { kNone, kWidening, kNarrowing };

struct TableChange {
  ChangeKind kind = ChangeKind::kColumnAdded;
  // The column, key, field path, parameter or property changed ("note",
  // "s.a", "metadata_location", "location").
  std::string subject;
  // Before and after, as text (a type, a comment, a value, a new name for
  // renames); empty where the kind has none (an added column has no old).
  std::string old_value;
  std::string new_value;
  TypeDirection direction = TypeDirection::kNone;  // type changes only

  friend bool operator==(const TableChange&, const TableChange&) = default;
};

// The changes from `before` to `after`, in a fixed order: columns (removed in
// old order, then added, renamed, retyped and re-commented in new order, then
// moved), partition keys likewise, storage, table.
std::vector<TableChange> DiffTables(const model::Table& before, const model::Table& after);

// One line per change: "added column note string", "changed type of column
// id int -> bigint (widening)", "changed parameter k 'a' -> 'b'", ...
std::string ChangeText(const TableChange& change);

// The version summary: changes grouped by kind, names listed (at most a few
// per group, then "and N more"), groups joined by "; ". "no change" when
// empty.
std::string Summarize(absl::Span<const TableChange> changes);

// Whether data written as `from` reads as `to` (the rule above). `text_format`
// for tables whose files hold text. Type strings that do not parse compare as
// text: equal or narrowing.
TypeDirection TypeChangeDirection(std::string_view from, std::string_view to, bool text_format);

// Whether the table's files hold text (its SerDe or input format says so).
bool IsTextFormat(const model::Table& table);

}  // namespace almanac::versions

#endif  // ALMANAC_CATALOG_VERSIONS_TABLE_DIFF_H_
