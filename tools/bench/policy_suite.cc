// The "policy" suite: Evaluate's cost per decision, in process (no server),
// for generated policies of 1, 10 and 100 statements with a realistic mix:
// action lists with some wildcards, wildcard and literal resources, a
// condition or two (source IP, a principal tag, the current time). Each size
// is measured as one resource policy and as one identity policy, compiled
// with the catalog's action list (the action index answers) and without one
// (every action matched by glob).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "catalog/policy/policy.h"
#include "tools/bench/bench_util.h"
#include "tools/bench/suites.h"

namespace almanac::bench {
namespace {

namespace policy = almanac::policy;

constexpr char kGlue[] = "arn:aws:glue:us-east-1:123456789012:";
constexpr char kIam[] = "arn:aws:iam::123456789012:";

const std::vector<std::string>& Actions() {
  static const auto* actions = new std::vector<std::string>{"glue:GetTable",
                                                            "glue:GetTables",
                                                            "glue:CreateTable",
                                                            "glue:UpdateTable",
                                                            "glue:DeleteTable",
                                                            "glue:BatchDeleteTable",
                                                            "glue:GetTableVersion",
                                                            "glue:GetTableVersions",
                                                            "glue:DeleteTableVersion",
                                                            "glue:GetDatabase",
                                                            "glue:GetDatabases",
                                                            "glue:CreateDatabase",
                                                            "glue:UpdateDatabase",
                                                            "glue:DeleteDatabase",
                                                            "glue:GetPartition",
                                                            "glue:GetPartitions",
                                                            "glue:BatchGetPartition",
                                                            "glue:CreatePartition",
                                                            "glue:BatchCreatePartition",
                                                            "glue:UpdatePartition",
                                                            "glue:BatchUpdatePartition",
                                                            "glue:DeletePartition",
                                                            "glue:BatchDeletePartition",
                                                            "glue:CreatePartitionIndex",
                                                            "glue:GetPartitionIndexes",
                                                            "glue:DeletePartitionIndex",
                                                            "glue:GetUserDefinedFunction",
                                                            "glue:GetUserDefinedFunctions",
                                                            "glue:CreateUserDefinedFunction",
                                                            "glue:UpdateUserDefinedFunction",
                                                            "glue:DeleteUserDefinedFunction",
                                                            "glue:GetConnection",
                                                            "glue:GetConnections",
                                                            "glue:CreateConnection",
                                                            "glue:DeleteConnection",
                                                            "glue:GetResourcePolicy",
                                                            "glue:PutResourcePolicy",
                                                            "glue:DeleteResourcePolicy",
                                                            "glue:GetColumnStatisticsForTable",
                                                            "glue:UpdateColumnStatisticsForTable",
                                                            "almanac:Lock",
                                                            "almanac:Unlock",
                                                            "almanac:ReadAudit"};
  return *actions;
}

std::string Quote(const std::string& s) { return absl::StrCat("\"", s, "\""); }

std::string Statement(int i, policy::PolicyKind kind, std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  const std::vector<std::string>& actions = Actions();
  std::vector<std::string> action_list;
  const int n_actions = 2 + pick(4);
  for (int a = 0; a < n_actions; ++a) action_list.push_back(Quote(actions[pick(actions.size())]));
  if (i % 4 == 1) action_list.push_back(Quote(pick(2) ? "glue:Get*" : "glue:*Partition*"));
  std::vector<std::string> resources;
  const int n_resources = 1 + pick(3);
  for (int r = 0; r < n_resources; ++r) {
    const int db = pick(20);
    switch (pick(4)) {
      case 0:
        resources.push_back(Quote(absl::StrCat(kGlue, "table/db", db, "/*")));
        break;
      case 1:
        resources.push_back(Quote(absl::StrCat(kGlue, "database/db", db)));
        break;
      case 2:
        resources.push_back(Quote(absl::StrCat(kGlue, "table/db", db, "/t_?", pick(10))));
        break;
      default:
        resources.push_back(Quote(absl::StrCat(kGlue, "table/db*/t_", pick(100))));
        break;
    }
  }
  std::vector<std::string> conditions;
  if (i % 3 == 0) {
    conditions.push_back(R"("IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]})");
  }
  if (i % 4 == 2) {
    conditions.push_back(absl::StrCat(R"("StringEquals": {"aws:PrincipalTag/team": ["team)",
                                      pick(4), R"(", "team)", pick(4), "\"]}"));
  }
  if (i % 5 == 3) {
    conditions.push_back(R"("DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"})");
  }
  std::string principal;
  if (kind == policy::PolicyKind::kResource) {
    principal = i % 6 == 0 ? R"("Principal": {"AWS": "123456789012"}, )"
                           : absl::StrCat(R"("Principal": {"AWS": [")", kIam, "user/u", pick(8),
                                          R"(", ")", kIam, "role/r", pick(4), R"(", ")", kIam,
                                          "group/g", pick(3), R"("]}, )");
  }
  return absl::StrCat(R"({"Sid": "S)", i, R"(", "Effect": ")", i % 10 == 9 ? "Deny" : "Allow",
                      R"(", )", principal, R"("Action": [)", absl::StrJoin(action_list, ", "),
                      R"(], "Resource": [)", absl::StrJoin(resources, ", "), "]",
                      conditions.empty() ? std::string()
                                         : absl::StrCat(R"(, "Condition": {)",
                                                        absl::StrJoin(conditions, ", "), "}"),
                      "}");
}

std::string Document(int statements, policy::PolicyKind kind, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> parts;
  for (int i = 0; i < statements; ++i) parts.push_back(Statement(i, kind, rng));
  return absl::StrCat(R"({"Version": "2012-10-17", "Statement": [)", absl::StrJoin(parts, ",\n"),
                      "]}");
}

struct Request {
  policy::Principal principal;
  std::string action;
  std::string resource;
  policy::RequestFacts facts;
};

std::vector<Request> Requests(int n) {
  std::mt19937 rng(7);
  auto pick = [&](int k) { return static_cast<int>(rng() % k); };
  std::vector<Request> out;
  for (int i = 0; i < n; ++i) {
    Request r;
    const int user = pick(8);
    r.principal.arn = absl::StrCat(kIam, "user/u", user);
    r.principal.name = absl::StrCat("u", user);
    r.principal.group_arns = {absl::StrCat(kIam, "group/g", pick(3))};
    r.principal.tags = {{"team", absl::StrCat("team", pick(4))}};
    r.action = Actions()[pick(Actions().size())];
    r.resource = pick(4) == 0 ? absl::StrCat(kGlue, "database/db", pick(20))
                              : absl::StrCat(kGlue, "table/db", pick(20), "/t_", pick(100));
    r.facts.source_ip = pick(2) ? "10.1.2.3" : "203.0.113.9";
    r.facts.secure_transport = true;
    r.facts.current_time = absl::FromUnixSeconds(1767225600 + pick(86400));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

absl::Status RunPolicy(const PolicyOptions& options) {
  const std::vector<Request> requests = Requests(256);
  Table table({"statements", "policy", "action index", "ns/decision", "allowed", "explicit deny",
               "compile"});
  for (int statements : options.statement_counts) {
    for (policy::PolicyKind kind : {policy::PolicyKind::kResource, policy::PolicyKind::kIdentity}) {
      for (bool indexed : {true, false}) {
        policy::CompileOptions compile;
        compile.kind = kind;
        compile.max_bytes = 1 << 20;  // the 100-statement documents exceed Glue's 10 KB
        if (indexed) compile.known_actions = Actions();
        const std::string doc = Document(statements, kind, 42 + statements);
        const auto t0 = std::chrono::steady_clock::now();
        auto compiled = policy::CompilePolicy(doc, compile);
        const auto compile_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                    std::chrono::steady_clock::now() - t0)
                                    .count();
        if (!compiled.ok()) return compiled.status();
        const std::vector<policy::AttachedPolicy> attached = {{"bench", *compiled}};
        const bool resource = kind == policy::PolicyKind::kResource;
        std::vector<double> per_round;
        int64_t allowed = 0, denied = 0;
        // Round -1 warms caches and is not reported.
        for (int round = -1; round < options.rounds; ++round) {
          allowed = denied = 0;
          const auto start = std::chrono::steady_clock::now();
          for (int64_t i = 0; i < options.decisions; ++i) {
            const Request& r = requests[i % requests.size()];
            policy::Evaluation e =
                resource
                    ? policy::Evaluate(r.principal, r.action, r.resource, r.facts, attached, {})
                    : policy::Evaluate(r.principal, r.action, r.resource, r.facts, {}, attached);
            allowed += e.decision == policy::Decision::kAllowed;
            denied += e.decision == policy::Decision::kExplicitDeny;
          }
          const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
          if (round >= 0) {
            per_round.push_back(static_cast<double>(ns) / static_cast<double>(options.decisions));
          }
        }
        std::sort(per_round.begin(), per_round.end());
        const double median = per_round[per_round.size() / 2];
        table.AddRow({FormatCount(statements), resource ? "resource" : "identity",
                      indexed ? "known actions" : "glob only", FormatDouble(median, 0),
                      FormatDouble(100.0 * allowed / options.decisions, 1) + "%",
                      FormatDouble(100.0 * denied / options.decisions, 1) + "%",
                      FormatLatency(absl::Nanoseconds(compile_ns))});
      }
    }
  }
  std::printf("Policy evaluation, median of %d rounds of %lld decisions over 256 requests\n%s\n",
              options.rounds, static_cast<long long>(options.decisions), table.ToString().c_str());
  return absl::OkStatus();
}

}  // namespace almanac::bench
