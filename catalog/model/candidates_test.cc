#include "catalog/model/candidates.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace almanac::model {
namespace {

TEST(CandidateListTest, FewNamesAreAllShownInOrder) {
  EXPECT_EQ(CandidateList("keys", "yeer", std::vector<std::string>{"year", "month"}),
            "(keys: year, month)");
  EXPECT_EQ(CandidateList("keys", "x", std::vector<std::string>{"a", "b", "c", "d", "e"}),
            "(keys: a, b, c, d, e)");
}

TEST(CandidateListTest, NoNames) {
  EXPECT_EQ(CandidateList("keys", "year", std::vector<std::string>{}), "(keys: none)");
}

TEST(CandidateListTest, ManyNamesAreCutToTheClosest) {
  const std::vector<std::string> columns = {"id",     "price",  "quantity", "customer",
                                            "region", "prize",  "priced",   "created_at",
                                            "status", "pricey", "notes"};
  // price (1), then prize, priced, pricey (2, in the given order), then id (3).
  EXPECT_EQ(CandidateList("columns", "pric", columns),
            "(closest of 11 columns: price, prize, priced, pricey, id)");
}

TEST(CandidateListTest, DistanceIgnoresCase) {
  const std::vector<std::string> keys = {"bbbb", "cccc", "dddd", "ffff", "gggg", "YEAR"};
  EXPECT_EQ(CandidateList("keys", "year", keys),
            "(closest of 6 keys: YEAR, bbbb, cccc, dddd, ffff)");
}

TEST(CandidateListTest, OverColumns) {
  const std::vector<Column> keys = {{"year", "int", ""}, {"month", "int", ""}};
  EXPECT_EQ(CandidateList("keys", "yeer", keys), "(keys: year, month)");
}

TEST(CandidateListTest, NamesAreEscaped) {
  EXPECT_EQ(CandidateList("keys", "x", std::vector<std::string>{"a\nb"}), "(keys: a\\x0Ab)");
}

}  // namespace
}  // namespace almanac::model
