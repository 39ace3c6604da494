#include "catalog/crawler/schema_merge.h"

#include "gtest/gtest.h"

namespace almanac::crawler {
namespace {

struct Case {
  const char* a;
  const char* b;
  const char* merged;
  bool lossy;
};

TEST(SchemaMerge, TypesMergeByTheRule) {
  const Case cases[] = {
      {"int", "int", "int", false},
      {"int", "bigint", "bigint", false},
      {"tinyint", "smallint", "smallint", false},
      {"int", "double", "double", false},
      {"bigint", "float", "double", false},
      {"float", "float", "float", false},
      {"decimal(10,2)", "decimal(12,6)", "decimal(14,6)", false},
      {"decimal(10,2)", "int", "decimal(10,2)", false},
      {"decimal(10,2)", "double", "double", false},
      {"date", "timestamp", "timestamp", false},
      {"varchar(10)", "string", "string", false},
      {"int", "boolean", "string", true},
      {"string", "struct<a:int>", "string", true},
      {"struct<a:int,b:string>", "struct<a:bigint,c:double>", "struct<a:bigint,b:string,c:double>",
       false},
      {"array<int>", "array<double>", "array<double>", false},
      {"map<string,int>", "map<string,bigint>", "map<string,bigint>", false},
      {"array<struct<x:int>>", "array<struct<x:boolean>>", "array<struct<x:string>>", true},
  };
  for (const Case& c : cases) {
    bool lossy = false;
    EXPECT_EQ(MergeTypes(c.a, c.b, &lossy), c.merged) << c.a << " + " << c.b;
    EXPECT_EQ(lossy, c.lossy) << c.a << " + " << c.b;
  }
}

TEST(SchemaMerge, ColumnsAppendAndMatchCaseInsensitively) {
  std::vector<model::Column> a = {{"id", "int", ""}, {"Name", "string", ""}};
  std::vector<model::Column> b = {{"ID", "bigint", ""}, {"price", "double", ""}};
  MergeResult m = MergeColumns(a, b);
  ASSERT_EQ(m.columns.size(), 3u);
  EXPECT_EQ(m.columns[0].name, "id");
  EXPECT_EQ(m.columns[0].type, "bigint");
  EXPECT_EQ(m.columns[2].name, "price");
  EXPECT_FALSE(m.lossy);
  EXPECT_DOUBLE_EQ(Coverage(a, m.columns), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(Coverage(m.columns, m.columns), 1.0);
}

}  // namespace
}  // namespace almanac::crawler
