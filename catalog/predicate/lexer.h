// Tokeniser for partition predicates in both dialects (see ast.h). The
// dialects differ only in a few lexical rules:
//   Hive: strings in '...' or "..." where a backslash escapes a quote or a
//         backslash (any other backslash is kept, so Java regular expressions
//         such as 'a\.b' pass through); identifiers may start with a digit
//         ("1abc"); an unquoted 2024-01-31 is a date token.
//   Glue: strings in '...' or "..." where a doubled quote stands for itself;
//         numbers may have a fraction and an exponent.
// Both: backticked identifiers (`` inside is one backtick), punctuation and
// the operators = == <> != < <= > >= <=>. Keywords are plain identifier
// tokens; the parser recognises them by context. Stateless; thread-safe.
#ifndef ALMANAC_CATALOG_PREDICATE_LEXER_H_
#define ALMANAC_CATALOG_PREDICATE_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/predicate/ast.h"

namespace almanac::predicate {

struct Token {
  enum class Kind {
    kIdent,   // bare or backticked (quoted = true) identifier, or a keyword
    kString,  // text is unescaped
    kNumber,  // text as written, with its sign
    kDate,    // Hive bare date, text as written
    kOp,      // text is the operator
    kLParen,
    kRParen,
    kComma,
    kEnd,  // always the last token; column is one past the input
  };
  Kind kind = Kind::kEnd;
  std::string text;
  int column = 0;  // 1-based byte offset of the token's first character
  bool quoted = false;
};

// Splits `input` into tokens ending with kEnd. InvalidArgument naming the
// 1-based column for an unterminated string or identifier, or a character
// that starts no token ("unexpected character '#' at column 3").
absl::StatusOr<std::vector<Token>> Lex(std::string_view input, Dialect dialect);

// True for the words the parser gives a meaning (AND, OR, NOT, IN, ...),
// case-insensitively; a key with such a name must be backticked.
bool IsReservedWord(std::string_view word);

// Text as shown in error messages: in single quotes, non-printable bytes
// escaped, cut after 64 bytes so a megabyte literal gives a short message.
std::string QuoteForMessage(std::string_view text);

// A token as shown in error messages: short, printable, quoted.
std::string DescribeToken(const Token& token);

}  // namespace almanac::predicate

#endif  // ALMANAC_CATALOG_PREDICATE_LEXER_H_
