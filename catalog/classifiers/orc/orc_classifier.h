// The built-in `orc` classifier: a file that starts with `ORC` is ORC
// (certainty 1.0). Only the tail is read: the last byte is the PostScript's
// length, the PostScript (never compressed) gives the footer's length and
// codec, and the footer (decompressed chunk by chunk, orc_decompress.h)
// gives the type tree (orc_types.h) and the row count.
//
// Thread-safe: stateless.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_CLASSIFIER_H_
#define ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_CLASSIFIER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/classifiers/classifier.h"

namespace almanac::classifiers::orc {

// Footers past these sizes (as stored, and decompressed) are refused rather
// than read: real ones are kilobytes to a few megabytes. The decompressed
// bound is the smaller because a decoded footer takes several times its
// encoded size in memory.
inline constexpr int64_t kMaxFooterBytes = 64 << 20;
inline constexpr int64_t kMaxDecompressedFooterBytes = 16 << 20;

class OrcClassifier : public Classifier {
 public:
  std::string_view name() const override { return "orc"; }
  // nullopt when the file does not start with `ORC` (or is whole-file
  // compressed). DataLoss naming the file when it does but its tail is
  // broken: a PostScript length of 0 or past the file's start, a PostScript
  // or footer that does not parse, a footer length past the file's start or
  // above kMaxFooterBytes, a footer that does not decompress (or past
  // kMaxDecompressedFooterBytes), or a type list that is not a tree.
  // Unimplemented naming the file for LZO and unknown codecs. The file's
  // own read errors pass through.
  absl::StatusOr<std::optional<Inference>> Classify(const FileSample& sample) const override;
};

std::unique_ptr<Classifier> MakeOrcClassifier();

}  // namespace almanac::classifiers::orc

#endif  // ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_CLASSIFIER_H_
