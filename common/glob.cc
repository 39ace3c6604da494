#include "common/glob.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace almanac {
namespace {

constexpr size_t kMaxPatternBytes = 1024;
constexpr size_t kMaxAlternatives = 1000;

absl::Status Bad(std::string_view pattern, size_t at, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("glob '", std::string(pattern), "': ",
                                                 std::string(what), " at position ", at + 1));
}

}  // namespace

absl::StatusOr<Glob> Glob::Compile(std::string_view pattern) {
  if (pattern.empty()) return absl::InvalidArgumentError("a glob may not be empty");
  if (pattern.size() > kMaxPatternBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("a glob holds at most ", kMaxPatternBytes, " characters"));
  }
  Glob glob;
  glob.pattern_ = std::string(pattern);
  // Each alternative is built token by token; a brace group multiplies them.
  std::vector<Sequence> current(1);
  size_t i = 0;
  // Parses one token at `i` (not a brace) into `out`.
  auto parse_token = [&](size_t& at, Sequence& out) -> absl::Status {
    const char c = pattern[at];
    Token t;
    if (c == '\\') {
      if (at + 1 >= pattern.size()) return Bad(pattern, at, "a trailing '\\'");
      t.literal = pattern[at + 1];
      at += 2;
    } else if (c == '*') {
      if (at + 1 < pattern.size() && pattern[at + 1] == '*') {
        t.kind = Token::kDoubleStar;
        at += 2;
        while (at < pattern.size() && pattern[at] == '*') ++at;
      } else {
        t.kind = Token::kStar;
        ++at;
      }
    } else if (c == '?') {
      t.kind = Token::kQuestion;
      ++at;
    } else if (c == '[') {
      const size_t open = at;
      t.kind = Token::kClass;
      ++at;
      if (at < pattern.size() && (pattern[at] == '!' || pattern[at] == '^')) {
        t.negated = true;
        ++at;
      }
      bool first = true;
      while (at < pattern.size() && (pattern[at] != ']' || first)) {
        char lo = pattern[at];
        if (lo == '\\' && at + 1 < pattern.size()) lo = pattern[++at];
        char hi = lo;
        if (at + 2 < pattern.size() && pattern[at + 1] == '-' && pattern[at + 2] != ']') {
          hi = pattern[at + 2];
          if (hi == '\\' && at + 3 < pattern.size()) hi = pattern[(at += 1) + 2];
          at += 2;
          if (hi < lo) return Bad(pattern, at, "a reversed range");
        }
        t.ranges.emplace_back(lo, hi);
        ++at;
        first = false;
      }
      if (at >= pattern.size()) return Bad(pattern, open, "an unclosed '['");
      ++at;  // ']'
    } else {
      t.literal = c;
      ++at;
    }
    out.push_back(std::move(t));
    return absl::OkStatus();
  };
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const size_t open = i;
      ++i;
      std::vector<Sequence> options(1);
      bool closed = false;
      while (i < pattern.size()) {
        const char c = pattern[i];
        if (c == '}') {
          closed = true;
          ++i;
          break;
        }
        if (c == '{') return Bad(pattern, i, "a nested '{'");
        if (c == ',') {
          options.emplace_back();
          ++i;
          continue;
        }
        absl::Status s = parse_token(i, options.back());
        if (!s.ok()) return s;
      }
      if (!closed) return Bad(pattern, open, "an unclosed '{'");
      if (current.size() * options.size() > kMaxAlternatives) {
        return absl::InvalidArgumentError(absl::StrCat(
            "glob '", std::string(pattern), "' expands to more than ", kMaxAlternatives,
            " alternatives"));
      }
      std::vector<Sequence> next;
      for (const Sequence& prefix : current) {
        for (const Sequence& option : options) {
          Sequence s = prefix;
          s.insert(s.end(), option.begin(), option.end());
          next.push_back(std::move(s));
        }
      }
      current = std::move(next);
      continue;
    }
    if (pattern[i] == '}') return Bad(pattern, i, "a '}' without '{'");
    Sequence one;
    absl::Status s = parse_token(i, one);
    if (!s.ok()) return s;
    for (Sequence& seq : current) seq.push_back(one[0]);
  }
  glob.alternatives_ = std::move(current);
  return glob;
}

// Iterative matching with one backtrack point per star kind, as classic
// wildcard matchers do; a '*' may not cross '/', a '**' may.
bool Glob::MatchSequence(const Sequence& seq, std::string_view path) {
  // Memoised recursion over (token, position): patterns and paths are short,
  // and the table bounds the work at tokens x path length.
  const size_t n = seq.size(), m = path.size();
  std::vector<signed char> memo((n + 1) * (m + 1), -1);
  auto match = [&](auto&& self, size_t t, size_t p) -> bool {
    signed char& slot = memo[t * (m + 1) + p];
    if (slot >= 0) return slot;
    bool result = false;
    if (t == n) {
      result = p == m;
    } else {
      const Token& tok = seq[t];
      switch (tok.kind) {
        case Token::kLiteral:
          result = p < m && path[p] == tok.literal && self(self, t + 1, p + 1);
          break;
        case Token::kQuestion:
          result = p < m && path[p] != '/' && self(self, t + 1, p + 1);
          break;
        case Token::kClass: {
          if (p < m && path[p] != '/') {
            bool in = false;
            for (const auto& [lo, hi] : tok.ranges) in = in || (path[p] >= lo && path[p] <= hi);
            result = in != tok.negated && self(self, t + 1, p + 1);
          }
          break;
        }
        case Token::kStar:
          result = self(self, t + 1, p) || (p < m && path[p] != '/' && self(self, t, p + 1));
          break;
        case Token::kDoubleStar:
          result = self(self, t + 1, p) || (p < m && self(self, t, p + 1));
          break;
      }
    }
    slot = result ? 1 : 0;
    return result;
  };
  return match(match, 0, 0);
}

bool Glob::Matches(std::string_view path) const {
  for (const Sequence& seq : alternatives_) {
    if (MatchSequence(seq, path)) return true;
  }
  return false;
}

}  // namespace almanac
