// The built-in `parquet` classifier: a file that starts and ends with the
// magic `PAR1` is Parquet (certainty 1.0). Only the footer is read (its
// length sits in the 4 bytes before the trailing magic); the FileMetaData in
// it is decoded with Thrift's compact protocol, and its schema becomes Hive
// columns (parquet_schema.h), its row count the record count.
//
// Thread-safe: stateless.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_PARQUET_PARQUET_CLASSIFIER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_PARQUET_PARQUET_CLASSIFIER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/classifier.h"

namespace almanac::classifiers::parquet {

// A footer larger than this is refused rather than read: real ones are
// kilobytes to a few megabytes, even for thousands of columns and row groups.
inline constexpr int64_t kMaxFooterBytes = 64 << 20;

class ParquetClassifier : public Classifier {
 public:
  std::string_view name() const override { return "parquet"; }
  // nullopt when the file does not start with `PAR1` (or is whole-file
  // compressed). DataLoss naming the file when it does but its tail is
  // broken: no trailing magic (a cut file), an encrypted footer (`PARE`), a
  // footer length past the file's start or above kMaxFooterBytes, a footer
  // that does not decode, or a schema that is not a tree. The file's own
  // read errors pass through.
  absl::StatusOr<std::optional<Inference>> Classify(const FileSample& sample) const override;
};

std::unique_ptr<Classifier> MakeParquetClassifier();

}  // namespace almanac::classifiers::parquet

#endif  // ALMANAC_CATALOG_CLASSIFIERS_PARQUET_PARQUET_CLASSIFIER_H_
