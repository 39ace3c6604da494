// Compatibility modes of the schema registry (Glue's names) and the check of a
// new version against the earlier ones a mode names.
//
// Modes: NONE (no check), DISABLED (no new versions at all), BACKWARD and
// FORWARD and FULL (against the latest version), BACKWARD_ALL, FORWARD_ALL and
// FULL_ALL (against every version since the checkpoint). Pure; thread-safe.
#ifndef ALMANAC_FORMATS_COMPATIBILITY_H_
#define ALMANAC_FORMATS_COMPATIBILITY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "formats/schema_formats.h"

namespace almanac::formats {

enum class CompatibilityMode {
  kNone,
  kDisabled,
  kBackward,
  kBackwardAll,
  kForward,
  kForwardAll,
  kFull,
  kFullAll,
};

// Case-insensitive Glue name; InvalidArgument listing the eight otherwise.
absl::StatusOr<CompatibilityMode> ParseCompatibilityMode(std::string_view name);
std::string_view CompatibilityModeName(CompatibilityMode mode);
// BACKWARD_ALL, FORWARD_ALL, FULL_ALL: every version since the checkpoint is
// checked, not only the latest.
bool ChecksEveryVersion(CompatibilityMode mode);

// An earlier version: its number and its parsed definition (not owned).
struct PriorVersion {
  int64_t version = 0;
  const ParsedSchema* schema = nullptr;
};

// An Incompatibility with the version and direction it was found against.
struct VersionIncompatibility {
  int64_t version = 0;
  Direction direction = Direction::kNewReadsOld;
  Incompatibility issue;
};

// "version 3, BACKWARD (the new schema reading data written with version 3):
// field 'price': ..." — what a person reads.
std::string DescribeIncompatibility(const VersionIncompatibility& found);

// Checks `candidate` against `prior` (oldest first: for an _ALL mode every
// version since the checkpoint, otherwise at least the latest; only the last
// is used then). Empty result: compatible. FailedPrecondition for DISABLED,
// which admits no new version.
absl::StatusOr<std::vector<VersionIncompatibility>> EvaluateCompatibility(
    CompatibilityMode mode, const std::vector<PriorVersion>& prior, const ParsedSchema& candidate);

}  // namespace almanac::formats

#endif  // ALMANAC_FORMATS_COMPATIBILITY_H_
