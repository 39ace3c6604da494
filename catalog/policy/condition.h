// Condition blocks: compiling a statement's "Condition" element (operators,
// keys, typed values) and evaluating it for one request with IAM's rules
// (missing keys, IfExists, negation, ForAnyValue / ForAllValues). Internal to
// catalog/policy.
#ifndef ALMANAC_CATALOG_POLICY_CONDITION_H_
#define ALMANAC_CATALOG_POLICY_CONDITION_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "catalog/policy/compiled.h"
#include "catalog/policy/context.h"

namespace almanac::policy::internal {

// Compiles a "Condition" object into `out`. InvalidArgument, with a message
// that does not yet name the statement, for a non-object block, an unknown
// operator, an operator without keys, or a value of the wrong type.
absl::Status CompileConditions(const nlohmann::json& block, bool variables,
                               std::vector<ConditionEntry>* out);

// True when every entry holds (entries are ANDed). Evaluates every entry, so
// that all missing keys are reported.
bool ConditionsHold(const std::vector<ConditionEntry>& entries, EvalContext& ctx);

// Value parsers shared with tests: ISO 8601 ("2026-01-02", "2026-01-02T03:04:05Z",
// fractional seconds, +hh:mm offsets) or epoch seconds; a decimal number;
// "true"/"false" in any case; an IPv4/IPv6 address or CIDR.
std::optional<absl::Time> ParseDate(std::string_view s);
std::optional<double> ParseNumber(std::string_view s);
std::optional<bool> ParseBool(std::string_view s);
std::optional<IpNet> ParseCidr(std::string_view s);

}  // namespace almanac::policy::internal

#endif  // ALMANAC_CATALOG_POLICY_CONDITION_H_
