// The gate: decisions before anything is read, audit of decisions and write
// outcomes, change observers inside the transaction, and per-item visibility
// in listings. Against a real SQLite file.
#include "catalog/service/gate.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "catalog/service/actions.h"
#include "catalog/service/service_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Records every question; denies the actions in `denied_actions` and the
// listed items whose ARN or item contains one of `hidden`.
class RecordingAuthorizer : public Authorizer {
 public:
  absl::Status Authorize(const AccessRequest& request) override {
    absl::MutexLock lock(&mu_);
    const std::string line = std::string(request.listed_item ? "item " : "") +
                             std::string(request.action) + " " + std::string(request.resource) +
                             (request.item.empty() ? "" : " ") + std::string(request.item);
    asked.push_back(line);
    for (const std::string& a : denied_actions) {
      if (request.action == a) return absl::PermissionDeniedError("access denied: test");
    }
    if (request.listed_item) {
      for (const std::string& h : hidden) {
        if (std::string(request.resource).find(h) != std::string::npos ||
            std::string(request.item).find(h) != std::string::npos) {
          return absl::PermissionDeniedError("hidden");
        }
      }
    }
    return absl::OkStatus();
  }

  std::vector<std::string> Calls() {
    absl::MutexLock lock(&mu_);
    std::vector<std::string> out;
    for (const std::string& a : asked) {
      if (!absl::StartsWith(a, "item ")) out.push_back(a);
    }
    return out;
  }

  absl::Mutex mu_;
  std::vector<std::string> asked;
  std::vector<std::string> denied_actions;
  std::vector<std::string> hidden;
};

class RecordingAudit : public AuditSink {
 public:
  void Decided(const AccessRequest& request, const absl::Status& decision) override {
    absl::MutexLock lock(&mu_);
    lines.push_back(std::string(decision.ok() ? "allow " : "deny ") + std::string(request.action) +
                    " " + std::string(request.resource) + " by " + request.context.principal);
  }
  void Finished(const AccessRequest& request, absl::Span<const model::ChangeRecord> changes,
                const absl::Status& outcome) override {
    absl::MutexLock lock(&mu_);
    std::string line = "finished " + std::string(request.action) + " " +
                       (outcome.ok() ? std::string("committed") : std::string(outcome.message()));
    for (const model::ChangeRecord& c : changes) {
      line += " " + std::string(model::ChangeKindName(c.kind)) + ":" + c.object;
    }
    lines.push_back(line);
  }
  absl::Mutex mu_;
  std::vector<std::string> lines;
};

// Fails BeforeCommit when `fail` is set; records what it saw.
class TestObserver : public ChangeObserver {
 public:
  absl::Status BeforeCommit(storage::WriteTransaction& txn, const model::RequestContext& context,
                            absl::Span<const model::ChangeRecord> changes) override {
    for (const model::ChangeRecord& c : changes) {
      seen.push_back(std::string(model::ChangeKindName(c.kind)) + ":" + c.object);
    }
    return fail ? absl::InternalError("observer failed") : absl::OkStatus();
  }
  bool fail = false;
  std::vector<std::string> seen;
};

class GateTest : public ServiceTest {
 protected:
  CatalogOptions Options() override {
    CatalogOptions options = ServiceTest::Options();
    options.authorizer = authorizer_;
    options.audit = audit_;
    options.arns = model::ResourceArns("eu-west-1", "111122223333");
    return options;
  }
  void SetUp() override {
    ServiceTest::SetUp();
    service_->gate().AddObserver(observer_);
  }

  std::shared_ptr<RecordingAuthorizer> authorizer_ = std::make_shared<RecordingAuthorizer>();
  std::shared_ptr<RecordingAudit> audit_ = std::make_shared<RecordingAudit>();
  std::shared_ptr<TestObserver> observer_ = std::make_shared<TestObserver>();
};

TEST_F(GateTest, EachCallAsksOnceForItsActionAndResource) {
  CreateDatabase("Sales");
  CreateTable(MakeTable("sales", "orders"));
  ASSERT_TRUE(service_->tables().GetTable(ctx_, "SALES", "Orders").ok());
  EXPECT_THAT(authorizer_->Calls(),
              ElementsAre("glue:CreateDatabase arn:aws:glue:eu-west-1:111122223333:database/sales",
                          "glue:CreateTable arn:aws:glue:eu-west-1:111122223333:table/sales/orders",
                          "glue:GetTable arn:aws:glue:eu-west-1:111122223333:table/sales/orders"));
}

TEST_F(GateTest, DeniedCallLooksTheSameForMissingAndExistingObjects) {
  CreateDatabase("sales");
  CreateTable(MakeTable("sales", "orders"));
  authorizer_->denied_actions = {"glue:GetTable", "glue:DeleteTable"};
  absl::StatusOr<model::Table> existing = service_->tables().GetTable(ctx_, "sales", "orders");
  absl::StatusOr<model::Table> missing = service_->tables().GetTable(ctx_, "nosuch", "nothing");
  EXPECT_EQ(existing.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(existing.status().message(), missing.status().message());
  // A refused write changes nothing.
  EXPECT_EQ(service_->tables().DropTable(ctx_, "sales", "orders").code(),
            absl::StatusCode::kPermissionDenied);
  authorizer_->denied_actions.clear();
  EXPECT_TRUE(service_->tables().GetTable(ctx_, "sales", "orders").ok());
}

TEST_F(GateTest, AuditHearsDecisionsAndWriteOutcomes) {
  CreateDatabase("sales");
  authorizer_->denied_actions = {"glue:DeleteDatabase"};
  EXPECT_EQ(service_->databases().DropDatabase(ctx_, "sales", false).code(),
            absl::StatusCode::kPermissionDenied);
  // A write that fails inside its transaction ends rolled back, with no change.
  EXPECT_EQ(service_->databases().CreateDatabase(ctx_, model::Database{.name = "sales"}).status()
                .code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(
      audit_->lines,
      ElementsAre(
          "allow glue:CreateDatabase arn:aws:glue:eu-west-1:111122223333:database/sales by alice",
          "finished glue:CreateDatabase committed create_database:sales",
          "deny glue:DeleteDatabase arn:aws:glue:eu-west-1:111122223333:database/sales by alice",
          "allow glue:CreateDatabase arn:aws:glue:eu-west-1:111122223333:database/sales by alice",
          "finished glue:CreateDatabase rolled back"));
}

TEST_F(GateTest, ObserversRunInsideTheTransactionAndCanRollItBack) {
  CreateDatabase("sales");
  EXPECT_THAT(observer_->seen, ElementsAre("create_database:sales"));
  observer_->fail = true;
  absl::StatusOr<model::Table> created = service_->tables().CreateTable(ctx_, MakeTable("sales", "t"));
  EXPECT_EQ(created.status().code(), absl::StatusCode::kInternal);
  observer_->fail = false;
  // Nothing of the failed write was applied: neither the table nor its event.
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "t").status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<std::vector<model::NotificationEvent>> events =
      service_->notifications().ListNotifications(ctx_, 0, 0, {});
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].event_type, model::kCreateDatabaseEvent);
}

TEST_F(GateTest, ListingsAskPerItemAndHideWhatTheCallerMayNotSee) {
  CreateDatabase("sales");
  CreateDatabase("secret_db");
  CreateTable(MakeTable("sales", "orders", {{"ds", "string", ""}}));
  CreateTable(MakeTable("sales", "secret_table"));
  ASSERT_TRUE(service_->partitions()
                  .AddPartitions(ctx_, "sales", "orders",
                                 {MakePartition({"2024"}), MakePartition({"secret"})}, false)
                  .ok());
  authorizer_->hidden = {"secret"};

  absl::StatusOr<model::Page<std::string>> dbs = service_->databases().ListDatabases(ctx_, "", "", 0);
  ASSERT_TRUE(dbs.ok());
  EXPECT_THAT(dbs->items, ElementsAre("sales"));
  absl::StatusOr<std::vector<std::string>> all_dbs =
      service_->databases().ListAllDatabaseNames(ctx_, "");
  ASSERT_TRUE(all_dbs.ok());
  EXPECT_THAT(*all_dbs, ElementsAre("sales"));

  absl::StatusOr<model::Page<std::string>> tables =
      service_->tables().ListTables(ctx_, "sales", "", "", 0);
  ASSERT_TRUE(tables.ok());
  EXPECT_THAT(tables->items, ElementsAre("orders"));
  absl::StatusOr<std::vector<model::Table>> objects =
      service_->tables().GetTables(ctx_, "sales", {"orders", "secret_table"});
  ASSERT_TRUE(objects.ok());
  ASSERT_EQ(objects->size(), 1u);
  absl::StatusOr<std::vector<TableMeta>> meta = service_->tables().GetTableMeta(ctx_, "*", "*", {});
  ASSERT_TRUE(meta.ok());
  ASSERT_EQ(meta->size(), 1u);
  EXPECT_EQ((*meta)[0].name, "orders");

  absl::StatusOr<model::PartitionNamePage> names =
      service_->partitions().ListPartitionNames(ctx_, "sales", "orders", {});
  ASSERT_TRUE(names.ok());
  EXPECT_THAT(names->items, ElementsAre("ds=2024"));
  absl::StatusOr<model::PartitionListResult> parts =
      service_->partitions().ListPartitions(ctx_, "sales", "orders", {});
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->partitions.size(), 1u);
  absl::StatusOr<int64_t> count =
      service_->partitions().CountPartitions(ctx_, "sales", "orders", "", model::FilterDialect::kGlue);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  std::vector<std::string> scanned;
  ASSERT_TRUE(service_->partitions()
                  .ScanPartitions(ctx_, "sales", "orders", {},
                                  [&](model::Partition&& p) {
                                    scanned.push_back(p.values[0]);
                                    return true;
                                  })
                  .ok());
  EXPECT_THAT(scanned, ElementsAre("2024"));

  // The per-item questions carry the listing's own action and the item.
  bool asked_partition = false;
  for (const std::string& a : authorizer_->asked) {
    asked_partition |= a == "item glue:GetPartitions "
                            "arn:aws:glue:eu-west-1:111122223333:table/sales/orders ds=secret";
  }
  EXPECT_TRUE(asked_partition);
}

TEST(GateDefaultsTest, AllowAllHidesNothingAndLockdownSparesOnlyTheServer) {
  EXPECT_FALSE(AllowAllAuthorizer()->FiltersListedItems());
  model::RequestContext user{.principal = "bob", .front_end = model::FrontEnd::kThrift};
  model::RequestContext internal = model::RequestContext::Internal("test");
  std::shared_ptr<Authorizer> lockdown = LockdownAuthorizer();
  absl::Status refused = lockdown->Authorize(
      {.context = user, .action = actions::kGetTable, .resource = "arn:x:table/a/b"});
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(refused.message(), HasSubstr("access denied: glue:GetTable on arn:x:table/a/b"));
  EXPECT_TRUE(lockdown
                  ->Authorize({.context = internal,
                               .action = actions::kExpireNotifications,
                               .resource = "arn:x:catalog"})
                  .ok());
}

}  // namespace
}  // namespace almanac::service
