// BoundPredicate: a parsed predicate (ast.h) typed against a table's
// partition keys, ready to evaluate against partition values. Binding
// resolves key names case-insensitively, converts every literal to its key's
// category (model::KeyCategory) once, and compiles LIKE patterns, so that
// evaluation does no parsing of literals and does not allocate.
//
// Evaluation rule (SQL three-valued logic over the partition's text values):
//   - A value equal to "__HIVE_DEFAULT_PARTITION__" (or missing because the
//     partition has fewer values than the table has keys) is NULL: every
//     comparison, BETWEEN, IN and LIKE on it is UNKNOWN; IS NULL is TRUE,
//     IS NOT NULL FALSE; "key <=> literal" is FALSE.
//   - A value that cannot be read as its key's type (bigint key, value
//     "abc"): every comparison, BETWEEN, IN, LIKE and <=> on it is UNKNOWN,
//     IS NULL is FALSE and IS NOT NULL is TRUE. So such a partition is only
//     ever matched by IS NOT NULL (or by a branch that does not involve the
//     key, e.g. "year = 1 OR month = 2" can match it through month).
//   - NOT UNKNOWN is UNKNOWN; AND is FALSE if any side is FALSE, else UNKNOWN
//     if any side is; OR is TRUE if any side is TRUE, else UNKNOWN if any is.
//   - A partition matches when the whole predicate is TRUE.
// Comparisons follow the key's declared type: string/char/varchar (and
// types without an order of their own) byte-wise as text; integral keys as
// int64; float/double as double; decimal exactly, digit by digit (no
// rounding through double); date by day; timestamp by microsecond (finer
// digits are truncated on both sides); boolean with false < true.
//
// LIKE: in the Hive dialect the pattern is a regular expression (Spark sends
// Java-style ".*x.*"), evaluated by RE2 as an anchored full match; in the Glue
// dialect it is an SQL pattern where '%' matches any run of characters, '_'
// one UTF-8 character, and the escape character (ESCAPE, default backslash)
// makes the next '%', '_' or escape character literal. LIKE is only allowed on
// string-like keys. Both matchers run in time linear in the value (RE2) or
// bounded by value length times pattern length (SQL), never exponential.
//
// Immutable after Bind(); safe to share and evaluate from many threads.
#ifndef ALMANAC_CATALOG_PREDICATE_BOUND_PREDICATE_H_
#define ALMANAC_CATALOG_PREDICATE_BOUND_PREDICATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "catalog/model/hive_type.h"
#include "catalog/model/key_value.h"
#include "catalog/predicate/ast.h"

namespace re2 {
class RE2;
}

namespace almanac::predicate {

struct PartitionKey {
  std::string name;
  model::HiveType type;
};

// Longest LIKE pattern accepted, so a hostile pattern cannot make RE2 or the
// SQL matcher do unbounded work per partition.
inline constexpr size_t kMaxLikePatternBytes = 4096;

enum class Truth { kFalse, kTrue, kUnknown };

class BoundPredicate {
 public:
  // A literal converted to its key's category.
  struct Value {
    std::string text;   // string keys: the text; decimal: significant digits
    int64_t i = 0;      // integral, date (days), timestamp (micros), boolean (0/1)
    double d = 0;       // floating; decimal: nearest double (for storage)
    bool negative = false;  // decimal
    int64_t point = 0;      // decimal: value = 0.<text> x 10^point; text empty: zero
  };
  struct Node {
    enum class Kind {
      kTrue,
      kAnd,
      kOr,
      kNot,
      kCompare,     // values[0]
      kNullSafeEq,  // values[0]
      kBetween,     // values[0], values[1], inclusive
      kIn,          // values
      kLike,        // regex (Hive) or sql_pattern (Glue)
      kIsNull,
    };
    Kind kind = Kind::kTrue;
    CompareOp op = CompareOp::kEq;
    int key = -1;  // index into keys()
    model::KeyCategory category = model::KeyCategory::kString;
    std::vector<Value> values;
    std::vector<Node> children;
    std::shared_ptr<const re2::RE2> regex;
    // SQL LIKE, compiled: a byte 0..255 to match, or kAnyChar / kAnyRun.
    std::vector<int16_t> sql_pattern;
    std::string pattern;  // the LIKE pattern as written
    std::string escape;   // the SQL LIKE escape character in effect
  };
  static constexpr int16_t kAnyChar = -1;
  static constexpr int16_t kAnyRun = -2;

  // Types `expr` against `keys` (in the table's key order). InvalidArgument:
  // "unknown partition key 'yeer'", "'abc' is not an integer for key
  // 'year'", "LIKE is not supported on integral key 'year'", "invalid LIKE
  // pattern '(' for key 'name': missing ): (", an overlong LIKE pattern.
  static absl::StatusOr<BoundPredicate> Bind(const Expr& expr, Dialect dialect,
                                             std::vector<PartitionKey> keys);

  // `values` holds one text value per key, in key order. Never allocates.
  Truth Evaluate(absl::Span<const std::string> values) const;
  Truth Evaluate(absl::Span<const std::string_view> values) const;
  bool Matches(absl::Span<const std::string> values) const {
    return Evaluate(values) == Truth::kTrue;
  }
  bool Matches(absl::Span<const std::string_view> values) const {
    return Evaluate(values) == Truth::kTrue;
  }

  const Node& root() const { return root_; }
  const std::vector<PartitionKey>& keys() const { return keys_; }
  Dialect dialect() const { return dialect_; }

 private:
  BoundPredicate() = default;

  Node root_;
  std::vector<PartitionKey> keys_;
  Dialect dialect_ = Dialect::kHive;

  friend class Binder;
};

// Parse() then Bind(): the usual entry point. Errors of either.
absl::StatusOr<BoundPredicate> ParseAndBind(std::string_view text, Dialect dialect,
                                            std::vector<PartitionKey> keys);

}  // namespace almanac::predicate

#endif  // ALMANAC_CATALOG_PREDICATE_BOUND_PREDICATE_H_
