// The pieces of one statement's match against a request, shared by the
// evaluator (evaluate.cc) and the listing's prefix evaluator
// (prefix_evaluator.cc) so that both answer from the same code: which
// statements of a policy an action selects (the action index), and whether a
// statement's Principal, Action and one Resource entry match. Internal to
// catalog/policy. Stateless; thread-safe.
#ifndef ALMANAC_CATALOG_POLICY_STATEMENT_MATCH_H_
#define ALMANAC_CATALOG_POLICY_STATEMENT_MATCH_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/policy/compiled.h"
#include "catalog/policy/context.h"
#include "catalog/policy/policy.h"
#include "common/absl_view.h"

namespace almanac::policy::internal {

// The account of arn:aws:iam::ACCOUNT:..., or "".
inline std::string_view AccountOf(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (arn.size() < kPrefix.size() + 13 || arn.substr(0, kPrefix.size()) != kPrefix) return {};
  const std::string_view rest = arn.substr(kPrefix.size());
  const size_t colon = rest.find(':');
  return colon == std::string_view::npos ? std::string_view() : rest.substr(0, colon);
}

// Principal/NotPrincipal of a resource policy's statement. `account` is
// AccountOf(principal.arn).
inline bool PrincipalMatches(const Statement& st, const Principal& principal,
                             std::string_view account) {
  const PrincipalSpec& spec = st.principal;
  bool match = spec.everyone;
  if (!match && !account.empty()) {
    match = std::find(spec.accounts.begin(), spec.accounts.end(), account) != spec.accounts.end();
  }
  if (!match && !principal.arn.empty()) {
    match = std::find(spec.arns.begin(), spec.arns.end(), principal.arn) != spec.arns.end();
  }
  if (!match && !spec.groups.empty()) {
    for (const std::string& g : principal.group_arns) {
      if (std::find(spec.groups.begin(), spec.groups.end(), g) != spec.groups.end()) {
        match = true;
        break;
      }
    }
  }
  return st.not_principal ? !match : match;
}

// Action/NotAction; `action` is lower-case.
inline bool ActionMatches(const Statement& st, std::string_view action) {
  bool match = false;
  for (const ActionPattern& a : st.actions) {
    if (a.wildcard ? a.glob.Match(action) : a.text == action) {
      match = true;
      break;
    }
  }
  return st.not_action ? !match : match;
}

// Whether one Resource/NotResource entry names `resource` (before NotResource's
// negation). `scratch` holds a resolved template.
inline bool ResourceEntryMatches(const ResourcePattern& p, std::string_view resource,
                                 EvalContext& ctx, std::string& scratch) {
  switch (p.kind) {
    case ResourcePattern::Kind::kAny:
      return true;
    case ResourcePattern::Kind::kLiteral:
      return p.text == resource;
    case ResourcePattern::Kind::kPrefix:
      return resource.size() >= p.text.size() && resource.substr(0, p.text.size()) == p.text;
    case ResourcePattern::Kind::kGlob:
      return p.glob.Match(resource);
    case ResourcePattern::Kind::kEscapedGlob:
      return GlobMatch(p.text, resource, false, true);
    case ResourcePattern::Kind::kTemplate:
      scratch.clear();
      return ctx.Resolve(p.tmpl, /*glob=*/true, &scratch) &&
             GlobMatch(scratch, resource, false, true);
  }
  return false;
}

// Calls fn(index, action_known) for each statement of `body` that `action`
// (lower-case) may select, in statement order: those the action index names
// (action_known: their Action matched already) and those it cannot rule out
// (wildcard Actions when the index is not expanded or lacks the action, and
// NotAction statements), which must still be checked with ActionMatches.
template <typename Fn>
void ForEachCandidate(const PolicyBody& body, std::string_view action, Fn&& fn) {
  const std::vector<uint32_t>* hits = nullptr;
  if (auto it = body.by_action.find(AbslView(action)); it != body.by_action.end()) {
    hits = &it->second;
  }
  const bool check_wildcards = !body.expanded || hits == nullptr;
  static const std::vector<uint32_t> kEmpty;
  const std::vector<uint32_t>& a = hits != nullptr ? *hits : kEmpty;
  const std::vector<uint32_t>& b = check_wildcards ? body.wildcard : kEmpty;
  const std::vector<uint32_t>& c = body.unindexed;
  size_t ia = 0, ib = 0, ic = 0;
  constexpr uint32_t kEnd = UINT32_MAX;
  while (true) {
    const uint32_t ha = ia < a.size() ? a[ia] : kEnd;
    const uint32_t hb = ib < b.size() ? b[ib] : kEnd;
    const uint32_t hc = ic < c.size() ? c[ic] : kEnd;
    const uint32_t next = std::min({ha, hb, hc});
    if (next == kEnd) break;
    const bool action_known = ha == next;
    if (ha == next) ++ia;
    if (hb == next) ++ib;
    if (hc == next) ++ic;
    fn(next, action_known);
  }
}

// Lower-cases ASCII letters, as actions are compared.
inline std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

}  // namespace almanac::policy::internal

#endif  // ALMANAC_CATALOG_POLICY_STATEMENT_MATCH_H_
