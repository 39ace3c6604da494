// Condition keys and policy variables: parsing a key name or a text with
// ${...} variables at compile time, and reading their values from one
// request at evaluation time. Internal to catalog/policy.
#ifndef ALMANAC_CATALOG_POLICY_CONTEXT_H_
#define ALMANAC_CATALOG_POLICY_CONTEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "catalog/policy/compiled.h"
#include "catalog/policy/policy.h"

namespace almanac::policy::internal {

// A condition key name as written ("aws:SourceIp", "aws:PrincipalTag/team",
// "glue:TableName"); names are case-insensitive. InvalidArgument (message
// without the statement label) for an empty name or a tag key without a tag.
absl::StatusOr<KeyRef> ParseKey(std::string_view name);

// Splits `text` into literal chunks and variables when `variables` is on;
// otherwise the whole text is one literal chunk. InvalidArgument (message
// without the statement label) for an unterminated or malformed ${...}.
absl::StatusOr<Template> ParseTemplate(std::string_view text, bool variables);

// The text a validator should look at: variables replaced by '*'.
std::string TemplateShape(const Template& t, std::string_view original);

// The values of one key in one request. Time keys carry `time` (and text only
// when asked for); aws:SecureTransport carries `boolean` and text.
struct KeyValues {
  absl::InlinedVector<std::string_view, 4> strings;
  std::optional<absl::Time> time;
  std::optional<bool> boolean;
  size_t count = 0;
};

// Reads request facts for one evaluation; records missing keys and the
// dependence flags in the Evaluation. Not thread-safe (one per Evaluate call).
class EvalContext {
 public:
  EvalContext(const Principal& principal, const RequestFacts& facts, Evaluation* out)
      : principal_(principal), facts_(facts), out_(out) {}

  const Principal& principal() const { return principal_; }

  // Fills `values` (cleared first). `need_text`: also format time keys as text.
  // `record_missing`: add the key to missing_context_keys when it has no value.
  void Fetch(const KeyRef& key, bool need_text, bool record_missing, KeyValues* values);

  // aws:SourceIp parsed once per evaluation (nullopt: absent or not an address).
  const std::optional<IpNet>& SourceIp();

  // Resolves a template into `out` (appended), `glob` choosing the escaped
  // glob form. False when a variable has no value and no default.
  bool Resolve(const Template& t, bool glob, std::string* out);

 private:
  const Principal& principal_;
  const RequestFacts& facts_;
  Evaluation* out_;
  bool source_ip_parsed_ = false;
  std::optional<IpNet> source_ip_;
  std::string time_text_;
  std::string epoch_text_;
};

}  // namespace almanac::policy::internal

#endif  // ALMANAC_CATALOG_POLICY_CONTEXT_H_
