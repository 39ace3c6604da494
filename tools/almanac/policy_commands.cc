// `almanac policy put|get|rm|ls|simulate|who-can` and `almanac audit
// ls|verify`: resource and identity policies, the policy simulator and the
// audit trail, over gRPC.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "tools/almanac/commands.h"

namespace almanac::tools {
namespace {

// Which policy a verb addresses: a Glue resource ARN (or the short form
// "catalog", "database/DB", "table/DB/T"), or an identity "user/NAME",
// "group/NAME", "role/NAME".
struct PolicyTarget {
  std::string resource;
  std::string identity;
};

absl::StatusOr<std::string> TargetOf(const PolicyTarget& t) {
  if (t.resource.empty() == t.identity.empty()) {
    return UsageError("name exactly one of --resource ARN and --identity user/NAME|group/NAME");
  }
  if (!t.identity.empty()) {
    if (!absl::StartsWith(t.identity, "user/") && !absl::StartsWith(t.identity, "group/") &&
        !absl::StartsWith(t.identity, "role/")) {
      return UsageError(absl::StrCat("--identity '", t.identity,
                                     "' must be user/NAME, group/NAME or role/NAME"));
    }
    return t.identity;
  }
  if (!absl::StartsWith(t.resource, "arn:")) return t.resource;
  // arn:aws:glue:REGION:ACCOUNT:REST
  std::vector<std::string> parts = absl::StrSplit(t.resource, absl::MaxSplits(':', 5));
  if (parts.size() != 6 || parts[2] != "glue") {
    return UsageError(absl::StrCat("--resource '", t.resource,
                                   "' is not a Glue ARN (arn:aws:glue:REGION:ACCOUNT:table/DB/T)"));
  }
  return parts[5];
}

void AddTarget(CLI::App* cmd, PolicyTarget* t) {
  cmd->add_option("--resource", t->resource,
                  "Resource policy of a Glue ARN: ...:catalog, ...:database/DB, ...:table/DB/T "
                  "(or just catalog, database/DB, table/DB/T)");
  cmd->add_option("--identity", t->identity, "Identity policy of user/NAME, group/NAME, role/NAME");
}

absl::StatusOr<std::string> ReadFileText(const std::string& path) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read '", path, "'"));
    buffer << in.rdbuf();
  }
  return buffer.str();
}

std::string StatementText(const v1::PolicyStatementRef& s) {
  if (s.policy().empty()) return "-";
  return absl::StrCat(s.policy(), ":", s.sid().empty() ? absl::StrCat("#", s.index() + 1) : s.sid(),
                      s.deny() ? " (Deny)" : " (Allow)");
}

void PrintPolicy(const ClientOptions& options, const v1::Policy& p) {
  if (options.json) {
    PrintJson(MessageToJson(p));
    return;
  }
  std::printf("# %s policy of %s, hash %s, updated %s by %s\n",
              p.identity() ? "identity" : "resource", p.target().c_str(),
              p.policy_hash().c_str(), FormatTime(p.update_time()).c_str(),
              p.updated_by().empty() ? "-" : p.updated_by().c_str());
  std::printf("%s\n", p.document().c_str());
}

absl::Status Put(const ClientOptions& options, const PolicyTarget& t, const std::string& file,
                 const std::string& if_hash, const std::string& exists) {
  v1::PutPolicyRequest request;
  ASSIGN_OR_RETURN(std::string target, TargetOf(t));
  request.set_target(target);
  ASSIGN_OR_RETURN(std::string document, ReadFileText(file));
  request.set_document(document);
  request.set_policy_hash_condition(if_hash);
  if (exists == "MUST_EXIST") {
    request.set_policy_exists_condition(v1::POLICY_EXISTS_MUST_EXIST);
  } else if (exists == "NOT_EXIST") {
    request.set_policy_exists_condition(v1::POLICY_EXISTS_NOT_EXIST);
  } else if (exists != "NONE" && !exists.empty()) {
    return UsageError("--exists must be MUST_EXIST, NOT_EXIST or NONE");
  }
  v1::PutPolicyResponse response;
  RETURN_IF_ERROR(CatalogClient(options).Call(&v1::CatalogService::Stub::PutPolicy, request,
                                              &response));
  if (options.json) {
    PrintJson(MessageToJson(response.policy()));
  } else {
    std::printf("stored the policy of %s (hash %s)\n", response.policy().target().c_str(),
                response.policy().policy_hash().c_str());
  }
  return absl::OkStatus();
}

absl::Status Get(const ClientOptions& options, const PolicyTarget& t) {
  v1::GetPolicyRequest request;
  ASSIGN_OR_RETURN(std::string target, TargetOf(t));
  request.set_target(target);
  v1::GetPolicyResponse response;
  RETURN_IF_ERROR(CatalogClient(options).Call(&v1::CatalogService::Stub::GetPolicy, request,
                                              &response));
  PrintPolicy(options, response.policy());
  return absl::OkStatus();
}

absl::Status Remove(const ClientOptions& options, const PolicyTarget& t,
                    const std::string& if_hash) {
  v1::DeletePolicyRequest request;
  ASSIGN_OR_RETURN(std::string target, TargetOf(t));
  request.set_target(target);
  request.set_policy_hash_condition(if_hash);
  v1::DeletePolicyResponse response;
  RETURN_IF_ERROR(CatalogClient(options).Call(&v1::CatalogService::Stub::DeletePolicy, request,
                                              &response));
  if (!options.json) std::printf("deleted the policy of %s\n", target.c_str());
  if (options.json) PrintJson({{"deleted", target}});
  return absl::OkStatus();
}

absl::Status List(const ClientOptions& options) {
  v1::ListPoliciesResponse response;
  RETURN_IF_ERROR(CatalogClient(options).Call(&v1::CatalogService::Stub::ListPolicies,
                                              v1::ListPoliciesRequest(), &response));
  if (options.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& p : response.policies()) out.push_back(MessageToJson(p));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : response.policies()) {
    rows.push_back({p.target(), p.identity() ? "identity" : "resource",
                    p.policy_hash().substr(0, 12), FormatTime(p.update_time()), p.updated_by()});
  }
  PrintTable({"TARGET", "KIND", "HASH", "UPDATED", "BY"}, rows);
  return absl::OkStatus();
}

struct SimulateFlags {
  std::string principal;
  std::vector<std::string> groups;
  std::string action;
  std::string resource;
  std::string source_ip;
  std::string secure_transport;
  std::string time;
};

absl::Status Simulate(const ClientOptions& options, const SimulateFlags& f) {
  v1::SimulatePolicyRequest request;
  request.set_principal(f.principal);
  for (const std::string& g : f.groups) request.add_groups(g);
  request.set_action(f.action);
  request.set_resource(f.resource);
  request.set_source_ip(f.source_ip);
  request.set_secure_transport(f.secure_transport);
  request.set_time(f.time);
  v1::SimulatePolicyResponse response;
  RETURN_IF_ERROR(CatalogClient(options).Call(&v1::CatalogService::Stub::SimulatePolicy, request,
                                              &response));
  if (options.json) {
    PrintJson(MessageToJson(response));
    return absl::OkStatus();
  }
  std::printf("%s: %s %s on %s\n", response.decision().c_str(), response.principal_arn().c_str(),
              f.action.c_str(), f.resource.c_str());
  if (response.has_deciding()) {
    std::printf("decided by: %s\n", StatementText(response.deciding()).c_str());
  }
  if (response.allowed_as_admin()) {
    std::printf("allowed as an administrator (--admin): policy management is theirs unless "
                "explicitly denied\n");
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& l : response.levels()) {
    std::vector<std::string> matched;
    for (const auto& m : l.matched()) matched.push_back(StatementText(m));
    rows.push_back({l.resource(), l.decision(),
                    matched.empty() ? "-" : absl::StrJoin(matched, ", ")});
  }
  PrintTable({"RESOURCE", "DECISION", "MATCHED STATEMENTS"}, rows);
  if (!response.missing_context_keys().empty()) {
    std::printf("context keys the policies read but the request lacked: %s\n",
                absl::StrJoin(response.missing_context_keys(), ", ").c_str());
  }
  return absl::OkStatus();
}

absl::Status WhoCan(const ClientOptions& options, const std::string& action,
                    const std::string& resource) {
  v1::WhoCanRequest request;
  request.set_action(action);
  request.set_resource(resource);
  v1::WhoCanResponse response;
  RETURN_IF_ERROR(CatalogClient(options).Call(&v1::CatalogService::Stub::WhoCan, request,
                                              &response));
  if (options.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : response.entries()) out.push_back(MessageToJson(e));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : response.entries()) {
    rows.push_back({e.principal(), e.admin() ? "administrator rule" : StatementText(e.statement())});
  }
  if (rows.empty()) {
    std::printf("nobody known to the catalog may do %s on %s\n", action.c_str(), resource.c_str());
    return absl::OkStatus();
  }
  PrintTable({"PRINCIPAL", "ALLOWED BY"}, rows);
  return absl::OkStatus();
}

struct AuditFlags {
  std::string principal;
  std::string action;
  std::string since;
  std::string outcome;
  int64_t limit = 100;
};

absl::Status AuditList(const ClientOptions& options, const AuditFlags& f) {
  v1::ListAuditRecordsRequest request;
  request.set_principal(f.principal);
  request.set_action(f.action);
  request.set_outcome(f.outcome);
  if (!f.outcome.empty() && f.outcome != "allowed" && f.outcome != "denied" &&
      f.outcome != "error") {
    return UsageError("--outcome must be allowed, denied or error");
  }
  if (!f.since.empty()) {
    absl::Time t;
    std::string err;
    absl::Duration ago;
    if (absl::ParseDuration(f.since, &ago)) {
      t = absl::Now() - ago;
    } else if (!absl::ParseTime(absl::RFC3339_full, f.since, &t, &err)) {
      return UsageError(absl::StrCat("--since '", f.since,
                                     "' is neither RFC 3339 (2026-01-02T03:04:05Z) nor a "
                                     "duration (90m, 24h)"));
    }
    request.set_since_us(absl::ToUnixMicros(t));
  }
  CatalogClient client(options);
  std::vector<v1::AuditRecord> records;
  while (f.limit <= 0 || static_cast<int64_t>(records.size()) < f.limit) {
    request.set_limit(f.limit <= 0 ? 1000
                                   : static_cast<int32_t>(std::min<int64_t>(
                                         1000, f.limit - static_cast<int64_t>(records.size()))));
    v1::ListAuditRecordsResponse response;
    RETURN_IF_ERROR(client.Call(&v1::CatalogService::Stub::ListAuditRecords, request, &response));
    if (response.records().empty()) break;
    records.insert(records.end(), response.records().begin(), response.records().end());
    request.set_after_seq(records.back().seq());
  }
  if (options.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : records) out.push_back(MessageToJson(r));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : records) {
    rows.push_back({absl::StrCat(r.seq()),
                    absl::FormatTime("%Y-%m-%d %H:%M:%E3S", absl::FromUnixMicros(r.time_us()),
                                     absl::UTCTimeZone()),
                    r.principal(), r.front_end(), r.source().empty() ? "-" : r.source(),
                    r.action(), r.resource(), r.outcome(), r.detail()});
  }
  PrintTable({"SEQ", "TIME (UTC)", "PRINCIPAL", "VIA", "FROM", "ACTION", "RESOURCE", "OUTCOME",
              "DETAIL"},
             rows);
  return absl::OkStatus();
}

absl::Status AuditVerify(const ClientOptions& options, const std::string& head, int* exit_code) {
  v1::VerifyAuditTrailRequest request;
  request.set_expected_head(head);
  v1::VerifyAuditTrailResponse response;
  RETURN_IF_ERROR(CatalogClient(options).Call(&v1::CatalogService::Stub::VerifyAuditTrail,
                                              request, &response));
  if (options.json) {
    PrintJson(MessageToJson(response));
  } else if (response.intact()) {
    std::printf("audit trail intact: %lld records, head %s\n",
                static_cast<long long>(response.records()), response.head().c_str());
  } else {
    std::printf("audit trail BROKEN at record %lld: %s\n",
                static_cast<long long>(response.first_bad_seq()), response.problem().c_str());
  }
  if (!response.intact()) *exit_code = kExitFailure;
  return absl::OkStatus();
}

}  // namespace

void RegisterPolicyCommands(CLI::App* app, const ClientOptions* client, int* exit_code) {
  CLI::App* policy = app->add_subcommand(
      "policy", "Resource and identity policies (IAM JSON), the simulator and who-can");
  policy->require_subcommand(1);

  auto put_target = std::make_shared<PolicyTarget>();
  auto file = std::make_shared<std::string>();
  auto if_hash = std::make_shared<std::string>();
  auto exists = std::make_shared<std::string>("NONE");
  CLI::App* put = policy->add_subcommand(
      "put", "Store a policy (validated first; refused if it would lock out every administrator)");
  AddTarget(put, put_target.get());
  put->add_option("--file", *file, "The policy document (JSON; - for stdin)")->required();
  put->add_option("--if-hash", *if_hash, "Only if the stored policy has this hash");
  put->add_option("--exists", *exists, "MUST_EXIST, NOT_EXIST or NONE")->capture_default_str();
  put->callback([=] {
    *exit_code = ReportError(Put(*client, *put_target, *file, *if_hash, *exists));
  });

  auto get_target = std::make_shared<PolicyTarget>();
  CLI::App* get = policy->add_subcommand("get", "Print a stored policy");
  AddTarget(get, get_target.get());
  get->callback([=] { *exit_code = ReportError(Get(*client, *get_target)); });

  auto rm_target = std::make_shared<PolicyTarget>();
  auto rm_hash = std::make_shared<std::string>();
  CLI::App* rm = policy->add_subcommand("rm", "Delete a stored policy");
  AddTarget(rm, rm_target.get());
  rm->add_option("--if-hash", *rm_hash, "Only if the stored policy has this hash");
  rm->callback([=] { *exit_code = ReportError(Remove(*client, *rm_target, *rm_hash)); });

  CLI::App* ls = policy->add_subcommand("ls", "List every stored policy");
  ls->callback([=] { *exit_code = ReportError(List(*client)); });

  auto sim = std::make_shared<SimulateFlags>();
  CLI::App* simulate = policy->add_subcommand(
      "simulate", "Would this principal be allowed? The decision, the deciding statement, each "
                  "ancestor's decision and the context keys the request lacked");
  simulate->add_option("--principal", sim->principal, "alice, user/alice, role/etl or an ARN")
      ->required();
  simulate->add_option("--group", sim->groups, "A group of the principal (repeatable)");
  simulate->add_option("--action", sim->action, "glue:GetTable")->required();
  simulate->add_option("--resource", sim->resource, "arn:aws:glue:REGION:ACCOUNT:table/DB/T")
      ->required();
  simulate->add_option("--source-ip", sim->source_ip, "aws:SourceIp of the request");
  simulate->add_option("--secure-transport", sim->secure_transport, "true or false")
      ->check(CLI::IsMember({"true", "false"}));
  simulate->add_option("--time", sim->time, "aws:CurrentTime, RFC 3339 (default: now)");
  simulate->callback([=] { *exit_code = ReportError(Simulate(*client, *sim)); });

  auto who_action = std::make_shared<std::string>();
  auto who_resource = std::make_shared<std::string>();
  CLI::App* who = policy->add_subcommand(
      "who-can", "Every known user and group allowed an action on a resource, and by what");
  who->add_option("--action", *who_action, "glue:UpdateTable")->required();
  who->add_option("--resource", *who_resource, "arn:aws:glue:REGION:ACCOUNT:table/DB/T")
      ->required();
  who->callback([=] { *exit_code = ReportError(WhoCan(*client, *who_action, *who_resource)); });

  CLI::App* audit = app->add_subcommand("audit", "The hash-chained audit trail");
  audit->require_subcommand(1);
  auto af = std::make_shared<AuditFlags>();
  CLI::App* als = audit->add_subcommand("ls", "List audit records, oldest first");
  als->add_option("--principal", af->principal, "Only this principal's records");
  als->add_option("--action", af->action, "Only this action (glue:UpdateTable)");
  als->add_option("--since", af->since, "Since a time (RFC 3339) or a duration ago (24h)");
  als->add_option("--outcome", af->outcome, "allowed, denied or error");
  als->add_option("--limit", af->limit, "At most this many; 0: all")->capture_default_str();
  als->callback([=] { *exit_code = ReportError(AuditList(*client, *af)); });

  auto head = std::make_shared<std::string>();
  CLI::App* verify = audit->add_subcommand(
      "verify", "Check the hash chain; names the first edited, reordered or deleted record "
                "(exit 1 when broken)");
  verify->add_option("--expected-head", *head,
                     "A head hash noted earlier: also detects records cut off the end");
  verify->callback([=] {
    int code = kExitOk;
    *exit_code = ReportError(AuditVerify(*client, *head, &code));
    if (*exit_code == kExitOk) *exit_code = code;
  });
}

}  // namespace almanac::tools
