#include "catalog/classifiers/grok/grok_classifier.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "catalog/classifiers/grok/line_sample.h"
#include "catalog/model/message_text.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::classifiers::grok {
namespace {

struct Builtin {
  std::string_view classification;
  std::string_view pattern;
};

// Glue's order: combined before common, since a tie at 1.0 goes to the
// first (and a combined line never matches the common pattern whole, so
// each only wins its own files).
constexpr Builtin kBuiltins[] = {
    {"combined_apache", "%{COMBINEDAPACHELOG}"},
    {"apache", "%{COMMONAPACHELOG}"},
    {"linux_kernel", "%{LINUXKERNELLOG}"},
};

}  // namespace

GrokClassifier::GrokClassifier(std::string name, std::string classification, std::string pattern,
                               std::string custom_patterns, CompiledGrok compiled)
    : name_(std::move(name)),
      classification_(std::move(classification)),
      pattern_(std::move(pattern)),
      custom_patterns_(std::move(custom_patterns)),
      compiled_(std::move(compiled)) {}

absl::StatusOr<std::optional<Inference>> GrokClassifier::Classify(const FileSample& sample) const {
  const LineSample lines = SampleLines(sample);
  if (lines.lines.empty() || lines.has_nul) return std::nullopt;
  const size_t total = lines.lines.size();
  size_t mismatched = 0;
  for (std::string_view line : lines.lines) {
    if (compiled_.FullMatch(line)) continue;
    // Stop as soon as half can no longer match: most files crawled are not
    // logs, and every one of them passes through the built-ins.
    if (++mismatched * 2 > total) return std::nullopt;
  }
  Inference inference;
  inference.classification = classification_;
  inference.certainty =
      mismatched == 0 ? 1.0 : static_cast<double>(total - mismatched) / static_cast<double>(total);
  for (const GrokField& f : compiled_.fields()) {
    inference.columns.push_back(model::Column{f.name, f.hive_type, ""});
  }
  inference.serde.serialization_library = std::string(kRegexSerDe);
  inference.serde.parameters["input.regex"] = compiled_.regex();
  inference.input_format = std::string(kTextInputFormat);
  inference.output_format = std::string(kTextOutputFormat);
  inference.table_parameters["grokPattern"] = pattern_;
  if (!custom_patterns_.empty())
    inference.table_parameters["grokCustomPatterns"] = custom_patterns_;
  inference.record_count = lines.total_records;
  inference.sampled_records = static_cast<int64_t>(total);
  inference.sampled_bytes = lines.bytes;
  return inference;
}

absl::StatusOr<std::unique_ptr<Classifier>> MakeBuiltinGrokClassifier(
    std::string_view classification) {
  for (const Builtin& b : kBuiltins) {
    if (b.classification != classification) continue;
    auto compiled = CompiledGrok::Compile(b.pattern, "");
    if (!compiled.ok()) {
      return absl::InternalError(absl::StrCat("built-in grok classifier '",
                                              AbslView(classification),
                                              "' does not compile: ", compiled.status().message()));
    }
    return std::make_unique<GrokClassifier>(std::string(classification),
                                            std::string(classification), std::string(b.pattern), "",
                                            *std::move(compiled));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("no built-in grok classifier '", model::MessageText(classification),
                   "' (built-ins: combined_apache, apache, linux_kernel)"));
}

absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomGrokClassifier(
    const model::ClassifierDefinition& definition) {
  const std::string prefix = absl::StrCat("classifier '", definition.name, "': ");
  const model::GrokClassifierSpec& spec = definition.grok;
  if (spec.classification.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(prefix, "a grok classifier needs a classification"));
  }
  auto compiled = CompiledGrok::Compile(spec.grok_pattern, spec.custom_patterns);
  if (!compiled.ok()) {
    return absl::Status(compiled.status().code(),
                        absl::StrCat(prefix, compiled.status().message()));
  }
  if (compiled->fields().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        prefix,
        "the grok pattern names no field (write %{PATTERN:field} or %{PATTERN:field:type})"));
  }
  return std::make_unique<GrokClassifier>(definition.name, spec.classification, spec.grok_pattern,
                                          spec.custom_patterns, *std::move(compiled));
}

}  // namespace almanac::classifiers::grok
