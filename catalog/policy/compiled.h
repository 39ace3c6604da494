// The compiled form of a policy document, shared by the compiler
// (compile.cc) and the evaluator (evaluate.cc, condition.cc). Internal to
// catalog/policy: other layers use policy.h. Plain immutable values once built.
#ifndef ALMANAC_CATALOG_POLICY_COMPILED_H_
#define ALMANAC_CATALOG_POLICY_COMPILED_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "catalog/policy/policy.h"

namespace almanac::policy::internal {

// Where a condition key or policy variable takes its value from.
enum class KeyKind {
  kUsername,
  kUserId,
  kPrincipalArn,
  kPrincipalTag,
  kSourceIp,
  kSecureTransport,
  kCurrentTime,
  kEpochTime,
  kRequestTag,
  kResourceTag,
  kTagKeys,
  kExtra,
};

struct KeyRef {
  KeyKind kind = KeyKind::kExtra;
  std::string arg;      // lower-case tag key (tag kinds) or lower-case full key (kExtra)
  std::string display;  // for missing_context_keys: IAM spelling, or the policy's
};

// Text with policy variables: literal chunks and variable references,
// alternating. A chunk is stored in two forms: `plain` (escapes ${*} ${?} ${$}
// resolved to the character) and `glob` (the same with a literal '*', '?' or
// '\' escaped by a backslash, a pattern's own wildcards kept).
struct Variable {
  KeyRef key;
  std::optional<std::string> default_value;
};
struct TemplatePiece {
  std::string plain;
  std::string glob;
  std::optional<Variable> variable;  // set: this piece is a variable, not text
};
struct Template {
  std::vector<TemplatePiece> pieces;  // empty when the text has no variable
  std::string plain;                  // without variables: the resolved text
  std::string glob;                   // without variables: the escaped glob
  bool has_variables() const { return !pieces.empty(); }
};

// A glob with its literal prefix (before the first wildcard) and literal
// suffix (after the last '*', when it has no '?') split off, so most
// mismatches cost one memcmp and matches glob only the middle.
struct Glob {
  std::string pattern;
  size_t prefix = 0;              // pattern[0, prefix) is literal
  std::string suffix;             // literal; the text must end with it
  bool case_insensitive = false;  // then pattern and suffix are lower-case
  static Glob Make(std::string pattern, bool case_insensitive);
  bool Match(std::string_view text) const;
};

// A Resource/NotResource entry. Fast paths for the common shapes.
struct ResourcePattern {
  enum class Kind { kAny, kLiteral, kPrefix, kGlob, kEscapedGlob, kTemplate };
  Kind kind = Kind::kAny;
  std::string text;  // literal / prefix before the trailing '*' / escaped glob
  Glob glob;         // kGlob
  Template tmpl;     // kTemplate
};

// An Action/NotAction entry, lower-case.
struct ActionPattern {
  bool wildcard = false;
  std::string text;
  Glob glob;  // when wildcard (lower-case)
};

struct PrincipalSpec {
  bool everyone = false;
  std::vector<std::string> accounts;  // every principal of these accounts
  std::vector<std::string> arns;      // users and roles, exact
  std::vector<std::string> groups;    // group ARNs (self-hosted extension)
};

enum class Family { kString, kNumeric, kDate, kBool, kBinary, kIp, kArn, kNull };
// The positive comparison of an operator; negated operators use the positive
// one and invert ("matches none").
enum class Compare {
  kEquals,
  kEqualsIgnoreCase,
  kLike,
  kLess,
  kLessEquals,
  kGreater,
  kGreaterEquals
};
enum class SetQualifier { kNone, kForAnyValue, kForAllValues };

struct IpNet {
  int family = 4;  // 4 or 6
  std::array<uint8_t, 16> bytes{};
  int prefix = 32;
};

struct ConditionValue {
  Template text;  // string, arn, binary (decoded) values
  double number = 0;
  absl::Time time;
  bool boolean = false;
  IpNet net;
};

struct ConditionEntry {
  std::string op_name;  // as written
  Family family = Family::kString;
  Compare compare = Compare::kEquals;
  bool negated = false;
  bool if_exists = false;
  SetQualifier set = SetQualifier::kNone;
  KeyRef key;
  std::vector<ConditionValue> values;
};

struct Statement {
  std::string sid;
  Effect effect = Effect::kAllow;
  bool has_principal = false;  // resource policies: Principal or NotPrincipal
  bool not_principal = false;
  PrincipalSpec principal;
  bool not_action = false;
  bool any_action = false;  // Action "*" (never with not_action)
  std::vector<ActionPattern> actions;
  bool not_resource = false;
  std::vector<ResourcePattern> resources;
  std::vector<ConditionEntry> conditions;
};

struct PolicyBody {
  std::string text;
  PolicyKind kind = PolicyKind::kResource;
  bool variables = false;
  std::vector<Statement> statements;
  // Action index. `by_action`: a lower-case action -> the sorted statements
  // whose Action names it literally or, when the policy was compiled with
  // known actions (`expanded`), by a wildcard that matches it. `wildcard`:
  // statements with a wildcard Action entry, checked by glob when the index
  // cannot answer (not expanded, or an action the catalog did not declare).
  // `unindexed`: NotAction statements, checked for every request.
  bool expanded = false;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_action;
  std::vector<uint32_t> wildcard;
  std::vector<uint32_t> unindexed;
};

// Glob with IAM's '*' and '?'; with `escapes`, a backslash makes the next
// character literal (used for variable values and ${*}-style escapes).
bool GlobMatch(std::string_view pattern, std::string_view text, bool case_insensitive,
               bool escapes);

}  // namespace almanac::policy::internal

#endif  // ALMANAC_CATALOG_POLICY_COMPILED_H_
