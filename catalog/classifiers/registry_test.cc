// Glue's choice among classifiers, with classifiers that answer what the
// test tells them to.
#include "catalog/classifiers/registry.h"

#include <memory>
#include <optional>

#include "gtest/gtest.h"

namespace almanac::classifiers {
namespace {

class Fixed : public Classifier {
 public:
  Fixed(std::string name, std::optional<double> certainty, absl::Status error = absl::OkStatus())
      : name_(std::move(name)), certainty_(certainty), error_(std::move(error)) {}
  std::string_view name() const override { return name_; }
  absl::StatusOr<std::optional<Inference>> Classify(const FileSample&) const override {
    ++calls;
    if (!error_.ok()) return error_;
    if (!certainty_) return std::nullopt;
    Inference i;
    i.classification = name_;
    i.certainty = *certainty_;
    return i;
  }
  mutable int calls = 0;

 private:
  std::string name_;
  std::optional<double> certainty_;
  absl::Status error_;
};

std::string Choose(std::vector<const Classifier*> custom, const ClassifierRegistry& builtins) {
  FileSample sample;
  auto got = ChooseClassification(custom, builtins, sample);
  return got.ok() ? got->classification : std::string(got.status().message());
}

TEST(ClassifierRegistry, DuplicateNamesAreRefusedAndNamesListSorted) {
  ClassifierRegistry r;
  ASSERT_TRUE(r.Register(std::make_unique<Fixed>("orc", 1.0)).ok());
  ASSERT_TRUE(r.Register(std::make_unique<Fixed>("avro", 1.0)).ok());
  EXPECT_EQ(r.Register(std::make_unique<Fixed>("orc", 1.0)).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(r.names(), (std::vector<std::string>{"avro", "orc"}));
  ASSERT_EQ(r.in_order().size(), 2u);
  EXPECT_EQ(r.in_order()[0]->name(), "orc");
  EXPECT_NE(r.Find("avro"), nullptr);
  EXPECT_EQ(r.Find("csv"), nullptr);
}

TEST(ClassifierRegistry, CertainWinsAtOnceElseHighestElseUnknown) {
  ClassifierRegistry builtins;
  ASSERT_TRUE(builtins.Register(std::make_unique<Fixed>("json", 0.5)).ok());
  ASSERT_TRUE(builtins.Register(std::make_unique<Fixed>("xml", std::nullopt)).ok());
  ASSERT_TRUE(builtins.Register(std::make_unique<Fixed>("csv", 0.8)).ok());
  EXPECT_EQ(Choose({}, builtins), "csv");  // highest

  Fixed custom_sure("mine", 1.0);
  EXPECT_EQ(Choose({&custom_sure}, builtins), "mine");
  EXPECT_EQ(static_cast<const Fixed*>(builtins.Find("json"))->calls, 1)
      << "a certain custom classifier must stop the search";

  Fixed custom_unsure("mine", 0.8);
  EXPECT_EQ(Choose({&custom_unsure}, builtins), "mine") << "a tie goes to the earlier (custom)";

  ClassifierRegistry none;
  ASSERT_TRUE(none.Register(std::make_unique<Fixed>("json", std::nullopt)).ok());
  ASSERT_TRUE(none.Register(std::make_unique<Fixed>("csv", 0.0)).ok());
  EXPECT_EQ(Choose({}, none), "UNKNOWN");
}

TEST(ClassifierRegistry, AnErrorIsTheAnswer) {
  ClassifierRegistry builtins;
  ASSERT_TRUE(builtins
                  .Register(std::make_unique<Fixed>(
                      "parquet", std::nullopt, absl::DataLossError("parquet footer is cut short")))
                  .ok());
  ASSERT_TRUE(builtins.Register(std::make_unique<Fixed>("csv", 0.5)).ok());
  EXPECT_EQ(Choose({}, builtins), "parquet footer is cut short");
}

}  // namespace
}  // namespace almanac::classifiers
