// Column names for a delimited file: whether a header field may name a
// column, and the Hive column name a header field or a configured name
// becomes.
//
// Thread-safe: pure functions.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_CSV_COLUMN_NAMES_H_
#define ALMANAC_CATALOG_CLASSIFIERS_CSV_COLUMN_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

namespace almanac::classifiers::csv {

// Glue's header fields are shorter than 150 characters.
inline constexpr size_t kMaxHeaderNameChars = 150;

// Whether `field` may be a header name: not empty, fewer than 150
// characters (UTF-8 code points), and no control characters.
bool IsValidHeaderName(std::string_view field);

// `field` as a Hive column name: lower case, each character other than an
// ASCII letter, digit or `_` (a non-ASCII character counts once) replaced
// by `_`. Empty when `field` is.
std::string ColumnName(std::string_view field);

// Column names from `fields` (ColumnName of each; `col<i>` for an empty
// one), made unique: the second `id` becomes `id_1`, the third `id_2`,
// skipping names already taken.
std::vector<std::string> UniqueColumnNames(const std::vector<std::string>& fields);

// col0, col1, ... for a file without a header.
std::vector<std::string> PositionalColumnNames(size_t count);

}  // namespace almanac::classifiers::csv

#endif  // ALMANAC_CATALOG_CLASSIFIERS_CSV_COLUMN_NAMES_H_
