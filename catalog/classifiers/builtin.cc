#include "catalog/classifiers/builtin.h"

#include "catalog/classifiers/avro/avro_classifier.h"
#include "catalog/classifiers/grok/grok_classifier.h"
#include "catalog/classifiers/csv/csv_classifier.h"
#include "common/status_macros.h"

namespace almanac::classifiers {

absl::Status RegisterBuiltinClassifiers(ClassifierRegistry& registry) {
  // Glue's order: avro, orc, parquet, json, xml, the grok log formats, csv.
  // Each folder adds its line here as it lands.
  RETURN_IF_ERROR(registry.Register(avro::MakeAvroClassifier()));
  for (std::string_view log : {"combined_apache", "apache", "linux_kernel"}) {
    ASSIGN_OR_RETURN(std::unique_ptr<Classifier> grok, grok::MakeBuiltinGrokClassifier(log));
    RETURN_IF_ERROR(registry.Register(std::move(grok)));
  }
  RETURN_IF_ERROR(registry.Register(csv::MakeBuiltinCsvClassifier()));  // last
  return absl::OkStatus();
}

}  // namespace almanac::classifiers
