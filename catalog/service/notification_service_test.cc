// Every mutating CatalogService call appends its notification events in the
// same transaction: one series of DDL gives contiguous ids with the expected
// types and payloads, and a refused change appends nothing.
#include "catalog/service/notification_service.h"

#include <string>
#include <vector>

#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

class NotificationEventsTest : public ServiceTest {
 protected:
  std::vector<model::NotificationEvent> Events(int64_t after = 0) {
    auto events = service_->notifications().ListNotifications(ctx_, after, 0, {});
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<model::NotificationEvent>{};
  }
  std::vector<std::string> Types(int64_t after = 0) {
    std::vector<std::string> types;
    for (const auto& e : Events(after)) types.push_back(e.event_type);
    return types;
  }
  int64_t Current() {
    auto id = service_->notifications().CurrentNotificationId(ctx_);
    EXPECT_TRUE(id.ok()) << id.status();
    return *id;
  }
};

TEST_F(NotificationEventsTest, EachMutationAppendsItsEvents) {
  CreateDatabase("sales");
  model::Table created = CreateTable(MakeTable("sales", "orders", {{"day", "string", ""}}));
  ASSERT_TRUE(service_
                  ->partitions().AddPartitions(ctx_, "sales", "orders",
                                  {MakePartition({"a"}), MakePartition({"b"})}, false)
                  .ok());
  model::Partition altered = MakePartition({"a"});
  altered.parameters["k"] = "v";
  ASSERT_TRUE(service_->partitions().UpdatePartitions(ctx_, "sales", "orders", {altered}).ok());
  ASSERT_TRUE(
      service_->partitions().RenamePartition(ctx_, "sales", "orders", {"b"}, MakePartition({"c"})).ok());
  ASSERT_TRUE(service_->partitions().DropPartitions(ctx_, "sales", "orders", {{"a"}, {"c"}}, false).ok());
  model::Table changed = created;
  changed.parameters["owner_team"] = "x";
  ASSERT_TRUE(service_->tables().UpdateTable(ctx_, changed).ok());
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "orders", "sales", "orders2").ok());
  model::Database db = *service_->databases().GetDatabase(ctx_, "sales");
  db.description = "changed";
  ASSERT_TRUE(service_->databases().UpdateDatabase(ctx_, db).ok());
  ASSERT_TRUE(service_->tables().DropTable(ctx_, "sales", "orders2").ok());
  CreateTable(MakeTable("sales", "t1"));
  ASSERT_TRUE(service_->databases().DropDatabase(ctx_, "sales", /*cascade=*/true).ok());

  EXPECT_EQ(Types(), (std::vector<std::string>{
                         "CREATE_DATABASE", "CREATE_TABLE", "ADD_PARTITION", "ALTER_PARTITION",
                         "ALTER_PARTITION", "DROP_PARTITION", "ALTER_TABLE", "ALTER_TABLE",
                         "ALTER_DATABASE", "DROP_TABLE", "CREATE_TABLE", "DROP_TABLE",
                         "DROP_DATABASE"}));
  std::vector<model::NotificationEvent> events = Events();
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].event_id, static_cast<int64_t>(i + 1));
    EXPECT_EQ(events[i].database, "sales");
    EXPECT_GT(events[i].event_time, 1600000000);
  }
  EXPECT_EQ(Current(), static_cast<int64_t>(events.size()));

  EXPECT_EQ(events[0].database_after->name, "sales");
  EXPECT_EQ(*events[1].table_after, created);
  EXPECT_EQ(events[2].table, "orders");
  ASSERT_EQ(events[2].partitions_after.size(), 2u);  // one event for the batch, as Hive
  EXPECT_EQ(events[2].partitions_after[1].values, std::vector<std::string>{"b"});
  EXPECT_EQ(events[3].partitions_after[0].parameters.at("k"), "v");
  EXPECT_TRUE(events[3].partitions_before[0].parameters.empty());
  EXPECT_EQ(events[4].partitions_before[0].values, std::vector<std::string>{"b"});
  EXPECT_EQ(events[4].partitions_after[0].values, std::vector<std::string>{"c"});
  // One DROP_PARTITION event for the drop call, listing both partitions in
  // the order the call named them (Hive emits one per partition).
  EXPECT_EQ(events[5].table, "orders");
  ASSERT_EQ(events[5].partitions_before.size(), 2u);
  EXPECT_EQ(events[5].partitions_before[0].values, std::vector<std::string>{"a"});
  EXPECT_EQ(events[5].partitions_before[1].values, std::vector<std::string>{"c"});
  EXPECT_EQ(events[5].table_after->name, "orders");
  EXPECT_EQ(events[6].table_after->parameters.at("owner_team"), "x");
  // A rename names the new table; before and after carry both names.
  EXPECT_EQ(events[7].table, "orders2");
  EXPECT_EQ(events[7].table_before->name, "orders");
  EXPECT_EQ(events[7].table_after->name, "orders2");
  EXPECT_EQ(events[8].database_before->description, "");
  EXPECT_EQ(events[8].database_after->description, "changed");
  EXPECT_EQ(events[11].table, "t1");
  EXPECT_EQ(events[12].database_before->name, "sales");

  auto count = service_->notifications().CountNotifications(ctx_, 2, 0, "SALES");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 11);
}

TEST_F(NotificationEventsTest, RefusedChangesAppendNothing) {
  CreateDatabase("db");
  CreateTable(MakeTable("db", "t", {{"k", "string", ""}}));
  const int64_t before = Current();
  // A batch with one bad element is refused whole.
  EXPECT_EQ(service_
                ->partitions().AddPartitions(ctx_, "db", "t", {MakePartition({"a"}), MakePartition({"a"})},
                                false)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->partitions().DropPartitions(ctx_, "db", "t", {{"missing"}}, false).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->databases().CreateDatabase(ctx_, model::Database{.name = "db"}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(service_->databases().DropDatabase(ctx_, "db", /*cascade=*/false).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Current(), before);
  // The next successful change takes the very next id: no gap.
  ASSERT_TRUE(service_->partitions().AddPartitions(ctx_, "db", "t", {MakePartition({"a"})}, false).ok());
  EXPECT_EQ(Current(), before + 1);
  // Dropping nothing with if_exists appends nothing either.
  ASSERT_TRUE(service_->partitions().DropPartitions(ctx_, "db", "t", {{"zzz"}}, true).ok());
  EXPECT_EQ(Current(), before + 1);
}

TEST_F(NotificationEventsTest, ListingSkipsTypesAndFiltersByDatabase) {
  CreateDatabase("a");
  CreateDatabase("b");
  CreateTable(MakeTable("a", "t"));
  auto only_a = service_->notifications().ListNotifications(ctx_, 0, 0, {.database = "A"});
  ASSERT_TRUE(only_a.ok());
  EXPECT_EQ(only_a->size(), 2u);
  auto skipped = service_->notifications().ListNotifications(ctx_, 0, 0, {.skip_types = {"CREATE_DATABASE"}});
  ASSERT_TRUE(skipped.ok());
  ASSERT_EQ(skipped->size(), 1u);
  EXPECT_EQ((*skipped)[0].event_id, 3);
  auto limited = service_->notifications().ListNotifications(ctx_, 1, 1, {});
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ((*limited)[0].event_id, 2);
}

}  // namespace
}  // namespace almanac::service

namespace almanac::service {
namespace {

// The service's TTL: events older than notification_ttl_seconds go, in
// batches; newer ones and the id sequence stay.
class NotificationExpiryTest : public NotificationEventsTest {
 protected:
  CatalogOptions Options() override {
    CatalogOptions options = NotificationEventsTest::Options();
    options.notification_ttl_seconds = ttl_seconds_;
    return options;
  }
  int64_t ttl_seconds_ = 3600;
};

TEST_F(NotificationExpiryTest, DeletesOnlyEventsOlderThanTheTtl) {
  CreateDatabase("a");
  CreateDatabase("b");
  const int64_t last = Current();
  ASSERT_EQ(last, 2);
  // Now: nothing is an hour old.
  auto expired = service_->notifications().ExpireNotifications(ctx_, absl::Now());
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(*expired, 0);
  EXPECT_EQ(Events().size(), 2u);
  // Two hours on, both are.
  expired = service_->notifications().ExpireNotifications(ctx_, absl::Now() + absl::Hours(2));
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(*expired, 2);
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(Current(), last);
  CreateDatabase("c");
  ASSERT_EQ(Events().size(), 1u);
  EXPECT_EQ(Events().front().event_id, last + 1);
}

TEST_F(NotificationExpiryTest, DeletesMoreThanOneBatch) {
  // 25,000 old events straight into the store: three batches of at most 10,000.
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  model::NotificationEvent old;
  old.event_time = 1000;
  old.event_type = "CREATE_DATABASE";
  old.database = "gone";
  for (int i = 0; i < 25'000; ++i) ASSERT_TRUE((*txn)->events().AppendNotification(old).ok());
  ASSERT_TRUE((*txn)->Commit().ok());
  CreateDatabase("kept");
  auto expired = service_->notifications().ExpireNotifications(ctx_, absl::Now());
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(*expired, 25'000);
  ASSERT_EQ(Events().size(), 1u);
  EXPECT_EQ(Events().front().database, "kept");
}

class NotificationsKeptForeverTest : public NotificationExpiryTest {
 protected:
  void SetUp() override {
    ttl_seconds_ = 0;
    NotificationExpiryTest::SetUp();
  }
};

TEST_F(NotificationsKeptForeverTest, ATtlOfZeroKeepsEverything) {
  CreateDatabase("a");
  auto expired = service_->notifications().ExpireNotifications(ctx_, absl::Now() + absl::Hours(24 * 365));
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(*expired, 0);
  EXPECT_EQ(Events().size(), 1u);
}

}  // namespace
}  // namespace almanac::service
