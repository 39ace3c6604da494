#include "storage/sqlite/filter_sql.h"

#include "gtest/gtest.h"

namespace almanac::storage::sqlite {
namespace {

using Op = PartitionFilter::Op;
using Kind = PartitionFilter::Kind;

TEST(RenderFilterTest, EveryKindRendersWithPlaceholders) {
  struct Case {
    PartitionFilter filter;
    std::string sql;
    std::vector<model::KeyValue> params;
  };
  const std::vector<Case> cases = {
      {PartitionFilter::True(), "1", {}},
      {PartitionFilter::False(), "0", {}},
      {PartitionFilter::Compare(0, Op::kEq, int64_t{5}), "p.k0 = ?", {int64_t{5}}},
      {PartitionFilter::Compare(1, Op::kNe, std::string("x")), "p.k1 <> ?", {std::string("x")}},
      {PartitionFilter::Compare(2, Op::kLt, 1.5), "p.k2 < ?", {1.5}},
      {PartitionFilter::Compare(0, Op::kLe, int64_t{1}), "p.k0 <= ?", {int64_t{1}}},
      {PartitionFilter::Compare(0, Op::kGt, int64_t{1}), "p.k0 > ?", {int64_t{1}}},
      {PartitionFilter::Compare(0, Op::kGe, int64_t{1}), "p.k0 >= ?", {int64_t{1}}},
      {PartitionFilter::In(1, {std::string("a"), std::string("b")}), "p.k1 IN (?, ?)",
       {std::string("a"), std::string("b")}},
      {PartitionFilter::In(1, {}), "0", {}},
      {{.kind = Kind::kIsNull, .key_index = 2}, "p.k2 IS NULL", {}},
      {{.kind = Kind::kIsNotNull, .key_index = 2}, "p.k2 IS NOT NULL", {}},
      {PartitionFilter::And({}), "1", {}},
      {PartitionFilter::Or({}), "0", {}},
      {PartitionFilter::And({PartitionFilter::Compare(0, Op::kEq, int64_t{1}),
                             PartitionFilter::Or({PartitionFilter::Compare(
                                                      1, Op::kEq, std::string("'; DROP")),
                                                  PartitionFilter::True()})}),
       "(p.k0 = ? AND (p.k1 = ? OR 1))",
       {int64_t{1}, std::string("'; DROP")}},
  };
  for (const Case& c : cases) {
    auto got = RenderFilter(c.filter, 3);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->sql, c.sql);
    EXPECT_EQ(got->params, c.params) << c.sql;
  }
}

TEST(RenderFilterTest, RejectsBadKeysDepthAndSize) {
  EXPECT_EQ(RenderFilter(PartitionFilter::Compare(3, Op::kEq, int64_t{1}), 3).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RenderFilter(PartitionFilter::Compare(-1, Op::kEq, int64_t{1}), 3).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto untyped = RenderFilter(PartitionFilter::Compare(kMaxTypedKeys, Op::kEq, int64_t{1}), 20);
  EXPECT_EQ(untyped.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(untyped.status().message(),
            "partition filter names key 8; only the first 8 partition keys can be filtered in "
            "storage");
  PartitionFilter deep = PartitionFilter::True();
  for (int i = 0; i < 300; ++i) deep = PartitionFilter::And({deep});
  EXPECT_EQ(RenderFilter(deep, 1).status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<model::KeyValue> many(30001, int64_t{1});
  EXPECT_EQ(RenderFilter(PartitionFilter::In(0, many), 1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

class ChooseAccessPathTest : public ::testing::Test {
 protected:
  std::vector<IndexInfo> indexes_ = {
      {"by_a", "partition_index_1", {"a"}, {0}},
      {"by_b_c", "partition_index_2", {"b", "c"}, {1, 2}},
  };
};

TEST_F(ChooseAccessPathTest, PrefersTheLongestBoundPrefix) {
  auto both = PartitionFilter::And({PartitionFilter::Compare(0, Op::kGt, int64_t{1}),
                                    PartitionFilter::Compare(1, Op::kEq, int64_t{2}),
                                    PartitionFilter::In(2, {int64_t{3}})});
  auto path = ChooseAccessPath(both, 3, indexes_, "", "db.t");
  ASSERT_TRUE(path.ok());
  ASSERT_NE(path->index, nullptr);
  EXPECT_EQ(path->index->name, "by_b_c");
  EXPECT_EQ(path->seek.sql, "p.k1 = ? AND p.k2 IN (?)");
  EXPECT_EQ(path->seek.params, (std::vector<model::KeyValue>{int64_t{2}, int64_t{3}}));

  auto a_only = ChooseAccessPath(PartitionFilter::Compare(0, Op::kLt, int64_t{1}), 3, indexes_,
                                 "", "db.t");
  ASSERT_TRUE(a_only.ok());
  EXPECT_EQ(a_only->index->name, "by_a");
}

TEST_F(ChooseAccessPathTest, NoBoundLeadingKeyMeansNameOrder) {
  for (const PartitionFilter& f :
       {PartitionFilter::True(), PartitionFilter::Compare(2, Op::kEq, int64_t{1}),
        PartitionFilter::Compare(0, Op::kNe, int64_t{1}),
        PartitionFilter::Or({PartitionFilter::Compare(0, Op::kEq, int64_t{1}),
                             PartitionFilter::Compare(0, Op::kEq, int64_t{2})}),
        PartitionFilter::In(0, {})}) {
    auto path = ChooseAccessPath(f, 3, indexes_, "", "db.t");
    ASSERT_TRUE(path.ok());
    EXPECT_EQ(path->index, nullptr);
    EXPECT_EQ(path->seek.sql, "1");
  }
}

TEST_F(ChooseAccessPathTest, HintsOverrideTheChoice) {
  auto f = PartitionFilter::Compare(0, Op::kEq, int64_t{1});
  auto none = ChooseAccessPath(f, 3, indexes_, "none", "db.t");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->index, nullptr);
  auto named = ChooseAccessPath(f, 3, indexes_, "by_b_c", "db.t");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->index->name, "by_b_c");
  EXPECT_EQ(named->seek.sql, "1");  // the filter bounds none of its keys
  auto missing = ChooseAccessPath(f, 3, indexes_, "nope", "db.t");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "partition index 'nope' not found on table 'db.t'");
}

TEST(CompareKeyValuesTest, FollowsSqliteIndexOrder) {
  using V = model::KeyValue;
  // Ascending as SQLite's BINARY index orders them.
  const std::vector<V> ascending = {
      V{},          int64_t{-9223372036854775807 - 1}, -1.5,        int64_t{-1},
      int64_t{0},   0.5,                               int64_t{1},  int64_t{9007199254740993},
      std::string(""), std::string("A"), std::string("a"), std::string("ab"),
      std::string("b"), std::string("\xc3\xa9")};
  for (size_t i = 0; i < ascending.size(); ++i) {
    EXPECT_EQ(CompareKeyValues(ascending[i], ascending[i]), 0) << i;
    for (size_t j = i + 1; j < ascending.size(); ++j) {
      EXPECT_LT(CompareKeyValues(ascending[i], ascending[j]), 0) << i << " " << j;
      EXPECT_GT(CompareKeyValues(ascending[j], ascending[i]), 0) << i << " " << j;
    }
  }
  // Integers and reals of the same value are equal, as in SQLite; a double
  // next to a large integer is not rounded onto it.
  EXPECT_EQ(CompareKeyValues(int64_t{2}, 2.0), 0);
  EXPECT_LT(CompareKeyValues(9007199254740992.0, int64_t{9007199254740993}), 0);
}

TEST(IndexContinuationTest, OneRunPerFixedPrefixDeepestFirst) {
  const IndexInfo index{.name = "by_a_b", .sql_name = "partition_index_1", .keys = {"a", "b"},
                        .key_positions = {0, 2}};
  const IndexPosition after{.index = "by_a_b", .keys = {int64_t{5}, std::string("x")}, .id = 42};
  auto runs = IndexContinuation(PartitionFilter::True(), 3, index, after);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_EQ((*runs)[0].sql, "p.k0 IS ? AND p.k2 IS ? AND p.id > ?");
  EXPECT_EQ((*runs)[0].params,
            (std::vector<model::KeyValue>{int64_t{5}, std::string("x"), int64_t{42}}));
  EXPECT_EQ((*runs)[1].sql, "p.k0 IS ? AND p.k2 > ?");
  EXPECT_EQ((*runs)[2].sql, "p.k0 > ?");
  EXPECT_EQ((*runs)[2].params, (std::vector<model::KeyValue>{int64_t{5}}));
}

TEST(IndexContinuationTest, DefaultPartitionKeysUseIsAndIsNotNull) {
  const IndexInfo index{.name = "i", .sql_name = "partition_index_1", .keys = {"a", "b"},
                        .key_positions = {0, 1}};
  const IndexPosition after{.index = "i", .keys = {model::KeyValue{}, model::KeyValue{}}, .id = 7};
  auto runs = IndexContinuation(PartitionFilter::True(), 2, index, after);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_EQ((*runs)[0].sql, "p.k0 IS ? AND p.k1 IS ? AND p.id > ?");
  EXPECT_EQ((*runs)[0].params,
            (std::vector<model::KeyValue>{model::KeyValue{}, model::KeyValue{}, int64_t{7}}));
  EXPECT_EQ((*runs)[1].sql, "p.k0 IS ? AND p.k1 IS NOT NULL");
  EXPECT_EQ((*runs)[2].sql, "p.k0 IS NOT NULL");
  EXPECT_TRUE((*runs)[2].params.empty());
}

TEST(IndexContinuationTest, FilterConjunctsNarrowEachRun) {
  const IndexInfo index{.name = "i", .sql_name = "partition_index_1", .keys = {"a", "b"},
                        .key_positions = {0, 1}};
  const IndexPosition after{.index = "i", .keys = {int64_t{2020}, int64_t{3}}, .id = 9};
  // a BETWEEN 2019 AND 2030 AND b IN (1, 3, 5, 7) AND k2 <> 4 (not on the index).
  const PartitionFilter filter = PartitionFilter::And(
      {PartitionFilter::Compare(0, Op::kGe, int64_t{2019}),
       PartitionFilter::Compare(0, Op::kLe, int64_t{2030}),
       PartitionFilter::In(1, {int64_t{7}, int64_t{1}, int64_t{3}, int64_t{5}}),
       PartitionFilter::Compare(2, Op::kNe, int64_t{4})});
  auto runs = IndexContinuation(filter, 3, index, after);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_EQ((*runs)[0].sql, "p.k0 IS ? AND p.k1 IS ? AND p.id > ?");
  // b above 3: only the IN values above it remain.
  EXPECT_EQ((*runs)[1].sql, "p.k0 IS ? AND p.k1 > ? AND p.k1 IN (?, ?)");
  EXPECT_EQ((*runs)[1].params, (std::vector<model::KeyValue>{int64_t{2020}, int64_t{3},
                                                             int64_t{7}, int64_t{5}}));
  // a above 2020: the lower bound is implied, the upper one and b's IN stay.
  EXPECT_EQ((*runs)[2].sql, "p.k0 > ? AND p.k0 <= ? AND p.k1 IN (?, ?, ?, ?)");

  // An equality at the position's own value leaves nothing above it.
  const PartitionFilter eq = PartitionFilter::And(
      {PartitionFilter::Compare(0, Op::kEq, int64_t{2020}),
       PartitionFilter::Compare(1, Op::kEq, int64_t{3})});
  runs = IndexContinuation(eq, 3, index, after);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].sql, "p.k0 IS ? AND p.k1 IS ? AND p.id > ?");
}

TEST(IndexContinuationTest, PositionMustFitTheIndex) {
  const IndexInfo index{.name = "i", .sql_name = "partition_index_1", .keys = {"a", "b"},
                        .key_positions = {0, 1}};
  auto runs = IndexContinuation(PartitionFilter::True(), 2, index,
                                {.index = "i", .keys = {int64_t{1}}, .id = 1});
  EXPECT_EQ(runs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(runs.status().message(), "scan position has 1 key(s) but partition index 'i' has 2");
  runs = IndexContinuation(PartitionFilter::Compare(5, Op::kEq, int64_t{1}), 2, index,
                           {.index = "i", .keys = {int64_t{1}, int64_t{1}}, .id = 1});
  EXPECT_EQ(runs.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace almanac::storage::sqlite
