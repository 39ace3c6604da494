// libFuzzer target for the parquet classifier: arbitrary bytes as a whole
// file. The footer length, the compact-protocol footer and the schema tree
// all come from the input; none may crash, hang or allocate beyond the caps.
#include <cstddef>
#include <cstdint>

#include "catalog/classifiers/parquet/parquet_classifier.h"
#include "tests/fuzz/columnar_fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const almanac::classifiers::parquet::ParquetClassifier classifier;
  almanac::fuzz::ClassifyBytes(classifier, data, size);
  return 0;
}
