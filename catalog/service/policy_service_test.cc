// The policy service, the authorizer behind the gate and the audit trail,
// over a real SQLite file: what Glue's evaluation rules mean for whole
// service calls (ancestors, listings, DeleteDatabase's children), Glue's put
// conditions, the lock-out guard, cache invalidation and the trail.
#include "catalog/service/policy_service.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "catalog/service/audit_trail.h"
#include "catalog/service/policy_authorizer.h"
#include "catalog/service/service_test_util.h"

namespace almanac::service {
namespace {

constexpr char kArn[] = "arn:aws:glue:us-east-1:123456789012:";

class PolicyServiceTest : public ServiceTest {
 protected:
  CatalogOptions Options() override {
    CatalogOptions options = ServiceTest::Options();
    authorizer_ = std::make_shared<PolicyAuthorizer>(
        PolicyAuthorizerOptions{.enforce = true, .admins = {"user/root"}});
    options.policies = authorizer_;
    options.authorizer = authorizer_;
    options.audit = trail_;
    return options;
  }

  void SetUp() override {
    ServiceTest::SetUp();
    trail_->Start(&service_->gate());
    // Objects made by the server itself (the internal principal may do anything).
    for (const char* db : {"sales", "hr"}) {
      ASSERT_TRUE(service_->databases().CreateDatabase(internal_, model::Database{.name = db}).ok());
    }
    for (const char* t : {"orders", "customers"}) {
      ASSERT_TRUE(service_->tables().CreateTable(internal_, MakeTable("sales", t)).ok());
    }
    ASSERT_TRUE(service_->tables().CreateTable(internal_, MakeTable("hr", "salaries")).ok());
  }

  void TearDown() override {
    trail_->Stop();
    ServiceTest::TearDown();
  }

  absl::StatusOr<model::PolicyRecord> Put(const std::string& target, const std::string& json,
                                          const std::string& if_hash = "",
                                          model::PolicyExistence existence =
                                              model::PolicyExistence::kNone) {
    return service_->policies().PutPolicy(
        root_, PutPolicyRequest{.target = target,
                                .document = absl::StrReplaceAll(json, {{"$A", kArn}}),
                                .if_hash = if_hash,
                                .existence = existence});
  }

  model::RequestContext As(const std::string& principal, std::vector<std::string> groups = {}) {
    return model::RequestContext{.principal = principal,
                                 .groups = std::move(groups),
                                 .source_address = "ipv4:127.0.0.1:5000",
                                 .front_end = model::FrontEnd::kGrpc,
                                 .request_id = "test"};
  }

  std::shared_ptr<PolicyAuthorizer> authorizer_;
  std::shared_ptr<AuditTrail> trail_ =
      std::make_shared<AuditTrail>(AuditTrailOptions{.flush_interval = absl::Milliseconds(5)});
  model::RequestContext internal_ = model::RequestContext::Internal("test");
  model::RequestContext root_ = As("root");
};

constexpr char kAnalysts[] = R"({
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "ReadSales", "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::123456789012:group/analysts"},
    "Action": ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables"],
    "Resource": ["$Acatalog", "$Adatabase/sales", "$Atable/sales/*"]
  }, {
    "Sid": "NotCustomers", "Effect": "Deny",
    "Principal": {"AWS": "arn:aws:iam::123456789012:group/analysts"},
    "Action": "glue:GetTables", "Resource": "$Atable/sales/customers"
  }]
})";

TEST_F(PolicyServiceTest, DefaultDenyAndTheDenialMessageHidesExistence) {
  absl::StatusOr<model::Table> existing = service_->tables().GetTable(As("bob"), "sales", "orders");
  absl::StatusOr<model::Table> missing = service_->tables().GetTable(As("bob"), "sales", "nope");
  ASSERT_EQ(existing.status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_EQ(missing.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(existing.status().message(),
            absl::StrCat("User: arn:aws:iam::123456789012:user/bob is not authorized to perform: "
                         "glue:GetTable on resource: ",
                         kArn,
                         "table/sales/orders because no resource-based or identity-based policy "
                         "allows the glue:GetTable action"));
  EXPECT_EQ(absl::StrReplaceAll(existing.status().message(), {{"orders", "nope"}}),
            missing.status().message());
}

TEST_F(PolicyServiceTest, AncestorsListingsAndExplicitDeny) {
  ASSERT_TRUE(Put("catalog", kAnalysts).ok());
  auto alice = As("alice", {"analysts"});
  EXPECT_TRUE(service_->tables().GetTable(alice, "sales", "orders").ok());
  EXPECT_EQ(service_->tables().GetTable(alice, "hr", "salaries").status().code(),
            absl::StatusCode::kPermissionDenied);
  // The listing hides the explicitly denied item and does not fail.
  absl::StatusOr<std::vector<std::string>> names =
      service_->tables().ListAllTableNames(alice, "sales", "*");
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_EQ(*names, std::vector<std::string>{"orders"});
  // Without permission on the parent the listing fails.
  EXPECT_EQ(service_->tables().ListAllTableNames(alice, "hr", "*").status().code(),
            absl::StatusCode::kPermissionDenied);
  absl::StatusOr<model::Page<std::string>> dbs =
      service_->databases().ListDatabases(alice, "*", "", 100);
  ASSERT_TRUE(dbs.ok()) << dbs.status();
  EXPECT_EQ(dbs->items, std::vector<std::string>{"sales"});
}

TEST_F(PolicyServiceTest, AListingWithNoVisibleChildIsEmptyNotAnError) {
  ASSERT_TRUE(Put("user/carol", R"({"Version": "2012-10-17", "Statement": [{
      "Effect": "Allow", "Action": "glue:GetTables",
      "Resource": ["$Acatalog", "$Adatabase/sales"]}]})")
                  .ok());
  absl::StatusOr<std::vector<std::string>> names =
      service_->tables().ListAllTableNames(As("carol"), "sales", "*");
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_TRUE(names->empty());
}

TEST_F(PolicyServiceTest, DeleteDatabaseNeedsEveryTableToo) {
  ASSERT_TRUE(Put("user/dave", R"({"Version": "2012-10-17", "Statement": [{
      "Sid": "DropSales", "Effect": "Allow", "Action": "glue:DeleteDatabase",
      "Resource": ["$Acatalog", "$Adatabase/sales", "$Atable/sales/orders"]}]})")
                  .ok());
  absl::Status dropped = service_->databases().DropDatabase(As("dave"), "sales", true, false);
  EXPECT_EQ(dropped.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(dropped.message().find("table/sales/customers"), std::string::npos) << dropped;
  // Nothing was dropped (all or nothing).
  EXPECT_TRUE(service_->tables().GetTable(internal_, "sales", "orders").ok());
  ASSERT_TRUE(Put("user/dave", R"({"Version": "2012-10-17", "Statement": [{
      "Sid": "DropSales", "Effect": "Allow", "Action": "glue:DeleteDatabase",
      "Resource": ["$Acatalog", "$Adatabase/sales", "$Atable/sales/*"]}]})")
                  .ok());
  EXPECT_TRUE(service_->databases().DropDatabase(As("dave"), "sales", true, false).ok());
}

TEST_F(PolicyServiceTest, AChangeTakesEffectAtOnce) {
  auto erin = As("erin");
  EXPECT_FALSE(service_->tables().GetTable(erin, "hr", "salaries").ok());  // cached: denied
  absl::StatusOr<model::PolicyRecord> put = Put("user/erin", R"({"Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "glue:GetTable",
      "Resource": ["$Acatalog", "$Adatabase/hr", "$Atable/hr/salaries"]}]})");
  ASSERT_TRUE(put.ok()) << put.status();
  EXPECT_TRUE(service_->tables().GetTable(erin, "hr", "salaries").ok());
  ASSERT_TRUE(service_->policies().DeletePolicy(root_, "user/erin", put->hash).ok());
  EXPECT_EQ(service_->tables().GetTable(erin, "hr", "salaries").status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(PolicyServiceTest, PutConditionsAndValidation) {
  absl::StatusOr<model::PolicyRecord> first = Put("catalog", kAnalysts);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->hash.size(), 64u);
  EXPECT_EQ(Put("catalog", kAnalysts, "", model::PolicyExistence::kNotExist).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Put("database/hr", kAnalysts, "", model::PolicyExistence::kMustExist).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Put("catalog", kAnalysts, std::string(64, 'f')).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Put("catalog", kAnalysts, first->hash, model::PolicyExistence::kMustExist).ok());
  // Targets are the catalog's names, lower-cased.
  ASSERT_TRUE(Put("table/Sales/Orders", R"({"Version": "2012-10-17", "Statement": [{
      "Effect": "Allow", "Principal": "*", "Action": "glue:GetTable",
      "Resource": "$Atable/sales/orders"}]})")
                  .ok());
  EXPECT_TRUE(service_->policies().GetPolicy(root_, "table/sales/orders").ok());
  absl::StatusOr<model::PolicyRecord> bad = Put("catalog", R"({"Version": "2012-10-17",
      "Statement": [{"Sid": "Oops", "Effect": "Allow", "Principal": "*",
      "Action": "glue:GetTabel", "Resource": "*"}]})");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'Oops'"), std::string::npos) << bad.status();
  EXPECT_EQ(Put("tables/x", kAnalysts).status().code(), absl::StatusCode::kInvalidArgument);
  // An identity policy may not name a principal; a resource policy must.
  EXPECT_EQ(Put("user/x", kAnalysts).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PolicyServiceTest, LockingEveryAdministratorOutIsRefused) {
  absl::StatusOr<model::PolicyRecord> lockout = Put("catalog", R"({"Version": "2012-10-17",
      "Statement": [{"Sid": "NoOne", "Effect": "Deny", "Principal": "*",
      "Action": "glue:*ResourcePolicy", "Resource": "*"}]})");
  EXPECT_EQ(lockout.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(lockout.status().message().find("NoOne"), std::string::npos) << lockout.status();
  // Denying someone else is fine; administrators manage policies without an Allow.
  EXPECT_TRUE(Put("catalog", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
      "Principal": {"AWS": "arn:aws:iam::123456789012:user/mallory"},
      "Action": "glue:*", "Resource": "*"}]})")
                  .ok());
  EXPECT_EQ(service_->policies().ListPolicies(As("mallory")).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(PolicyServiceTest, SimulatorAndWhoCan) {
  ASSERT_TRUE(Put("catalog", kAnalysts).ok());
  absl::StatusOr<SimulationResult> sim = service_->policies().Simulate(
      root_, SimulationRequest{.principal = "alice",
                               .groups = {"analysts"},
                               .action = "glue:GetTables",
                               .resource = absl::StrCat(kArn, "table/sales/customers")});
  ASSERT_TRUE(sim.ok()) << sim.status();
  EXPECT_EQ(sim->decision, policy::Decision::kExplicitDeny);
  ASSERT_TRUE(sim->deciding.has_value());
  EXPECT_EQ(sim->deciding->sid, "NotCustomers");
  ASSERT_EQ(sim->levels.size(), 3u);
  EXPECT_EQ(sim->levels[0].evaluation.decision, policy::Decision::kAllowed);
  absl::StatusOr<std::vector<WhoCanEntry>> who = service_->policies().WhoCan(
      root_, "glue:GetTable", absl::StrCat(kArn, "table/sales/orders"));
  ASSERT_TRUE(who.ok());
  ASSERT_EQ(who->size(), 1u);
  EXPECT_EQ((*who)[0].principal, "group/analysts");
  // Users the server knows from its password and token files count too.
  authorizer_->AddKnownPrincipals({{"zoe", {"analysts"}}, {"yann", {}}});
  who = service_->policies().WhoCan(root_, "glue:GetTable", absl::StrCat(kArn, "table/sales/orders"));
  ASSERT_TRUE(who.ok());
  ASSERT_EQ(who->size(), 2u);
  EXPECT_EQ((*who)[0].principal, "user/zoe");
  EXPECT_EQ((*who)[0].statement->sid, "ReadSales");
  EXPECT_EQ((*who)[1].principal, "group/analysts");
  EXPECT_EQ(service_->policies().Simulate(As("alice", {"analysts"}), SimulationRequest{})
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(PolicyServiceTest, TheTrailRecordsChangesAndDenialsInAnIntactChain) {
  ASSERT_TRUE(Put("catalog", kAnalysts).ok());
  EXPECT_FALSE(service_->tables().GetTable(As("bob"), "hr", "salaries").ok());
  ASSERT_TRUE(trail_->Flush().ok());
  absl::StatusOr<std::vector<model::AuditRecord>> denied =
      service_->policies().ListAudit(root_, model::AuditQuery{.outcome = "denied"});
  ASSERT_TRUE(denied.ok()) << denied.status();
  ASSERT_FALSE(denied->empty());
  EXPECT_EQ(denied->back().principal, "bob");
  EXPECT_EQ(denied->back().action, "glue:GetTable");
  EXPECT_EQ(denied->back().resource, absl::StrCat(kArn, "table/hr/salaries"));
  absl::StatusOr<std::vector<model::AuditRecord>> puts = service_->policies().ListAudit(
      root_, model::AuditQuery{.action = "glue:putresourcepolicy", .outcome = "allowed"});
  ASSERT_TRUE(puts.ok());
  ASSERT_EQ(puts->size(), 1u);
  EXPECT_EQ((*puts)[0].principal, "root");
  EXPECT_EQ((*puts)[0].detail, "put_policy catalog");
  absl::StatusOr<AuditVerification> verified = service_->policies().VerifyAudit(root_, "");
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->problem, "");
  EXPECT_GE(verified->records, 7);  // 5 creations, the put, the denial
}

}  // namespace
}  // namespace almanac::service

namespace almanac::service {
namespace {

// Schema registry actions are asked on the registry or schema ARN alone, as
// Glue asks them: an identity policy naming one schema lets its user read
// and evolve that schema, and nothing else of the registry.
TEST_F(PolicyServiceTest, SchemaRegistryActionsAskOnTheirOwnArn) {
  const std::string v1 = R"({"type": "record", "name": "R", "fields": []})";
  auto registry = service_->registry().CreateRegistry(internal_, "shop", "");
  ASSERT_TRUE(registry.ok()) << registry.status();
  for (const char* name : {"orders", "refunds"}) {
    ASSERT_TRUE(service_->registry()
                    .CreateSchema(internal_, CreateSchemaRequest{.registry = "shop",
                                                                 .name = name,
                                                                 .data_format = "AVRO",
                                                                 .definition = v1})
                    .ok());
  }
  auto put = Put("user/bob", R"({"Version": "2012-10-17", "Statement": [{
      "Effect": "Allow", "Action": ["glue:GetSchema", "glue:RegisterSchemaVersion"],
      "Resource": "$Aschema/shop/orders"}]})");
  ASSERT_TRUE(put.ok()) << put.status();
  auto bob = As("bob");
  EXPECT_TRUE(service_->registry().GetSchema(bob, "shop", "orders").ok());
  auto v2 = service_->registry().RegisterSchemaVersion(
      bob, RegisterVersionRequest{
               .registry = "shop",
               .schema = "orders",
               .definition = R"({"type": "record", "name": "R", "fields": [
                   {"name": "a", "type": "int", "default": 0}]})"});
  EXPECT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(service_->registry().GetSchema(bob, "shop", "refunds").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->registry().DeleteSchema(bob, "shop", "orders", true).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->registry().ListRegistries(bob).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->registry().ListSchemas(bob, "shop").status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace almanac::service
