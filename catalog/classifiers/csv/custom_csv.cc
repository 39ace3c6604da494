#include "catalog/classifiers/csv/custom_csv.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "catalog/classifiers/csv/column_names.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::csv {
namespace {

absl::Status Invalid(std::string_view classifier, std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("classifier '", AbslView(classifier),
                                                 "': ", AbslView(field), " ", AbslView(what)));
}

// One ASCII character that is not a line break: the record reader works on
// bytes and splits records on line breaks.
absl::StatusOr<char> OneCharacter(std::string_view classifier, std::string_view field,
                                  const std::string& value) {
  if (value.size() != 1 || static_cast<unsigned char>(value[0]) >= 0x80) {
    return Invalid(classifier, field,
                   absl::StrCat("must be one ASCII character, got '", value, "'"));
  }
  if (value[0] == '\n' || value[0] == '\r' || value[0] == '\0') {
    return Invalid(classifier, field, "must not be a line break or NUL");
  }
  return value[0];
}

}  // namespace

absl::StatusOr<CsvOptions> CsvOptionsFromSpec(std::string_view classifier_name,
                                              const model::CsvClassifierSpec& spec) {
  CsvOptions options;
  ASSIGN_OR_RETURN(char delimiter, OneCharacter(classifier_name, "delimiter", spec.delimiter));
  ASSIGN_OR_RETURN(options.quote, OneCharacter(classifier_name, "quote_symbol", spec.quote_symbol));
  if (options.quote == delimiter) {
    return Invalid(classifier_name, "quote_symbol", "must differ from the delimiter");
  }
  options.delimiters = {delimiter};

  if (spec.contains_header == "PRESENT") {
    options.header = HeaderMode::kPresent;
  } else if (spec.contains_header == "ABSENT") {
    options.header = HeaderMode::kAbsent;
  } else if (spec.contains_header == "UNKNOWN" || spec.contains_header.empty()) {
    options.header = HeaderMode::kDetect;
  } else {
    return Invalid(classifier_name, "contains_header",
                   absl::StrCat("'", spec.contains_header,
                                "' is not a header mode (modes: PRESENT, ABSENT, UNKNOWN)"));
  }

  absl::flat_hash_set<std::string> seen;
  for (const std::string& field : spec.header) {
    std::string name = ColumnName(field);
    if (name.empty()) return Invalid(classifier_name, "header", "has an empty column name");
    if (!seen.insert(name).second) {
      return Invalid(classifier_name, "header", absl::StrCat("names column '", name, "' twice"));
    }
    options.header_names.push_back(std::move(name));
  }

  options.trim = !spec.disable_value_trimming;
  options.allow_single_column = spec.allow_single_column;
  options.require_consistent = true;

  // Names are checked even when not configured, so that a definition
  // never stores a type it could not use later.
  DataTypeSet allowed;
  for (const std::string& name : spec.custom_datatypes) {
    absl::StatusOr<DataType> type = ParseDataType(name);
    if (!type.ok())
      return Invalid(classifier_name, "custom_datatypes", std::string(type.status().message()));
    allowed.Add(*type);
  }
  if (spec.custom_datatype_configured) {
    if (spec.custom_datatypes.empty()) {
      return Invalid(classifier_name, "custom_datatypes",
                     "is empty while custom_datatype_configured is set");
    }
    options.types.rich = true;
    options.types.allowed = allowed;
  }
  return options;
}

absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomCsvClassifier(
    const model::ClassifierDefinition& definition) {
  ASSIGN_OR_RETURN(CsvOptions options, CsvOptionsFromSpec(definition.name, definition.csv));
  return std::make_unique<CsvClassifier>(definition.name, std::move(options));
}

}  // namespace almanac::classifiers::csv
