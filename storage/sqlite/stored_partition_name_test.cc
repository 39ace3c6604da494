// Stored partition names: the conversions both ways, the values, and the
// property the name index relies on: stored names sort as their full names
// do, and StoredScanPosition maps any position in full-name order onto
// stored-name order.
#include "storage/sqlite/stored_partition_name.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "catalog/model/names.h"
#include "gtest/gtest.h"

namespace almanac::storage::sqlite {
namespace {

std::vector<model::Column> Keys(const std::vector<std::string>& names) {
  std::vector<model::Column> keys;
  for (const std::string& name : names) keys.push_back({.name = name, .type = "string"});
  return keys;
}

struct Case {
  std::vector<std::string> keys;
  std::string full;
  std::optional<std::string> stored;  // nullopt: not a name of the table
};

TEST(StoredPartitionNamesTest, ToStoredAndBack) {
  const Case cases[] = {
      {{"ds"}, "ds=2024-01-01", "2024-01-01"},
      {{"ds", "hr"}, "ds=2024-01-01/hr=05", "2024-01-01/05"},
      {{"a", "b", "c"}, "a=x%2Fy/b=%3D/c=__HIVE_DEFAULT_PARTITION__",
       "x%2Fy/%3D/__HIVE_DEFAULT_PARTITION__"},
      // Key names are spelled lower case in names.
      {{"Region"}, "region=eu", "eu"},
      {{"Region"}, "Region=eu", std::nullopt},
      // Wrong keys, wrong order, too few or too many values.
      {{"ds", "hr"}, "hr=1/ds=2", std::nullopt},
      {{"ds", "hr"}, "ds=1", std::nullopt},
      {{"ds"}, "ds=1/hr=2", std::nullopt},
      {{"ds"}, "dsx=1", std::nullopt},
      {{"ds"}, "", std::nullopt},
      {{"ds", "hr"}, "ds=1hr=2", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.full);
    StoredPartitionNames names(Keys(c.keys));
    EXPECT_EQ(names.ToStored(c.full), c.stored);
    if (!c.stored.has_value()) continue;
    std::string full = "junk";
    ASSERT_TRUE(names.ToFull(*c.stored, &full));
    EXPECT_EQ(full, c.full);
  }
}

TEST(StoredPartitionNamesTest, FromValuesEscapesAndNeedsOneValuePerKey) {
  StoredPartitionNames names(Keys({"a", "b"}));
  EXPECT_EQ(names.FromValues({"x/y", ""}), "x%2Fy/__HIVE_DEFAULT_PARTITION__");
  EXPECT_EQ(names.FromValues({"1"}), std::nullopt);
  EXPECT_EQ(names.FromValues({"1", "2", "3"}), std::nullopt);
  EXPECT_EQ(StoredPartitionNames().FromValues({}), std::nullopt);
}

TEST(StoredPartitionNamesTest, ValuesAreUnescaped) {
  StoredPartitionNames names(Keys({"a", "b", "c"}));
  std::vector<std::string> values = {"old", "x"};
  ASSERT_TRUE(names.Values("x%2Fy/%3D/plain", &values));
  EXPECT_EQ(values, (std::vector<std::string>{"x/y", "=", "plain"}));
}

TEST(StoredPartitionNamesTest, CorruptStoredNamesAreRefused) {
  StoredPartitionNames names(Keys({"a", "b"}));
  std::vector<std::string> values;
  std::string full;
  for (const char* stored : {"1", "1/2/3", ""}) {
    SCOPED_TRACE(stored);
    EXPECT_FALSE(names.Values(stored, &values));
    EXPECT_FALSE(names.ToFull(stored, &full));
  }
  EXPECT_FALSE(StoredPartitionNames().ToFull("x", &full));
}

// Characters around '/' and '=' in byte order, escapes, and multi-byte text.
std::string RandomValue(std::mt19937& rng) {
  static const std::vector<std::string> kPieces = {"-", ".", "/", "0", "9", "=", "a", "z", "_",
                                                   "%", " ", "~", "\xc3\xa9", "ab", "2024-01-0"};
  std::uniform_int_distribution<int> length(0, 4);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::string value;
  for (int n = length(rng); n > 0; --n) value += kPieces[piece(rng)];
  return value;
}

// A string near `full` in full-name order: a prefix, a one-byte change or
// an extension, so that every branch of StoredScanPosition is taken.
std::string NearbyPosition(const std::string& full, std::mt19937& rng) {
  static const std::string kBytes = std::string("-./0=az~\x7f") + '\xff';
  std::uniform_int_distribution<size_t> at(0, full.size());
  std::uniform_int_distribution<size_t> byte(0, kBytes.size() - 1);
  std::string s = full;
  switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
    case 0:
      s.resize(at(rng));
      break;
    case 1:
      if (!s.empty()) s[std::min(at(rng), s.size() - 1)] = kBytes[byte(rng)];
      break;
    case 2:
      s.insert(at(rng), 1, kBytes[byte(rng)]);
      break;
    default:
      s += kBytes[byte(rng)];
      break;
  }
  return s;
}

TEST(StoredPartitionNamesTest, OrderAndScanPositionsAgreeWithFullNames) {
  std::mt19937 rng(20261204);
  const std::vector<std::vector<std::string>> tables = {
      {"ds"}, {"ds", "hr"}, {"a", "b", "c"}, {"year", "month", "day", "hour"}, {"k_1", "k"}};
  for (const std::vector<std::string>& key_names : tables) {
    const std::vector<model::Column> keys = Keys(key_names);
    const StoredPartitionNames names(keys);
    std::vector<std::string> full;
    std::vector<std::string> stored;
    for (int i = 0; i < 300; ++i) {
      std::vector<std::string> values;
      for (size_t k = 0; k < keys.size(); ++k) values.push_back(RandomValue(rng));
      absl::StatusOr<std::string> name = model::MakePartitionName(keys, values);
      ASSERT_TRUE(name.ok()) << name.status();
      std::optional<std::string> s = names.ToStored(*name);
      ASSERT_TRUE(s.has_value()) << *name;
      // Made straight from the values, the stored name is the same.
      ASSERT_EQ(names.FromValues(values), s) << *name;
      full.push_back(*name);
      stored.push_back(*s);
    }
    for (size_t i = 0; i < full.size(); ++i) {
      for (size_t j = 0; j < full.size(); ++j) {
        ASSERT_EQ(full[i] < full[j], stored[i] < stored[j]) << full[i] << " vs " << full[j];
      }
    }
    std::vector<std::string> positions = {"", "\xff", "a", "zzz", "/"};
    for (const std::string& f : full) {
      positions.push_back(f);
      for (int n = 0; n < 4; ++n) positions.push_back(NearbyPosition(f, rng));
    }
    for (const std::string& after : positions) {
      const std::optional<std::string> position = names.StoredScanPosition(after);
      for (size_t i = 0; i < full.size(); ++i) {
        const bool after_it = full[i] > after;
        const bool stored_after = position.has_value() && stored[i] > *position;
        ASSERT_EQ(stored_after, after_it)
            << "position '" << after << "' -> '" << position.value_or("(none)") << "', name '"
            << full[i] << "' stored '" << stored[i] << "'";
      }
    }
  }
}

}  // namespace
}  // namespace almanac::storage::sqlite
