// IAM-style policy documents for the catalog: compilation (validation plus
// every per-request cost paid up front) and evaluation with AWS IAM's logic.
//
//   auto policy = CompilePolicy(json, {.kind = PolicyKind::kResource, ...});
//   Evaluation e = Evaluate(principal, "glue:GetTable", table_arn, facts,
//                           {{"catalog", *policy}}, {});
//   if (e.decision != Decision::kAllowed) ... PermissionDenied ...
//
// The rules are those of the AWS IAM User Guide (policy evaluation logic, JSON
// policy elements, condition operators, policy variables); where this library
// is stricter or extends IAM it says so below. Pure logic: Abseil, nlohmann-json
// and the C library only, no catalog service, storage or wire type.
//
// Self-hosted extension: a resource policy's Principal may name an IAM group
// (arn:aws:iam::ACCOUNT:group/NAME); it matches every principal whose
// `group_arns` contains that ARN. IAM itself has no group principals.
//
// Numbering: `MatchedStatement::index` and `CompiledPolicy::sid(i)` count from
// 0; messages and reports name a statement without a Sid "statement #N" with N
// counted from 1 (see StatementLabel).
#ifndef ALMANAC_CATALOG_POLICY_POLICY_H_
#define ALMANAC_CATALOG_POLICY_POLICY_H_

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace almanac::policy {

namespace internal {
struct PolicyBody;  // compiled statements; defined in catalog/policy/compiled.h
}  // namespace internal

enum class PolicyKind { kResource, kIdentity };
enum class Effect { kAllow, kDeny };

struct CompileOptions {
  PolicyKind kind = PolicyKind::kResource;
  std::string region = "us-east-1";
  std::string account = "123456789012";
  // Every action the catalog knows ("glue:GetTable", "almanac:Lock"), any case.
  // Empty: only the service prefix ("glue:" or "almanac:") is checked.
  std::vector<std::string> known_actions;
  size_t max_bytes = 10 * 1024;
};

// A validated, compiled policy document. Immutable once made, so any number of
// threads may evaluate it at once. Made only by CompilePolicy.
class CompiledPolicy {
 public:
  ~CompiledPolicy();
  CompiledPolicy(const CompiledPolicy&) = delete;
  CompiledPolicy& operator=(const CompiledPolicy&) = delete;

  const std::string& text() const;  // the document as given
  bool variables_enabled() const;   // Version == "2012-10-17"
  PolicyKind kind() const;
  size_t statement_count() const;
  // For who-can / listing: the Sid (may be empty) of statement i (0-based).
  const std::string& sid(size_t i) const;
  Effect effect(size_t i) const;
  // "statement 'ReadSales'", or "statement #3" (i + 1) when it has no Sid.
  std::string StatementLabel(size_t i) const;

  const internal::PolicyBody& body() const { return *body_; }

 private:
  friend absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(
      std::string_view json, const CompileOptions& options);
  explicit CompiledPolicy(std::unique_ptr<internal::PolicyBody> body);

  std::unique_ptr<internal::PolicyBody> body_;
};

// Validates and compiles a policy document. Fails with InvalidArgument (and a
// lower-case message naming the statement, "statement 'ReadSales'" or
// "statement #2", and the problem) for: bad JSON, not an object, more than
// max_bytes, an unknown top-level or statement element, a bad Version (only
// "2012-10-17" and "2008-10-17"; absent means "2008-10-17"), a missing or empty
// Statement, a missing or bad Effect, both or neither of Action/NotAction or of
// Resource/NotResource, both Principal and NotPrincipal, a resource policy
// statement without either or an identity policy statement with one, an
// unknown action (with a suggestion) or an action pattern matching no known
// action, a service other than glue/almanac, a malformed ARN or one outside
// this catalog (partition aws, service glue, the catalog's region and account;
// wildcards are allowed inside and must be able to match those), a malformed
// principal, an unknown condition operator, a condition value of the wrong
// type, a malformed policy variable, a duplicate Sid. Never fails otherwise.
absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(std::string_view json,
                                                                    const CompileOptions& options);

// Who is asking. Condition keys: aws:PrincipalArn, aws:username, aws:userid,
// aws:PrincipalTag/<key>.
struct Principal {
  std::string arn;                          // arn:aws:iam::123456789012:user/alice (or role/NAME)
  std::string name;                         // aws:username: "alice"; empty for a role
  std::string user_id;                      // aws:userid
  std::vector<std::string> group_arns;      // arn:aws:iam::123456789012:group/analysts
  std::map<std::string, std::string> tags;  // aws:PrincipalTag/<key>
};

// What else is known about the request. An absent fact is a missing key.
struct RequestFacts {
  std::optional<std::string> source_ip;              // "10.1.2.3" or an IPv6 address
  std::optional<bool> secure_transport;              // aws:SecureTransport
  std::optional<absl::Time> current_time;            // absent: the condition keys are missing
  std::map<std::string, std::string> request_tags;   // aws:RequestTag/<key>; keys: aws:TagKeys
  std::map<std::string, std::string> resource_tags;  // aws:ResourceTag/<key>
  // Any other key (lower-case) -> its values, e.g. "glue:tablename"
  std::map<std::string, std::vector<std::string>> extra;
};

struct AttachedPolicy {
  std::string name;  // how reports name it: "catalog", "table/sales/orders", "user/alice"
  std::shared_ptr<const CompiledPolicy> policy;
};

enum class Decision { kAllowed, kExplicitDeny, kImplicitDeny };
// "allowed", "explicitDeny", "implicitDeny" (the AWS policy simulator's words).
std::string_view DecisionName(Decision d);

struct MatchedStatement {
  std::string policy;  // AttachedPolicy::name
  std::string sid;     // may be empty
  int index = 0;       // 0-based statement index in that policy
  Effect effect = Effect::kAllow;
};

struct Evaluation {
  Decision decision = Decision::kImplicitDeny;
  std::optional<MatchedStatement> deciding;  // the first matching Deny, else the first Allow
  std::vector<MatchedStatement> matched;     // every statement that applied, in order
  // Sorted, unique: keys a condition (or a policy variable without a default)
  // read that the request lacked, in IAM's spelling for the aws: keys
  // ("aws:SourceIp") and as the policy wrote the others. Null never reports
  // its key: absence is what it tests.
  std::vector<std::string> missing_context_keys;
  bool time_dependent = false;     // some condition read aws:CurrentTime / aws:EpochTime
  bool context_dependent = false;  // some condition read any request fact
};

// One evaluation of one action on one resource ARN with IAM's logic: an
// explicit Deny in any policy wins; else an Allow from a resource policy whose
// Principal/NotPrincipal matches, or from an identity policy (attached to this
// principal; the caller chose which), allows; else implicit deny. Resource
// policies are reported before identity policies, each in the order given.
// Actions match case-insensitively, resources case-sensitively. Thread-safe;
// policies with a null `policy` are skipped.
Evaluation Evaluate(const Principal& principal, std::string_view action, std::string_view resource,
                    const RequestFacts& facts, absl::Span<const AttachedPolicy> resource_policies,
                    absl::Span<const AttachedPolicy> identity_policies);

// A listing's decisions for many resources under one prefix, prepared once:
// PrefixEvaluator (catalog/policy/prefix_evaluator.h).

// Conditions follow IAM: a missing key makes an operator false, except the
// negated ones (StringNotEquals, NotIpAddress, ArnNotLike, ...) and every
// ...IfExists form, which are true; a negated operator with several values
// means "matches none"; ForAllValues: is true and ForAnyValue: false for a
// missing or empty key; keys in an operator and operators in a block are
// ANDed, values ORed; key names are case-insensitive. A request key with
// several values under a plain operator needs one value to match (negated:
// every value to match none). Policy variables (${aws:username},
// ${aws:PrincipalTag/team}, ${key, 'default'}, ${*} ${?} ${$}) are substituted
// in Resource/NotResource and String/Arn condition values under Version
// 2012-10-17 only; a substituted value is literal text, never a wildcard; a
// variable without a value or default makes that entry not match.

// IAM glob: '*' any run of characters (also across ':' and '/'), '?' exactly
// one character (one UTF-8 code point). No escapes. Stateless; thread-safe.
bool WildcardMatch(std::string_view pattern, std::string_view text, bool case_insensitive);

}  // namespace almanac::policy

#endif  // ALMANAC_CATALOG_POLICY_POLICY_H_
