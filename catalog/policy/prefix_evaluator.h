// PrefixEvaluator: the decisions of one listing, prepared once. A listing
// asks the same question (one caller, one action, the same request facts) of
// many resources that share a prefix ("arn:aws:glue:R:A:table/sales/" and each
// table's name). Prepare decides once what does not depend on the item:
// which statements can apply (Principal, Action and Condition; conditions read
// only request facts) and, for each of their Resource/NotResource entries,
// whether it names every resource under the prefix, none, or depends on the
// name. Decide(name) then evaluates only the name-dependent entries, by a glob
// on the name where the entry's literal start covers the prefix.
//
// Decide(name) equals Evaluate(principal, action, prefix + name, facts,
// resource_policies, identity_policies).decision for every name, for the
// policies given (a caller whose items carry policies of their own must ask
// Evaluate for those). Prepare returns null when it cannot promise that: a
// statement that can apply has a policy variable in a resource entry, or an
// applicable condition read the time (each item's Evaluate reads the clock).
//
// Immutable once prepared; Decide is thread-safe. Keeps the compiled policies
// alive.
#ifndef ALMANAC_CATALOG_POLICY_PREFIX_EVALUATOR_H_
#define ALMANAC_CATALOG_POLICY_PREFIX_EVALUATOR_H_

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "catalog/policy/policy.h"

namespace almanac::policy {

namespace internal {
struct ResourcePattern;
}  // namespace internal

// How one Resource entry relates to the resources under a prefix.
enum class EntryReach { kAll, kNone, kDepends };

class PrefixEvaluator {
 public:
  static std::unique_ptr<const PrefixEvaluator> Prepare(
      const Principal& principal, std::string_view action, std::string_view prefix,
      const RequestFacts& facts, absl::Span<const AttachedPolicy> resource_policies,
      absl::Span<const AttachedPolicy> identity_policies);

  ~PrefixEvaluator();
  PrefixEvaluator(const PrefixEvaluator&) = delete;
  PrefixEvaluator& operator=(const PrefixEvaluator&) = delete;

  // The decision for the resource prefix + name.
  Decision Decide(std::string_view name) const {
    // No name-dependent entry can match a name starting with this byte.
    if (!name.empty() && !may_start_[static_cast<unsigned char>(name[0])]) return unmatched_;
    return DecideByEntries(name);
  }
  // Set when every name has the same decision (no statement depends on it).
  std::optional<Decision> uniform() const;
  // Whether a name starting with byte `first` may match a name-dependent
  // entry; when not, its decision is unmatched().
  bool may_match_starting_with(unsigned char first) const { return may_start_[first]; }
  Decision unmatched() const { return unmatched_; }

  // Statements that can apply, and of those whose resources depend on the
  // name (for tests and reports).
  size_t applicable_statements() const { return applicable_; }
  size_t dependent_statements() const;

 private:
  struct Matcher;
  struct Dependent;
  PrefixEvaluator();
  Decision DecideByEntries(std::string_view name) const;

  std::string prefix_;
  bool deny_all_ = false;   // an applicable Deny names every item
  bool allow_all_ = false;  // an applicable Allow names every item
  std::vector<Dependent> denies_;
  std::vector<Dependent> allows_;
  size_t applicable_ = 0;
  // The first bytes of the names some name-dependent entry may match, and
  // the decision for a name none of them matches.
  std::array<bool, 256> may_start_{};
  Decision unmatched_ = Decision::kImplicitDeny;
  std::vector<std::shared_ptr<const CompiledPolicy>> keep_;
};

// Whether `entry` names every resource that starts with `prefix`, none of
// them, or some (kDepends also when it cannot tell). Exposed for tests.
EntryReach ClassifyEntry(const internal::ResourcePattern& entry, std::string_view prefix);

}  // namespace almanac::policy

#endif  // ALMANAC_CATALOG_POLICY_PREFIX_EVALUATOR_H_
