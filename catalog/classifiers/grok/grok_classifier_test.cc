#include "catalog/classifiers/grok/grok_classifier.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/classifiers/builtin.h"
#include "catalog/classifiers/registry.h"
#include "catalog/model/hive_type.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::grok {
namespace {

constexpr char kCommon[] =
    "192.0.2.10 - - [05/Mar/2024:10:15:42 +0000] \"GET /index.html HTTP/1.1\" 200 5120";
constexpr char kCombined[] =
    "192.0.2.10 - - [05/Mar/2024:10:15:42 +0000] \"GET /index.html HTTP/1.1\" 200 5120 "
    "\"https://www.example.com/\" \"Mozilla/5.0 (X11; Linux x86_64)\"";

FileSample Sample(std::string_view content, bool complete = true) {
  FileSample s;
  s.path = "file:///logs/x.log";
  s.content = content;
  s.content_complete = complete;
  return s;
}

std::string Columns(const Inference& inference) {
  std::vector<std::string> out;
  for (const auto& c : inference.columns) {
    auto normal = model::NormalizeTypeString(c.type);
    EXPECT_TRUE(normal.ok()) << c.type;
    EXPECT_EQ(*normal, c.type);
    out.push_back(absl::StrCat(c.name, ":", c.type));
  }
  return absl::StrJoin(out, ", ");
}

model::ClassifierDefinition Custom(std::string pattern, std::string custom = "") {
  model::ClassifierDefinition d;
  d.name = "applog";
  d.kind = "GROK";
  d.grok.classification = "app";
  d.grok.grok_pattern = std::move(pattern);
  d.grok.custom_patterns = std::move(custom);
  return d;
}

TEST(GrokClassifier, CombinedApacheGivesGluesColumnsAndRegexSerDe) {
  auto c = MakeBuiltinGrokClassifier("combined_apache");
  ASSERT_TRUE(c.ok()) << c.status();
  const std::string content = absl::StrCat(kCombined, "\n", kCombined, "\n");
  auto got = (*c)->Classify(Sample(content));
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  const Inference& inf = **got;
  EXPECT_EQ(inf.classification, "combined_apache");
  EXPECT_EQ(inf.certainty, 1.0);
  EXPECT_EQ(Columns(inf),
            "clientip:string, ident:string, auth:string, timestamp:string, verb:string, "
            "request:string, httpversion:string, rawrequest:string, response:string, "
            "bytes:string, referrer:string, agent:string");
  EXPECT_EQ(inf.serde.serialization_library, "org.apache.hadoop.hive.serde2.RegexSerDe");
  EXPECT_FALSE(inf.serde.parameters.at("input.regex").empty());
  EXPECT_EQ(inf.table_parameters.at("grokPattern"), "%{COMBINEDAPACHELOG}");
  EXPECT_EQ(inf.table_parameters.count("grokCustomPatterns"), 0u);
  EXPECT_EQ(inf.input_format, "org.apache.hadoop.mapred.TextInputFormat");
  EXPECT_EQ(inf.output_format, "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
  EXPECT_EQ(inf.record_count, 2);
  EXPECT_EQ(inf.sampled_records, 2);
  EXPECT_EQ(inf.sampled_bytes, static_cast<int64_t>(content.size()));
}

TEST(GrokClassifier, CommonLineIsNotCombinedAndCombinedIsNotCommon) {
  auto combined = MakeBuiltinGrokClassifier("combined_apache");
  auto common = MakeBuiltinGrokClassifier("apache");
  ASSERT_TRUE(combined.ok() && common.ok());
  EXPECT_FALSE((*combined)->Classify(Sample(kCommon))->has_value());
  EXPECT_FALSE((*common)->Classify(Sample(kCombined))->has_value());
  auto got = (*common)->Classify(Sample(kCommon));
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->classification, "apache");
  EXPECT_EQ((*got)->columns.size(), 10u);
}

TEST(GrokClassifier, CertaintyIsTheShareWhenAtLeastHalfMatch) {
  auto c = MakeBuiltinGrokClassifier("apache");
  ASSERT_TRUE(c.ok());
  const std::string three = absl::StrCat(kCommon, "\n", kCommon, "\n", kCommon, "\nnoise\n");
  auto got = (*c)->Classify(Sample(three));
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_DOUBLE_EQ((*got)->certainty, 0.75);
  const std::string half = absl::StrCat(kCommon, "\nnoise\n");
  EXPECT_DOUBLE_EQ((*(*c)->Classify(Sample(half)))->certainty, 0.5);
  const std::string less = absl::StrCat(kCommon, "\nnoise\nnoise\n");
  EXPECT_FALSE((*c)->Classify(Sample(less))->has_value());
}

TEST(GrokClassifier, EmptyAndBinaryAreNotLogs) {
  auto c = MakeCustomGrokClassifier(Custom("%{GREEDYDATA:line}"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE((*c)->Classify(Sample(""))->has_value());
  EXPECT_FALSE((*c)->Classify(Sample("\n \n"))->has_value());
  EXPECT_FALSE((*c)->Classify(Sample(std::string("PK\x03\x04\0\0x\n", 9)))->has_value());
  EXPECT_TRUE((*c)->Classify(Sample("anything\n"))->has_value());
}

TEST(GrokClassifier, CustomKeepsItsPatternsAndTypes) {
  auto c = MakeCustomGrokClassifier(
      Custom("%{APPTIME:ts} %{LOGLEVEL:level} \\[%{INT:code:int}\\] %{GREEDYDATA:msg}",
             "APPTIME %{YEAR}-%{MONTHNUM}-%{MONTHDAY} %{TIME}"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ((*c)->name(), "applog");
  auto got = (*c)->Classify(Sample("2024-03-05 10:15:42 WARN [503] upstream timed out\n"));
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->classification, "app");
  EXPECT_EQ(Columns(**got), "ts:string, level:string, code:int, msg:string");
  EXPECT_EQ((*got)->table_parameters.at("grokCustomPatterns"),
            "APPTIME %{YEAR}-%{MONTHNUM}-%{MONTHDAY} %{TIME}");
}

TEST(GrokClassifier, CustomDefinitionErrorsNameTheClassifier) {
  auto no_field = MakeCustomGrokClassifier(Custom("%{INT} %{WORD}"));
  EXPECT_EQ(no_field.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(no_field.status().message(),
            "classifier 'applog': the grok pattern names no field (write %{PATTERN:field} or "
            "%{PATTERN:field:type})");
  auto unknown = MakeCustomGrokClassifier(Custom("%{NOPE:x}"));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(unknown.status().message(),
                               "classifier 'applog': unknown grok pattern 'NOPE' ("))
      << unknown.status();
  model::ClassifierDefinition d = Custom("%{INT:n}");
  d.grok.classification.clear();
  EXPECT_EQ(MakeCustomGrokClassifier(d).status().message(),
            "classifier 'applog': a grok classifier needs a classification");
}

TEST(GrokClassifier, UnknownBuiltinName) {
  EXPECT_EQ(
      MakeBuiltinGrokClassifier("squid").status().message(),
      "no built-in grok classifier 'squid' (built-ins: combined_apache, apache, linux_kernel)");
}

TEST(GrokClassifier, RegisteredInGluesOrderAndDispatchedAsGrok) {
  ClassifierRegistry registry;
  ASSERT_TRUE(RegisterBuiltinClassifiers(registry).ok());
  std::vector<std::string> order;
  for (const Classifier* c : registry.in_order()) order.emplace_back(c->name());
  const std::string joined = absl::StrJoin(order, ",");
  EXPECT_NE(joined.find("combined_apache,apache,linux_kernel"), std::string::npos) << joined;

  auto made = MakeCustomClassifier(Custom("%{INT:n:long}"));
  ASSERT_TRUE(made.ok()) << made.status();
  auto got = ChooseClassification({made->get()}, registry, Sample("12\n13\n"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->classification, "app");
  EXPECT_EQ(Columns(*got), "n:bigint");
}

}  // namespace
}  // namespace almanac::classifiers::grok
