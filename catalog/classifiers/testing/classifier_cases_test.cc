// Runs one classifier folder's testdata/cases.txt (classifier_cases.h). The
// folder's CMakeLists passes the files through the environment:
// CLASSIFIER_CASES (the cases file), CLASSIFIER_FILES (files generated at
// test time by real writers), CLASSIFIER_STATIC (the folder's testdata/).
#include <cstdlib>
#include <string>

#include "catalog/classifiers/testing/classifier_cases.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

TEST(ClassifierCases, EveryCaseHolds) {
  const std::string cases = Env("CLASSIFIER_CASES");
  ASSERT_FALSE(cases.empty()) << "CLASSIFIER_CASES is not set";
  int run = 0;
  auto failures = RunClassifierCases(cases, Env("CLASSIFIER_FILES"), Env("CLASSIFIER_STATIC"), &run);
  ASSERT_TRUE(failures.ok()) << failures.status();
  EXPECT_GT(run, 0) << "no cases in " << cases;
  for (const std::string& f : *failures) ADD_FAILURE() << f;
  std::printf("%d cases, %zu failed\n", run, failures->size());
}

}  // namespace
}  // namespace almanac::classifiers::testing
