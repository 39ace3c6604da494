// The syntax tree of a partition predicate, shared by the two dialects Almanac
// accepts: the Hive metastore filter language (get_partitions_by_filter) and
// the Glue GetPartitions expression language. The parser (parser.h) builds it,
// ToString() prints it back as text that the same dialect's parser reads to
// an Equals() tree, and BoundPredicate (bound_predicate.h) types it against a
// table's partition keys. Plain values; not synchronised.
//
// Normal form produced by the parser, so printing round-trips exactly:
//   - a literal written first is moved second and the operator mirrored
//     ("2024 < year" is "year > 2024");
//   - nested ANDs (ORs) are flattened into one node;
//   - "NOT BETWEEN", "NOT IN", "NOT LIKE", "IS NOT NULL" set `negated`.
#ifndef ALMANAC_CATALOG_PREDICATE_AST_H_
#define ALMANAC_CATALOG_PREDICATE_AST_H_

#include <string>
#include <vector>

namespace almanac::predicate {

enum class Dialect {
  kHive,  // get_partitions_by_filter; LIKE takes a (Java-style) regular expression
  kGlue,  // GetPartitions Expression; LIKE takes SQL '%' / '_' patterns
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe, kNullSafeEq };

// "=", "<>", "<", "<=", ">", ">=", "<=>".
const char* CompareOpText(CompareOp op);

struct Literal {
  enum class Kind {
    kString,     // quoted text
    kNumber,     // unquoted number as written: "-5", "1.25", "1e3"
    kDate,       // DATE '...', date 2024-01-31, or (Hive) a bare 2024-01-31
    kTimestamp,  // TIMESTAMP '...'
    kBoolean,    // TRUE / FALSE; text is "true" or "false"
  };
  Kind kind = Kind::kString;
  std::string text;  // unescaped contents
  int column = 0;    // 1-based position in the input; ignored by Equals()
};

struct Expr {
  enum class Kind {
    kTrue,     // the empty predicate: every partition
    kAnd,      // children, at least two
    kOr,       // children, at least two
    kNot,      // one child
    kCompare,  // keys[0] op literals[0]
    kBetween,  // keys[0] BETWEEN literals[0] AND literals[1]
    kIn,       // keys[0] IN (literals...), or with several keys a struct IN whose
               // literals are rows of keys.size() values, row after row
    kLike,     // keys[0] LIKE literals[0] [ESCAPE escape]
    kIsNull,   // keys[0] IS NULL
  };
  Kind kind = Kind::kTrue;
  bool negated = false;          // kBetween, kIn, kLike, kIsNull
  CompareOp op = CompareOp::kEq;  // kCompare
  std::vector<std::string> keys;  // as written (binding is case-insensitive)
  std::vector<Literal> literals;
  std::string escape;  // kLike: the ESCAPE character, empty when none was given
  std::vector<Expr> children;
  int column = 0;  // 1-based position of the node's first token; ignored by Equals()
};

// Structural equality: kinds, operators, keys, literal kinds and texts,
// children. Source positions are ignored.
bool Equals(const Expr& a, const Expr& b);
bool Equals(const Literal& a, const Literal& b);

// Text in `dialect`'s syntax that parses back to an Equals() tree.
std::string ToString(const Expr& expr, Dialect dialect);
std::string ToString(const Literal& literal, Dialect dialect);

}  // namespace almanac::predicate

#endif  // ALMANAC_CATALOG_PREDICATE_AST_H_
