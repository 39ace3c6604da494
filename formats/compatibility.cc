#include "formats/compatibility.h"

#include <array>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"

namespace almanac::formats {
namespace {

constexpr std::array<std::pair<CompatibilityMode, std::string_view>, 8> kModeNames = {{
    {CompatibilityMode::kNone, "NONE"},
    {CompatibilityMode::kDisabled, "DISABLED"},
    {CompatibilityMode::kBackward, "BACKWARD"},
    {CompatibilityMode::kBackwardAll, "BACKWARD_ALL"},
    {CompatibilityMode::kForward, "FORWARD"},
    {CompatibilityMode::kForwardAll, "FORWARD_ALL"},
    {CompatibilityMode::kFull, "FULL"},
    {CompatibilityMode::kFullAll, "FULL_ALL"},
}};

bool ChecksBackward(CompatibilityMode mode) {
  return mode == CompatibilityMode::kBackward || mode == CompatibilityMode::kBackwardAll ||
         mode == CompatibilityMode::kFull || mode == CompatibilityMode::kFullAll;
}
bool ChecksForward(CompatibilityMode mode) {
  return mode == CompatibilityMode::kForward || mode == CompatibilityMode::kForwardAll ||
         mode == CompatibilityMode::kFull || mode == CompatibilityMode::kFullAll;
}

}  // namespace

absl::StatusOr<CompatibilityMode> ParseCompatibilityMode(std::string_view name) {
  std::string upper = absl::AsciiStrToUpper(std::string(name));
  for (const auto& [mode, mode_name] : kModeNames) {
    if (upper == mode_name) return mode;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown compatibility mode '", AbslView(name),
      "': expected NONE, DISABLED, BACKWARD, BACKWARD_ALL, FORWARD, FORWARD_ALL, FULL or "
      "FULL_ALL"));
}

std::string_view CompatibilityModeName(CompatibilityMode mode) {
  for (const auto& [m, name] : kModeNames) {
    if (m == mode) return name;
  }
  return "?";
}

bool ChecksEveryVersion(CompatibilityMode mode) {
  return mode == CompatibilityMode::kBackwardAll || mode == CompatibilityMode::kForwardAll ||
         mode == CompatibilityMode::kFullAll;
}

std::string DescribeIncompatibility(const VersionIncompatibility& found) {
  std::string v = absl::StrCat("version ", found.version);
  std::string how = found.direction == Direction::kNewReadsOld
                        ? absl::StrCat("BACKWARD (the new schema reading data written with ", v, ")")
                        : absl::StrCat("FORWARD (", v, " reading data written with the new schema)");
  return absl::StrCat(v, ", ", how, ": ", found.issue.message);
}

absl::StatusOr<std::vector<VersionIncompatibility>> EvaluateCompatibility(
    CompatibilityMode mode, const std::vector<PriorVersion>& prior, const ParsedSchema& candidate) {
  if (mode == CompatibilityMode::kDisabled) {
    return absl::FailedPreconditionError(
        "compatibility is DISABLED for this schema: no new version may be registered");
  }
  std::vector<VersionIncompatibility> found;
  if (mode == CompatibilityMode::kNone || prior.empty()) return found;
  size_t first = ChecksEveryVersion(mode) ? 0 : prior.size() - 1;
  // Newest first: the latest version's reasons are the ones a person fixes first.
  for (size_t i = prior.size(); i-- > first;) {
    const PriorVersion& p = prior[i];
    for (Direction d : {Direction::kNewReadsOld, Direction::kOldReadsNew}) {
      if (d == Direction::kNewReadsOld && !ChecksBackward(mode)) continue;
      if (d == Direction::kOldReadsNew && !ChecksForward(mode)) continue;
      for (Incompatibility& issue : CheckCompatibility(*p.schema, candidate, d)) {
        found.push_back({p.version, d, std::move(issue)});
      }
    }
  }
  return found;
}

}  // namespace almanac::formats
