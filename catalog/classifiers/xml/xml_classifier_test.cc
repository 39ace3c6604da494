// The XML classifier on in-memory samples, and the custom factory's
// refusals.
#include "catalog/classifiers/xml/xml_classifier.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/classifiers/registry.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::xml {
namespace {

std::optional<Inference> Classify(const Classifier& c, std::string_view content, bool complete) {
  FileSample sample;
  sample.path = "file:///t.xml";
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

TEST(XmlClassifier, CutAtTheSampleLimitIsFineOnlyThere) {
  const std::string text =
      "<?xml version=\"1.0\"?><rows><r id=\"1\"><v>1.5</v></r><r id=\"2\"><v>2</v></r><r "
      "id=\"3\"><v>";
  auto got = Classify(XmlClassifier(), text, false);
  EXPECT_EQ(Columns(got), "_id:int, v:double");
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->record_count.has_value());
  EXPECT_EQ(got->serde.parameters.at("xmlinput.start"), "<r ");
  EXPECT_EQ(got->serde.parameters.at("column.xpath._id"), "/r/@id");
  EXPECT_EQ(got->serde.parameters.at("column.xpath.v"), "/r/v/text()");
  EXPECT_FALSE(Classify(XmlClassifier(), text, true).has_value());
  EXPECT_FALSE(Classify(XmlClassifier(), "<rows><r>1</r><r>2</x></rows>", false).has_value());
}

TEST(XmlClassifier, StopsAtTheRowCap) {
  std::string text = "<rows>";
  for (int i = 0; i < 1200; ++i) absl::StrAppend(&text, "<row><n>", i, "</n></row>");
  absl::StrAppend(&text, "<row><n>x</n><late/></row></rows>");
  auto got = Classify(XmlClassifier(), text, true);
  EXPECT_EQ(Columns(got), "n:int");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->sampled_records, 1000);
  EXPECT_FALSE(got->record_count.has_value());
}

TEST(XmlClassifier, NeedsARepeatedChildOfTheRoot) {
  EXPECT_FALSE(Classify(XmlClassifier(), "<config><a>1</a><b>2</b></config>", true).has_value());
  EXPECT_FALSE(Classify(XmlClassifier(), "", true).has_value());
  EXPECT_FALSE(Classify(XmlClassifier(), "{\"a\": 1}", true).has_value());
}

TEST(XmlClassifier, DeepNestingIsTypedStringBeyondTheCap) {
  std::string text = "<rows><r><d>";
  for (int i = 0; i < 3000; ++i) text += "<e>";
  for (int i = 0; i < 3000; ++i) text += "</e>";
  text += "</d></r><r/></rows>";
  auto got = Classify(XmlClassifier(), text, true);
  ASSERT_TRUE(got);
  EXPECT_NE(Columns(got).find("e:string>"), std::string::npos) << Columns(got);
}

TEST(XmlClassifier, CustomFactoryRefusals) {
  model::ClassifierDefinition d;
  d.name = "x";
  d.kind = "XML";
  d.xml.classification = "books";
  for (const auto& [tag, message] : std::vector<std::pair<std::string, std::string>>{
           {"", "classifier 'x': row tag is empty"},
           {"<book>",
            "classifier 'x': row tag '<book>' is written without angle brackets (e.g. 'row')"},
           {"1book",
            "classifier 'x': row tag '1book' is not an xml name: character 1 cannot start a name"},
           {"bo ok",
            "classifier 'x': row tag 'bo ok' is not an xml name: character 3 is not allowed in a "
            "name"},
           {"a/b",
            "classifier 'x': row tag 'a/b' is not an xml name: character 2 is not allowed in a "
            "name"}}) {
    d.xml.row_tag = tag;
    auto c = MakeCustomClassifier(d);
    ASSERT_FALSE(c.ok()) << tag;
    EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(c.status().message(), message);
  }
  d.xml.row_tag = "book";
  d.xml.classification = "";
  EXPECT_EQ(MakeCustomClassifier(d).status().message(), "classifier 'x': classification is empty");
  d.xml.classification = "books";
  d.xml.row_tag = "bk:book";
  ASSERT_TRUE(MakeCustomClassifier(d).ok());
}

TEST(XmlClassifier, CustomRowTagAnywhere) {
  model::ClassifierDefinition d;
  d.name = "books";
  d.kind = "XML";
  d.xml.classification = "library";
  d.xml.row_tag = "book";
  auto c = MakeCustomClassifier(d);
  ASSERT_TRUE(c.ok());
  auto got = Classify(**c, "<lib><shelf><book><t>A</t></book></shelf></lib>", true);
  EXPECT_EQ(Columns(got), "t:string");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->classification, "library");
  EXPECT_EQ(got->record_count, 1);
  EXPECT_EQ(got->table_parameters.at("rowTag"), "book");
  EXPECT_FALSE(Classify(**c, "<lib><shelf/></lib>", true).has_value());
}

}  // namespace
}  // namespace almanac::classifiers::xml
