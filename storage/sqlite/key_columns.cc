#include "storage/sqlite/key_columns.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "absl/hash/hash.h"
#include "storage/sqlite/filter_sql.h"

namespace almanac::storage::sqlite {

size_t KeyColumns::KeyValueHash::operator()(const model::KeyValue& v) const {
  if (const auto* i = std::get_if<int64_t>(&v)) return absl::HashOf(1, *i);
  if (const auto* d = std::get_if<double>(&v)) return absl::HashOf(2, *d);
  if (const auto* s = std::get_if<std::string>(&v)) return absl::HashOf(3, *s);
  return absl::HashOf(0);
}

KeyColumns::KeyColumns(int key_count) {
  columns_.resize(static_cast<size_t>(std::clamp(key_count, 0, kMaxTypedKeys)));
}

void KeyColumns::Add(int64_t id, std::string_view stored_name,
                     const std::vector<model::KeyValue>& keys) {
  ids_.push_back(id);
  names_.append(stored_name);
  name_ends_.push_back(static_cast<uint32_t>(names_.size()));
  for (size_t k = 0; k < columns_.size(); ++k) {
    Column& column = columns_[k];
    auto [it, inserted] =
        column.code_of.try_emplace(keys[k], static_cast<uint32_t>(column.values.size()));
    if (inserted) {
      column.values.push_back(keys[k]);
      if (const auto* s = std::get_if<std::string>(&keys[k])) value_bytes_ += s->size();
      value_bytes_ += sizeof(model::KeyValue);
    }
    const uint32_t code = it->second;
    // Codes start 8 bits wide and widen, once each, when the values outgrow them.
    if (column.values.size() <= 0x100) {
      column.codes8.push_back(static_cast<uint8_t>(code));
    } else if (column.values.size() <= 0x10000) {
      if (!column.codes8.empty()) {
        column.codes16.assign(column.codes8.begin(), column.codes8.end());
        column.codes8 = {};
      }
      column.codes16.push_back(static_cast<uint16_t>(code));
    } else {
      if (!column.codes16.empty()) {
        column.codes32.assign(column.codes16.begin(), column.codes16.end());
        column.codes16 = {};
      }
      column.codes32.push_back(code);
    }
  }
}

void KeyColumns::Finish() {
  ids_.shrink_to_fit();
  names_.shrink_to_fit();
  name_ends_.shrink_to_fit();
  for (Column& column : columns_) {
    column.code_of = {};
    column.values.shrink_to_fit();
    column.codes8.shrink_to_fit();
    column.codes16.shrink_to_fit();
    column.codes32.shrink_to_fit();
  }
}

void KeyColumns::LookUp(const Column& column, const std::vector<uint8_t>& by_code,
                        std::vector<uint8_t>* selected) const {
  const size_t n = rows();
  selected->resize(n);
  uint8_t* out = selected->data();
  auto look_up = [&](const auto& codes) {
    for (size_t i = 0; i < n; ++i) out[i] = by_code[codes[i]];
  };
  if (column.codes8.size() == n) {
    look_up(column.codes8);
  } else if (column.codes16.size() == n) {
    look_up(column.codes16);
  } else {
    look_up(column.codes32);
  }
}

std::string_view KeyColumns::stored_name(size_t row) const {
  const size_t begin = row == 0 ? 0 : name_ends_[row - 1];
  return std::string_view(names_).substr(begin, name_ends_[row] - begin);
}

size_t KeyColumns::bytes() const {
  size_t codes = 0;
  for (const Column& column : columns_) {
    codes += column.codes8.capacity() + column.codes16.capacity() * sizeof(uint16_t) +
             column.codes32.capacity() * sizeof(uint32_t);
  }
  return sizeof(*this) + ids_.capacity() * sizeof(int64_t) + names_.capacity() +
         name_ends_.capacity() * sizeof(uint32_t) + codes + value_bytes_;
}

size_t KeyColumns::UpperBound(std::string_view stored) const {
  size_t lo = 0, hi = rows();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (stored_name(mid) <= stored) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

void KeyColumns::Select(const PartitionFilter& filter, std::vector<uint8_t>* selected) const {
  using Kind = PartitionFilter::Kind;
  const size_t n = rows();
  switch (filter.kind) {
    case Kind::kTrue:
    case Kind::kFalse:
      selected->assign(n, filter.kind == Kind::kTrue ? 1 : 0);
      return;
    case Kind::kAnd:
    case Kind::kOr: {
      const bool all = filter.kind == Kind::kAnd;
      // An empty AND selects everything, an empty OR nothing, as in
      // FilterMatches.
      selected->assign(n, all ? 1 : 0);
      std::vector<uint8_t> child;
      for (const PartitionFilter& c : filter.children) {
        Select(c, &child);
        for (size_t i = 0; i < n; ++i) {
          (*selected)[i] = all ? ((*selected)[i] & child[i]) : ((*selected)[i] | child[i]);
        }
      }
      return;
    }
    default:
      break;
  }
  // A test of one key: decided once per distinct value of the key, then
  // looked up by each row's code.
  const int k = filter.key_index;
  std::vector<model::KeyValue> probe(static_cast<size_t>(std::max(k, 0)) + 1);
  if (k < 0 || k >= key_count()) {
    // FilterMatches reads a key it does not have as NULL.
    selected->assign(n, FilterMatches(filter, {}) ? 1 : 0);
    return;
  }
  const Column& column = columns_[static_cast<size_t>(k)];
  std::vector<uint8_t> by_code(column.values.size());
  for (size_t code = 0; code < column.values.size(); ++code) {
    probe[static_cast<size_t>(k)] = column.values[code];
    by_code[code] = FilterMatches(filter, probe) ? 1 : 0;
  }
  LookUp(column, by_code, selected);
}

std::shared_ptr<const KeyColumns> KeyColumnCache::Find(int64_t table_id, int64_t epoch) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(table_id);
  if (it == entries_.end() || it->second.epoch != epoch || it->second.columns == nullptr) {
    return nullptr;
  }
  it->second.last_use = ++clock_;
  return it->second.columns;
}

bool KeyColumnCache::ShouldBuild(int64_t table_id, int64_t epoch) {
  if (max_bytes_ == 0) return false;
  absl::MutexLock lock(&mu_);
  // The misses of tables never held are bounded by starting over.
  constexpr size_t kMaxTracked = 10'000;
  if (entries_.size() >= kMaxTracked && !entries_.contains(table_id)) {
    absl::erase_if(entries_, [](const auto& e) { return e.second.columns == nullptr; });
  }
  Entry& entry = entries_[table_id];
  if (entry.epoch != epoch) {
    if (entry.columns != nullptr) held_bytes_ -= entry.columns->bytes();
    entry = Entry{.epoch = epoch, .small = entry.small};
  }
  if (entry.not_held || entry.columns != nullptr) return false;
  // A table found too small at an earlier epoch is read again only when it
  // is scanned often at this one (it may have grown): reading a small table
  // after each of its writes to learn it is still small would be waste.
  return ++entry.misses >= (entry.small ? 8 : 2);
}

void KeyColumnCache::Put(int64_t table_id, int64_t epoch,
                         std::shared_ptr<const KeyColumns> columns) {
  const size_t bytes = columns->bytes();
  absl::MutexLock lock(&mu_);
  Entry& entry = entries_[table_id];
  if (entry.columns != nullptr) held_bytes_ -= entry.columns->bytes();
  entry = Entry{.epoch = epoch, .last_use = ++clock_};
  entry.small = columns->rows() < min_rows_;
  if (entry.small || bytes > max_bytes_) {
    entry.not_held = true;
    return;
  }
  MakeRoom(bytes, table_id);
  entry.columns = std::move(columns);
  held_bytes_ += bytes;
}

void KeyColumnCache::NotHeld(int64_t table_id, int64_t epoch) {
  absl::MutexLock lock(&mu_);
  Entry& entry = entries_[table_id];
  if (entry.columns != nullptr) held_bytes_ -= entry.columns->bytes();
  entry = Entry{.epoch = epoch, .not_held = true};
}

void KeyColumnCache::MakeRoom(size_t incoming, int64_t keep) {
  while (held_bytes_ + incoming > max_bytes_) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first == keep || it->second.columns == nullptr) continue;
      if (oldest == entries_.end() || it->second.last_use < oldest->second.last_use) oldest = it;
    }
    if (oldest == entries_.end()) return;
    held_bytes_ -= oldest->second.columns->bytes();
    oldest->second.columns = nullptr;
    oldest->second.misses = 0;
  }
}

size_t KeyColumnCache::held_bytes() {
  absl::MutexLock lock(&mu_);
  return held_bytes_;
}

size_t KeyColumnCache::held_tables() {
  absl::MutexLock lock(&mu_);
  size_t n = 0;
  for (const auto& [id, entry] : entries_) n += entry.columns != nullptr ? 1 : 0;
  return n;
}

}  // namespace almanac::storage::sqlite
