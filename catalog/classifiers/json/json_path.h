// JsonPath: the subset of JsonPath that Glue's custom JSON classifiers use
// to say where the records are: `$` (each top-level value), `$[*]` (the
// elements of a top-level array), member steps `.name` and `['name']`
// (or ["name"]), and `[*]` over an array at any step: `$.records[*]`,
// `$.a.b`, `$.a[*].b`. Indexes, slices, filters, recursive descent and `.*`
// are refused.
//
// Plain values; thread-safe to share once parsed.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_PATH_H_
#define ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_PATH_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace almanac::classifiers::json {

struct JsonPathStep {
  bool any_element = false;  // `[*]`; otherwise the member `name`
  std::string name;
};

struct JsonPath {
  std::vector<JsonPathStep> steps;  // empty: `$`
};

// InvalidArgument naming the problem and its 1-based column:
// "json path '$.a[0]': array indexes are not supported (use [*]) at column 4".
absl::StatusOr<JsonPath> ParseJsonPath(std::string_view text);

}  // namespace almanac::classifiers::json

#endif  // ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_PATH_H_
