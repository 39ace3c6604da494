// Data-driven compatibility cases shared by the three formats' tests.
//
// A case file is a sequence of blocks:
//
//   # a comment line
//   == adding a field without a default breaks BACKWARD
//   mode: BACKWARD
//   old:
//   {"type": "record", "name": "R", "fields": []}
//   old:                      (more `old:` blocks: earlier versions, oldest first)
//   ...
//   new:
//   {"type": "record", ...}
//   expect: incompatible      (or: compatible | parse error)
//   reason: field 'price'     (for incompatible / parse error: a substring that
//   reason: narrowing          must occur in some reason; one or more lines)
//
// A schema body runs until the next header line (`== `, `mode:`, `old:`, `new:`,
// `expect:`, `reason:`). Versions are numbered 1.. in file order.
#ifndef ALMANAC_FORMATS_TESTING_COMPAT_CASES_H_
#define ALMANAC_FORMATS_TESTING_COMPAT_CASES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "formats/compatibility.h"
#include "formats/schema_formats.h"

namespace almanac::formats::testing {

struct CompatCase {
  std::string name;
  int line = 0;  // of the `==` line
  std::string mode;
  std::vector<std::string> old_versions;
  std::string new_version;
  std::string expect;  // "compatible", "incompatible", "parse error"
  std::vector<std::string> reasons;
};

// InvalidArgument naming the line of a malformed case.
absl::StatusOr<std::vector<CompatCase>> ReadCompatCases(const std::string& path);

// What the library says about one case: "compatible", "incompatible" or
// "parse error", and every reason as a person reads it.
struct CompatOutcome {
  std::string verdict;
  std::vector<std::string> reasons;
};
CompatOutcome RunCompatCase(SchemaFormat format, const CompatCase& c);

// Empty when the outcome is what the case expects; otherwise why not.
std::string MismatchOf(const CompatCase& c, const CompatOutcome& outcome);

// The path of a file under the source tree (ALMANAC_SOURCE_DIR, set by ctest).
std::string SourcePath(const std::string& relative);

}  // namespace almanac::formats::testing

#endif  // ALMANAC_FORMATS_TESTING_COMPAT_CASES_H_
