#include "catalog/classifiers/builtin.h"

#include <memory>

#include "catalog/classifiers/json/json_classifier.h"
#include "catalog/classifiers/xml/xml_classifier.h"
#include "common/status_macros.h"

namespace almanac::classifiers {

absl::Status RegisterBuiltinClassifiers(ClassifierRegistry& registry) {
  // Glue's order: avro, orc, parquet, json, xml, the grok log formats, csv.
  // Each folder adds its line here as it lands.

  RETURN_IF_ERROR(registry.Register(std::make_unique<json::JsonClassifier>()));
  RETURN_IF_ERROR(registry.Register(std::make_unique<xml::XmlClassifier>()));

  return absl::OkStatus();
}

}  // namespace almanac::classifiers
