// The "policy" suite (issue 12), three parts (--parts):
//
// evaluate: Evaluate's cost per decision, in process (no server), for
// generated policies of 1, 10 and 100 statements with a realistic mix:
// action lists with some wildcards, wildcard and literal resources, a
// condition or two (source IP, a principal tag, the current time). Each size
// is measured as one resource policy and as one identity policy, compiled
// with the catalog's action list (the action index answers) and without one
// (every action matched by glob).
//
// authorizer: PolicyAuthorizer::Authorize (the gate's question) for
// glue:GetTable on a table ARN, i.e. three evaluations (catalog, database,
// table), with 1, 10 and 100 statements on the caller's path (over 10 KB,
// the server's limit per policy, they are spread over the catalog policy and
// the caller's identity policies). Uncached: a table never asked about
// before on every call (key, miss, three evaluations, insert). Cached: one
// table repeated, and 1,000 tables in turn (a listing's items).
//
// wire: three real `almanac serve` processes with the same catalog (1,000
// tables in database bench) and policies: enforcement off, on, and on with
// one more statement that names some tables of bench (so a listing of bench
// is not one decision for all items: each item is decided by its name).
// GetTable and the 1,000-table
// listings over gRPC and Thrift, blocks of calls interleaved between the
// servers, repeated; latency percentiles per call and the servers' CPU time
// per call.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ThriftHiveMetastore.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog/model/policy_record.h"
#include "catalog/model/request_context.h"
#include "catalog/model/resource_arn.h"
#include "catalog/policy/policy.h"
#include "catalog/service/gate.h"
#include "catalog/service/policy_authorizer.h"
#include "common/status_macros.h"
#include "tools/bench/bench_client.h"
#include "tools/bench/bench_util.h"
#include "tools/bench/hms_bench/hms_connection.h"
#include "tools/bench/suites.h"
#include "tools/testing/server_process.h"

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

// `time_conditions`: whether some statements read aws:CurrentTime (a decision
// that read the time is never cached, so the authorizer's documents leave it
// out). `actions`: the vocabulary to draw from (the server's own list for
// the authorizer, which refuses an action it does not know).
std::string Statement(int i, policy::PolicyKind kind, std::mt19937& rng,
                      bool time_conditions = true,
                      const std::vector<std::string>& actions = Actions()) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
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
  if (time_conditions && i % 5 == 3) {
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

absl::Status RunEvaluate(const PolicyOptions& options) {
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

// ---------------------------------------------------------------------------
// The authorizer: PolicyAuthorizer::Authorize, the gate's question, on a table
// ARN (three levels: catalog, database, table), uncached and cached.

// The server refuses a policy over 10 KB (Glue's limit), which holds about 30
// of these statements; a 100-statement setup therefore spreads them over the
// catalog policy and the caller's identity policies (user and groups), all of
// which take part in every decision of that caller.
constexpr size_t kMaxPolicyBytes = 10 * 1024;

std::string Wrap(const std::vector<std::string>& statements) {
  return absl::StrCat(R"({"Version": "2012-10-17", "Statement": [)",
                      absl::StrJoin(statements, ",\n"), "]}");
}

// What the benchmark's caller (user u1 in groups analysts and g1) needs: group
// analysts may read everything from the private networks and loopback.
std::string AnalystsReadStatement() {
  return absl::StrCat(R"({"Sid": "AnalystsRead", "Effect": "Allow", "Principal": {"AWS": [")",
                      kIam, R"(group/analysts"]}, "Action": ["glue:Get*"], "Resource": [")",
                      kGlue, R"(catalog", ")", kGlue, R"(database/*", ")", kGlue,
                      R"(table/*/*"], "Condition": {"IpAddress": {"aws:SourceIp": )"
                      R"(["10.0.0.0/8", "127.0.0.0/8"]}}})");
}

// The benchmark's writer: root may do anything (the wire suite creates the
// tables as root on the enforcing server).
std::string RootAllStatement() {
  return absl::StrCat(R"({"Sid": "RootAll", "Effect": "Allow", "Principal": {"AWS": ")", kIam,
                      R"(user/root"}, "Action": ["glue:*", "almanac:*"], "Resource": "*"})");
}

struct PolicySet {
  std::vector<model::PolicyRecord> records;
  std::string layout;  // "catalog 10" or "catalog 27 + user/u1 37 + group/analysts 35"
};

// `statements` statements on the path of u1's requests: the two above (the
// first as one of them when statements == 1 ... only AnalystsRead), then
// generated ones (no time conditions: a decision that read the time is
// never cached), the catalog policy first, overflow into identity policies.
// The bench's actions the server knows.
const std::vector<std::string>& ServerActions() {
  static const auto* actions = [] {
    auto* v = new std::vector<std::string>();
    const std::vector<std::string>& known = service::AllActions();
    for (const std::string& a : Actions()) {
      if (std::find(known.begin(), known.end(), a) != known.end()) v->push_back(a);
    }
    return v;
  }();
  return *actions;
}

absl::StatusOr<PolicySet> MakePolicySet(int statements, bool with_root, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> catalog = {AnalystsReadStatement()};
  if (with_root) catalog.push_back(RootAllStatement());
  const std::vector<std::string> identity_targets = {"user/u1", "group/analysts", "group/g1"};
  std::vector<std::vector<std::string>> identity(identity_targets.size());
  size_t target = 0;
  bool catalog_full = false;
  for (int i = static_cast<int>(catalog.size()); i < statements; ++i) {
    if (!catalog_full) {
      std::string st = Statement(i, policy::PolicyKind::kResource, rng, false, ServerActions());
      std::vector<std::string> next = catalog;
      next.push_back(st);
      if (Wrap(next).size() <= kMaxPolicyBytes) {
        catalog = std::move(next);
        continue;
      }
      catalog_full = true;
    }
    std::string st = Statement(i, policy::PolicyKind::kIdentity, rng, false, ServerActions());
    while (true) {
      if (target == identity.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat(statements, " statements do not fit the benchmark's policies"));
      }
      std::vector<std::string> next = identity[target];
      next.push_back(st);
      if (Wrap(next).size() <= kMaxPolicyBytes) {
        identity[target] = std::move(next);
        break;
      }
      ++target;
    }
  }
  PolicySet set;
  set.records.push_back({.target = "catalog",
                         .kind = model::PolicyTargetKind::kResource,
                         .document = Wrap(catalog)});
  set.layout = absl::StrCat("catalog ", catalog.size());
  for (size_t t = 0; t < identity.size(); ++t) {
    if (identity[t].empty()) continue;
    set.records.push_back({.target = identity_targets[t],
                           .kind = model::PolicyTargetKind::kIdentity,
                           .document = Wrap(identity[t])});
    absl::StrAppend(&set.layout, " + ", identity_targets[t], " ", identity[t].size());
  }
  return set;
}

model::RequestContext BenchCaller() {
  model::RequestContext ctx;
  ctx.principal = "u1";
  ctx.groups = {"analysts", "g1"};
  ctx.source_address = "ipv4:10.1.2.3:50312";
  ctx.front_end = model::FrontEnd::kGrpc;
  ctx.request_id = "bench";
  return ctx;
}

absl::Status RunAuthorizer(const PolicyOptions& options) {
  const model::ResourceArns arns;
  const model::RequestContext ctx = BenchCaller();
  Table table({"statements", "policies", "mode", "ns/decision", "allowed"});
  for (int statements : options.statement_counts) {
    absl::StatusOr<PolicySet> set = MakePolicySet(statements, false, 42 + statements);
    if (!set.ok()) return set.status();
    service::PolicyAuthorizerOptions authz_options;
    authz_options.enforce = true;
    authz_options.admins = {"user/root"};
    service::PolicyAuthorizer authz(authz_options);
    if (std::vector<std::string> problems = authz.Install(authz.NextGeneration(), set->records);
        !problems.empty()) {
      return absl::InternalError(absl::StrCat("install: ", absl::StrJoin(problems, "; ")));
    }
    enum Mode { kUncached, kCachedOne, kCachedListing };
    for (Mode mode : {kUncached, kCachedOne, kCachedListing}) {
      const int64_t decisions =
          mode == kUncached ? options.uncached_decisions : options.decisions;
      std::vector<double> per_round;
      int64_t allowed = 0;
      for (int round = -1; round < options.rounds; ++round) {
        // The resources of this round, built before the clock starts.
        // Uncached: a table never asked about before (a fresh cache key, the
        // whole path: key, miss, three evaluations, insert). Cached: one
        // table, or the 1,000 tables of a listing, asked about before.
        std::vector<std::string> resources;
        if (mode == kUncached) {
          resources.reserve(decisions);
          for (int64_t i = 0; i < decisions; ++i) {
            resources.push_back(
                arns.Table(absl::StrCat("db", i % 20), absl::StrCat("t_", round + 1, "_", i)));
          }
        } else if (mode == kCachedOne) {
          resources.push_back(arns.Table("db3", "t_17"));
        } else {
          for (int i = 0; i < 1000; ++i) {
            resources.push_back(arns.Table("db3", absl::StrCat("t_", i)));
          }
        }
        if (mode != kUncached) {
          for (const std::string& r : resources) {
            (void)authz.Authorize(service::AccessRequest{.context = ctx,
                                                         .action = "glue:GetTable",
                                                         .resource = r});
          }
        }
        allowed = 0;
        const auto start = std::chrono::steady_clock::now();
        for (int64_t i = 0; i < decisions; ++i) {
          const std::string& r = resources[i % resources.size()];
          allowed += authz
                         .Authorize(service::AccessRequest{
                             .context = ctx, .action = "glue:GetTable", .resource = r})
                         .ok();
        }
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
        if (round >= 0) per_round.push_back(static_cast<double>(ns) / decisions);
      }
      std::sort(per_round.begin(), per_round.end());
      table.AddRow({FormatCount(statements), set->layout,
                    mode == kUncached     ? "uncached (new table each call)"
                    : mode == kCachedOne  ? "cached (one table)"
                                          : "cached (1,000 tables in turn)",
                    FormatDouble(per_round[per_round.size() / 2], 0),
                    FormatDouble(100.0 * allowed / decisions, 1) + "%"});
    }
  }
  std::printf(
      "PolicyAuthorizer::Authorize(glue:GetTable on a table ARN: catalog, database, table), "
      "caller u1 in groups analysts, g1; median of %d rounds (%lld uncached / %lld cached "
      "decisions per round)\n%s\n",
      options.rounds, static_cast<long long>(options.uncached_decisions),
      static_cast<long long>(options.decisions), table.ToString().c_str());
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// On the wire: three real servers in one run, the same catalog on each: one
// plain ("off"), one with --enforce-policies ("on"), and one enforcing the
// same policies plus one statement that names some tables of the listed
// database ("on, per item": a listing there is not one decision for all
// items; each is decided by its name from the listing's prepared policies);
// the calls interleaved.

struct WireServer {
  std::string name;
  std::string data_dir;
  std::unique_ptr<testing::ServerProcess> process;
  int thrift_port = 0;
  std::unique_ptr<Stub> stub;
  std::unique_ptr<hms::HmsConnection> thrift;
  ~WireServer() {
    thrift.reset();
    stub.reset();
    if (process != nullptr) (void)process->Stop();
    if (!data_dir.empty()) testing::RemoveTree(data_dir);
  }
};

void AddCaller(grpc::ClientContext& ctx, const std::string& principal,
               const std::string& groups) {
  ctx.AddMetadata("x-almanac-principal", principal);
  if (!groups.empty()) ctx.AddMetadata("x-almanac-groups", groups);
}

absl::StatusOr<std::unique_ptr<WireServer>> StartWireServer(const std::string& binary,
                                                            const std::string& name,
                                                            bool enforce,
                                                            const PolicySet& policies,
                                                            int tables) {
  auto server = std::make_unique<WireServer>();
  server->name = name;
  server->data_dir = testing::MakeTempDir("policy-bench");
  if (server->data_dir.empty()) return absl::InternalError("cannot make a temporary directory");
  std::vector<std::string> args = {"--log-format", "json", "--log-level", "info"};
  if (enforce) {
    args.insert(args.end(), {"--enforce-policies", "--admin", "user/root"});
  }
  auto process = testing::ServerProcess::Start(binary, server->data_dir, args);
  if (!process.ok()) return process.status();
  server->process = std::move(*process);
  for (int attempt = 0; attempt < 600 && server->thrift_port == 0; ++attempt) {
    for (const std::string& line : server->process->lines()) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.value("event", "") == "listening" &&
          j.value("front_end", "") == "thrift" && j.contains("port")) {
        server->thrift_port = j["port"].get<int>();
      }
    }
    if (server->thrift_port == 0) absl::SleepFor(absl::Milliseconds(100));
  }
  if (server->thrift_port == 0) return absl::InternalError("no thrift listening line");
  server->stub = MakeStub(server->process->address(), true);
  // The same policies on both servers (stored, enforced only by "on").
  for (const model::PolicyRecord& record : policies.records) {
    grpc::ClientContext ctx;
    AddCaller(ctx, "root", "");
    v1::PutPolicyRequest request;
    request.set_target(record.target);
    request.set_document(record.document);
    v1::PutPolicyResponse response;
    RETURN_IF_ERROR(FromGrpc(server->stub->PutPolicy(&ctx, request, &response),
                             absl::StrCat("put policy of '", record.target, "'")));
  }
  {
    grpc::ClientContext ctx;
    AddCaller(ctx, "root", "");
    v1::CreateDatabaseRequest request;
    request.mutable_database()->set_name("bench");
    v1::CreateDatabaseResponse response;
    RETURN_IF_ERROR(FromGrpc(server->stub->CreateDatabase(&ctx, request, &response),
                             "create database"));
  }
  for (int i = 0; i < tables; ++i) {
    grpc::ClientContext ctx;
    AddCaller(ctx, "root", "");
    v1::CreateTableRequest request;
    *request.mutable_table() = MakeTable("bench", absl::StrFormat("t_%04d", i), {});
    v1::CreateTableResponse response;
    RETURN_IF_ERROR(FromGrpc(server->stub->CreateTable(&ctx, request, &response),
                             "create table"));
  }
  auto thrift = hms::HmsConnection::Open({"127.0.0.1", server->thrift_port});
  if (!thrift.ok()) return thrift.status();
  server->thrift = std::move(*thrift);
  RETURN_IF_ERROR(server->thrift->Call([](almanac::hms::ThriftHiveMetastoreClient& c) {
    std::vector<std::string> out;
    c.set_ugi(out, "u1", {"analysts", "g1"});
  }));
  return server;
}

// CPU time of every live thread of `pid` so far: the sum of the first field
// of /proc/PID/task/*/schedstat, in nanoseconds (/proc/PID/stat counts in
// 10 ms ticks, too coarse for a block of calls). The time of threads that
// ended is lost, so it measures only servers that keep their threads.
absl::StatusOr<absl::Duration> ThreadsCpuTime(pid_t pid) {
  std::error_code ec;
  int64_t ns = 0;
  const std::string dir = absl::StrCat("/proc/", pid, "/task");
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::ifstream in(entry.path() / "schedstat");
    int64_t run_ns = 0;
    if (in >> run_ns) ns += run_ns;
  }
  if (ec) return absl::UnavailableError(absl::StrCat("cannot read ", dir));
  return absl::Nanoseconds(ns);
}

struct WireOp {
  std::string name;
  int calls_per_block;
  int64_t expected;  // results per call
  // One call; returns how many results it got.
  std::function<absl::StatusOr<int64_t>(WireServer&)> call;
};

absl::Status RunWire(const EnvOptions& env, const PolicyOptions& options) {
  const int tables = options.wire_tables;
  absl::StatusOr<PolicySet> set = MakePolicySet(options.wire_statements, true, 4242);
  if (!set.ok()) return set.status();
  // "on, per item": nobody may touch the scratch tables of bench (there are
  // none; the statement only names some of the database's possible tables).
  PolicySet per_item = *set;
  const std::string scratch = absl::StrCat(
      R"({"Sid": "NoScratch", "Effect": "Deny", "Principal": "*", "Action": "glue:*", )",
      R"("Resource": ")", kGlue, R"(table/bench/scratch_*"},)", "\n");
  per_item.records[0].document.insert(per_item.records[0].document.find('[') + 1, scratch);
  std::printf(
      "Starting three servers (enforcement off / on / on with a statement naming tables of the "
      "listed database), %d tables each, policies: %s\n",
      tables, set->layout.c_str());
  std::fflush(stdout);
  std::vector<std::unique_ptr<WireServer>> servers;
  for (int i = 0; i < 3; ++i) {
    auto s = StartWireServer(env.almanac_binary, i == 0 ? "off" : i == 1 ? "on" : "on, per item",
                             i > 0, i == 2 ? per_item : *set, tables);
    if (!s.ok()) return s.status();
    std::printf("server '%s': pid %d, grpc %s, thrift port %d\n", (*s)->name.c_str(),
                static_cast<int>((*s)->process->pid()), (*s)->process->address().c_str(),
                (*s)->thrift_port);
    servers.push_back(std::move(*s));
  }
  std::fflush(stdout);
  std::vector<std::string> names;
  for (int i = 0; i < tables; ++i) names.push_back(absl::StrFormat("t_%04d", i));
  const std::string some_table = names[names.size() / 2];

  // Enforcement is really on: a caller no policy names is refused by "on"
  // and served by "off".
  for (auto& s : servers) {
    grpc::ClientContext ctx;
    AddCaller(ctx, "mallory", "");
    v1::GetTableRequest request;
    request.set_database("bench");
    request.set_name(some_table);
    v1::GetTableResponse response;
    grpc::Status st = s->stub->GetTable(&ctx, request, &response);
    std::printf("check: mallory GetTable on %s: %s\n", s->name.c_str(),
                st.ok() ? "allowed" : st.error_message().c_str());
  }

  std::vector<WireOp> ops;
  ops.push_back({"grpc GetTable", options.wire_small_calls, 1,
                 [&](WireServer& s) -> absl::StatusOr<int64_t> {
                   grpc::ClientContext ctx;
                   AddCaller(ctx, "u1", "analysts,g1");
                   v1::GetTableRequest request;
                   request.set_database("bench");
                   request.set_name(some_table);
                   v1::GetTableResponse response;
                   RETURN_IF_ERROR(FromGrpc(s.stub->GetTable(&ctx, request, &response), "get"));
                   return 1;
                 }});
  ops.push_back({"grpc ListTables (1 page)", options.wire_list_calls, tables,
                 [&](WireServer& s) -> absl::StatusOr<int64_t> {
                   grpc::ClientContext ctx;
                   AddCaller(ctx, "u1", "analysts,g1");
                   v1::ListTablesRequest request;
                   request.set_database("bench");
                   request.set_page_size(1000);
                   v1::ListTablesResponse response;
                   RETURN_IF_ERROR(FromGrpc(s.stub->ListTables(&ctx, request, &response), "list"));
                   return response.names_size();
                 }});
  ops.push_back({"thrift get_table", options.wire_small_calls, 1,
                 [&](WireServer& s) -> absl::StatusOr<int64_t> {
                   almanac::hms::Table t;
                   RETURN_IF_ERROR(s.thrift->Call([&](almanac::hms::ThriftHiveMetastoreClient& c) {
                     c.get_table(t, "bench", some_table);
                   }));
                   return 1;
                 }});
  ops.push_back({"thrift get_tables(db, '*')", options.wire_list_calls, tables,
                 [&](WireServer& s) -> absl::StatusOr<int64_t> {
                   std::vector<std::string> out;
                   RETURN_IF_ERROR(s.thrift->Call([&](almanac::hms::ThriftHiveMetastoreClient& c) {
                     c.get_tables(out, "bench", "*");
                   }));
                   return static_cast<int64_t>(out.size());
                 }});
  ops.push_back({"thrift get_table_objects_by_name", std::max(1, options.wire_list_calls / 4), tables,
                 [&](WireServer& s) -> absl::StatusOr<int64_t> {
                   std::vector<almanac::hms::Table> out;
                   RETURN_IF_ERROR(s.thrift->Call([&](almanac::hms::ThriftHiveMetastoreClient& c) {
                     c.get_table_objects_by_name(out, "bench", names);
                   }));
                   return static_cast<int64_t>(out.size());
                 }});

  if (!options.wire_only.empty()) {
    std::vector<WireOp> kept;
    for (WireOp& op : ops) {
      if (op.name.find(options.wire_only) != std::string::npos) kept.push_back(std::move(op));
    }
    ops = std::move(kept);
    if (ops.empty()) return absl::InvalidArgumentError("--wire-only matches no call");
  }
  // samples[op][server]; ratios[op]: per round, median on / median off.
  std::vector<std::array<LatencySamples, 3>> samples(ops.size());
  std::vector<std::vector<double>> ratios(ops.size());
  // Server CPU time (all threads, /proc/PID/task/*/schedstat) over the timed blocks:
  // robust where wall-clock latency on a shared machine is not.
  std::vector<std::array<absl::Duration, 3>> cpu(ops.size());
  for (int round = -1; round < options.wire_rounds; ++round) {
    for (size_t o = 0; o < ops.size(); ++o) {
      std::array<LatencySamples, 3> block;
      // Rotate which server goes first.
      for (int k = 0; k < 3; ++k) {
        const int which = (round + 1 + k + static_cast<int>(o)) % 3;
        WireServer& s = *servers[which];
        absl::StatusOr<absl::Duration> cpu_before = ThreadsCpuTime(s.process->pid());
        if (!cpu_before.ok()) return cpu_before.status();
        for (int c = 0; c < ops[o].calls_per_block; ++c) {
          const absl::Time t0 = absl::Now();
          absl::StatusOr<int64_t> n = ops[o].call(s);
          const absl::Duration d = absl::Now() - t0;
          if (!n.ok()) {
            return absl::Status(n.status().code(), absl::StrCat(ops[o].name, " on ", s.name,
                                                                ": ", n.status().message()));
          }
          if (*n != ops[o].expected) {
            return absl::InternalError(absl::StrCat(ops[o].name, " on ", s.name, ": ", *n,
                                                    " results, expected ", ops[o].expected));
          }
          block[which].Add(d);
        }
        absl::StatusOr<absl::Duration> cpu_after = ThreadsCpuTime(s.process->pid());
        if (!cpu_after.ok()) return cpu_after.status();
        if (round >= 0) cpu[o][which] += *cpu_after - *cpu_before;
      }
      if (round < 0) continue;  // warm-up
      ratios[o].push_back(absl::FDivDuration(block[1].Percentile(50), block[0].Percentile(50)));
      for (int k = 0; k < 3; ++k) samples[o][k].Merge(block[k]);
    }
  }
  Table table({"call", "calls", "off p50", "off p99", "on p50", "on p99", "on/off p50",
               "per-round on/off (min..max)", "per-item p50", "per-item p99",
               "per-item/off p50", "server CPU/call off", "on", "per-item", "CPU on/off"});
  for (size_t o = 0; o < ops.size(); ++o) {
    std::vector<double> r = ratios[o];
    std::sort(r.begin(), r.end());
    // gRPC's server ends and starts threads as load changes, and an ended
    // thread's time leaves /proc/PID/task: its CPU figures are not
    // trustworthy (they came out negative), so only Thrift's (one thread per
    // connection, alive throughout) are shown.
    const bool cpu_ok = ops[o].name.rfind("thrift", 0) == 0;
    table.AddRow({ops[o].name, FormatCount(samples[o][0].count()),
                  FormatLatency(samples[o][0].Percentile(50)),
                  FormatLatency(samples[o][0].Percentile(99)),
                  FormatLatency(samples[o][1].Percentile(50)),
                  FormatLatency(samples[o][1].Percentile(99)),
                  FormatDouble(absl::FDivDuration(samples[o][1].Percentile(50),
                                                  samples[o][0].Percentile(50)),
                               3),
                  absl::StrCat(FormatDouble(r.front(), 3), "..", FormatDouble(r.back(), 3)),
                  FormatLatency(samples[o][2].Percentile(50)),
                  FormatLatency(samples[o][2].Percentile(99)),
                  FormatDouble(absl::FDivDuration(samples[o][2].Percentile(50),
                                                  samples[o][0].Percentile(50)),
                               3),
                  cpu_ok ? FormatLatency(cpu[o][0] / samples[o][0].count()) : "-",
                  cpu_ok ? FormatLatency(cpu[o][1] / samples[o][1].count()) : "-",
                  cpu_ok ? FormatLatency(cpu[o][2] / samples[o][2].count()) : "-",
                  cpu_ok ? FormatDouble(absl::FDivDuration(cpu[o][1], cpu[o][0]), 3) : "-"});
  }
  std::printf(
      "Enforcement off vs on, caller u1 (groups analysts, g1) allowed by the catalog policy; "
      "%d rounds (after one warm-up), blocks of calls interleaved, first server rotating\n%s\n",
      options.wire_rounds, table.ToString().c_str());
  return absl::OkStatus();
}

}  // namespace

absl::Status RunPolicy(const EnvOptions& env, const PolicyOptions& options) {
  auto part = [&](const std::string& name) {
    return std::find(options.parts.begin(), options.parts.end(), name) != options.parts.end();
  };
  if (part("evaluate")) RETURN_IF_ERROR(RunEvaluate(options));
  if (part("authorizer")) RETURN_IF_ERROR(RunAuthorizer(options));
  if (part("wire")) RETURN_IF_ERROR(RunWire(env, options));
  return absl::OkStatus();
}
}  // namespace almanac::bench
