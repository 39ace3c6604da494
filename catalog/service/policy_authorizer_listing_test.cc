// PolicyAuthorizer::PrepareListing (a listing's per-item answers, prepared
// once) must answer for every item exactly as Authorize does: checked against
// the per-item answer over policies whose resources match all, none or some
// of a listing's items, for many callers, actions and names. And it must say
// "every item visible" in the uniform cases that exist for it.
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/policy_record.h"
#include "catalog/model/request_context.h"
#include "catalog/policy/policy.h"
#include "catalog/service/actions.h"
#include "catalog/service/policy_authorizer.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

constexpr char kGlue[] = "arn:aws:glue:us-east-1:123456789012:";
constexpr char kIam[] = "arn:aws:iam::123456789012:";

std::string Allow(const std::string& resources, const std::string& extra = "") {
  return absl::StrCat(R"({"Effect": "Allow", "Principal": {"AWS": ")", kIam,
                      R"(group/analysts"}, "Action": "glue:Get*", "Resource": )", resources,
                      extra, "}");
}

std::string Doc(const std::vector<std::string>& statements) {
  std::string out = R"({"Version": "2012-10-17", "Statement": [)";
  for (size_t i = 0; i < statements.size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", statements[i]);
  }
  return out + "]}";
}

std::string G(const std::string& rest) { return absl::StrCat("\"", kGlue, rest, "\""); }

model::RequestContext Caller(const std::string& principal, std::vector<std::string> groups) {
  model::RequestContext ctx;
  ctx.principal = principal;
  ctx.groups = std::move(groups);
  ctx.source_address = "ipv4:10.1.2.3:5000";
  ctx.front_end = model::FrontEnd::kThrift;
  return ctx;
}

struct Case {
  std::string name;
  std::vector<model::PolicyRecord> policies;
  bool expect_all_tables;  // every table of sales visible to alice, decided once
};

model::PolicyRecord Catalog(const std::vector<std::string>& statements) {
  return {.target = "catalog", .kind = model::PolicyTargetKind::kResource,
          .document = Doc(statements)};
}

std::vector<Case> Cases() {
  const std::string everything =
      absl::StrCat("[", G("catalog"), ", ", G("database/*"), ", ", G("table/*/*"), "]");
  const std::string base =
      absl::StrCat("[", G("catalog"), ", ", G("database/sales"), ", ");
  auto deny = [](const std::string& resource) {
    return absl::StrCat(R"({"Effect": "Deny", "Principal": "*", "Action": "glue:*", )",
                        R"("Resource": )", resource, "}");
  };
  return {
      {"everything", {Catalog({Allow(everything)})}, true},
      {"star", {Catalog({Allow("\"*\"")})}, true},
      {"db prefix", {Catalog({Allow(absl::StrCat(base, G("table/sales/*"), "]"))})}, true},
      {"db glob", {Catalog({Allow(absl::StrCat(base, G("table/sa?es/*"), "]"))})}, true},
      {"other db named", {Catalog({Allow(everything), deny(G("table/hr/*")),
                                   deny(G("table/db*/t_?")), deny(G("database/hr"))})},
       true},
      {"one table allowed",
       {Catalog({Allow(absl::StrCat(base, G("table/sales/orders"), "]"))})}, false},
      {"one table denied", {Catalog({Allow(everything), deny(G("table/sales/orders"))})}, false},
      {"glob on names", {Catalog({Allow(everything), deny(G("table/sales/o*"))})}, false},
      {"glob suffix", {Catalog({Allow(everything), deny(G("table/*/*s"))})}, false},
      {"not resource", {Catalog({Allow(everything),
                                 R"({"Effect": "Deny", "Principal": "*", "Action": "glue:*", )"
                                 R"("NotResource": )" + G("table/sales/c*") + "}"})},
       false},
      {"variable", {Catalog({Allow(everything), deny(G("table/sales/${aws:username}"))})}, false},
      {"table policy",
       {Catalog({Allow(everything)}),
        {.target = "table/sales/orders", .kind = model::PolicyTargetKind::kResource,
         .document = Doc({deny(G("table/sales/orders"))})}},
       false},
      {"database policy",
       {Catalog({Allow(everything)}),
        {.target = "database/sales", .kind = model::PolicyTargetKind::kResource,
         .document = Doc({Allow(everything)})}},
       true},
      {"identity policy names a table",
       {Catalog({Allow(everything)}),
        {.target = "group/analysts", .kind = model::PolicyTargetKind::kIdentity,
         .document = Doc({R"({"Effect": "Deny", "Action": "glue:*", "Resource": )" +
                          G("table/sales/customers") + "}"})}},
       false},
      {"source ip", {Catalog({Allow(everything, R"(, "Condition": {"IpAddress": )"
                                                R"({"aws:SourceIp": "10.0.0.0/8"}})")})},
       true},
      {"time", {Catalog({Allow(everything, R"(, "Condition": {"DateLessThan": )"
                                           R"({"aws:CurrentTime": "2999-01-01T00:00:00Z"}})")})},
       false},
      {"nothing", {Catalog({Allow(absl::StrCat("[", G("table/hr/*"), "]"))})}, false},
  };
}

bool AllVisible(PolicyAuthorizer& authz, const model::RequestContext& ctx,
                std::string_view action, const std::string& prefix) {
  return authz.PrepareListing(ctx, action, prefix)->all_visible();
}

TEST(PolicyAuthorizerListing, NeverAllVisibleWhenAnItemIsHidden) {
  const std::vector<std::string> tables = {"orders", "customers", "o", "c", "_", "x*"};
  const std::vector<std::string> dbs = {"sales", "hr", "staging"};
  const std::vector<model::RequestContext> callers = {
      Caller("alice", {"analysts"}), Caller("bob", {}), Caller("alice", {"analysts", "x"})};
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    PolicyAuthorizer authz({.enforce = true, .admins = {"user/root"}});
    ASSERT_TRUE(authz.Install(authz.NextGeneration(), c.policies).empty());
    for (const model::RequestContext& ctx : callers) {
      for (const char* action : {"glue:GetTables", "glue:GetDatabases", "glue:DeleteTable"}) {
        for (const std::string& db : dbs) {
          const std::string prefix = absl::StrCat(kGlue, "table/", db, "/");
          if (!AllVisible(authz, ctx, action, prefix)) continue;
          for (const std::string& t : tables) {
            EXPECT_TRUE(authz
                            .Authorize(AccessRequest{.context = ctx,
                                                     .action = action,
                                                     .resource = prefix + t,
                                                     .listed_item = true,
                                                     .kind = AccessKind::kListedItem})
                            .ok())
                << ctx.principal << " " << action << " " << prefix << t;
          }
        }
        const std::string db_prefix = absl::StrCat(kGlue, "database/");
        if (!AllVisible(authz, ctx, action, db_prefix)) continue;
        for (const std::string& db : dbs) {
          EXPECT_TRUE(authz
                          .Authorize(AccessRequest{.context = ctx,
                                                   .action = action,
                                                   .resource = db_prefix + db,
                                                   .listed_item = true,
                                                   .kind = AccessKind::kListedItem})
                          .ok())
              << ctx.principal << " " << action << " " << db_prefix << db;
        }
      }
    }
    const model::RequestContext alice = Caller("alice", {"analysts"});
    EXPECT_EQ(AllVisible(authz, alice, "glue:GetTables", absl::StrCat(kGlue, "table/sales/")),
              c.expect_all_tables);
    // Asked again: the cached answer is the same.
    EXPECT_EQ(AllVisible(authz, alice, "glue:GetTables", absl::StrCat(kGlue, "table/sales/")),
              c.expect_all_tables);
  }
}

TEST(PolicyAuthorizerListing, OffOrInternalShowsEverything) {
  PolicyAuthorizer off({.enforce = false});
  EXPECT_TRUE(AllVisible(off, Caller("bob", {}), "glue:GetTables", absl::StrCat(kGlue, "table/sales/")));
  PolicyAuthorizer on({.enforce = true, .admins = {"user/root"}});
  EXPECT_TRUE(AllVisible(on, model::RequestContext::Internal(), "glue:GetTables",
                         absl::StrCat(kGlue, "table/sales/")));
  EXPECT_FALSE(AllVisible(on, Caller("bob", {}), "glue:GetTables", absl::StrCat(kGlue, "table/sales/")));
  // Shapes it does not know are asked per item.
  EXPECT_FALSE(AllVisible(on, Caller("bob", {}), "glue:GetTables", "elsewhere/"));
}

TEST(PolicyAuthorizerListing, NewPoliciesForgetTheListingAnswer) {
  PolicyAuthorizer authz({.enforce = true, .admins = {"user/root"}});
  const model::RequestContext alice = Caller("alice", {"analysts"});
  const std::string prefix = absl::StrCat(kGlue, "table/sales/");
  ASSERT_TRUE(authz.Install(authz.NextGeneration(), {Catalog({Allow("\"*\"")})}).empty());
  EXPECT_TRUE(AllVisible(authz, alice, "glue:GetTables", prefix));
  ASSERT_TRUE(authz.Install(authz.NextGeneration(),
                            {Catalog({Allow(absl::StrCat("[", G("table/hr/*"), "]"))})})
                  .empty());
  EXPECT_FALSE(AllVisible(authz, alice, "glue:GetTables", prefix));
}


// Statement helpers for the differential test.
std::string St(const std::string& effect, const std::string& principal, const std::string& action,
               const std::string& element, const std::string& resources,
               const std::string& extra = "") {
  std::string p = principal.empty() ? "" : absl::StrCat(R"("Principal": )", principal, ", ");
  return absl::StrCat(R"({"Effect": ")", effect, R"(", )", p, R"("Action": ")", action, R"(", ")",
                      element, R"(": )", resources, extra, "}");
}
std::string AwsGroup(const std::string& g) {
  return absl::StrCat(R"({"AWS": ")", kIam, "group/", g, R"("})");
}
std::string AwsUser(const std::string& u) {
  return absl::StrCat(R"({"AWS": ")", kIam, "user/", u, R"("})");
}
std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) absl::StrAppend(&out, i ? ", " : "", items[i]);
  return out + "]";
}
model::PolicyRecord Resource(const std::string& target, const std::vector<std::string>& sts) {
  return {.target = target, .kind = model::PolicyTargetKind::kResource, .document = Doc(sts)};
}
model::PolicyRecord Identity(const std::string& target, const std::vector<std::string>& sts) {
  return {.target = target, .kind = model::PolicyTargetKind::kIdentity, .document = Doc(sts)};
}

std::vector<std::vector<model::PolicyRecord>> PolicySets() {
  const std::string all = R"("*")";
  const std::string everything =
      List({G("catalog"), G("database/*"), G("table/*/*")});
  const std::string analysts = AwsGroup("analysts");
  const std::string anyone = R"("*")";
  std::vector<std::vector<model::PolicyRecord>> sets;
  for (const Case& c : Cases()) sets.push_back(c.policies);
  sets.push_back({Catalog({St("Allow", analysts, "glue:Get*", "Resource", everything),
                           St("Deny", anyone, "glue:*", "Resource", G("table/*/scratch_*"))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource", all),
                           St("Deny", anyone, "glue:GetTables", "Resource", G("table/sales/t_?")),
                           St("Deny", anyone, "glue:Get*", "Resource", G("database/h?"))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:Get*", "Resource",
                              List({G("catalog"), G("database/sales"), G("database/staging"),
                                    G("table/sales/o*"), G("table/sales/C*"),
                                    G("table/*/x?")}))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:Get*", "Resource", everything),
                           St("Deny", analysts, "glue:*", "NotResource",
                              List({G("catalog"), G("database/*"), G("table/sales/c*"),
                                    G("table/hr/*")}))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:Get*", "NotResource", G("table/sales/o*"))})});
  sets.push_back({Catalog({St("Allow", AwsUser("alice"), "glue:*", "Resource", all),
                           St("Deny", anyone, "glue:*", "Resource", G("table/sales/orders"),
                              R"(, "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})"),
                           St("Allow", anyone, "glue:Get*", "Resource", G("table/*/c*"),
                              R"(, "Condition": {"Bool": {"aws:SecureTransport": "true"}})")})});
  sets.push_back({Catalog({St("Allow", anyone, "glue:*", "Resource", G("catalog")),
                           St("Allow", anyone, "glue:*", "Resource", G("database/*"))}),
                  Identity("group/analysts",
                           {St("Allow", "", "glue:GetTables", "Resource", G("table/sales/*")),
                            St("Deny", "", "glue:*", "Resource", G("table/sales/secret?*"))}),
                  Identity("user/bob", {St("Allow", "", "glue:*", "Resource", G("table/*/b*"))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource", all)}),
                  Resource("table/sales/orders",
                           {St("Deny", AwsUser("alice"), "glue:*", "Resource", G("table/sales/orders"))}),
                  Resource("table/sales/customers",
                           {St("Allow", AwsUser("bob"), "glue:*", "Resource", all)}),
                  Resource("database/hr",
                           {St("Deny", analysts, "glue:GetDatabases", "Resource", G("database/hr"))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource", all),
                           St("Deny", anyone, "glue:*", "Resource", G("table/sales/s*")),
                           St("Deny", anyone, "glue:*", "Resource", G("database/st*"))}),
                  Resource("table/sales/orders",
                           {St("Deny", AwsUser("alice"), "glue:*", "Resource", G("table/sales/orders"))}),
                  Resource("database/hr",
                           {St("Deny", analysts, "glue:GetDatabases", "Resource", G("database/hr"))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource", G("table/*/*")),
                           St("Deny", anyone, "glue:*", "Resource", G("table/sales/s*"))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource", all),
                           St("Deny", anyone, "glue:*", "Resource", G("catalog"))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource",
                              List({G("catalog"), G("table/*/*")}))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource", all),
                           St("Deny", anyone, "glue:*", "Resource", G("table/sales/${aws:username}*"))})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource", all),
                           St("Deny", anyone, "glue:*", "Resource", G("table/sales/o*"),
                              R"(, "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2000-01-01T00:00:00Z"}})")})});
  sets.push_back({Catalog({St("Allow", analysts, "glue:*", "Resource", all),
                           St("Deny", anyone, "glue:*", "Resource", G("table/sales/a${*}*"))})});
  sets.push_back({Catalog({St("Deny", anyone, "glue:GetResourcePolicy", "Resource",
                              G("table/sales/o*")),
                           St("Allow", analysts, "glue:GetTables", "Resource", G("table/sales/*"))})});
  return sets;
}

TEST(PolicyAuthorizerListing, PreparedItemsAnswerAsAuthorize) {
  const std::vector<std::string> names = {
      "orders", "Orders", "o", "customers", "Customers", "c", "C1", "scratch_1", "scratch_",
      "scratch", "Scratch_1", "t_1", "t_", "t_12", "x1", "x", "secret1", "secret", "b", "bob",
      "alice", "alice_x", "a*", "a*b", "ab", "_", "x*", "sales", "hr", "h1", "staging", "",
      "a/b", "t_\xc3\xa9", "scratch_long_name_1", "Scratch_long_name_1", "scratch_long_namE",
      "orders_of_the_year_2024", "orders_of_the_year_2024/x", "ORDERS_OF_THE_YEAR",
      "o\xc3\x80", "c\xaf\xc1", "sales/orders", "hr/x", "oRd", "ordeRs", "cUstomers",
      "orders_Of", "orders/", "o/", "/", "orders_of_the_yearS", "customer_recordS"};
  std::vector<model::RequestContext> callers = {
      Caller("alice", {"analysts"}), Caller("bob", {}), Caller("alice", {"analysts", "x"}),
      Caller("carol", {"analysts"}), Caller("root", {}), Caller("", {})};
  callers[1].source_address = "ipv4:192.168.1.1:5000";
  callers[2].secure_transport = true;
  callers[3].source_address = "[::1]:5000";
  const std::vector<std::string_view> action_list = {
      actions::kGetTables, actions::kGetDatabases, "glue:DeleteTable",
      actions::kGetResourcePolicy, actions::kGetServerInfo};
  const std::vector<std::string> prefixes = {
      absl::StrCat(kGlue, "table/sales/"), absl::StrCat(kGlue, "table/hr/"),
      absl::StrCat(kGlue, "table/staging/"), absl::StrCat(kGlue, "database/"),
      absl::StrCat(kGlue, "function/sales/")};
  int compared = 0, prepared_visible = 0, prepared_hidden = 0;
  int set_index = 0;
  for (const std::vector<model::PolicyRecord>& set : PolicySets()) {
    SCOPED_TRACE(absl::StrCat("policy set ", set_index++));
    PolicyAuthorizer authz({.enforce = true, .admins = {"user/root"}});
    ASSERT_TRUE(authz.Install(authz.NextGeneration(), set).empty());
    for (const model::RequestContext& ctx : callers) {
      for (std::string_view action : action_list) {
        for (const std::string& prefix : prefixes) {
          // Twice: the second answer comes from the cached preparation.
          for (int round = 0; round < 2; ++round) {
            std::shared_ptr<const PreparedListing> listing =
                authz.PrepareListing(ctx, action, prefix);
            std::vector<std::string> expected;
            for (const std::string& name : names) {
              // ARNs name objects in lower case.
              const std::string resource = prefix + absl::AsciiStrToLower(name);
              const bool want = authz
                                    .Authorize(AccessRequest{.context = ctx,
                                                             .action = action,
                                                             .resource = resource,
                                                             .listed_item = true,
                                                             .kind = AccessKind::kListedItem})
                                    .ok();
              ASSERT_EQ(listing->Visible(name), want)
                  << "caller '" << ctx.principal << "' " << action << " " << resource;
              if (listing->all_visible()) {
                ASSERT_TRUE(want) << action << " " << resource;
              }
              ++compared;
              (want ? prepared_visible : prepared_hidden) += 1;
              if (want) expected.push_back(name);
            }
            // The whole listing at once keeps the same names, in order.
            std::vector<std::string> kept = names;
            listing->KeepVisible(&kept);
            ASSERT_EQ(kept, expected) << "caller '" << ctx.principal << "' " << action << " "
                                      << prefix;
          }
        }
      }
    }
  }
  // The sets show some items and hide others.
  EXPECT_GT(prepared_visible, 1000);
  EXPECT_GT(prepared_hidden, 1000);
  EXPECT_GT(compared, 50000);
}

TEST(PolicyAuthorizerListing, NamedItemsAreDecidedOnceNotAskedEach) {
  // The benchmark's per-item shape: a listing whose policy names some of its
  // tables is prepared, not "every item visible", and still hides them.
  PolicyAuthorizer authz({.enforce = true, .admins = {"user/root"}});
  ASSERT_TRUE(authz
                  .Install(authz.NextGeneration(),
                           {Catalog({St("Allow", R"("*")", "glue:*", "Resource", R"("*")"),
                                     St("Deny", R"("*")", "glue:*", "Resource",
                                        G("table/bench/scratch_*"))})})
                  .empty());
  const model::RequestContext alice = Caller("alice", {"analysts"});
  auto listing = authz.PrepareListing(alice, actions::kGetTables, absl::StrCat(kGlue, "table/bench/"));
  EXPECT_FALSE(listing->all_visible());
  EXPECT_TRUE(listing->Visible("t_0001"));
  EXPECT_FALSE(listing->Visible("scratch_0001"));
  EXPECT_TRUE(AllVisible(authz, alice, actions::kGetTables, absl::StrCat(kGlue, "table/other/")));
}

}  // namespace
}  // namespace almanac::service
