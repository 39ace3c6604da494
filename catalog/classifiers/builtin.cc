#include "catalog/classifiers/builtin.h"

#include <memory>
#include <string_view>

#include "catalog/classifiers/avro/avro_classifier.h"
#include "catalog/classifiers/csv/csv_classifier.h"
#include "catalog/classifiers/grok/grok_classifier.h"
#include "catalog/classifiers/json/json_classifier.h"
#include "catalog/classifiers/orc/orc_classifier.h"
#include "catalog/classifiers/parquet/parquet_classifier.h"
#include "catalog/classifiers/xml/xml_classifier.h"
#include "common/status_macros.h"

namespace almanac::classifiers {

absl::Status RegisterBuiltinClassifiers(ClassifierRegistry& registry) {
  // Glue's order: avro, orc, parquet, json, xml, the grok log formats, csv
  // (the most permissive, last).
  RETURN_IF_ERROR(registry.Register(avro::MakeAvroClassifier()));
  RETURN_IF_ERROR(registry.Register(orc::MakeOrcClassifier()));
  RETURN_IF_ERROR(registry.Register(parquet::MakeParquetClassifier()));
  RETURN_IF_ERROR(registry.Register(std::make_unique<json::JsonClassifier>()));
  RETURN_IF_ERROR(registry.Register(std::make_unique<xml::XmlClassifier>()));
  for (std::string_view log : {"combined_apache", "apache", "linux_kernel"}) {
    ASSIGN_OR_RETURN(std::unique_ptr<Classifier> grok, grok::MakeBuiltinGrokClassifier(log));
    RETURN_IF_ERROR(registry.Register(std::move(grok)));
  }
  RETURN_IF_ERROR(registry.Register(csv::MakeBuiltinCsvClassifier()));
  return absl::OkStatus();
}

}  // namespace almanac::classifiers
