#include "catalog/classifiers/grok/line_sample.h"

#include <string>

#include "gtest/gtest.h"

namespace almanac::classifiers::grok {
namespace {

FileSample Sample(std::string_view content, bool complete) {
  FileSample s;
  s.path = "file:///x.log";
  s.content = content;
  s.content_complete = complete;
  return s;
}

TEST(LineSample, CompleteFileCountsEveryNonBlankLine) {
  LineSample got = SampleLines(Sample("a\r\n\n  \nb\nc", true));
  ASSERT_EQ(got.lines.size(), 3u);
  EXPECT_EQ(got.lines[0], "a");
  EXPECT_EQ(got.lines[2], "c");
  EXPECT_EQ(got.total_records, 3);
  EXPECT_EQ(got.bytes, 10);
}

TEST(LineSample, CutLastLineIsDropped) {
  LineSample got = SampleLines(Sample("a\nb\nhalf a li", false));
  ASSERT_EQ(got.lines.size(), 2u);
  EXPECT_EQ(got.bytes, 4);
  EXPECT_FALSE(got.total_records.has_value());
  // A sample ending exactly at a newline keeps its last line.
  EXPECT_EQ(SampleLines(Sample("a\nb\n", false)).lines.size(), 2u);
}

TEST(LineSample, AtMostMaxRecordsAndMaxBytes) {
  std::string content;
  for (int i = 0; i < 1500; ++i) content += "line\n";
  LineSample got = SampleLines(Sample(content, true));
  EXPECT_EQ(got.lines.size(), 1000u);
  EXPECT_EQ(got.bytes, 5000);
  EXPECT_EQ(got.total_records, 1500);  // the whole file is in memory: counted

  LineSample bytes = SampleLines(Sample(content, true), /*max_bytes=*/12, /*max_records=*/1000);
  EXPECT_EQ(bytes.lines.size(), 2u);  // "line\nline\nli" -> the cut third is dropped
  EXPECT_EQ(bytes.total_records, 1500);
}

TEST(LineSample, NulMarksBinary) {
  EXPECT_TRUE(SampleLines(Sample(std::string("a\0b\n", 4), true)).has_nul);
  EXPECT_FALSE(SampleLines(Sample("ab\n", true)).has_nul);
}

TEST(LineSample, EmptyContent) {
  LineSample got = SampleLines(Sample("", true));
  EXPECT_TRUE(got.lines.empty());
  EXPECT_EQ(got.total_records, 0);
}

}  // namespace
}  // namespace almanac::classifiers::grok
