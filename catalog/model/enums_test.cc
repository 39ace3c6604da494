#include <optional>
#include <string>

#include "catalog/model/principal.h"
#include "catalog/model/table.h"
#include "gtest/gtest.h"

namespace almanac::model {
namespace {

TEST(PrincipalTypeTest, NamesMatchHive) {
  EXPECT_EQ(PrincipalTypeName(PrincipalType::kUser), "USER");
  EXPECT_EQ(PrincipalTypeName(PrincipalType::kRole), "ROLE");
  EXPECT_EQ(PrincipalTypeName(PrincipalType::kGroup), "GROUP");
}

TEST(PrincipalTypeTest, WireValuesMatchHive) {
  EXPECT_EQ(static_cast<int>(PrincipalType::kUser), 1);
  EXPECT_EQ(static_cast<int>(PrincipalType::kRole), 2);
  EXPECT_EQ(static_cast<int>(PrincipalType::kGroup), 3);
}

TEST(PrincipalTypeTest, ParseIsCaseInsensitiveAndRoundTrips) {
  for (PrincipalType type : {PrincipalType::kUser, PrincipalType::kRole, PrincipalType::kGroup}) {
    EXPECT_EQ(ParsePrincipalType(PrincipalTypeName(type)), type);
  }
  EXPECT_EQ(ParsePrincipalType("user"), PrincipalType::kUser);
  EXPECT_EQ(ParsePrincipalType("Group"), PrincipalType::kGroup);
}

TEST(PrincipalTypeTest, ParseRejectsOtherText) {
  EXPECT_EQ(ParsePrincipalType(""), std::nullopt);
  EXPECT_EQ(ParsePrincipalType("USERS"), std::nullopt);
  EXPECT_EQ(ParsePrincipalType(" USER"), std::nullopt);
  EXPECT_EQ(ParsePrincipalType(std::string("USER\0", 5)), std::nullopt);
}

TEST(PrincipalTypeTest, OutOfRangeValueHasAName) {
  EXPECT_EQ(PrincipalTypeName(static_cast<PrincipalType>(99)), "UNKNOWN");
}

TEST(TableTypeTest, NamesMatchHive) {
  EXPECT_EQ(TableTypeName(TableType::kManaged), "MANAGED_TABLE");
  EXPECT_EQ(TableTypeName(TableType::kExternal), "EXTERNAL_TABLE");
  EXPECT_EQ(TableTypeName(TableType::kVirtualView), "VIRTUAL_VIEW");
  EXPECT_EQ(TableTypeName(TableType::kMaterializedView), "MATERIALIZED_VIEW");
}

TEST(TableTypeTest, ParseIsCaseInsensitiveAndRoundTrips) {
  for (TableType type : {TableType::kManaged, TableType::kExternal, TableType::kVirtualView,
                         TableType::kMaterializedView}) {
    EXPECT_EQ(ParseTableType(TableTypeName(type)), type);
  }
  EXPECT_EQ(ParseTableType("external_table"), TableType::kExternal);
  EXPECT_EQ(ParseTableType("Virtual_View"), TableType::kVirtualView);
}

TEST(TableTypeTest, ParseRejectsOtherText) {
  EXPECT_EQ(ParseTableType(""), std::nullopt);
  EXPECT_EQ(ParseTableType("MANAGED"), std::nullopt);
  EXPECT_EQ(ParseTableType("INDEX_TABLE"), std::nullopt);
  EXPECT_EQ(ParseTableType("EXTERNAL_TABLE "), std::nullopt);
}

TEST(TableTypeTest, OutOfRangeValueHasAName) {
  EXPECT_EQ(TableTypeName(static_cast<TableType>(42)), "UNKNOWN");
}

}  // namespace
}  // namespace almanac::model
