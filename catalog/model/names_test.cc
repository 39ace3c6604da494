#include "catalog/model/names.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "catalog/model/partition.h"
#include "gtest/gtest.h"

namespace almanac::model {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

void ExpectInvalid(const absl::Status& status, const std::string& message) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(status.message(), message);
}

std::vector<Column> Keys(std::vector<std::string> names) {
  std::vector<Column> keys;
  for (std::string& name : names) {
    keys.push_back(Column{.name = std::move(name), .type = "string", .comment = ""});
  }
  return keys;
}

TEST(NamesTest, ToLowerNameLowersAsciiOnly) {
  EXPECT_EQ(ToLowerName("Sales_2024"), "sales_2024");
  EXPECT_EQ(ToLowerName("CAF\xC3\x89"), "caf\xC3\x89");
  EXPECT_EQ(ToLowerName(""), "");
}

TEST(NamesTest, ValidDatabaseAndTableNames) {
  for (const std::string& name :
       std::vector<std::string>{"a", "sales", "Sales_2024", "_x", "9lives",
                                std::string(128, 'z')}) {
    EXPECT_TRUE(ValidateDatabaseName(name).ok()) << name;
    EXPECT_TRUE(ValidateTableName(name).ok()) << name;
  }
}

TEST(NamesTest, InvalidDatabaseNames) {
  ExpectInvalid(ValidateDatabaseName(""), "invalid database name '': must not be empty");
  ExpectInvalid(ValidateDatabaseName("a b"),
                "invalid database name 'a b': only letters, digits and '_' are allowed");
  ExpectInvalid(ValidateDatabaseName("a-b"),
                "invalid database name 'a-b': only letters, digits and '_' are allowed");
  ExpectInvalid(ValidateDatabaseName("caf\xC3\xA9"),
                "invalid database name 'caf\xC3\xA9': only letters, digits and '_' are allowed");
  ExpectInvalid(ValidateDatabaseName("a\nb"),
                "invalid database name 'a\\x0Ab': only letters, digits and '_' are allowed");
  const std::string long_name(129, 'd');
  ExpectInvalid(ValidateDatabaseName(long_name),
                "invalid database name '" + long_name + "': longer than 128 characters");
}

TEST(NamesTest, InvalidTableNames) {
  ExpectInvalid(ValidateTableName(""), "invalid table name '': must not be empty");
  ExpectInvalid(ValidateTableName("db.t"),
                "invalid table name 'db.t': only letters, digits and '_' are allowed");
  ExpectInvalid(ValidateTableName("t/1"),
                "invalid table name 't/1': only letters, digits and '_' are allowed");
}

TEST(NamesTest, ValidColumnNames) {
  for (const std::string& name :
       std::vector<std::string>{"a", "Order Date", "a.b", "$x", "col-1", "caf\xC3\xA9", "`q`",
                                "x;y", std::string(767, 'c')}) {
    EXPECT_TRUE(ValidateColumnName(name).ok()) << name;
  }
  // 767 characters of two bytes each is still 767 characters.
  std::string wide;
  for (int i = 0; i < 767; ++i) wide += "\xC3\xA9";
  EXPECT_TRUE(ValidateColumnName(wide).ok());
}

TEST(NamesTest, InvalidColumnNames) {
  ExpectInvalid(ValidateColumnName(""), "invalid column name '': must not be empty");
  ExpectInvalid(ValidateColumnName("a,b"), "invalid column name 'a,b': ',' is not allowed");
  ExpectInvalid(ValidateColumnName("a:b"), "invalid column name 'a:b': ':' is not allowed");
  ExpectInvalid(ValidateColumnName("a\tb"),
                "invalid column name 'a\\x09b': control characters are not allowed");
  ExpectInvalid(ValidateColumnName(std::string("a\0b", 3)),
                "invalid column name 'a\\x00b': control characters are not allowed");
  ExpectInvalid(ValidateColumnName("a\x7F"),
                "invalid column name 'a\\x7F': control characters are not allowed");
  const std::string long_name(768, 'c');
  ExpectInvalid(ValidateColumnName(long_name),
                "invalid column name '" + long_name.substr(0, 200) +
                    "...': longer than 767 characters");
}

TEST(EscapeTest, EveryEscapedCharacter) {
  const std::string special = "\"#%'*/:=?\\{[]^\x7F";
  for (char c : special) {
    const unsigned char u = static_cast<unsigned char>(c);
    const char hex[] = "0123456789ABCDEF";
    const std::string expected = {'%', hex[u >> 4], hex[u & 0xF]};
    EXPECT_EQ(EscapePartitionComponent(std::string(1, c)), expected) << int{u};
  }
  for (int c = 0; c < 0x20; ++c) {
    const char hex[] = "0123456789ABCDEF";
    const std::string expected = {'%', hex[c >> 4], hex[c & 0xF]};
    EXPECT_EQ(EscapePartitionComponent(std::string(1, static_cast<char>(c))), expected) << c;
  }
}

TEST(EscapeTest, ExactlyHivesSetIsEscaped) {
  const std::string special = "\"#%'*/:=?\\{[]^\x7F";
  int escaped = 0;
  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    const bool expect_escaped = c < 0x20 || special.find(static_cast<char>(c)) != std::string::npos;
    EXPECT_EQ(EscapePartitionComponent(one) != one, expect_escaped) << c;
    if (expect_escaped) ++escaped;
  }
  EXPECT_EQ(escaped, 32 + 15);
}

TEST(EscapeTest, OrdinaryTextIsUnchanged) {
  EXPECT_EQ(EscapePartitionComponent(""), "");
  EXPECT_EQ(EscapePartitionComponent("2024-01-31"), "2024-01-31");
  EXPECT_EQ(EscapePartitionComponent("a b+c,d;e!f@g$h&i(j)k~l`m}n|o<p>q"),
            "a b+c,d;e!f@g$h&i(j)k~l`m}n|o<p>q");
  // Non-ASCII UTF-8 is left as is.
  EXPECT_EQ(EscapePartitionComponent("caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80");
}

TEST(EscapeTest, MixedText) {
  EXPECT_EQ(EscapePartitionComponent("2024-01-31 10:00:00"), "2024-01-31 10%3A00%3A00");
  EXPECT_EQ(EscapePartitionComponent("a/b=c%d"), "a%2Fb%3Dc%25d");
  EXPECT_EQ(EscapePartitionComponent("100%"), "100%25");
  EXPECT_EQ(EscapePartitionComponent("caf\xC3\xA9/x"), "caf\xC3\xA9%2Fx");
}

TEST(EscapeTest, RoundTrips) {
  std::string all;
  for (int c = 1; c < 256; ++c) {
    // Bytes >= 0x80 only as valid UTF-8; see UnescapeDecodesHighCodesAsLatin1.
    if (c < 0x80) all.push_back(static_cast<char>(c));
  }
  all.push_back('\0');
  all += "caf\xC3\xA9 \xE6\x97\xA5\xF0\x9F\x98\x80";
  for (const std::string& text : {all, std::string("%"), std::string("%%"), std::string("%2F"),
                                 std::string("a%"), std::string("__HIVE_DEFAULT_PARTITION__"),
                                 std::string("%+7"), std::string("%-0")}) {
    EXPECT_EQ(UnescapePartitionComponent(EscapePartitionComponent(text)), text);
  }
}

TEST(UnescapeTest, DecodesLikeHive) {
  EXPECT_EQ(UnescapePartitionComponent(""), "");
  EXPECT_EQ(UnescapePartitionComponent("plain"), "plain");
  EXPECT_EQ(UnescapePartitionComponent("a%2Fb%3dc"), "a/b=c");
  EXPECT_EQ(UnescapePartitionComponent("%00"), std::string(1, '\0'));
  // Anything that is not two hex digits stays as written.
  EXPECT_EQ(UnescapePartitionComponent("%zz"), "%zz");
  EXPECT_EQ(UnescapePartitionComponent("%4"), "%4");
  EXPECT_EQ(UnescapePartitionComponent("%"), "%");
  EXPECT_EQ(UnescapePartitionComponent("50%"), "50%");
  EXPECT_EQ(UnescapePartitionComponent("%%41"), "%A");
  // Hive requires two characters after '%'; "%41" at the very end still has them.
  EXPECT_EQ(UnescapePartitionComponent("x%41"), "xA");
  EXPECT_EQ(UnescapePartitionComponent("x%4"), "x%4");
}

TEST(UnescapeTest, KeepsJavaParseIntQuirks) {
  // Integer.parseInt("+7", 16) is 7 and parseInt("-0", 16) is 0, so Hive decodes both.
  EXPECT_EQ(UnescapePartitionComponent("%+7"), "\x07");
  EXPECT_EQ(UnescapePartitionComponent("%-0"), std::string(1, '\0'));
  // Negative numbers are not decoded.
  EXPECT_EQ(UnescapePartitionComponent("%-1"), "%-1");
  EXPECT_EQ(UnescapePartitionComponent("%+"), "%+");
  EXPECT_EQ(UnescapePartitionComponent("%+g"), "%+g");
}

TEST(UnescapeTest, DecodesHighCodesAsLatin1) {
  // Hive appends (char) 0xE9, U+00E9, which reaches the wire as UTF-8 C3 A9.
  EXPECT_EQ(UnescapePartitionComponent("caf%E9"), "caf\xC3\xA9");
  EXPECT_EQ(UnescapePartitionComponent("%80"), "\xC2\x80");
  // A percent-encoded UTF-8 sequence is therefore not decoded as UTF-8.
  EXPECT_EQ(UnescapePartitionComponent("%C3%A9"), "\xC3\x83\xC2\xA9");
  // Raw UTF-8 after '%' is not hex and stays.
  EXPECT_EQ(UnescapePartitionComponent("%\xC3\xA9"), "%\xC3\xA9");
}

TEST(PartitionNameTest, MakesHiveNames) {
  absl::StatusOr<std::string> name =
      MakePartitionName(Keys({"year", "month"}), {"2024", "01"});
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "year=2024/month=01");

  name = MakePartitionName(Keys({"ts"}), {"2024-01-31 10:00:00"});
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "ts=2024-01-31 10%3A00%3A00");

  name = MakePartitionName(Keys({"city"}), {"caf\xC3\xA9"});
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "city=caf\xC3\xA9");
}

TEST(PartitionNameTest, LowersAndEscapesKeys) {
  absl::StatusOr<std::string> name = MakePartitionName(Keys({"Year", "A=B"}), {"X", "y"});
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "year=X/a%3Db=y");
}

TEST(PartitionNameTest, EmptyValueIsTheDefaultPartition) {
  absl::StatusOr<std::string> name = MakePartitionName(Keys({"a", "b"}), {"", "x"});
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, std::string("a=") + kDefaultPartitionName + "/b=x");
}

TEST(PartitionNameTest, MakeRejectsMismatchedCounts) {
  ExpectInvalid(MakePartitionName(Keys({"a", "b"}), {"1"}).status(),
                "cannot make a partition name: 1 values for 2 partition keys");
  ExpectInvalid(MakePartitionName(Keys({"a"}), {"1", "2"}).status(),
                "cannot make a partition name: 2 values for 1 partition keys");
  ExpectInvalid(MakePartitionName({}, {}).status(),
                "cannot make a partition name: the table has no partition keys");
  ExpectInvalid(MakePartitionName(Keys({"a", ""}), {"1", "2"}).status(),
                "cannot make a partition name: partition key 2 has no name");
}

TEST(PartitionNameTest, ParsesAndUnescapes) {
  absl::StatusOr<Pairs> pairs = ParsePartitionName("year=2024/ts=10%3A00/p=a%2Fb%3Dc");
  ASSERT_TRUE(pairs.ok()) << pairs.status();
  EXPECT_EQ(*pairs, (Pairs{{"year", "2024"}, {"ts", "10:00"}, {"p", "a/b=c"}}));

  pairs = ParsePartitionName("K%3Dk=v");
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ(*pairs, (Pairs{{"K=k", "v"}}));

  pairs = ParsePartitionName(std::string("a=") + kDefaultPartitionName);
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ(*pairs, (Pairs{{"a", kDefaultPartitionName}}));
}

TEST(PartitionNameTest, ParseRejectsMalformedNames) {
  ExpectInvalid(ParsePartitionName("").status(), "invalid partition name '': must not be empty");
  ExpectInvalid(ParsePartitionName("a=1/b").status(),
                "invalid partition name 'a=1/b': component 'b' has no '='");
  ExpectInvalid(ParsePartitionName("=1").status(),
                "invalid partition name '=1': component '=1' has an empty key");
  ExpectInvalid(ParsePartitionName("a=").status(),
                "invalid partition name 'a=': component 'a=' has an empty value");
  ExpectInvalid(ParsePartitionName("a=1//b=2").status(),
                "invalid partition name 'a=1//b=2': empty component");
  ExpectInvalid(ParsePartitionName("/a=1").status(),
                "invalid partition name '/a=1': empty component");
  ExpectInvalid(ParsePartitionName("a=1/").status(),
                "invalid partition name 'a=1/': empty component");
}

TEST(PartitionNameTest, MakeThenParseRoundTrips) {
  std::string every;
  for (int c = 0; c < 0x80; ++c) every.push_back(static_cast<char>(c));
  const std::vector<std::string> values = {every, "", "caf\xC3\xA9", "x=y/z", "%41"};
  const std::vector<Column> keys = Keys({"k1", "k2", "k3", "k4", "k5"});
  absl::StatusOr<std::string> name = MakePartitionName(keys, values);
  ASSERT_TRUE(name.ok());
  absl::StatusOr<std::vector<std::string>> parsed = PartitionValuesFromName(keys, *name);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  std::vector<std::string> expected = values;
  expected[1] = kDefaultPartitionName;
  EXPECT_EQ(*parsed, expected);
}

TEST(PartitionNameTest, ValuesFromNameChecksKeys) {
  const std::vector<Column> keys = Keys({"year", "Month"});
  absl::StatusOr<std::vector<std::string>> values =
      PartitionValuesFromName(keys, "YEAR=2024/month=01");
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_EQ(*values, (std::vector<std::string>{"2024", "01"}));

  ExpectInvalid(PartitionValuesFromName(keys, "year=2024").status(),
                "invalid partition name 'year=2024': 1 keys given, the table has 2");
  ExpectInvalid(PartitionValuesFromName(keys, "month=01/year=2024").status(),
                "invalid partition name 'month=01/year=2024': key 1 is 'month', expected 'year'");
  ExpectInvalid(PartitionValuesFromName(keys, "year=2024/day=01").status(),
                "invalid partition name 'year=2024/day=01': key 2 is 'day', expected 'Month'");
  ExpectInvalid(PartitionValuesFromName(keys, "year=2024/month").status(),
                "invalid partition name 'year=2024/month': component 'month' has no '='");
}

}  // namespace
}  // namespace almanac::model
