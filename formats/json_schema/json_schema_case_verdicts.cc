// json_schema_case_verdicts CASE_FILE: one JSON line per case of a
// compatibility case file with this library's own verdict on every earlier
// version in each direction, for json_schema_differential_test.py to hold
// against a real JSON Schema validator. A line: {"name", "line", "mode",
// "expect", "old": [texts], "new": text, "parsed": bool, "checks": [{"old":
// index, "backward": bool, "forward": bool, "reasons": [...]}]}. Exit 1 when
// the file cannot be read.
#include <iostream>

#include "formats/schema_formats.h"
#include "formats/testing/compat_cases.h"
#include "nlohmann/json.hpp"

int main(int argc, char** argv) {
  using namespace almanac::formats;
  if (argc != 2) {
    std::cerr << "usage: json_schema_case_verdicts CASE_FILE\n";
    return 2;
  }
  auto cases = testing::ReadCompatCases(argv[1]);
  if (!cases.ok()) {
    std::cerr << cases.status().message() << "\n";
    return 1;
  }
  for (const testing::CompatCase& c : *cases) {
    nlohmann::json line = {{"name", c.name},     {"line", c.line},        {"mode", c.mode},
                           {"expect", c.expect}, {"old", c.old_versions}, {"new", c.new_version}};
    auto candidate = ParseSchema(SchemaFormat::kJson, c.new_version);
    line["parsed"] = candidate.ok();
    line["checks"] = nlohmann::json::array();
    for (size_t k = 0; candidate.ok() && k < c.old_versions.size(); ++k) {
      auto old_schema = ParseSchema(SchemaFormat::kJson, c.old_versions[k]);
      if (!old_schema.ok()) continue;
      nlohmann::json reasons = nlohmann::json::array();
      auto backward = CheckCompatibility(**old_schema, **candidate, Direction::kNewReadsOld);
      auto forward = CheckCompatibility(**old_schema, **candidate, Direction::kOldReadsNew);
      for (const auto& i : backward) reasons.push_back("BACKWARD: " + i.message);
      for (const auto& i : forward) reasons.push_back("FORWARD: " + i.message);
      line["checks"].push_back({{"old", k},
                                {"backward", backward.empty()},
                                {"forward", forward.empty()},
                                {"reasons", reasons}});
    }
    std::cout << line.dump() << "\n";
  }
  return 0;
}
