// Grok classifiers: Glue's built-in log classifiers (combined_apache,
// apache, linux_kernel) and custom GROK classifiers. A file is one record
// per line; the pattern is compiled once, when the classifier is made, and
// each sampled line must match it whole.
//
// Certainty: 1.0 when every sampled (non-blank) line matches; the share of
// matching lines when at least half match (so a log with a few odd lines
// still wins over UNKNOWN, but loses to any classifier sure of the file);
// nullopt below half, for an empty sample, and for binary content (a NUL
// in a sampled line).
//
// The table: Glue writes com.amazonaws.glue.serde.GrokSerDe, which Spark
// and Hive do not have; Almanac writes Hive's own RegexSerDe with the
// compiled pattern as `input.regex` (one group per column, syntax Java reads
// as RE2 does), and keeps the grok pattern in the table parameters
// `grokPattern` and `grokCustomPatterns` as Glue does. RegexSerDe converts
// each group to its column's primitive type (a value that does not parse
// reads as NULL), so typed fields keep their types.
//
// Thread-safe: immutable after construction.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_CLASSIFIER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_CLASSIFIER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/classifier.h"
#include "catalog/classifiers/grok/grok_compiler.h"
#include "catalog/model/crawler.h"

namespace almanac::classifiers::grok {

inline constexpr std::string_view kRegexSerDe = "org.apache.hadoop.hive.serde2.RegexSerDe";
inline constexpr std::string_view kTextInputFormat = "org.apache.hadoop.mapred.TextInputFormat";
inline constexpr std::string_view kTextOutputFormat =
    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

class GrokClassifier : public Classifier {
 public:
  GrokClassifier(std::string name, std::string classification, std::string pattern,
                 std::string custom_patterns, CompiledGrok compiled);

  std::string_view name() const override { return name_; }
  // Never an error: a log has no magic bytes to break, so a file is either
  // matched or not.
  absl::StatusOr<std::optional<Inference>> Classify(const FileSample& sample) const override;

 private:
  std::string name_;
  std::string classification_;
  std::string pattern_;
  std::string custom_patterns_;
  CompiledGrok compiled_;
};

// The built-in classifier `classification`: "combined_apache", "apache" or
// "linux_kernel". InvalidArgument for another name; Internal if the
// built-in pattern does not compile (a bug).
absl::StatusOr<std::unique_ptr<Classifier>> MakeBuiltinGrokClassifier(
    std::string_view classification);

// A custom GROK classifier from its definition. InvalidArgument, the message
// starting "classifier '<name>': ", when the classification is empty, the
// pattern or custom patterns do not compile (grok_compiler.h) or the
// pattern names no field.
absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomGrokClassifier(
    const model::ClassifierDefinition& definition);

}  // namespace almanac::classifiers::grok

#endif  // ALMANAC_CATALOG_CLASSIFIERS_GROK_GROK_CLASSIFIER_H_
