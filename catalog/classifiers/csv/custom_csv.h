// Custom CSV classifiers (Glue's CsvClassifier): a stored
// model::CsvClassifierSpec validated and turned into the options of the
// CSV engine (csv_classifier.h).
//
// Thread-safe: pure functions; the classifiers they make are thread-safe.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_CSV_CUSTOM_CSV_H_
#define ALMANAC_CATALOG_CLASSIFIERS_CSV_CUSTOM_CSV_H_

#include <memory>

#include "absl/status/statusor.h"
#include "catalog/classifiers/classifier.h"
#include "catalog/classifiers/csv/csv_classifier.h"
#include "catalog/model/crawler.h"

namespace almanac::classifiers::csv {

// The engine options `spec` asks for. InvalidArgument naming the
// classifier and the field when the spec is unusable: a delimiter or quote
// symbol that is not one ASCII character (or is a line break), a quote
// equal to the delimiter, a header mode other than PRESENT, ABSENT or
// UNKNOWN, a header with an empty or (as a column name) repeated name, an
// unknown custom data type, or custom data types configured with none
// listed.
absl::StatusOr<CsvOptions> CsvOptionsFromSpec(std::string_view classifier_name,
                                              const model::CsvClassifierSpec& spec);

// A classifier named `definition.name` that answers classification "csv"
// with certainty 1.0 for files matching the spec. Errors as
// CsvOptionsFromSpec.
absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomCsvClassifier(
    const model::ClassifierDefinition& definition);

}  // namespace almanac::classifiers::csv

#endif  // ALMANAC_CATALOG_CLASSIFIERS_CSV_CUSTOM_CSV_H_
