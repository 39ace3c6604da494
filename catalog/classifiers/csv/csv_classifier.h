// The CSV classifier: Glue's built-in `csv` (delimiter among , | tab ; and
// \x01, header and column types guessed) and the engine behind custom CSV
// classifiers (custom_csv.h), which fix the delimiter, the quote, the
// header and the types a column may take.
//
// What it decides, over the first 1,000 records or 1 MB of the content:
//  - the delimiter: the candidate that splits the most records into the
//    same number (>= 2) of columns; ties go to the earlier candidate;
//  - the header: the first record when every field is a string that may
//    name a column and some column of the data is not a string (Glue's
//    rule), unless the options say present or absent;
//  - each column's type (value_types.h) and name (column_names.h);
//  - the table: LazySimpleSerDe with field.delim, or OpenCSVSerde when
//    the data holds quoted fields (then every column is declared string,
//    because OpenCSVSerde hands every column over as a string and Spark's
//    Hive reader does not convert it to a declared bigint or double).
//
// Thread-safe: Classify is const and keeps no state.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_CSV_CSV_CLASSIFIER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_CSV_CSV_CLASSIFIER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/classifiers/classifier.h"
#include "catalog/classifiers/csv/value_types.h"

namespace almanac::classifiers::csv {

inline constexpr std::string_view kClassification = "csv";
inline constexpr std::string_view kLazySimpleSerDe =
    "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
inline constexpr std::string_view kOpenCsvSerDe = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
inline constexpr std::string_view kTextInputFormat = "org.apache.hadoop.mapred.TextInputFormat";
inline constexpr std::string_view kTextOutputFormat =
    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

enum class HeaderMode { kDetect, kPresent, kAbsent };

struct CsvOptions {
  // Candidate delimiters in the order that breaks ties.
  std::vector<char> delimiters = {',', '|', '\t', ';', '\x01'};
  char quote = '"';
  HeaderMode header = HeaderMode::kDetect;
  // Column names given by the classifier's definition (already validated);
  // empty: from the header or col0, col1, ...
  std::vector<std::string> header_names;
  bool trim = true;
  bool allow_single_column = false;
  // Custom classifiers: every sampled record must have the same number of
  // columns, or the file is not theirs. The built-in one accepts a file
  // where most records agree, with a lower certainty.
  bool require_consistent = false;
  TypePolicy types;
};

class CsvClassifier : public Classifier {
 public:
  CsvClassifier(std::string name, CsvOptions options)
      : name_(std::move(name)), options_(std::move(options)) {}

  std::string_view name() const override { return name_; }
  // nullopt when the sample is not delimited text: empty, binary (a NUL
  // byte or invalid UTF-8), fewer than 2 columns (1 with
  // allow_single_column), fewer than 2 data rows, too few records agreeing
  // on a column count, or lines that are all JSON objects or arrays. Never
  // an error: text has no magic bytes to break.
  absl::StatusOr<std::optional<Inference>> Classify(const FileSample& sample) const override;

 private:
  std::string name_;
  CsvOptions options_;
};

// Glue's built-in `csv` classifier.
std::unique_ptr<Classifier> MakeBuiltinCsvClassifier();

}  // namespace almanac::classifiers::csv

#endif  // ALMANAC_CATALOG_CLASSIFIERS_CSV_CSV_CLASSIFIER_H_
