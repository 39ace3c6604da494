// The JSON classifier on in-memory samples (what files cannot show easily:
// the sample limit cutting a record, the record cap, deep nesting) and the
// custom factory's refusals.
#include "catalog/classifiers/json/json_classifier.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/classifiers/json/inferred_type.h"
#include "catalog/classifiers/registry.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::json {
namespace {

std::optional<Inference> Classify(const Classifier& c, std::string_view content, bool complete) {
  FileSample sample;
  sample.path = "file:///t.json";
  sample.content = content;
  sample.content_complete = complete;
  auto got = c.Classify(sample);
  EXPECT_TRUE(got.ok()) << got.status();
  return got.ok() ? *got : std::nullopt;
}

std::string Columns(const std::optional<Inference>& i) {
  if (!i) return "<none>";
  return absl::StrJoin(i->columns, ", ", [](std::string* out, const model::Column& c) {
    absl::StrAppend(out, c.name, ":", c.type);
  });
}

TEST(JsonClassifier, CutLastRecordIsDroppedOnlyAtTheSampleLimit) {
  JsonClassifier json;
  const std::string text = "{\"a\": 1}\n{\"a\": 2, \"b\": \"x\"}\n{\"a\": 3.5, \"c\": \"\xC3";
  auto partial = Classify(json, text, /*complete=*/false);
  EXPECT_EQ(Columns(partial), "a:int, b:string");
  ASSERT_TRUE(partial);
  EXPECT_FALSE(partial->record_count.has_value());
  EXPECT_EQ(partial->sampled_records, 2);
  // The same bytes as a whole file: broken, so not JSON.
  EXPECT_FALSE(Classify(json, text, /*complete=*/true).has_value());
  // A syntax error before the cut is not excused by it.
  EXPECT_FALSE(Classify(json, "{\"a\": 1}\n{\"a\" 2}\n{\"a\": 3", false).has_value());
}

TEST(JsonClassifier, ARecordBiggerThanTheSampleIsTypedAsFarAsRead) {
  auto got = Classify(JsonClassifier(), R"({"a": 1, "b": {"c": [1, 2.5], "d": "x)", false);
  EXPECT_EQ(Columns(got), "a:int, b:struct<c:array<double>>");
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->record_count.has_value());
  EXPECT_EQ(got->sampled_records, 1);
}

TEST(JsonClassifier, StopsAtTheRecordCap) {
  std::string text;
  for (int i = 0; i < 1500; ++i) absl::StrAppend(&text, "{\"n\": ", i, "}\n");
  absl::StrAppend(&text, "{\"n\": 99999999999, \"late\": true}\n");
  auto got = Classify(JsonClassifier(), text, true);
  EXPECT_EQ(Columns(got), "n:int");  // the 1,501st record was never read
  ASSERT_TRUE(got);
  EXPECT_EQ(got->sampled_records, 1000);
  EXPECT_FALSE(got->record_count.has_value());
}

TEST(JsonClassifier, LargeTopLevelArrayCutAtTheLimitKeepsItsElements) {
  std::string text = "[";
  for (int i = 0; i < 50; ++i) absl::StrAppend(&text, i ? "," : "", "{\"id\": ", i, "}");
  text += ",{\"id\": 5";  // cut
  auto got = Classify(JsonClassifier(), text, false);
  EXPECT_EQ(Columns(got), "array:array<struct<id:int>>");
}

TEST(JsonClassifier, DeepNestingIsTypedStringBeyondTheCap) {
  std::string text = "{\"d\": ";
  for (int i = 0; i < 5000; ++i) text += "[";
  for (int i = 0; i < 5000; ++i) text += "]";
  text += "}";
  auto got = Classify(JsonClassifier(), text, true);
  ASSERT_TRUE(got);
  std::string expected = "string";
  for (int i = 0; i < kMaxNestingDepth - 1; ++i) expected = "array<" + expected + ">";
  EXPECT_EQ(Columns(got), "d:" + expected);
}

TEST(JsonClassifier, CustomPathSelectsRecords) {
  model::ClassifierDefinition d;
  d.name = "recs";
  d.kind = "JSON";
  d.json.json_path = "$.data.records[*]";
  auto c = MakeCustomClassifier(d);
  ASSERT_TRUE(c.ok()) << c.status();
  auto got = Classify(
      **c, R"({"meta": {"records": [1]}, "data": {"records": [{"x": 1}, {"x": 2, "y": [true]}]}})",
      true);
  EXPECT_EQ(Columns(got), "x:int, y:array<boolean>");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->record_count, 2);
  EXPECT_EQ(got->table_parameters.at("jsonPath"), "$.data.records[*]");
  EXPECT_EQ(got->classification, "json");
  // Selecting nothing, or something other than objects, is not a match.
  EXPECT_FALSE(Classify(**c, R"({"data": {"other": []}})", true).has_value());
  EXPECT_FALSE(Classify(**c, R"({"data": {"records": [1, 2]}})", true).has_value());
}

TEST(JsonClassifier, CustomFactoryRefusesUnsupportedPaths) {
  model::ClassifierDefinition d;
  d.name = "bad";
  d.kind = "JSON";
  for (const auto& [path, message] : std::vector<std::pair<std::string, std::string>>{
           {"", "classifier 'bad': json path is empty (expected '$...')"},
           {"records[*]",
            "classifier 'bad': json path 'records[*]': a path starts with '$' at column 1"},
           {"$.a[1]",
            "classifier 'bad': json path '$.a[1]': array indexes and slices are not "
            "supported (use [*]) at column 4"},
           {"$..id",
            "classifier 'bad': json path '$..id': recursive descent '..' is not "
            "supported at column 2"}}) {
    d.json.json_path = path;
    auto c = MakeCustomClassifier(d);
    ASSERT_FALSE(c.ok()) << path;
    EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(c.status().message(), message);
  }
}

}  // namespace
}  // namespace almanac::classifiers::json
