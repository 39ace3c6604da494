#include "catalog/classifiers/builtin.h"

#include "catalog/classifiers/csv/csv_classifier.h"
#include "common/status_macros.h"

namespace almanac::classifiers {

absl::Status RegisterBuiltinClassifiers(ClassifierRegistry& registry) {
  // Glue's order: avro, orc, parquet, json, xml, the grok log formats, csv.
  // Each folder adds its line here as it lands.
  RETURN_IF_ERROR(registry.Register(csv::MakeBuiltinCsvClassifier()));  // last
  return absl::OkStatus();
}

}  // namespace almanac::classifiers
