#include "catalog/policy/suggest.h"

#include <algorithm>
#include <numeric>

namespace almanac::policy::internal {
namespace {
inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Suggest(std::string_view word, const std::vector<std::string>& candidates) {
  size_t best = static_cast<size_t>(-1);
  const std::string* choice = nullptr;
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(word, c);
    if (d < best) {
      best = d;
      choice = &c;
    }
  }
  if (choice == nullptr || best > 3 || best * 2 >= std::max<size_t>(word.size(), 2)) return "";
  return *choice;
}

}  // namespace almanac::policy::internal
