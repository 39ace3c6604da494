// Data-driven classifier cases: every classifier's expected outputs as a
// table, one case per file. Shared by each classifier folder's
// testdata/cases.txt, run by classifier_cases_test.
//
//   # a comment
//   @custom {"name": "applog", "kind": "GROK", "grok": {...}}
//                      custom classifiers tried before the built-ins by the
//                      cases that follow, in the order given (JSON as in
//                      CustomDefinitionFromJson); `@custom clear` drops them
//   @only parquet      try only these built-ins (space-separated) in the cases
//                      that follow; `@only all` (the default) tries every one
//   FILE => CLASSIFICATION CERTAINTY | name:type, name:type, ...
//     serde org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe
//     serde.field.delim ,          (a SerDe parameter)
//     table.skip.header.line.count 1  (a table parameter of the inference)
//     input org.apache.hadoop.mapred.TextInputFormat
//     output org.apache...HiveIgnoreKeyTextOutputFormat
//     records 3                    (record_count; `records none` for nullopt)
//     compression gzip             (the sample's detected compression)
//   FILE => UNKNOWN
//   FILE !! substring of the error
//
// FILE is looked up in the generated directory first (files written at test
// time by real writers), then in the folder's testdata/. Indented lines
// check more of the case above them; anything not named is not checked. The
// column list is compared as text, each column rendered `name:type`, joined
// by ", ".
#ifndef ALMANAC_CATALOG_CLASSIFIERS_TESTING_CLASSIFIER_CASES_H_
#define ALMANAC_CATALOG_CLASSIFIERS_TESTING_CLASSIFIER_CASES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/model/crawler.h"

namespace almanac::classifiers::testing {

// Reads a custom classifier definition from JSON: {"name", "kind", and one
// of "grok": {classification, grok_pattern, custom_patterns}, "xml":
// {classification, row_tag}, "json": {json_path}, "csv": {delimiter,
// quote_symbol, contains_header, header: [...], disable_value_trimming,
// allow_single_column, custom_datatype_configured, custom_datatypes: [...]}}.
absl::StatusOr<model::ClassifierDefinition> CustomDefinitionFromJson(const std::string& json);

// Runs every case of `cases_file`, looking files up in `generated_dir`
// then `static_dir`. Returns one line per failed case ("cases.txt:12:
// x.csv: expected ..., got ..."); empty when all pass. An error when the
// cases file itself is malformed.
absl::StatusOr<std::vector<std::string>> RunClassifierCases(const std::string& cases_file,
                                                            const std::string& generated_dir,
                                                            const std::string& static_dir,
                                                            int* cases_run);

}  // namespace almanac::classifiers::testing

#endif  // ALMANAC_CATALOG_CLASSIFIERS_TESTING_CLASSIFIER_CASES_H_
