// An in-memory RandomAccessFile over the fuzzer's input, shared by the
// columnar classifiers' fuzz targets. Not thread-safe; one per input.
#ifndef ALMANAC_TESTS_FUZZ_COLUMNAR_FUZZ_FILE_H_
#define ALMANAC_TESTS_FUZZ_COLUMNAR_FUZZ_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/file_sample.h"

namespace almanac::fuzz {

class FuzzFile : public classifiers::RandomAccessFile {
 public:
  explicit FuzzFile(std::string_view bytes) : bytes_(bytes) {}
  int64_t Size() const override { return static_cast<int64_t>(bytes_.size()); }
  absl::StatusOr<std::string> ReadAt(int64_t offset, int64_t length) const override {
    if (offset < 0 || length < 0) return absl::InvalidArgumentError("negative offset or length");
    if (offset > Size()) return absl::OutOfRangeError("read past the end");
    return std::string(bytes_.substr(static_cast<size_t>(offset), static_cast<size_t>(length)));
  }

 private:
  std::string_view bytes_;
};

// Runs `classifier` over `data` as a whole file; a classifier may refuse
// the bytes (an error) but must never crash, and what it accepts must be
// its own classification with certainty 1.0.
template <typename C>
void ClassifyBytes(const C& classifier, const uint8_t* data, size_t size) {
  FuzzFile file(std::string_view(reinterpret_cast<const char*>(data), size));
  classifiers::FileSample sample;
  sample.path = "file:///fuzz";
  sample.file = &file;
  auto result = classifier.Classify(sample);
  if (result.ok() && result->has_value() &&
      ((*result)->classification != classifier.name() || (*result)->certainty != 1.0)) {
    __builtin_trap();
  }
}

}  // namespace almanac::fuzz

#endif  // ALMANAC_TESTS_FUZZ_COLUMNAR_FUZZ_FILE_H_
