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

StoredPartitionNames::Walk StoredPartitionNames::TakeValues(std::string_view name,
                                                            std::string* stored) const {
  Walk walk;
  for (; walk.key < prefixes_.size(); ++walk.key) {
    const std::string& prefix = prefixes_[walk.key];
    while (walk.matched < prefix.size() && walk.pos + walk.matched < name.size() &&
           name[walk.pos + walk.matched] == prefix[walk.matched]) {
      ++walk.matched;
    }
    if (walk.matched < prefix.size()) {
      walk.prefix_differs = true;
      return walk;
    }
    walk.pos += prefix.size();
    walk.matched = 0;
    size_t end = name.find('/', walk.pos);
    if (end == std::string_view::npos) end = name.size();
    if (walk.key > 0) stored->push_back('/');
    stored->append(name.data() + walk.pos, end - walk.pos);
    walk.pos = end;
    if (walk.pos == name.size()) {
      ++walk.key;
      return walk;
    }
  }
  return walk;
}

std::optional<std::string> StoredPartitionNames::ToStored(std::string_view full) const {
  if (prefixes_.empty()) return std::nullopt;
  std::string out;
  out.reserve(full.size());
  const Walk walk = TakeValues(full, &out);
  if (walk.prefix_differs || walk.key != prefixes_.size() || walk.pos != full.size()) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> StoredPartitionNames::FromValues(
    const std::vector<std::string>& values) const {
  if (prefixes_.empty() || values.size() != prefixes_.size()) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back('/');
    model::AppendPartitionValue(values[i], &out);
  }
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
  const Walk walk = TakeValues(after, &out);
  if (walk.prefix_differs) {
    // `after` parts here from every full name with the same values so far,
    // before or after all of them.
    const std::string& prefix = prefixes_[walk.key];
    const size_t at = walk.pos + walk.matched;
    const bool before = at == after.size() || static_cast<unsigned char>(after[at]) <
                                                  static_cast<unsigned char>(prefix[walk.matched]);
    if (walk.key == 0) return before ? std::optional<std::string>("") : std::nullopt;
    // Past the first value `after` goes on with the '/' that ends the value
    // before (the walk stopped there), so a name whose value only starts
    // like it compares its next character with '/' in both forms:
    // "<values>/" sorts before every name with these values ("<values>/x")
    // and "<values>0" after them, with nothing between '/' and '0'.
    out.push_back(before ? '/' : '0');
    return out;
  }
  if (walk.key > 0 && walk.pos == after.size()) return out;
  // Every value taken and `after` goes on with '/': it sorts after a name
  // with these values and before any whose last value goes on with a
  // character above '/'; so does "<values>/" in stored form.
  out.push_back('/');
  return out;
}

}  // namespace almanac::storage::sqlite
