// PolicyAuthorizer::AllListedItemsVisible (the once-per-listing decision) must
// never say "all visible" when Authorize would hide an item: checked against
// the per-item answer over policies whose resources match all, none or some
// of a listing's items. And it must say so in the uniform cases it exists for.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/model/policy_record.h"
#include "catalog/model/request_context.h"
#include "catalog/policy/policy.h"
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
  bool expect_all_tables;  // AllListedItemsVisible for the tables of sales, caller alice
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
          if (!authz.AllListedItemsVisible(ctx, action, prefix)) continue;
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
        if (!authz.AllListedItemsVisible(ctx, action, db_prefix)) continue;
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
    EXPECT_EQ(authz.AllListedItemsVisible(alice, "glue:GetTables",
                                          absl::StrCat(kGlue, "table/sales/")),
              c.expect_all_tables);
    // Asked again: the cached answer is the same.
    EXPECT_EQ(authz.AllListedItemsVisible(alice, "glue:GetTables",
                                          absl::StrCat(kGlue, "table/sales/")),
              c.expect_all_tables);
  }
}

TEST(PolicyAuthorizerListing, OffOrInternalShowsEverything) {
  PolicyAuthorizer off({.enforce = false});
  EXPECT_TRUE(off.AllListedItemsVisible(Caller("bob", {}), "glue:GetTables",
                                        absl::StrCat(kGlue, "table/sales/")));
  PolicyAuthorizer on({.enforce = true, .admins = {"user/root"}});
  EXPECT_TRUE(on.AllListedItemsVisible(model::RequestContext::Internal(), "glue:GetTables",
                                       absl::StrCat(kGlue, "table/sales/")));
  EXPECT_FALSE(on.AllListedItemsVisible(Caller("bob", {}), "glue:GetTables",
                                        absl::StrCat(kGlue, "table/sales/")));
  // Shapes it does not know are asked per item.
  EXPECT_FALSE(on.AllListedItemsVisible(Caller("bob", {}), "glue:GetTables", "elsewhere/"));
}

TEST(PolicyAuthorizerListing, NewPoliciesForgetTheListingAnswer) {
  PolicyAuthorizer authz({.enforce = true, .admins = {"user/root"}});
  const model::RequestContext alice = Caller("alice", {"analysts"});
  const std::string prefix = absl::StrCat(kGlue, "table/sales/");
  ASSERT_TRUE(authz.Install(authz.NextGeneration(), {Catalog({Allow("\"*\"")})}).empty());
  EXPECT_TRUE(authz.AllListedItemsVisible(alice, "glue:GetTables", prefix));
  ASSERT_TRUE(authz.Install(authz.NextGeneration(),
                            {Catalog({Allow(absl::StrCat("[", G("table/hr/*"), "]"))})})
                  .empty());
  EXPECT_FALSE(authz.AllListedItemsVisible(alice, "glue:GetTables", prefix));
}

}  // namespace
}  // namespace almanac::service
