// avro_case_verdicts CASE_FILE: one JSON line per case of a compatibility case
// file with this library's own verdict for each earlier version in each
// direction, for formats/avro/avro_differential_test.py to hold against real
// Avro libraries. A line: {"name", "line", "mode", "expect", "old": [texts],
// "new": text, "parsed": bool, "checks": [{"old": index, "backward": bool,
// "forward": bool, "reasons": [...]}]}. Exit 1 when the file cannot be read.
#include <iostream>

#include "formats/schema_formats.h"
#include "formats/testing/compat_cases.h"
#include "nlohmann/json.hpp"

int main(int argc, char **argv) {
  using namespace almanac::formats;
  if (argc != 2) {
    std::cerr << "usage: avro_case_verdicts CASE_FILE\n";
    return 2;
  }
  auto cases = testing::ReadCompatCases(argv[1]);
  if (!cases.ok()) {
    std::cerr << cases.status().message() << "\n";
    return 1;
  }
  for (const testing::CompatCase &c : *cases) {
    nlohmann::json line = {{"name", c.name},     {"line", c.line},        {"mode", c.mode},
                           {"expect", c.expect}, {"old", c.old_versions}, {"new", c.new_version}};
    auto candidate = ParseSchema(SchemaFormat::kAvro, c.new_version);
    line["parsed"] = candidate.ok();
    line["checks"] = nlohmann::json::array();
    for (size_t k = 0; candidate.ok() && k < c.old_versions.size(); ++k) {
      auto old = ParseSchema(SchemaFormat::kAvro, c.old_versions[k]);
      if (!old.ok()) continue;
      nlohmann::json check = {{"old", k}};
      std::vector<std::string> reasons;
      for (Direction d : {Direction::kNewReadsOld, Direction::kOldReadsNew}) {
        auto issues = CheckCompatibility(**old, **candidate, d);
        check[d == Direction::kNewReadsOld ? "backward" : "forward"] = issues.empty();
        for (const Incompatibility &i : issues) reasons.push_back(i.message);
      }
      check["reasons"] = reasons;
      line["checks"].push_back(check);
    }
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}
