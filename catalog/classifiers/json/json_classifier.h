// JsonClassifier: Glue's built-in JSON classifier (classification "json")
// and its custom JSON classifiers (a JsonPath saying where the records are).
//
// Built-in: the content is newline-delimited or concatenated (pretty-
// printed) objects, each one record; or arrays, where, as in Glue, each
// top-level array is one record that is an array, giving the one column
// `array` of type array<merged element type>. Custom: the objects the path
// selects are the records (`$[*]` makes a top-level array's elements the
// records). Reads at most the first 10 MB (kJsonSampleBytes) and 1,000
// records; a record cut by the 10 MB limit is dropped, unless it is the
// first (one document larger than the sample), which is then typed from
// what was read. Types follow inferred_type.h.
//
// Certainty is 1.0 or nothing: a file that is not entirely JSON of that
// shape up to the sample limit (a later record that does not parse, a
// complete file cut inside a value) is not JSON (nullopt, never an error:
// JSON has no magic bytes that would make a broken file claim the format).
//
// Thread-safe: immutable after construction.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_CLASSIFIER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_CLASSIFIER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/classifier.h"
#include "catalog/classifiers/json/json_path.h"
#include "catalog/model/crawler.h"

namespace almanac::classifiers::json {

// The SerDe a JSON table is read with: Hive's own JsonSerDe (in
// hive-hcatalog-core, which Hive ships and Spark and Trino read with), not
// the OpenX one Glue writes, whose jar is not published where readers
// fetch theirs. It ignores `paths`, kept for OpenX-style readers.
inline constexpr std::string_view kJsonSerDe = "org.apache.hive.hcatalog.data.JsonSerDe";
inline constexpr std::string_view kJsonInputFormat = "org.apache.hadoop.mapred.TextInputFormat";
inline constexpr std::string_view kJsonOutputFormat =
    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
// The column a top-level array becomes (Glue's name for it).
inline constexpr std::string_view kArrayColumn = "array";

class JsonClassifier : public Classifier {
 public:
  // The built-in one, named and classifying "json".
  JsonClassifier();
  // A custom one named `name`: records are the objects `path` selects;
  // `path_text` is recorded as the table parameter jsonPath.
  JsonClassifier(std::string name, std::string path_text, JsonPath path);

  std::string_view name() const override { return name_; }
  absl::StatusOr<std::optional<Inference>> Classify(const FileSample& sample) const override;

 private:
  std::string name_;
  bool builtin_;
  std::string path_text_;
  JsonPath path_;
};

// The custom JSON classifier of `definition` (kind JSON). InvalidArgument
// naming the classifier when its json_path is empty or outside the
// supported forms (json_path.h).
absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomJsonClassifier(
    const model::ClassifierDefinition& definition);

}  // namespace almanac::classifiers::json

#endif  // ALMANAC_CATALOG_CLASSIFIERS_JSON_JSON_CLASSIFIER_H_
