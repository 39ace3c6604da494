#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "catalog/policy/condition.h"
#include "catalog/policy/policy.h"
#include "catalog/policy/testdata_util.h"
#include "common/absl_view.h"
#include "gtest/gtest.h"

// Counts heap allocations so a test can check what an evaluation allocates.
// GCC flags the malloc/free pair behind operator new/delete; it is deliberate.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
static std::atomic<int64_t> g_allocations{0};
void* operator new(size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace almanac::policy {
namespace {

constexpr char kAccount[] = "123456789012";
constexpr char kArnPrefix[] = "arn:aws:glue:us-east-1:123456789012:";

std::string Trim(absl::string_view s) { return std::string(absl::StripAsciiWhitespace(s)); }

std::string Label(const MatchedStatement& m) {
  return m.policy + ":" + (m.sid.empty() ? "#" + std::to_string(m.index + 1) : m.sid);
}

std::string IamArn(const std::string& s) {
  if (s.rfind("arn:", 0) == 0) return s;
  return std::string("arn:aws:iam::") + kAccount + ":" + s;
}

struct ParsedCase {
  int line = 0;
  std::string rule;
  Principal principal;
  std::string action;
  std::string resource;
  std::vector<std::string> resource_policies, identity_policies;
  RequestFacts facts;
  std::string want;  // "allowed P1:Sid" ...
};

// Runs catalog/policy/testdata/decision_cases.txt (its header explains the
// format) twice: with policies compiled against the catalog's action list (the
// action index answers) and without one (every action matched by glob). Both
// must give the same answers.
class DecisionCasesTest : public ::testing::TestWithParam<bool> {};

TEST_P(DecisionCasesTest, TableDriven) {
  const bool with_known_actions = GetParam();
  const std::vector<std::string> lines =
      testing::ReadLines(testing::TestdataPath("decision_cases.txt"));
  ASSERT_FALSE(lines.empty()) << "cannot read decision_cases.txt";
  std::map<std::string, std::shared_ptr<const CompiledPolicy>> policies;
  std::map<std::string, std::string> rules_seen;
  int cases = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const int line_no = static_cast<int>(i + 1);
    if (Trim(line).empty() || line[0] == '#') continue;
    if (line.rfind("policy ", 0) == 0) {
      std::vector<std::string> head = absl::StrSplit(line, ' ', absl::SkipEmpty());
      ASSERT_EQ(head.size(), 3u) << "line " << line_no;
      ASSERT_TRUE(head[2] == "resource" || head[2] == "identity") << "line " << line_no;
      std::string json;
      for (++i; i < lines.size() && lines[i] != "end"; ++i) json += lines[i] + "\n";
      ASSERT_LT(i, lines.size()) << "policy at line " << line_no << " has no 'end'";
      CompileOptions options;
      options.kind = head[2] == "resource" ? PolicyKind::kResource : PolicyKind::kIdentity;
      if (with_known_actions) options.known_actions = testing::KnownActions();
      auto compiled = CompilePolicy(json, options);
      ASSERT_TRUE(compiled.ok()) << "policy " << head[1] << " (line " << line_no
                                 << "): " << compiled.status();
      ASSERT_TRUE(policies.emplace(head[1], *compiled).second)
          << "duplicate policy name " << head[1];
      continue;
    }
    const size_t arrow = line.rfind(" => ");
    ASSERT_NE(arrow, std::string::npos) << "line " << line_no << ": no ' => '";
    std::vector<std::string> fields = absl::StrSplit(line.substr(0, arrow), '|');
    ASSERT_GE(fields.size(), 2u) << "line " << line_no;
    ParsedCase c;
    c.line = line_no;
    c.rule = Trim(fields[0]);
    ASSERT_FALSE(c.rule.empty()) << "line " << line_no << ": every case names its rule";
    for (size_t f = 1; f < fields.size(); ++f) {
      for (absl::string_view token : absl::StrSplit(fields[f], ' ', absl::SkipEmpty())) {
        const size_t eq = token.find('=');
        ASSERT_NE(eq, absl::string_view::npos) << "line " << line_no << ": token " << token;
        const std::string key(token.substr(0, eq));
        const std::string value(token.substr(eq + 1));
        const auto pair = [&](std::map<std::string, std::string>* m) {
          const size_t colon = value.find(':');
          ASSERT_NE(colon, std::string::npos) << "line " << line_no << ": " << token;
          (*m)[value.substr(0, colon)] = value.substr(colon + 1);
        };
        if (key == "principal") {
          if (value != "anonymous") {
            c.principal.arn = IamArn(value);
            const size_t slash = value.rfind('/');
            if (value.find("user/") != std::string::npos)
              c.principal.name = value.substr(slash + 1);
          }
        } else if (key == "userid") {
          c.principal.user_id = value;
        } else if (key == "groups") {
          for (absl::string_view g : absl::StrSplit(value, ',')) {
            c.principal.group_arns.push_back(IamArn("group/" + std::string(g)));
          }
        } else if (key == "tags") {
          for (absl::string_view kv : absl::StrSplit(value, ',')) {
            const size_t colon = kv.find(':');
            ASSERT_NE(colon, absl::string_view::npos) << "line " << line_no;
            c.principal.tags[std::string(kv.substr(0, colon))] = std::string(kv.substr(colon + 1));
          }
        } else if (key == "action") {
          c.action = value;
        } else if (key == "resource") {
          c.resource = value.rfind("arn:", 0) == 0 ? value : kArnPrefix + value;
        } else if (key == "resource_policies") {
          c.resource_policies = absl::StrSplit(value, ',', absl::SkipEmpty());
        } else if (key == "identity_policies") {
          c.identity_policies = absl::StrSplit(value, ',', absl::SkipEmpty());
        } else if (key == "ip") {
          c.facts.source_ip = value;
        } else if (key == "secure") {
          c.facts.secure_transport = value == "true";
        } else if (key == "time") {
          auto t = internal::ParseDate(value);
          ASSERT_TRUE(t.has_value()) << "line " << line_no << ": bad time " << value;
          c.facts.current_time = *t;
        } else if (key == "reqtag") {
          pair(&c.facts.request_tags);
        } else if (key == "restag") {
          pair(&c.facts.resource_tags);
        } else if (key == "ctx") {
          // ctx=glue:tablename=orders,items  (an empty list: ctx=key=)
          const size_t eq2 = value.find('=');
          ASSERT_NE(eq2, std::string::npos) << "line " << line_no;
          std::vector<std::string>& values = c.facts.extra[value.substr(0, eq2)];
          if (eq2 + 1 < value.size()) values = absl::StrSplit(value.substr(eq2 + 1), ',');
        } else {
          FAIL() << "line " << line_no << ": unknown token " << token;
        }
      }
    }
    ASSERT_FALSE(c.action.empty()) << "line " << line_no;
    ASSERT_FALSE(c.resource.empty()) << "line " << line_no;
    std::vector<AttachedPolicy> rp, ip;
    for (const std::string& n : c.resource_policies) {
      ASSERT_TRUE(policies.count(n)) << "line " << line_no << ": no policy " << n;
      ASSERT_EQ(policies[n]->kind(), PolicyKind::kResource) << "line " << line_no << ": " << n;
      rp.push_back({n, policies[n]});
    }
    for (const std::string& n : c.identity_policies) {
      ASSERT_TRUE(policies.count(n)) << "line " << line_no << ": no policy " << n;
      ASSERT_EQ(policies[n]->kind(), PolicyKind::kIdentity) << "line " << line_no << ": " << n;
      ip.push_back({n, policies[n]});
    }
    // Expected: <decision> [POLICY:SID] [missing=k1,k2] [matched=P:S,P:S]
    std::vector<std::string> want = absl::StrSplit(line.substr(arrow + 4), ' ', absl::SkipEmpty());
    ASSERT_FALSE(want.empty()) << "line " << line_no;
    std::string want_deciding, want_missing, want_matched;
    bool check_matched = false;
    for (size_t w = 1; w < want.size(); ++w) {
      if (want[w].rfind("missing=", 0) == 0) {
        want_missing = want[w].substr(8);
      } else if (want[w].rfind("matched=", 0) == 0) {
        want_matched = want[w].substr(8);
        check_matched = true;
      } else {
        ASSERT_TRUE(want_deciding.empty()) << "line " << line_no;
        want_deciding = want[w];
      }
    }
    ++cases;
    const Evaluation e = Evaluate(c.principal, c.action, c.resource, c.facts, rp, ip);
    const std::string where = "line " + std::to_string(line_no) + " (" + c.rule + ")";
    EXPECT_EQ(std::string(DecisionName(e.decision)), want[0]) << where;
    EXPECT_EQ(e.deciding ? Label(*e.deciding) : "", want_deciding) << where;
    EXPECT_EQ(absl::StrJoin(e.missing_context_keys, ","), want_missing) << where;
    if (check_matched) {
      std::vector<std::string> got;
      for (const MatchedStatement& m : e.matched) got.push_back(Label(m));
      EXPECT_EQ(absl::StrJoin(got, ","), want_matched) << where;
    }
    // Consistency: the deciding statement is among the matched ones.
    if (e.deciding) {
      bool found = false;
      for (const MatchedStatement& m : e.matched) found |= Label(m) == Label(*e.deciding);
      EXPECT_TRUE(found) << where;
    }
  }
  EXPECT_GE(cases, 220);
}

INSTANTIATE_TEST_SUITE_P(KnownActions, DecisionCasesTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Indexed" : "Glob";
                         });

std::shared_ptr<const CompiledPolicy> MustCompile(const std::string& json, PolicyKind kind) {
  CompileOptions options;
  options.kind = kind;
  options.known_actions = testing::KnownActions();
  auto p = CompilePolicy(json, options);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : nullptr;
}

Principal Alice() {
  Principal p;
  p.arn = "arn:aws:iam::123456789012:user/alice";
  p.name = "alice";
  return p;
}

TEST(EvaluateTest, DependenceFlags) {
  auto time_policy = MustCompile(R"({"Version": "2012-10-17", "Statement": {
      "Effect": "Allow", "Action": "glue:GetTable", "Resource": "*",
      "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}})",
                                 PolicyKind::kIdentity);
  RequestFacts facts;
  facts.current_time = absl::FromUnixSeconds(1700000000);
  const std::vector<AttachedPolicy> ip = {{"u", time_policy}};
  Evaluation e =
      Evaluate(Alice(), "glue:GetTable", std::string(kArnPrefix) + "catalog", facts, {}, ip);
  EXPECT_EQ(e.decision, Decision::kAllowed);
  EXPECT_TRUE(e.time_dependent);
  EXPECT_TRUE(e.context_dependent);
  // A statement that did not apply reads no condition.
  e = Evaluate(Alice(), "glue:DeleteTable", std::string(kArnPrefix) + "catalog", facts, {}, ip);
  EXPECT_EQ(e.decision, Decision::kImplicitDeny);
  EXPECT_FALSE(e.time_dependent);
  EXPECT_FALSE(e.context_dependent);

  auto user_policy = MustCompile(R"({"Statement": {"Effect": "Allow", "Action": "glue:*",
      "Resource": "*", "Condition": {"StringEquals": {"aws:username": "alice"}}}})",
                                 PolicyKind::kIdentity);
  e = Evaluate(Alice(), "glue:GetTable", std::string(kArnPrefix) + "catalog", facts, {},
               {{"u", user_policy}});
  EXPECT_EQ(e.decision, Decision::kAllowed);
  EXPECT_FALSE(e.context_dependent);  // the principal is not a request fact
  EXPECT_FALSE(e.time_dependent);
}

TEST(EvaluateTest, NullPolicyIsSkippedAndNamesAreReported) {
  auto allow = MustCompile(R"({"Statement": [{"Sid": "A", "Effect": "Allow",
      "Principal": "*", "Action": "glue:GetTable", "Resource": "*"}]})",
                           PolicyKind::kResource);
  const std::vector<AttachedPolicy> rp = {{"empty", nullptr}, {"table/sales/orders", allow}};
  Evaluation e = Evaluate(Alice(), "GLUE:GETTABLE", std::string(kArnPrefix) + "table/sales/orders",
                          {}, rp, {});
  ASSERT_EQ(e.decision, Decision::kAllowed);
  ASSERT_TRUE(e.deciding.has_value());
  EXPECT_EQ(e.deciding->policy, "table/sales/orders");
  EXPECT_EQ(e.deciding->sid, "A");
  EXPECT_EQ(e.deciding->index, 0);
  EXPECT_EQ(e.deciding->effect, Effect::kAllow);
}

TEST(EvaluateTest, NoAllocationWhenNothingMatches) {
  auto p = MustCompile(R"({"Version": "2012-10-17", "Statement": [
      {"Sid": "Office", "Effect": "Allow", "Principal": {"AWS": "123456789012"},
       "Action": ["glue:GetTable", "glue:Get*"],
       "Resource": ["arn:aws:glue:us-east-1:123456789012:table/sales/*",
                    "arn:aws:glue:us-east-1:123456789012:table/*/t_??"],
       "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
                     "StringEquals": {"aws:PrincipalTag/team": ["red", "blue"]},
                     "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}]})",
                       PolicyKind::kResource);
  const std::vector<AttachedPolicy> rp = {{"catalog", p}};
  Principal alice = Alice();
  alice.tags = {{"team", "red"}};
  RequestFacts facts;
  facts.source_ip = "192.168.1.1";  // the condition fails
  facts.current_time = absl::FromUnixSeconds(1767225600);
  const std::string table = std::string(kArnPrefix) + "table/sales/orders";
  (void)Evaluate(alice, "glue:GetTable", table, facts, rp, {});
  const int64_t before = g_allocations.load();
  Evaluation e = Evaluate(alice, "glue:GetTable", table, facts, rp, {});
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(e.decision, Decision::kImplicitDeny);
  EXPECT_TRUE(e.context_dependent);
}

TEST(EvaluateTest, LongAndUnknownActions) {
  auto p = MustCompile(R"({"Statement": [
      {"Sid": "All", "Effect": "Allow", "Action": "glue:*", "Resource": "*"}]})",
                       PolicyKind::kIdentity);
  const std::string long_action = "glue:" + std::string(300, 'X');
  Evaluation e =
      Evaluate(Alice(), long_action, std::string(kArnPrefix) + "catalog", {}, {}, {{"u", p}});
  EXPECT_EQ(e.decision, Decision::kAllowed);
  e = Evaluate(Alice(), "almanac:" + std::string(300, 'x'), std::string(kArnPrefix) + "catalog", {},
               {}, {{"u", p}});
  EXPECT_EQ(e.decision, Decision::kImplicitDeny);
  e = Evaluate(Alice(), "", "", {}, {}, {{"u", p}});
  EXPECT_EQ(e.decision, Decision::kImplicitDeny);
}

TEST(EvaluateTest, DecisionNames) {
  EXPECT_EQ(DecisionName(Decision::kAllowed), "allowed");
  EXPECT_EQ(DecisionName(Decision::kExplicitDeny), "explicitDeny");
  EXPECT_EQ(DecisionName(Decision::kImplicitDeny), "implicitDeny");
}

TEST(EvaluateTest, ConcurrentEvaluationsAgree) {
  auto p = MustCompile(R"({"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "glue:Get*",
       "Resource": "arn:aws:glue:us-east-1:123456789012:table/${aws:username}/*"}]})",
                       PolicyKind::kResource);
  std::vector<std::thread> threads;
  std::atomic<int> allowed{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        Evaluation e = Evaluate(Alice(), "glue:GetTable", std::string(kArnPrefix) + "table/alice/t",
                                {}, {{"c", p}}, {});
        if (e.decision == Decision::kAllowed) allowed.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(allowed.load(), 8000);
}

}  // namespace
}  // namespace almanac::policy
