// The classifier interface: one file in, a classification, a certainty and
// a schema in Hive types out, plus what a table of such files needs so that
// Spark and Trino read it (SerDe, input and output formats, parameters).
//
// Built-in classifiers live in catalog/classifiers/<name>/ and are added to a
// ClassifierRegistry (registry.h) by an explicit RegisterBuiltinClassifiers
// call; custom ones are built from stored definitions by
// MakeCustomClassifier. No static self-registration.
//
// Implementations must be thread-safe (Classify is const and called from
// several crawl workers at once).
#ifndef ALMANAC_CATALOG_CLASSIFIERS_CLASSIFIER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_CLASSIFIER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/classifiers/file_sample.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::classifiers {

// What a classifier concluded about one file.
struct Inference {
  // Glue's classification string: "parquet", "csv", "combined_apache", or a
  // custom classifier's own.
  std::string classification;
  // 1.0 is certain and wins at once; 0.0 is never returned (nullopt is).
  double certainty = 0.0;
  // Columns in Hive type syntax (catalog/model/hive_type.h parses each):
  // "bigint", "struct<a:int,b:array<string>>", "decimal(10,2)".
  std::vector<model::Column> columns;
  // How a table of such files is read: SerDe library and its parameters
  // (field.delim, separatorChar, ...), input and output formats.
  model::SerDeInfo serde;
  std::string input_format;
  std::string output_format;
  // Table parameters the format adds (skip.header.line.count, ...); the
  // crawler adds classification, compressionType and the statistics.
  model::Parameters table_parameters;
  // Records in the whole file when the format says (Parquet, ORC and Avro
  // footers and blocks; a text file read completely); nullopt when only
  // the sample was read, and then the crawler estimates from
  // sampled_records and the file size.
  std::optional<int64_t> record_count;
  // Records and content bytes the sample held (text formats), for the
  // averageRecordSize estimate.
  int64_t sampled_records = 0;
  int64_t sampled_bytes = 0;
};

class Classifier {
 public:
  virtual ~Classifier() = default;
  // The registry key: "parquet", or a custom classifier's name.
  virtual std::string_view name() const = 0;
  // nullopt when the file is not of this format (certainty 0.0). An error
  // when the file claims to be of this format but cannot be read as it:
  // DataLoss naming the file and what is broken (a Parquet footer whose
  // length points before the file's start, an ORC postscript that does not
  // parse, an Avro header cut short); the crawler records it against the
  // file and registers nothing from it.
  virtual absl::StatusOr<std::optional<Inference>> Classify(const FileSample& sample) const = 0;
};

}  // namespace almanac::classifiers

#endif  // ALMANAC_CATALOG_CLASSIFIERS_CLASSIFIER_H_
