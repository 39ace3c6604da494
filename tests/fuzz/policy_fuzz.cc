// libFuzzer target for the policy engine: compiles the input as a resource
// policy and as an identity policy (with and without the catalog's action
// list) and, when it compiles, evaluates it against a few requests. Any crash,
// sanitizer report or inconsistent Evaluation (a deciding statement that did
// not match, a decision that disagrees with the matched effects, unsorted
// missing keys) is a bug.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "catalog/policy/policy.h"

namespace {

using namespace almanac::policy;

const std::vector<std::string>& KnownActions() {
  static const auto* actions = new std::vector<std::string>{
      "glue:GetTable",    "glue:GetTables",     "glue:CreateTable", "glue:DeleteTable",
      "glue:GetDatabase", "glue:GetPartitions", "almanac:Lock",     "almanac:Unlock"};
  return *actions;
}

struct Request {
  Principal principal;
  std::string action;
  std::string resource;
  RequestFacts facts;
};

const std::vector<Request>& Requests() {
  static const auto* requests = [] {
    auto* r = new std::vector<Request>;
    Request a;
    a.principal.arn = "arn:aws:iam::123456789012:user/alice";
    a.principal.name = "alice";
    a.principal.user_id = "AIDAALICE";
    a.principal.group_arns = {"arn:aws:iam::123456789012:group/analysts"};
    a.principal.tags = {{"team", "red"}, {"Dept", "fin*"}};
    a.action = "glue:GetTable";
    a.resource = "arn:aws:glue:us-east-1:123456789012:table/sales/orders";
    a.facts.source_ip = "10.1.2.3";
    a.facts.secure_transport = true;
    a.facts.current_time = absl::FromUnixSeconds(1767225600);
    a.facts.request_tags = {{"env", "dev"}, {"team", "red"}};
    a.facts.resource_tags = {{"owner", "alice"}};
    a.facts.extra = {{"glue:tablename", {"orders", "items"}}, {"glue:count", {"10", "x"}}};
    r->push_back(a);
    Request b;
    b.principal.arn = "arn:aws:iam::999999999999:role/etl";
    b.action = "ALMANAC:lock";
    b.resource = "arn:aws:glue:us-east-1:123456789012:database/hr";
    b.facts.source_ip = "2001:db8::1";
    b.facts.secure_transport = false;
    r->push_back(b);
    Request c;  // anonymous, nothing known, an action the catalog does not declare
    c.action = "glue:Frobnicate";
    c.resource = "arn:aws:glue:us-east-1:123456789012:catalog";
    c.facts.source_ip = "not an ip";
    c.facts.extra = {{"glue:env", {}}};
    r->push_back(c);
    return r;
  }();
  return *requests;
}

void Check(const Evaluation& e) {
  bool any_deny = false, any_allow = false;
  for (const MatchedStatement& m : e.matched) {
    any_deny |= m.effect == Effect::kDeny;
    any_allow |= m.effect == Effect::kAllow;
  }
  const Decision want = any_deny    ? Decision::kExplicitDeny
                        : any_allow ? Decision::kAllowed
                                    : Decision::kImplicitDeny;
  if (e.decision != want) std::abort();
  if (e.deciding.has_value() != (want != Decision::kImplicitDeny)) std::abort();
  if (!std::is_sorted(e.missing_context_keys.begin(), e.missing_context_keys.end())) std::abort();
  if (std::adjacent_find(e.missing_context_keys.begin(), e.missing_context_keys.end()) !=
      e.missing_context_keys.end()) {
    std::abort();
  }
  if (e.time_dependent && !e.context_dependent) std::abort();
}

void Run(std::string_view text, PolicyKind kind, bool with_actions) {
  CompileOptions options;
  options.kind = kind;
  if (with_actions) options.known_actions = KnownActions();
  auto compiled = CompilePolicy(text, options);
  if (!compiled.ok()) return;
  const auto& policy = *compiled;
  for (size_t i = 0; i < policy->statement_count(); ++i) (void)policy->StatementLabel(i);
  const std::vector<AttachedPolicy> attached = {{"fuzz", policy}};
  for (const Request& r : Requests()) {
    Evaluation e = kind == PolicyKind::kResource
                       ? Evaluate(r.principal, r.action, r.resource, r.facts, attached, {})
                       : Evaluate(r.principal, r.action, r.resource, r.facts, {}, attached);
    Check(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Run(text, PolicyKind::kResource, true);
  Run(text, PolicyKind::kResource, false);
  Run(text, PolicyKind::kIdentity, true);
  return 0;
}
