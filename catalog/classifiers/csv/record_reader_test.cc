// The record reader: RFC 4180 quoting, line breaks, blank lines, trimming.
#include "catalog/classifiers/csv/record_reader.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace almanac::classifiers::csv {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows Read(std::string_view text, ReaderOptions options = {}) {
  RecordReader reader(text, options);
  Rows rows;
  Record r;
  while (reader.Next(r)) rows.push_back(r.fields);
  return rows;
}

TEST(RecordReader, SplitsFieldsAndLines) {
  EXPECT_EQ(Read("a,b\n1,2\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a,,\n"), (Rows{{"a", "", ""}}));
}

TEST(RecordReader, LineBreaksLfCrlfAndLoneCr) {
  EXPECT_EQ(Read("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a,b\r1,2\r"), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(RecordReader, SkipsBlankLines) {
  EXPECT_EQ(Read("\n\na,b\n\r\n\n1,2\n\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a,b\n   \n1,2\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read(""), Rows{});
}

TEST(RecordReader, QuotedFieldsHoldDelimitersQuotesAndLineBreaks) {
  EXPECT_EQ(Read("\"a,b\",c\n"), (Rows{{"a,b", "c"}}));
  EXPECT_EQ(Read("\"say \"\"hi\"\"\",c\n"), (Rows{{"say \"hi\"", "c"}}));
  EXPECT_EQ(Read("\"line1\nline2\",c\r\nx,y\n"), (Rows{{"line1\nline2", "c"}, {"x", "y"}}));
  EXPECT_EQ(Read("\"a\r\nb\",c\n"), (Rows{{"a\r\nb", "c"}}));
  EXPECT_EQ(Read("\"\",x\n"), (Rows{{"", "x"}}));
}

TEST(RecordReader, QuotedEmptyFieldIsNotABlankLine) {
  RecordReader reader("\"\"\n", {});
  Record r;
  ASSERT_TRUE(reader.Next(r));
  EXPECT_TRUE(r.quoted);
  EXPECT_EQ(r.fields, std::vector<std::string>{""});
}

TEST(RecordReader, LenientAboutStrayQuotes) {
  // A quote inside an unquoted field is a character.
  EXPECT_EQ(Read("ab\"c,d\n"), (Rows{{"ab\"c", "d"}}));
  // Text after a closing quote stays in the field.
  EXPECT_EQ(Read("\"ab\"c,d\n"), (Rows{{"abc", "d"}}));
}

TEST(RecordReader, UnclosedQuoteEndsAtTheEnd) {
  RecordReader reader("x,\"open\nmore", {});
  Record r;
  ASSERT_TRUE(reader.Next(r));
  EXPECT_TRUE(r.unclosed_quote);
  EXPECT_FALSE(r.terminated);
  EXPECT_EQ(r.fields, (std::vector<std::string>{"x", "open\nmore"}));
  EXPECT_FALSE(reader.Next(r));
}

TEST(RecordReader, TrimsUnquotedValuesAndSpacesAroundQuotes) {
  EXPECT_EQ(Read(" a , \"b, c\" ,d\n"), (Rows{{"a", "b, c", "d"}}));
  EXPECT_EQ(Read(" a , \" b \"\n"), (Rows{{"a", " b "}}));
  ReaderOptions keep;
  keep.trim = false;
  EXPECT_EQ(Read(" a , \"b\"\n", keep), (Rows{{" a ", " \"b\""}}));
}

TEST(RecordReader, TabDelimiterIsNotTrimmedAway) {
  ReaderOptions tab;
  tab.delimiter = '\t';
  EXPECT_EQ(Read("a\t\tb\n", tab), (Rows{{"a", "", "b"}}));
}

TEST(RecordReader, RecordsKnowHowTheyEnded) {
  RecordReader reader("a,b\nc,d", {});
  Record r;
  ASSERT_TRUE(reader.Next(r));
  EXPECT_TRUE(r.terminated);
  EXPECT_EQ(r.raw, "a,b");
  EXPECT_EQ(reader.position(), 4u);
  ASSERT_TRUE(reader.Next(r));
  EXPECT_FALSE(r.terminated);
  EXPECT_EQ(r.raw, "c,d");
}

TEST(RecordReader, CapsStoredFields) {
  std::string line(100000, ',');
  RecordReader reader(line, {});
  Record r;
  ASSERT_TRUE(reader.Next(r));
  EXPECT_EQ(r.field_count, 100001u);
  EXPECT_EQ(r.fields.size(), kMaxStoredFields);
}

}  // namespace
}  // namespace almanac::classifiers::csv
