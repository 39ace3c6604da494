// XmlClassifier: Glue's XML classification, built-in (classification "xml",
// the row tag found as the root's most frequent repeated child) and custom
// (a given row tag and classification string). Reads at most the first
// 1 MB (kTextSampleBytes) and 1,000 rows; the schema follows xml_rows.h.
// Tables are read with the IBM Hive XmlSerDe, as Glue writes them.
//
// Certainty is 1.0 or nothing: content that is not well-formed up to the
// sample limit, or holds no rows, is not XML (nullopt, never an error).
//
// Thread-safe: immutable after construction.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_XML_XML_CLASSIFIER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_XML_XML_CLASSIFIER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/classifiers/classifier.h"
#include "catalog/model/crawler.h"

namespace almanac::classifiers::xml {

inline constexpr std::string_view kXmlSerDe = "com.ibm.spss.hive.serde2.xml.XmlSerDe";
inline constexpr std::string_view kXmlInputFormat = "com.ibm.spss.hive.serde2.xml.XmlInputFormat";
inline constexpr std::string_view kXmlOutputFormat =
    "org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat";

class XmlClassifier : public Classifier {
 public:
  // The built-in one, named and classifying "xml".
  XmlClassifier();
  // A custom one: rows are the elements named `row_tag`.
  XmlClassifier(std::string name, std::string classification, std::string row_tag);

  std::string_view name() const override { return name_; }
  absl::StatusOr<std::optional<Inference>> Classify(const FileSample& sample) const override;

 private:
  std::string name_;
  std::string classification_;
  std::string row_tag_;  // empty: found per file
};

// OK when `tag` is an XML Name (XML 1.0 section 2.3: a letter, '_' or ':'
// first, then letters, digits, '-', '.', '_', ':'; non-ASCII characters
// allowed), as a row tag must be: written without brackets. InvalidArgument
// naming the problem otherwise.
absl::Status ValidateRowTag(std::string_view tag);

// The custom XML classifier of `definition` (kind XML). InvalidArgument
// naming the classifier when the row tag is not a valid name or the
// classification is empty.
absl::StatusOr<std::unique_ptr<Classifier>> MakeCustomXmlClassifier(
    const model::ClassifierDefinition& definition);

}  // namespace almanac::classifiers::xml

#endif  // ALMANAC_CATALOG_CLASSIFIERS_XML_XML_CLASSIFIER_H_
