// Glob patterns as Glue's crawler exclusions write them, matched against
// paths relative to a crawl target ("2024/01/part-0.csv"):
//   *      any characters of one path component (never '/')
//   **     any characters across components ('/' included)
//   ?      one character of a component
//   [abc] [a-z] [!a-z]   one character of (or not of) a set
//   {a,b}  any of the comma-separated subpatterns (not nested)
//   \x     the character x itself
//
// Thread-safe: a compiled Glob is immutable.
#ifndef ALMANAC_COMMON_GLOB_H_
#define ALMANAC_COMMON_GLOB_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace almanac {

class Glob {
 public:
  // InvalidArgument naming the problem and its position: an unclosed '[' or
  // '{', a nested '{', a trailing '\', a pattern past 1,024 characters or
  // one that expands to more than 1,000 alternatives.
  static absl::StatusOr<Glob> Compile(std::string_view pattern);

  bool Matches(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }

 private:
  struct Token {
    enum Kind { kLiteral, kStar, kDoubleStar, kQuestion, kClass } kind = kLiteral;
    char literal = 0;
    bool negated = false;
    std::vector<std::pair<char, char>> ranges;  // for kClass
  };
  using Sequence = std::vector<Token>;
  static bool MatchSequence(const Sequence& seq, std::string_view path);

  std::string pattern_;
  std::vector<Sequence> alternatives_;  // braces expanded
};

}  // namespace almanac

#endif  // ALMANAC_COMMON_GLOB_H_
