// libFuzzer target for the orc classifier: arbitrary bytes as a whole file.
// The PostScript, the footer's compression chunks and the type list all
// come from the input; none may crash, hang or allocate beyond the caps.
#include <cstddef>
#include <cstdint>

#include "catalog/classifiers/orc/orc_classifier.h"
#include "tests/fuzz/columnar_fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const almanac::classifiers::orc::OrcClassifier classifier;
  almanac::fuzz::ClassifyBytes(classifier, data, size);
  return 0;
}
