#include "catalog/classifiers/json/json_classifier.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/classifiers/json/json_records.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::json {
namespace {

constexpr std::string_view kClassification = "json";

// The first byte that is not a byte order mark or JSON whitespace, or 0.
char FirstSignificant(std::string_view s) {
  size_t i = s.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i < s.size() ? s[i] : '\0';
}

}  // namespace

JsonClassifier::JsonClassifier() : name_(kClassification), builtin_(true) {}

JsonClassifier::JsonClassifier(std::string name, std::string path_text, JsonPath path)
    : name_(std::move(name)),
      builtin_(false),
      path_text_(std::move(path_text)),
      path_(std::move(path)) {}

absl::StatusOr<std::optional<Inference>> JsonClassifier::Classify(const FileSample& sample) const {
  std::string_view content = sample.content;
  bool complete = sample.content_complete;
  if (content.size() > static_cast<size_t>(kJsonSampleBytes)) {
    content = content.substr(0, kJsonSampleBytes);
    complete = false;
  }
  JsonRecordsOptions options;
  options.max_records = kSampleRecords;
  bool arrays = false;
  if (builtin_) {
    // The first value decides: objects are records; arrays are records that
    // are arrays, and their elements are read as such (up to the limit).
    const char first = FirstSignificant(content);
    if (first == '{') {
      options.top_level = TopLevel::kObjects;
    } else if (first == '[') {
      arrays = true;
      options.top_level = TopLevel::kArrays;
      options.path.steps.push_back({true, ""});
      options.records_must_be_objects = false;
    } else {
      return std::nullopt;
    }
  } else {
    options.path = path_;
  }
  std::optional<JsonRecords> read = ReadJsonRecords(content, complete, options);
  if (!read) return std::nullopt;

  Inference out;
  out.classification = std::string(kClassification);
  out.certainty = 1.0;
  if (arrays) {
    // One record per top-level array; the elements were the unit read.
    InferredType column = InferredType::Array();
    column.AddElement(std::move(read->type));
    ASSIGN_OR_RETURN(std::string type, column.ToHiveType());
    out.columns.push_back({std::string(kArrayColumn), std::move(type), ""});
    out.sampled_records = std::max<int64_t>(read->top_level_values, 1);
  } else {
    if (read->records == 0 || read->type.kind() != Kind::kStruct || read->type.fields().empty()) {
      return std::nullopt;  // nothing selected, or only empty objects: no columns
    }
    for (const auto& [name, type] : read->type.fields()) {
      ASSIGN_OR_RETURN(std::string hive, type.ToHiveType());
      out.columns.push_back({name, std::move(hive), ""});
    }
    out.sampled_records = read->records;
  }
  out.sampled_bytes = read->bytes;
  if (complete && !read->stopped && !read->cut) out.record_count = out.sampled_records;

  out.serde.serialization_library = std::string(kJsonSerDe);
  std::vector<std::string> names;
  for (const model::Column& c : out.columns) names.push_back(c.name);
  out.serde.parameters["paths"] = absl::StrJoin(names, ",");
  out.input_format = std::string(kJsonInputFormat);
  out.output_format = std::string(kJsonOutputFormat);
  if (!builtin_) out.table_parameters["jsonPath"] = path_text_;
  return out;
}

absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomJsonClassifier(
    const model::ClassifierDefinition& definition) {
  absl::StatusOr<JsonPath> path = ParseJsonPath(definition.json.json_path);
  if (!path.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("classifier '", definition.name, "': ", path.status().message()));
  }
  return std::make_unique<JsonClassifier>(definition.name, definition.json.json_path,
                                          *std::move(path));
}

}  // namespace almanac::classifiers::json
