// MakeCustomClassifier: a stored custom classifier definition to a
// classifier, dispatching on Glue's four kinds.
#include "absl/strings/str_cat.h"
#include "catalog/classifiers/csv/custom_csv.h"
#include "catalog/classifiers/grok/grok_classifier.h"
#include "catalog/classifiers/json/json_classifier.h"
#include "catalog/classifiers/registry.h"
#include "catalog/classifiers/xml/xml_classifier.h"

namespace almanac::classifiers {

absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomClassifier(
    const model::ClassifierDefinition& definition) {
  if (definition.name.empty()) return absl::InvalidArgumentError("a classifier needs a name");
  if (definition.kind == "GROK") return grok::MakeCustomGrokClassifier(definition);
  if (definition.kind == "CSV") return csv::MakeCustomCsvClassifier(definition);
  if (definition.kind == "JSON") return json::MakeCustomJsonClassifier(definition);
  if (definition.kind == "XML") return xml::MakeCustomXmlClassifier(definition);
  return absl::InvalidArgumentError(absl::StrCat(
      "classifier '", definition.name, "': unknown kind '", definition.kind,
      "' (kinds: CSV, GROK, JSON, XML)"));
}

}  // namespace almanac::classifiers
