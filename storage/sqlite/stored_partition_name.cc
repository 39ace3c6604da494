#include "storage/sqlite/stored_partition_name.h"

#include "catalog/model/names.h"

namespace almanac::storage::sqlite {

StoredPartitionNames::StoredPartitionNames(const std::vector<model::Column>& keys) {
  prefixes_.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    std::string prefix = i == 0 ? "" : "/";
    prefix += model::PartitionNameKey(keys[i].name);
    prefix += '=';
    prefixes_.push_back(std::move(prefix));
  }
}

std::optional<std::string> StoredPartitionNames::ToStored(std::string_view full) const {
  if (prefixes_.empty()) return std::nullopt;
  std::string out;
  out.reserve(full.size());
  size_t pos = 0;
  for (size_t i = 0; i < prefixes_.size(); ++i) {
    const std::string& prefix = prefixes_[i];
    if (full.compare(pos, prefix.size(), prefix) != 0) return std::nullopt;
    pos += prefix.size();
    size_t end = full.find('/', pos);
    if (end == std::string_view::npos) end = full.size();
    if (i > 0) out.push_back('/');
    out.append(full.data() + pos, end - pos);
    pos = end;
  }
  if (pos != full.size()) return std::nullopt;
  return out;
}

namespace {

// Calls visit(i, value) for each '/'-separated value of `stored`, the key
// count of them; false (having visited some) when there are more or fewer.
template <typename Visit>
bool ForEachStoredValue(std::string_view stored, size_t keys, const Visit& visit) {
  size_t pos = 0;
  for (size_t i = 0; i < keys; ++i) {
    if (i > 0) {
      if (pos >= stored.size() || stored[pos] != '/') return false;
      ++pos;
    }
    size_t end = stored.find('/', pos);
    if (end == std::string_view::npos) end = stored.size();
    visit(i, stored.substr(pos, end - pos));
    pos = end;
  }
  return keys > 0 && pos == stored.size();
}

}  // namespace

bool StoredPartitionNames::AppendFull(std::string_view stored, std::string* full) const {
  return ForEachStoredValue(stored, prefixes_.size(), [&](size_t i, std::string_view value) {
    full->append(prefixes_[i]);
    full->append(value.data(), value.size());
  });
}

bool StoredPartitionNames::Values(std::string_view stored, std::vector<std::string>* values) const {
  values->resize(prefixes_.size());
  return ForEachStoredValue(stored, prefixes_.size(), [&](size_t i, std::string_view value) {
    if (value.find('%') == std::string_view::npos) {
      (*values)[i].assign(value);
    } else {
      (*values)[i] = model::UnescapePartitionComponent(value);
    }
  });
}

std::optional<std::string> StoredPartitionNames::StoredScanPosition(std::string_view after) const {
  std::string out;
  size_t pos = 0;
  for (size_t i = 0; i < prefixes_.size(); ++i) {
    const std::string& prefix = prefixes_[i];
    const std::string_view rest = after.substr(pos);
    size_t j = 0;
    while (j < prefix.size() && j < rest.size() && rest[j] == prefix[j]) ++j;
    if (j < prefix.size()) {
      // `after` parts here from every full name with the same values so
      // far, before or after all of them.
      const bool before =
          j == rest.size() ||
          static_cast<unsigned char>(rest[j]) < static_cast<unsigned char>(prefix[j]);
      if (i == 0) return before ? std::optional<std::string>("") : std::nullopt;
      // Past the first value `after` goes on with the '/' that ends the
      // value before (rest begins there), so a name whose value only
      // starts like it compares its next character with '/' in both forms:
      // "<values>/" sorts before every name with these values ("<values>/x")
      // and "<values>0" after them, with nothing between '/' and '0'.
      out.push_back(before ? '/' : '0');
      return out;
    }
    pos += prefix.size();
    size_t end = after.find('/', pos);
    if (end == std::string_view::npos) end = after.size();
    if (i > 0) out.push_back('/');
    out.append(after.data() + pos, end - pos);
    pos = end;
    if (pos == after.size()) return out;
  }
  // Every value taken and `after` goes on with '/': it sorts after a name
  // with these values and before any whose last value goes on with a
  // character above '/'; so does "<values>/" in stored form.
  out.push_back('/');
  return out;
}

}  // namespace almanac::storage::sqlite
