#include "catalog/classifiers/xml/xml_classifier.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "catalog/classifiers/xml/xml_rows.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::xml {
namespace {

constexpr std::string_view kClassification = "xml";
constexpr size_t kMaxRowTagLength = 255;

bool IsNameStart(unsigned char c) {
  return absl::ascii_isalpha(c) || c == '_' || c == ':' || c >= 0x80;
}

bool IsNameChar(unsigned char c) {
  return IsNameStart(c) || absl::ascii_isdigit(c) || c == '-' || c == '.';
}

// Whether a field's XmlSerDe XPath selects text: scalars and arrays of
// scalars; structs (and arrays of them) are mapped from the element itself.
bool SelectsText(const json::InferredType& type) {
  const json::InferredType* t = &type;
  if (t->kind() == json::Kind::kArray && t->element() != nullptr) t = t->element();
  return t->kind() != json::Kind::kStruct && t->kind() != json::Kind::kArray;
}

}  // namespace

absl::Status ValidateRowTag(std::string_view tag) {
  if (tag.empty()) return absl::InvalidArgumentError("row tag is empty");
  if (tag.size() > kMaxRowTagLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "row tag is ", tag.size(), " characters long (at most ", kMaxRowTagLength, ")"));
  }
  if (tag.front() == '<' || tag.back() == '>') {
    return absl::InvalidArgumentError(absl::StrCat(
        "row tag '", AbslView(tag), "' is written without angle brackets (e.g. 'row')"));
  }
  for (size_t i = 0; i < tag.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(tag[i]);
    if (i == 0 ? !IsNameStart(c) : !IsNameChar(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat("row tag '", AbslView(tag), "' is not an xml name: character ", i + 1,
                       i == 0 ? " cannot start a name" : " is not allowed in a name"));
    }
  }
  return absl::OkStatus();
}

XmlClassifier::XmlClassifier() : name_(kClassification), classification_(kClassification) {}

XmlClassifier::XmlClassifier(std::string name, std::string classification, std::string row_tag)
    : name_(std::move(name)),
      classification_(std::move(classification)),
      row_tag_(std::move(row_tag)) {}

absl::StatusOr<std::optional<Inference>> XmlClassifier::Classify(const FileSample& sample) const {
  std::string_view content = sample.content;
  bool complete = sample.content_complete;
  if (content.size() > static_cast<size_t>(kTextSampleBytes)) {
    content = content.substr(0, kTextSampleBytes);
    complete = false;
  }
  XmlRowsOptions options;
  options.row_tag = row_tag_;
  options.max_rows = kSampleRecords;
  std::optional<XmlRows> rows = ReadXmlRows(content, complete, options);
  if (!rows || rows->type.kind() != json::Kind::kStruct || rows->type.fields().empty()) {
    return std::nullopt;
  }

  Inference out;
  out.classification = classification_;
  out.certainty = 1.0;
  out.serde.serialization_library = std::string(kXmlSerDe);
  // XmlInputFormat finds rows by these byte strings: "<tag " when rows
  // carry attributes, else "<tag>" (so that "<tagx>" is not taken for one).
  out.serde.parameters["xmlinput.start"] =
      absl::StrCat("<", rows->row_tag, rows->rows_have_attributes ? " " : ">");
  out.serde.parameters["xmlinput.end"] = absl::StrCat("</", rows->row_tag, ">");
  for (const auto& [name, type] : rows->type.fields()) {
    ASSIGN_OR_RETURN(std::string hive, type.ToHiveType());
    out.columns.push_back({name, std::move(hive), ""});
    auto it = rows->xpaths.find(name);
    std::string relative = it == rows->xpaths.end() ? std::string() : it->second;
    if (!relative.empty() && relative[0] != '@' && relative != "text()" && SelectsText(type)) {
      absl::StrAppend(&relative, "/text()");
    }
    out.serde.parameters[absl::StrCat("column.xpath.", name)] =
        absl::StrCat("/", rows->row_tag, relative.empty() ? "" : "/", relative);
  }
  out.input_format = std::string(kXmlInputFormat);
  out.output_format = std::string(kXmlOutputFormat);
  out.table_parameters["rowTag"] = rows->row_tag;
  out.sampled_records = rows->rows;
  out.sampled_bytes = rows->bytes;
  if (complete && !rows->stopped) out.record_count = rows->rows;
  return out;
}

absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomXmlClassifier(
    const model::ClassifierDefinition& definition) {
  if (absl::Status s = ValidateRowTag(definition.xml.row_tag); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("classifier '", definition.name, "': ", s.message()));
  }
  if (definition.xml.classification.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("classifier '", definition.name, "': classification is empty"));
  }
  return std::make_unique<XmlClassifier>(definition.name, definition.xml.classification,
                                         definition.xml.row_tag);
}

}  // namespace almanac::classifiers::xml
