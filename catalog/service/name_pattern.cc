#include "catalog/service/name_pattern.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/absl_view.h"

namespace almanac::service {
namespace {

// Glob match with '*' (any sequence) and '.' (any one character). Greedy with
// a single backtrack point: linear in practice, O(n*m) at worst.
bool GlobMatch(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0;
  size_t star = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_n = n;
    } else if (p < pattern.size() && (pattern[p] == '.' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

NamePattern::NamePattern(std::string_view pattern) {
  if (pattern.empty()) {
    matches_all_ = true;
    return;
  }
  for (absl::string_view alternative : absl::StrSplit(AbslView(pattern), '|')) {
    std::string lower = absl::AsciiStrToLower(alternative);
    if (lower == "*") matches_all_ = true;
    alternatives_.push_back(std::move(lower));
  }
}

bool NamePattern::Matches(std::string_view name) const {
  if (matches_all_) return true;
  const std::string lower = absl::AsciiStrToLower(AbslView(name));
  for (const std::string& alternative : alternatives_) {
    if (GlobMatch(alternative, lower)) return true;
  }
  return false;
}

}  // namespace almanac::service
