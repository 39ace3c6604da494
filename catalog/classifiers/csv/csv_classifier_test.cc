// The CSV engine on in-memory samples: what cases.txt cannot easily show
// (a sample cut mid-record, partial agreement, byte counts).
#include "catalog/classifiers/csv/csv_classifier.h"

#include <string>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::csv {
namespace {

std::optional<Inference> Classify(std::string_view content, bool complete = true,
                                  CsvOptions options = {}) {
  FileSample sample;
  sample.path = "file:///t.csv";
  sample.content = content;
  sample.content_complete = complete;
  CsvClassifier classifier("csv", std::move(options));
  absl::StatusOr<std::optional<Inference>> got = classifier.Classify(sample);
  EXPECT_TRUE(got.ok()) << got.status();
  return got.ok() ? *got : std::nullopt;
}

std::string Columns(const Inference& i) {
  return absl::StrJoin(i.columns, ", ", [](std::string* out, const model::Column& c) {
    out->append(c.name + ":" + c.type);
  });
}

TEST(CsvClassifier, HeaderAndTypes) {
  auto i = Classify("id,name,price\n1,a,2.5\n2,b,3\n");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->certainty, 1.0);
  EXPECT_EQ(Columns(*i), "id:bigint, name:string, price:double");
  EXPECT_EQ(i->table_parameters.at("skip.header.line.count"), "1");
  EXPECT_EQ(i->record_count, 2);
  EXPECT_EQ(i->sampled_records, 2);
  EXPECT_EQ(i->sampled_bytes, 14);  // "1,a,2.5\n2,b,3\n"
}

TEST(CsvClassifier, CutLastRecordIsDropped) {
  // The sample ends inside the third data row: "3" alone would read as a
  // one-column row and the column count would disagree.
  auto i = Classify("a,b\n1,x\n2,y\n3", /*complete=*/false);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->certainty, 1.0);
  EXPECT_EQ(i->sampled_records, 2);
  EXPECT_EQ(i->record_count, std::nullopt);
  // The same text complete: the last row is a real, short row.
  i = Classify("a,b\n1,x\n2,y\n3,z", /*complete=*/true);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->record_count, 3);
}

TEST(CsvClassifier, CutInsideAQuotedFieldIsDropped) {
  auto i = Classify("a,b\n1,x\n2,y\n3,\"long\ntext", /*complete=*/false);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->serde.serialization_library, kLazySimpleSerDe);
}

TEST(CsvClassifier, MostRowsAgreeGivesLowerCertainty) {
  std::string text = "a,b\n";
  for (int k = 0; k < 8; ++k) text += "1,2\n";
  text += "1,2,3\n";
  auto i = Classify(text);
  ASSERT_TRUE(i);
  EXPECT_DOUBLE_EQ(i->certainty, 0.9);
  // Half the rows disagreeing is not csv.
  EXPECT_FALSE(Classify("a,b\n1,2\n1,2,3\n1,2,3,4\n1\n"));
}

TEST(CsvClassifier, BomAndCrlf) {
  auto i = Classify("\xEF\xBB\xBFId,Name\r\n1,a\r\n2,b\r\n");
  ASSERT_TRUE(i);
  EXPECT_EQ(Columns(*i), "id:bigint, name:string");
}

TEST(CsvClassifier, InvalidUtf8IsNotCsv) {
  EXPECT_FALSE(Classify("a,b\n1,\xFF\n2,3\n"));
  EXPECT_FALSE(Classify(std::string("a,b\n1,\0\n2,3\n", 12)));
  // A multi-byte character cut by the sample's end is fine.
  EXPECT_TRUE(Classify("a,b\n1,x\n2,y\n3,\xC3", /*complete=*/false));
}

TEST(CsvClassifier, JsonLinesAreNotCsv) {
  EXPECT_FALSE(Classify("{\"a\": 1, \"b\": 2}\n{\"a\": 3, \"b\": 4}\n{\"a\": 5, \"b\": 6}\n"));
}

TEST(CsvClassifier, QuotedDataUsesOpenCsvSerdeAndStrings) {
  auto i = Classify("id,text\n1,\"a,b\"\n2,c\n");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->serde.serialization_library, kOpenCsvSerDe);
  EXPECT_EQ(Columns(*i), "id:string, text:string");
  EXPECT_EQ(i->serde.parameters.at("separatorChar"), ",");
  EXPECT_EQ(i->serde.parameters.at("quoteChar"), "\"");
  EXPECT_EQ(i->serde.parameters.at("escapeChar"), "\\");
  // A quoted header alone keeps LazySimpleSerDe: the header is skipped.
  i = Classify("\"id\",\"n\"\n1,2\n3,4\n");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->serde.serialization_library, kLazySimpleSerDe);
  EXPECT_EQ(Columns(*i), "id:bigint, n:bigint");
}

TEST(CsvClassifier, SampleIsTheFirstThousandRecordsButACompleteFileIsCounted) {
  std::string text = "id,v\n";
  for (int k = 0; k < 3000; ++k) text += std::to_string(k) + (k < 999 ? ",1\n" : ",x\n");
  auto i = Classify(text);
  ASSERT_TRUE(i);
  // Rows past the first 1,000 records (header included) do not type.
  EXPECT_EQ(Columns(*i), "id:bigint, v:bigint");
  EXPECT_EQ(i->sampled_records, 999);
  EXPECT_EQ(i->record_count, 3000);
}

TEST(CsvClassifier, TooManyColumnsIsNotCsv) {
  std::string row(10000, ',');
  EXPECT_FALSE(Classify(row + "\n" + row + "\n" + row + "\n"));
}

}  // namespace
}  // namespace almanac::classifiers::csv
