// Header names and the column names made from them.
#include "catalog/classifiers/csv/column_names.h"

#include <string>

#include "gtest/gtest.h"

namespace almanac::classifiers::csv {
namespace {

TEST(ColumnNames, ValidHeaderNames) {
  EXPECT_TRUE(IsValidHeaderName("Order Id"));
  EXPECT_TRUE(IsValidHeaderName("prix €"));
  EXPECT_FALSE(IsValidHeaderName(""));
  EXPECT_FALSE(IsValidHeaderName("a\tb"));
  EXPECT_TRUE(IsValidHeaderName(std::string(149, 'x')));
  EXPECT_FALSE(IsValidHeaderName(std::string(150, 'x')));
  // 149 two-byte characters are 149 characters.
  std::string accents;
  for (int i = 0; i < 149; ++i) accents += "\xC3\xA9";
  EXPECT_TRUE(IsValidHeaderName(accents));
}

TEST(ColumnNames, LowerCaseAndUnderscores) {
  EXPECT_EQ(ColumnName("Order Id"), "order_id");
  EXPECT_EQ(ColumnName("price($)"), "price___");
  EXPECT_EQ(ColumnName("caf\xC3\xA9"), "caf_");
  EXPECT_EQ(ColumnName("a_B9"), "a_b9");
}

TEST(ColumnNames, UniqueNames) {
  EXPECT_EQ(UniqueColumnNames({"id", "ID", "id"}),
            (std::vector<std::string>{"id", "id_1", "id_2"}));
  // A later id_1 in the header keeps its name.
  EXPECT_EQ(UniqueColumnNames({"id", "id", "id_1"}),
            (std::vector<std::string>{"id", "id_2", "id_1"}));
  EXPECT_EQ(UniqueColumnNames({"a", "", "b"}), (std::vector<std::string>{"a", "col1", "b"}));
  EXPECT_EQ(PositionalColumnNames(3), (std::vector<std::string>{"col0", "col1", "col2"}));
}

}  // namespace
}  // namespace almanac::classifiers::csv
