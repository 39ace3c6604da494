#include "catalog/classifiers/avro/avro_classifier.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/classifiers/avro/avro_container.h"
#include "catalog/classifiers/avro/avro_hive_types.h"
#include "common/status_macros.h"

namespace almanac::classifiers::avro {

absl::StatusOr<std::optional<Inference>> AvroClassifier::Classify(const FileSample& sample) const {
  // A compressed file's raw bytes are not a container (its magic would be
  // the codec's); Avro compresses inside its blocks instead.
  if (sample.file == nullptr || sample.compression != Compression::kNone) return std::nullopt;
  ASSIGN_OR_RETURN(std::optional<ContainerHeader> header,
                   ReadContainerHeader(*sample.file, sample.path));
  if (!header) return std::nullopt;
  if (!IsKnownCodec(header->codec)) {
    return absl::DataLossError(
        absl::StrCat("'", sample.path, "': unknown avro codec '", header->codec,
                     "' (known: null, deflate, snappy, zstandard, bzip2, xz)"));
  }
  absl::StatusOr<std::vector<model::Column>> columns = AvroSchemaToColumns(header->schema);
  if (!columns.ok()) {
    return absl::DataLossError(
        absl::StrCat("'", sample.path, "': avro schema: ", columns.status().message()));
  }
  Inference out;
  out.classification = "avro";
  out.certainty = 1.0;
  out.columns = *std::move(columns);
  out.serde.serialization_library = std::string(kAvroSerDe);
  out.serde.parameters[std::string(kSchemaLiteral)] = header->schema;
  out.input_format = std::string(kAvroInputFormat);
  out.output_format = std::string(kAvroOutputFormat);
  out.table_parameters[std::string(kSchemaLiteral)] = header->schema;
  ASSIGN_OR_RETURN(out.record_count, CountRecords(*sample.file, sample.path, *header));
  return out;
}

std::unique_ptr<Classifier> MakeAvroClassifier() { return std::make_unique<AvroClassifier>(); }

}  // namespace almanac::classifiers::avro
