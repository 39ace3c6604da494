// Typed partition-key values. A partition value is text on the wire
// ("2024", "2024-01-31", "__HIVE_DEFAULT_PARTITION__"); to prune by a key's
// declared type, storage keeps a typed copy and the predicate engine compares
// typed literals against it. Both sides use EncodeKeyValue() so they agree.
//
// Encoding (the order of KeyValue alternatives matches SQLite's storage
// classes, NULL < INTEGER/REAL < TEXT, which storage relies on):
//   kIntegral  -> int64 when the text is a base-10 integer in range
//   kFloating, kDecimal -> double when the text is a finite number
//   kDate      -> int64 days since 1970-01-01 for "yyyy-MM-dd" (also "yyyy-M-d")
//   kTimestamp -> int64 microseconds since the epoch for "yyyy-MM-dd[ HH:mm:ss[.f...]]"
//   kBoolean   -> int64 1 / 0 for "true" / "false" (case-insensitive)
//   kString, kOther -> the text itself
// "__HIVE_DEFAULT_PARTITION__" is null (monostate) for every category. Text that
// does not read as its key's type stays a string: typed comparisons never match
// it (see catalog/predicate), and it sorts after every typed value in storage.
#ifndef ALMANAC_CATALOG_MODEL_KEY_VALUE_H_
#define ALMANAC_CATALOG_MODEL_KEY_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "catalog/model/hive_type.h"

namespace almanac::model {

using KeyValue = std::variant<std::monostate, int64_t, double, std::string>;

enum class KeyCategory {
  kString,  // string, char, varchar
  kIntegral,  // tinyint, smallint, int, bigint
  kFloating,  // float, double
  kDecimal,
  kDate,
  kTimestamp,
  kBoolean,
  kOther,  // anything else: compared as text
};

KeyCategory CategoryOf(const HiveType& type);

// Never fails: text that does not fit the category is kept as a string.
KeyValue EncodeKeyValue(KeyCategory category, std::string_view text);

// Strict forms used for literals in predicates: InvalidArgument when the
// text is not a valid value of the category (message fragments such as
// "'abc' is not an integer"; the caller adds the key name).
absl::StatusOr<int64_t> ParseIntegral(std::string_view text);
absl::StatusOr<double> ParseFloating(std::string_view text);
absl::StatusOr<int64_t> ParseDateDays(std::string_view text);
absl::StatusOr<int64_t> ParseTimestampMicros(std::string_view text);
absl::StatusOr<bool> ParseBoolean(std::string_view text);

// Non-allocating forms of the parsers above, for hot loops (the predicate
// evaluator runs them over millions of partition values). They accept exactly
// the texts the strict parsers accept, and EncodeKeyValue() uses them, so a
// value is typed in storage if and only if the evaluator can read it.
bool TryParseIntegral(std::string_view text, int64_t* out);
bool TryParseFloating(std::string_view text, double* out);
bool TryParseDateDays(std::string_view text, int64_t* out);
bool TryParseTimestampMicros(std::string_view text, int64_t* out);
bool TryParseBoolean(std::string_view text, bool* out);

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_KEY_VALUE_H_
