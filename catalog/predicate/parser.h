// Parses partition predicates of either dialect (see ast.h, lexer.h) into
// the normal-form syntax tree. Stateless; thread-safe.
//
// Grammar (keywords case-insensitive; both dialects share it, the lexical
// rules and the meaning of LIKE differ):
//   expr      := and (OR and)*
//   and       := unary (AND unary)*
//   unary     := NOT unary | primary
//   primary   := '(' expr ')' | struct_in | predicate
//   predicate := key op literal | literal op key
//              | key [NOT] BETWEEN literal AND literal
//              | key [NOT] IN '(' literal (',' literal)* ')'
//              | key [NOT] LIKE literal [ESCAPE string]      (ESCAPE: Glue only)
//              | key IS [NOT] NULL
//   key       := identifier | '(' identifier ')'
//   struct_in := ['('] STRUCT '(' key (',' key)* ')' [')'] [NOT] IN
//                '(' [CONST] STRUCT '(' literals ')' (',' ...)* ')'
//   literal   := string | number | TRUE | FALSE | DATE string | TIMESTAMP string
//              | (Hive) [DATE] yyyy-MM-dd
//   op        := = | == | <> | != | < | <= | > | >= | <=>
// An empty (or all-blank) input is the predicate that every partition meets.
#ifndef ALMANAC_CATALOG_PREDICATE_PARSER_H_
#define ALMANAC_CATALOG_PREDICATE_PARSER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/predicate/ast.h"

namespace almanac::predicate {

// Glue's documented limit on GetPartitions expressions.
inline constexpr size_t kMaxGlueExpressionBytes = 2048;
// Hive filters have no documented limit; Spark can send long OR chains for
// IN lists, so this is generous, yet bounds the work one request can cause.
inline constexpr size_t kMaxHiveFilterBytes = 4 << 20;
// Parentheses and NOTs nest at most this deep, so hostile input cannot
// exhaust the stack of the recursive parser, binder or evaluator.
inline constexpr int kMaxNestingDepth = 200;

// InvalidArgument with the problem and its 1-based column, e.g.
// "unexpected ')' at column 17", "unterminated string at column 9",
// "expected a literal after '=' at column 8", "invalid date '2024-13-01' at
// column 10", "expression is 3000 bytes long; the limit is 2048 bytes",
// "expression nests deeper than 200 levels at column 401".
absl::StatusOr<Expr> Parse(std::string_view input, Dialect dialect);

}  // namespace almanac::predicate

#endif  // ALMANAC_CATALOG_PREDICATE_PARSER_H_
