// MemoryFile: a RandomAccessFile over bytes held in memory, for unit tests
// and fuzz targets that feed a classifier or ReadSample without a file.
//
// Thread-safe: immutable after construction.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_TESTING_MEMORY_FILE_H_
#define ALMANAC_CATALOG_CLASSIFIERS_TESTING_MEMORY_FILE_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/classifiers/file_sample.h"

namespace almanac::classifiers::testing {

class MemoryFile : public RandomAccessFile {
 public:
  explicit MemoryFile(std::string bytes) : bytes_(std::move(bytes)) {}
  int64_t Size() const override { return static_cast<int64_t>(bytes_.size()); }
  absl::StatusOr<std::string> ReadAt(int64_t offset, int64_t length) const override {
    if (offset < 0 || length < 0) return absl::InvalidArgumentError("negative read");
    if (offset > Size()) return absl::OutOfRangeError("read past the end");
    return bytes_.substr(static_cast<size_t>(offset),
                         static_cast<size_t>(std::min(length, Size() - offset)));
  }

 private:
  const std::string bytes_;
};

}  // namespace almanac::classifiers::testing

#endif  // ALMANAC_CATALOG_CLASSIFIERS_TESTING_MEMORY_FILE_H_
