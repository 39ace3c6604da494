// The built-in `avro` classifier: Avro object container files, recognised
// by their magic ("Obj\x01"), certainty 1.0. The columns come from the
// header's schema (avro_hive_types.h); the record count from the data
// blocks' headers (avro_container.h), read without decompressing them.
// The table is read by Hive's AvroSerDe, which needs the schema itself:
// `avro.schema.literal` is set in the SerDe and the table parameters, as
// Glue's crawler sets it.
//
// Thread-safe: stateless.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_CLASSIFIER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_CLASSIFIER_H_

#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/classifier.h"

namespace almanac::classifiers::avro {

inline constexpr std::string_view kAvroSerDe = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";
inline constexpr std::string_view kAvroInputFormat =
    "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat";
inline constexpr std::string_view kAvroOutputFormat =
    "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat";
inline constexpr std::string_view kSchemaLiteral = "avro.schema.literal";

class AvroClassifier : public Classifier {
 public:
  std::string_view name() const override { return "avro"; }
  // nullopt when the file lacks the magic or is whole-file compressed.
  // DataLoss naming the file when it has the magic but its header is
  // broken (avro_container.h), its codec is unknown, or its schema cannot
  // be read or expressed in Hive types (a recursive record).
  absl::StatusOr<std::optional<Inference>> Classify(const FileSample& sample) const override;
};

std::unique_ptr<Classifier> MakeAvroClassifier();

}  // namespace almanac::classifiers::avro

#endif  // ALMANAC_CATALOG_CLASSIFIERS_AVRO_AVRO_CLASSIFIER_H_
