// Evaluate: IAM's decision over resource and identity policies.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/policy/compiled.h"
#include "catalog/policy/condition.h"
#include "catalog/policy/context.h"
#include "catalog/policy/policy.h"
#include "catalog/policy/statement_match.h"
#include "common/absl_view.h"

namespace almanac::policy {
namespace {

using internal::PolicyBody;
using internal::ResourcePattern;
using internal::Statement;

using internal::AccountOf;
using internal::ActionMatches;
using internal::PrincipalMatches;

bool ResourceMatches(const Statement& st, std::string_view resource, internal::EvalContext& ctx,
                     std::string& scratch) {
  bool match = false;
  for (const ResourcePattern& p : st.resources) {
    if (internal::ResourceEntryMatches(p, resource, ctx, scratch)) {
      match = true;
      break;
    }
  }
  return st.not_resource ? !match : match;
}

class Evaluator {
 public:
  Evaluator(const Principal& principal, std::string_view action, std::string_view resource,
            const RequestFacts& facts, Evaluation* out)
      : principal_(principal),
        resource_(resource),
        account_(AccountOf(principal.arn)),
        ctx_(principal, facts, out),
        out_(out) {
    if (action.size() <= sizeof(buffer_)) {
      for (size_t i = 0; i < action.size(); ++i) buffer_[i] = Lower(action[i]);
      action_ = std::string_view(buffer_, action.size());
    } else {
      long_action_.resize(action.size());
      for (size_t i = 0; i < action.size(); ++i) long_action_[i] = Lower(action[i]);
      action_ = long_action_;
    }
  }

  void Run(const AttachedPolicy& attached) {
    if (attached.policy == nullptr) return;
    const PolicyBody& body = attached.policy->body();
    internal::ForEachCandidate(body, action_, [&](uint32_t next, bool action_known) {
      const Statement& st = body.statements[next];
      if (body.kind == PolicyKind::kResource && !PrincipalMatches(st, principal_, account_)) {
        return;
      }
      if (!action_known && !ActionMatches(st, action_)) return;
      if (!ResourceMatches(st, resource_, ctx_, scratch_)) return;
      if (!internal::ConditionsHold(st.conditions, ctx_)) return;
      MatchedStatement m;
      m.policy = attached.name;
      m.sid = st.sid;
      m.index = static_cast<int>(next);
      m.effect = st.effect;
      if (st.effect == Effect::kDeny && !first_deny_) first_deny_ = out_->matched.size();
      if (st.effect == Effect::kAllow && !first_allow_) first_allow_ = out_->matched.size();
      out_->matched.push_back(std::move(m));
    });
  }

  void Finish() {
    if (first_deny_) {
      out_->decision = Decision::kExplicitDeny;
      out_->deciding = out_->matched[*first_deny_];
    } else if (first_allow_) {
      out_->decision = Decision::kAllowed;
      out_->deciding = out_->matched[*first_allow_];
    } else {
      out_->decision = Decision::kImplicitDeny;
    }
    std::vector<std::string>& missing = out_->missing_context_keys;
    if (missing.size() > 1) {
      std::sort(missing.begin(), missing.end());
      missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    }
  }

 private:
  static char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

  const Principal& principal_;
  std::string_view resource_;
  std::string_view account_;
  internal::EvalContext ctx_;
  Evaluation* out_;
  char buffer_[96];
  std::string long_action_;
  std::string_view action_;
  std::string scratch_;
  std::optional<size_t> first_deny_;
  std::optional<size_t> first_allow_;
};

}  // namespace

Evaluation Evaluate(const Principal& principal, std::string_view action, std::string_view resource,
                    const RequestFacts& facts, absl::Span<const AttachedPolicy> resource_policies,
                    absl::Span<const AttachedPolicy> identity_policies) {
  Evaluation out;
  Evaluator evaluator(principal, action, resource, facts, &out);
  for (const AttachedPolicy& p : resource_policies) evaluator.Run(p);
  for (const AttachedPolicy& p : identity_policies) evaluator.Run(p);
  evaluator.Finish();
  return out;
}

}  // namespace almanac::policy
