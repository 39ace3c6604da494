#include "catalog/classifiers/csv/column_names.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace almanac::classifiers::csv {

bool IsValidHeaderName(std::string_view field) {
  if (field.empty()) return false;
  size_t chars = 0;
  for (unsigned char c : field) {
    if (c < 0x20 || c == 0x7f) return false;
    // Count code points: every byte but UTF-8 continuation bytes.
    if ((c & 0xC0) != 0x80) ++chars;
  }
  return chars < kMaxHeaderNameChars;
}

std::string ColumnName(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (unsigned char c : field) {
    if ((c & 0xC0) == 0x80) continue;  // the rest of a character already replaced
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('_');
    }
  }
  return out;
}

std::vector<std::string> UniqueColumnNames(const std::vector<std::string>& fields) {
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string name = ColumnName(fields[i]);
    names.push_back(name.empty() ? absl::StrCat("col", i) : std::move(name));
  }
  // Every name as written is taken first, so that a later `id_1` in the
  // header keeps its name and the second `id` moves on to `id_2`.
  absl::flat_hash_set<std::string> taken(names.begin(), names.end());
  absl::flat_hash_set<std::string> used;
  for (std::string& name : names) {
    if (used.insert(name).second) continue;
    for (int k = 1;; ++k) {
      std::string candidate = absl::StrCat(name, "_", k);
      if (!taken.contains(candidate)) {
        taken.insert(candidate);
        used.insert(candidate);
        name = std::move(candidate);
        break;
      }
    }
  }
  return names;
}

std::vector<std::string> PositionalColumnNames(size_t count) {
  std::vector<std::string> names;
  names.reserve(count);
  for (size_t i = 0; i < count; ++i) names.push_back(absl::StrCat("col", i));
  return names;
}

}  // namespace almanac::classifiers::csv
