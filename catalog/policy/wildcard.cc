// IAM glob matching: '*' any run, '?' one UTF-8 code point, no character
// classes. Iterative with one backtrack point (the last '*'), so linear in
// practice and O(pattern * text) at worst, without recursion or allocation.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "catalog/policy/compiled.h"
#include "catalog/policy/policy.h"

namespace almanac::policy {
namespace internal {
namespace {

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Past one UTF-8 code point starting at i (a stray continuation byte counts as one).
inline size_t NextCodePoint(std::string_view t, size_t i) {
  ++i;
  while (i < t.size() && Continuation(t[i])) ++i;
  return i;
}

}  // namespace

bool GlobMatch(std::string_view p, std::string_view t, bool case_insensitive, bool escapes) {
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t pi = 0, ti = 0, star_p = kNone, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size()) {
      char c = p[pi];
      if (c == '*') {
        star_p = ++pi;
        star_t = ti;
        continue;
      }
      if (c == '?') {
        ++pi;
        ti = NextCodePoint(t, ti);
        continue;
      }
      size_t width = 1;
      if (escapes && c == '\\' && pi + 1 < p.size()) {
        c = p[pi + 1];
        width = 2;
      }
      const char d = t[ti];
      if (c == d || (case_insensitive && Lower(c) == Lower(d))) {
        pi += width;
        ++ti;
        continue;
      }
    }
    if (star_p == kNone) return false;
    pi = star_p;
    star_t = NextCodePoint(t, star_t);
    ti = star_t;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

Glob Glob::Make(std::string pattern, bool case_insensitive) {
  Glob g;
  g.case_insensitive = case_insensitive;
  g.prefix = std::min(pattern.find_first_of("*?"), pattern.size());
  const size_t last_star = pattern.rfind('*');
  if (last_star != std::string::npos && last_star >= g.prefix &&
      pattern.find('?', last_star) == std::string::npos) {
    g.suffix = pattern.substr(last_star + 1);
  }
  g.pattern = std::move(pattern);
  return g;
}

bool Glob::Match(std::string_view text) const {
  // Callers lower-case the text when case_insensitive, so both sides compare bytewise.
  if (text.size() < prefix + suffix.size()) return false;
  if (std::memcmp(text.data(), pattern.data(), prefix) != 0) return false;
  if (!suffix.empty() &&
      std::memcmp(text.data() + text.size() - suffix.size(), suffix.data(), suffix.size()) != 0) {
    return false;
  }
  return GlobMatch(std::string_view(pattern).substr(prefix), text.substr(prefix),
                   /*case_insensitive=*/false, /*escapes=*/false);
}

}  // namespace internal

bool WildcardMatch(std::string_view pattern, std::string_view text, bool case_insensitive) {
  return internal::GlobMatch(pattern, text, case_insensitive, /*escapes=*/false);
}

}  // namespace almanac::policy
