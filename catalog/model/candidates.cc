#include "catalog/model/candidates.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/message_text.h"
#include "common/absl_view.h"

namespace almanac::model {
namespace {

// Levenshtein distance, ignoring ASCII case. Names are short (<= 767 bytes),
// and only an error path calls this.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const bool same = absl::ascii_tolower(static_cast<unsigned char>(a[i - 1])) ==
                        absl::ascii_tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string CandidateList(std::string_view label, std::string_view unknown,
                          const std::vector<std::string>& known) {
  if (known.empty()) return absl::StrCat("(", AbslView(label), ": none)");
  std::vector<size_t> order(known.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::string prefix = absl::StrCat("(", AbslView(label), ": ");
  if (known.size() > kMaxCandidates) {
    std::vector<size_t> distance(known.size());
    for (size_t i = 0; i < known.size(); ++i) distance[i] = EditDistance(unknown, known[i]);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t x, size_t y) { return distance[x] < distance[y]; });
    order.resize(kMaxCandidates);
    prefix = absl::StrCat("(closest of ", known.size(), " ", AbslView(label), ": ");
  }
  std::vector<std::string> shown;
  shown.reserve(order.size());
  for (size_t i : order) shown.push_back(MessageText(known[i]));
  return absl::StrCat(prefix, absl::StrJoin(shown, ", "), ")");
}

std::string CandidateList(std::string_view label, std::string_view unknown,
                          const std::vector<Column>& columns) {
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (const Column& c : columns) names.push_back(c.name);
  return CandidateList(label, unknown, names);
}

}  // namespace almanac::model
