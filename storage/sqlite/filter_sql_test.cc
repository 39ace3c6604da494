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

}  // namespace
}  // namespace almanac::storage::sqlite
