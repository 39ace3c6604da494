#include "catalog/classifiers/builtin.h"

#include "catalog/classifiers/orc/orc_classifier.h"
#include "catalog/classifiers/parquet/parquet_classifier.h"
#include "common/status_macros.h"

namespace almanac::classifiers {

absl::Status RegisterBuiltinClassifiers(ClassifierRegistry& registry) {
  // Glue's order: avro, orc, parquet, json, xml, the grok log formats, csv.
  // Each folder adds its line here as it lands.
  RETURN_IF_ERROR(registry.Register(orc::MakeOrcClassifier()));
  RETURN_IF_ERROR(registry.Register(parquet::MakeParquetClassifier()));
  return absl::OkStatus();
}

}  // namespace almanac::classifiers
