// PrefixEvaluator: a listing's decisions prepared once must be, for every
// item name, Evaluate's decision on prefix + name. Data-driven: each case is
// a set of policies, a prefix, what preparing should find (null, one answer
// for every name, or answers by name) and some names' expected decisions;
// every case is also checked against Evaluate over a common list of names.
#include "catalog/policy/prefix_evaluator.h"

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/policy/compiled.h"
#include "catalog/policy/policy.h"
#include "catalog/policy/testdata_util.h"
#include "gtest/gtest.h"

// Counts heap allocations so a test can check what Decide allocates.
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

constexpr char kGlue[] = "arn:aws:glue:us-east-1:123456789012:";
constexpr char kIam[] = "arn:aws:iam::123456789012:";

std::string G(const std::string& rest) { return absl::StrCat("\"", kGlue, rest, "\""); }

// A resource-policy statement for group analysts.
std::string R(const std::string& effect, const std::string& resource_element,
              const std::string& resources, const std::string& action = "glue:Get*",
              const std::string& extra = "") {
  return absl::StrCat(R"({"Effect": ")", effect, R"(", "Principal": {"AWS": ")", kIam,
                      R"(group/analysts"}, "Action": ")", action, R"(", ")", resource_element,
                      R"(": )", resources, extra, "}");
}
// An identity-policy statement.
std::string I(const std::string& effect, const std::string& resources,
              const std::string& extra = "") {
  return absl::StrCat(R"({"Effect": ")", effect, R"(", "Action": "glue:*", "Resource": )",
                      resources, extra, "}");
}

std::string Doc(const std::vector<std::string>& statements) {
  std::string out = R"({"Version": "2012-10-17", "Statement": [)";
  for (size_t i = 0; i < statements.size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", statements[i]);
  }
  return out + "]}";
}

enum class Want { kNull, kUniform, kByName };

struct Case {
  std::string name;
  std::vector<std::string> resource;  // statements of the catalog's policy
  std::vector<std::string> identity;  // statements of group analysts' policy
  std::string prefix;                 // after kGlue
  Want want;
  std::vector<std::pair<std::string, Decision>> items;  // some names' decisions
};

constexpr Decision kA = Decision::kAllowed;
constexpr Decision kD = Decision::kExplicitDeny;
constexpr Decision kI = Decision::kImplicitDeny;

std::vector<Case> Cases() {
  const std::string all = "\"*\"";
  return {
      {"allow star", {R("Allow", "Resource", all)}, {}, "table/sales/", Want::kUniform,
       {{"orders", kA}, {"x", kA}}},
      {"allow db prefix", {R("Allow", "Resource", G("table/sales/*"))}, {}, "table/sales/",
       Want::kUniform, {{"orders", kA}}},
      {"other db only", {R("Allow", "Resource", G("table/hr/*"))}, {}, "table/sales/",
       Want::kUniform, {{"orders", kI}}},
      {"deny scratch", {R("Allow", "Resource", all), R("Deny", "Resource", G("table/sales/scratch_*"))},
       {}, "table/sales/", Want::kByName,
       {{"scratch_1", kD}, {"scratch_", kD}, {"scratch", kA}, {"Scratch_1", kA}, {"orders", kA}}},
      {"allow one literal", {R("Allow", "Resource", G("table/sales/orders"))}, {}, "table/sales/",
       Want::kByName, {{"orders", kA}, {"orders2", kI}, {"order", kI}, {"ORDERS", kI}}},
      {"question mark", {R("Allow", "Resource", G("table/sales/t_?"))}, {}, "table/sales/",
       Want::kByName, {{"t_1", kA}, {"t_", kI}, {"t_12", kI}, {"t_\xc3\xa9", kA}}},
      {"glob across the prefix", {R("Allow", "Resource", G("table/*/o*s"))}, {}, "table/sales/",
       Want::kByName, {{"orders", kA}, {"os", kA}, {"order", kI}}},
      {"glob inside db name", {R("Allow", "Resource", G("table/sa?es/c*"))}, {}, "table/sales/",
       Want::kByName, {{"c", kA}, {"customers", kA}, {"orders", kI}}},
      {"glob db only", {R("Allow", "Resource", G("table/s*"))}, {}, "table/sales/",
       Want::kUniform, {{"anything", kA}}},
      {"not resource", {R("Allow", "Resource", all), R("Deny", "NotResource", G("table/sales/c*"))},
       {}, "table/sales/", Want::kByName, {{"customers", kA}, {"orders", kD}}},
      {"not resource all", {R("Allow", "NotResource", G("table/hr/*"))}, {}, "table/sales/",
       Want::kUniform, {{"orders", kA}}},
      {"not resource none", {R("Allow", "NotResource", G("table/*"))}, {}, "table/sales/",
       Want::kUniform, {{"orders", kI}}},
      {"two entries", {R("Allow", "Resource", absl::StrCat("[", G("table/sales/a*"), ", ", G("table/sales/b?"), "]"))},
       {}, "table/sales/", Want::kByName, {{"a", kA}, {"b1", kA}, {"b", kI}, {"c", kI}}},
      {"other principal's deny ignored",
       {R("Allow", "Resource", all),
        absl::StrCat(R"({"Effect": "Deny", "Principal": {"AWS": ")", kIam,
                     R"(user/bob"}, "Action": "glue:*", "Resource": )", G("table/sales/o*"), "}")},
       {}, "table/sales/", Want::kUniform, {{"orders", kA}}},
      {"other action's deny ignored",
       {R("Allow", "Resource", all), R("Deny", "Resource", G("table/sales/o*"), "glue:DeleteTable")},
       {}, "table/sales/", Want::kUniform, {{"orders", kA}}},
      {"identity deny by name", {R("Allow", "Resource", all)}, {I("Deny", G("table/sales/secret_*"))},
       "table/sales/", Want::kByName, {{"secret_x", kD}, {"public", kA}}},
      {"condition holds", {R("Allow", "Resource", G("table/sales/p*"),  "glue:Get*",
                             R"(, "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})")},
       {}, "table/sales/", Want::kByName, {{"public", kA}, {"x", kI}}},
      {"condition fails", {R("Allow", "Resource", G("table/sales/p*"), "glue:Get*",
                             R"(, "Condition": {"IpAddress": {"aws:SourceIp": "192.168.0.0/16"}})")},
       {}, "table/sales/", Want::kUniform, {{"public", kI}}},
      {"time condition", {R("Allow", "Resource", all, "glue:Get*",
                            R"(, "Condition": {"DateLessThan": {"aws:CurrentTime": "2999-01-01T00:00:00Z"}})")},
       {}, "table/sales/", Want::kNull, {}},
      {"variable in resource", {R("Allow", "Resource", G("table/sales/${aws:username}_*"))}, {},
       "table/sales/", Want::kNull, {}},
      {"variable elsewhere", {R("Allow", "Resource", all), R("Deny", "Resource", G("table/hr/${aws:username}"))},
       {}, "table/sales/", Want::kUniform, {{"alice", kA}}},
      {"escaped star", {R("Allow", "Resource", G("table/sales/a${*}*"))}, {}, "table/sales/",
       Want::kByName, {{"a*", kA}, {"a*b", kA}, {"ab", kI}}},
      {"databases", {R("Allow", "Resource", absl::StrCat("[", G("catalog"), ", ", G("database/s*"), "]"))},
       {}, "database/", Want::kByName, {{"sales", kA}, {"hr", kI}, {"", kI}}},
      {"databases: catalog only", {R("Allow", "Resource", G("catalog"))}, {}, "database/",
       Want::kUniform, {{"sales", kI}}},
  };
}

Principal Alice() {
  Principal p;
  p.arn = absl::StrCat(kIam, "user/alice");
  p.name = "alice";
  p.user_id = "alice";
  p.group_arns = {absl::StrCat(kIam, "group/analysts")};
  return p;
}

CompileOptions Options(PolicyKind kind) {
  CompileOptions o;
  o.kind = kind;
  o.known_actions = testing::KnownActions();
  return o;
}

TEST(PrefixEvaluator, Cases) {
  const std::vector<std::string> names = {
      "orders", "Orders", "o", "os", "customers", "c", "scratch_1", "scratch_", "scratch",
      "Scratch_1", "t_1", "t_", "t_12", "a", "a*", "b1", "secret_x", "public", "alice", "_",
      "x*", "sales", "hr", "", "a/b", "t_\xc3\xa9"};
  RequestFacts facts;
  facts.source_ip = "10.1.2.3";
  facts.current_time = absl::Now();
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    std::vector<AttachedPolicy> resource, identity;
    auto compiled = CompilePolicy(Doc(c.resource), Options(PolicyKind::kResource));
    ASSERT_TRUE(compiled.ok()) << compiled.status();
    resource.push_back({"catalog", *compiled});
    if (!c.identity.empty()) {
      auto id = CompilePolicy(Doc(c.identity), Options(PolicyKind::kIdentity));
      ASSERT_TRUE(id.ok()) << id.status();
      identity.push_back({"group/analysts", *id});
    }
    const std::string prefix = absl::StrCat(kGlue, c.prefix);
    for (const char* action : {"glue:GetTables", "GLUE:gettable", "glue:DeleteTable"}) {
      auto prepared = PrefixEvaluator::Prepare(Alice(), action, prefix, facts, resource, identity);
      if (std::string_view(action) == "glue:GetTables") {
        ASSERT_EQ(prepared == nullptr, c.want == Want::kNull);
        if (prepared != nullptr) {
          EXPECT_EQ(prepared->uniform().has_value(), c.want == Want::kUniform);
          EXPECT_EQ(prepared->dependent_statements() > 0, c.want == Want::kByName);
        }
        for (const auto& [name, want] : c.items) {
          EXPECT_EQ(prepared->Decide(name), want) << name;
        }
      }
      if (prepared == nullptr) continue;
      for (const std::string& name : names) {
        const Evaluation e = Evaluate(Alice(), action, prefix + name, facts, resource, identity);
        EXPECT_EQ(prepared->Decide(name), e.decision) << action << " " << name;
        if (prepared->uniform().has_value()) {
          EXPECT_EQ(*prepared->uniform(), e.decision);
        }
      }
    }
  }
}

TEST(PrefixEvaluator, ClassifiesEntries) {
  auto reach = [](const std::string& resource, const std::string& prefix) {
    auto compiled = CompilePolicy(
        Doc({absl::StrCat(R"({"Effect": "Allow", "Action": "glue:*", "Resource": )", resource,
                          "}")}),
        Options(PolicyKind::kIdentity));
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    return ClassifyEntry((*compiled)->body().statements[0].resources[0],
                         absl::StrCat(kGlue, prefix));
  };
  EXPECT_EQ(reach("\"*\"", "table/sales/"), EntryReach::kAll);
  EXPECT_EQ(reach(G("table/sales/*"), "table/sales/"), EntryReach::kAll);
  EXPECT_EQ(reach(G("table/*"), "table/sales/"), EntryReach::kAll);
  EXPECT_EQ(reach(G("table/s*"), "table/sales/"), EntryReach::kAll);
  EXPECT_EQ(reach(G("table/sa?es/*"), "table/sales/"), EntryReach::kAll);
  EXPECT_EQ(reach(G("table/sales/o*"), "table/sales/"), EntryReach::kDepends);
  EXPECT_EQ(reach(G("table/sales/orders"), "table/sales/"), EntryReach::kDepends);
  EXPECT_EQ(reach(G("table/*/orders"), "table/sales/"), EntryReach::kDepends);
  EXPECT_EQ(reach(G("table/hr/*"), "table/sales/"), EntryReach::kNone);
  EXPECT_EQ(reach(G("database/sales"), "database/sales/"), EntryReach::kNone);
  EXPECT_EQ(reach(G("table/h?/*"), "table/sales/"), EntryReach::kNone);
  EXPECT_EQ(reach(G("database/*"), "table/sales/"), EntryReach::kNone);
  EXPECT_EQ(reach(G("catalog"), "database/"), EntryReach::kNone);
}

TEST(PrefixEvaluator, DecidingANameAllocatesNothing) {
  auto compiled = CompilePolicy(
      Doc({R("Allow", "Resource", "\"*\""), R("Deny", "Resource", G("table/sales/scratch_*")),
           R("Deny", "Resource", G("table/sales/t_?x*y")),
           R("Deny", "Resource", G("table/sales/exact"))}),
      Options(PolicyKind::kResource));
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  std::vector<AttachedPolicy> resource = {{"catalog", *compiled}};
  RequestFacts facts;
  auto prepared = PrefixEvaluator::Prepare(Alice(), "glue:GetTables",
                                           absl::StrCat(kGlue, "table/sales/"), facts, resource, {});
  ASSERT_NE(prepared, nullptr);
  const std::string names[] = {"scratch_12345678901234567890", "orders_with_a_long_name_here",
                               "t_1xabcy", "exact"};
  const int64_t before = g_allocations.load();
  int denied = 0;
  for (int i = 0; i < 1000; ++i) {
    for (const std::string& n : names) denied += prepared->Decide(n) == Decision::kExplicitDeny;
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_EQ(denied, 3000);
}

}  // namespace
}  // namespace almanac::policy
