// The notification log of the SQLite backend: ids contiguous across commits,
// an aborted transaction leaves no gap, payload round trip, filters, counts.
// Real files in a temporary directory.
#include <memory>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "storage/sqlite/notification_codec.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::MakeDatabase;
using sqlite::testing::MakePartition;
using sqlite::testing::MakeTable;
using sqlite::testing::TempDir;

model::NotificationEvent Event(const std::string& type, const std::string& db,
                               const std::string& table) {
  model::NotificationEvent e;
  e.event_time = 1700000000;
  e.event_type = type;
  e.database = db;
  e.table = table;
  return e;
}

class SqliteNotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteStore({.path = dir_.File("c.db"), .sync_every_commit = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Appends one event per type in its own committed transaction.
  std::vector<int64_t> AppendCommitted(const std::vector<model::NotificationEvent>& events) {
    std::vector<int64_t> ids;
    for (const model::NotificationEvent& e : events) {
      auto txn = store_->BeginWrite();
      EXPECT_TRUE(txn.ok());
      auto id = (*txn)->events().AppendNotification(e);
      EXPECT_TRUE(id.ok()) << id.status();
      EXPECT_TRUE((*txn)->Commit().ok());
      ids.push_back(*id);
    }
    return ids;
  }

  std::vector<model::NotificationEvent> List(int64_t after, int64_t max,
                                             const model::NotificationFilter& filter = {}) {
    auto txn = store_->BeginRead();
    EXPECT_TRUE(txn.ok());
    auto events = (*txn)->events().ListNotifications(after, max, filter);
    EXPECT_TRUE(events.ok()) << events.status();
    return *events;
  }

  int64_t Current() {
    auto txn = store_->BeginRead();
    auto id = (*txn)->events().CurrentNotificationId();
    EXPECT_TRUE(id.ok());
    return *id;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteNotificationsTest, EmptyLogHasCurrentIdZero) {
  EXPECT_EQ(Current(), 0);
  EXPECT_TRUE(List(0, 0).empty());
}

TEST_F(SqliteNotificationsTest, IdsAreContiguousAndAbortedAppendsLeaveNoGap) {
  EXPECT_EQ(AppendCommitted({Event("CREATE_DATABASE", "a", "")}), std::vector<int64_t>{1});
  {
    // Appended, then rolled back (never committed).
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    auto id = (*txn)->events().AppendNotification(Event("CREATE_DATABASE", "b", ""));
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(*id, 2);
  }
  EXPECT_EQ(Current(), 1);
  EXPECT_EQ(AppendCommitted({Event("CREATE_DATABASE", "c", ""), Event("DROP_DATABASE", "c", "")}),
            (std::vector<int64_t>{2, 3}));
  std::vector<model::NotificationEvent> events = List(0, 0);
  ASSERT_EQ(events.size(), 3u);
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].event_id, int64_t(i + 1));
  EXPECT_EQ(events[1].database, "c");
  EXPECT_EQ(Current(), 3);
}

TEST_F(SqliteNotificationsTest, DeletingOldEventsTakesTheOldestFirstAndKeepsIdsGoing) {
  std::vector<model::NotificationEvent> events;
  for (int i = 0; i < 5; ++i) {
    events.push_back(Event("CREATE_DATABASE", "db" + std::to_string(i), ""));
    events.back().event_time = 1000 + i;  // 1000 .. 1004
  }
  AppendCommitted(events);
  auto delete_before = [&](int64_t time, int64_t max) {
    auto txn = store_->BeginWrite();
    EXPECT_TRUE(txn.ok());
    auto deleted = (*txn)->events().DeleteNotificationsBefore(time, max);
    EXPECT_TRUE(deleted.ok()) << deleted.status();
    EXPECT_TRUE((*txn)->Commit().ok());
    return deleted.ok() ? *deleted : -1;
  };
  EXPECT_EQ(delete_before(1003, 2), 2);  // 1 and 2: the oldest, within the bound
  std::vector<model::NotificationEvent> left = List(0, 0);
  ASSERT_EQ(left.size(), 3u);
  EXPECT_EQ(left.front().event_id, 3);
  EXPECT_EQ(delete_before(1003, 100), 1);  // 3 (time 1002); 1003 is not before 1003
  EXPECT_EQ(delete_before(2000, 100), 2);
  EXPECT_TRUE(List(0, 0).empty());
  // Every event is gone, and still no id is handed out twice.
  EXPECT_EQ(Current(), 5);
  EXPECT_EQ(AppendCommitted({Event("DROP_DATABASE", "db0", "")}), std::vector<int64_t>{6});
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ((*txn)->events().DeleteNotificationsBefore(2000, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(SqliteNotificationsTest, PayloadRoundTrips) {
  model::Table before = MakeTable("db", "t", {{"year", "int"}});
  before.parameters["k"] = "v";
  model::Table after = before;
  after.name = "t2";
  model::NotificationEvent e = Event("ALTER_TABLE", "db", "t");
  e.database_after = MakeDatabase("db");
  e.table_before = before;
  e.table_after = after;
  model::Partition p = MakePartition(before, {"2024"});
  p.parameters["numRows"] = "3";
  e.partitions_before = {p};
  e.partitions_after = {p, MakePartition(before, {"2025"})};
  AppendCommitted({e});
  std::vector<model::NotificationEvent> events = List(0, 0);
  ASSERT_EQ(events.size(), 1u);
  e.event_id = 1;
  EXPECT_EQ(events[0], e);
}

// An Iceberg commit (an ALTER_TABLE moving metadata_location) stores the
// table once and the table before it as a small patch; both come back whole,
// and the older form with a whole table_before still decodes.
TEST_F(SqliteNotificationsTest, TableBeforeIsStoredAsAPatch) {
  model::Table before = MakeTable("db", "t", {{"year", "int"}});
  before.parameters["metadata_location"] = "s3://b/t/metadata/00041-a.metadata.json";
  before.parameters["previous_metadata_location"] = "s3://b/t/metadata/00040-b.metadata.json";
  model::Table after = before;
  after.parameters["metadata_location"] = "s3://b/t/metadata/00042-c.metadata.json";
  after.parameters["previous_metadata_location"] = before.parameters["metadata_location"];
  model::NotificationEvent e = Event("ALTER_TABLE", "db", "t");
  e.table_before = before;
  e.table_after = after;
  const std::string body = sqlite::NotificationPayloadToJson(e);
  const nlohmann::json j = nlohmann::json::parse(body);
  ASSERT_TRUE(j.contains("table_before_patch"));
  EXPECT_FALSE(j.contains("table_before"));
  // The patch is the two parameters, not a second table.
  EXPECT_LT(j["table_before_patch"].dump().size(), 300u) << j["table_before_patch"].dump();
  EXPECT_LT(body.size(), sqlite::TableAfterJson(after).size() + 300);
  model::NotificationEvent decoded;
  ASSERT_TRUE(sqlite::NotificationPayloadFromJson(body, &decoded).ok());
  EXPECT_EQ(decoded.table_before, before);
  EXPECT_EQ(decoded.table_after, after);

  nlohmann::json old_form = j;
  old_form.erase("table_before_patch");
  old_form["table_before"] = nlohmann::json::parse(sqlite::TableAfterJson(before));
  model::NotificationEvent old_decoded;
  ASSERT_TRUE(sqlite::NotificationPayloadFromJson(old_form.dump(), &old_decoded).ok());
  EXPECT_EQ(old_decoded.table_before, before);

  nlohmann::json broken = j;
  broken["table_before_patch"] = nlohmann::json::array({{{"op", "remove"}, {"path", "/nope"}}});
  model::NotificationEvent bad;
  bad.event_id = 3;
  EXPECT_EQ(sqlite::NotificationPayloadFromJson(broken.dump(), &bad).code(),
            absl::StatusCode::kDataLoss);
}

// Partitions are stored by their differences from the event's table; every
// kind of difference must come back.
TEST_F(SqliteNotificationsTest, AddedPartitionsRoundTripAgainstTheirTable) {
  model::Table table = MakeTable("db", "t", {{"year", "int"}, {"region", "string"}});
  model::NotificationEvent e = Event("ADD_PARTITION", "db", "t");
  e.table_after = table;
  model::Partition plain = MakePartition(table, {"2024", "eu west"});
  model::Partition elsewhere = MakePartition(table, {"2024", "us"});
  elsewhere.sd.location = "s3://other/place";
  model::Partition no_location = MakePartition(table, {"2025", "us"});
  no_location.sd.location = "";
  model::Partition other_sd = MakePartition(table, {"2025", "eu"});
  other_sd.sd.columns.push_back({"extra", "int", ""});
  model::Partition with_params = MakePartition(table, {"2026", "eu"});
  with_params.parameters["numRows"] = "7";
  with_params.last_access_time = 1700000200;
  model::Partition other_table = MakePartition(table, {"2027", "eu"});
  other_table.table = "u";
  e.partitions_after = {plain, elsewhere, no_location, other_sd, with_params, other_table};
  AppendCommitted({e});
  std::vector<model::NotificationEvent> events = List(0, 0);
  ASSERT_EQ(events.size(), 1u);
  e.event_id = 1;
  EXPECT_EQ(events[0], e);
}

// One transaction serialises a table once for consecutive events that carry
// it; an event whose table differs (even only in a parameter) must not get
// the previous table's JSON.
TEST_F(SqliteNotificationsTest, ConsecutiveEventsKeepTheirOwnTable) {
  model::Table table = MakeTable("db", "t", {{"year", "int"}});
  model::Table changed = table;
  changed.parameters["last_modified"] = "now";
  std::vector<model::NotificationEvent> expected;
  for (int i = 0; i < 4; ++i) {
    model::NotificationEvent e = Event("DROP_PARTITION", "db", "t");
    e.table_after = i == 2 ? changed : table;
    e.partitions_before = {MakePartition(table, {std::to_string(2020 + i)})};
    expected.push_back(e);
  }
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    for (const model::NotificationEvent& e : expected) {
      ASSERT_TRUE((*txn)->events().AppendNotification(e).ok());
    }
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  std::vector<model::NotificationEvent> events = List(0, 0);
  ASSERT_EQ(events.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    expected[i].event_id = static_cast<int64_t>(i) + 1;
    EXPECT_EQ(events[i], expected[i]) << "event " << i;
  }
}

// A commit's events with the same table store it once: the first holds it,
// the rest name that event. Every reader still gets whole events: a page
// starting after the holder, and a filter that skips the holder.
TEST_F(SqliteNotificationsTest, OneCommitStoresItsTableOnce) {
  model::Table table = MakeTable("db", "t", {{"year", "int"}});
  std::vector<model::NotificationEvent> expected;
  for (int i = 0; i < 5; ++i) {
    model::NotificationEvent e = Event(i == 0 ? "ALTER_TABLE" : "DROP_PARTITION", "db", "t");
    e.table_after = table;
    if (i > 0) e.partitions_before = {MakePartition(table, {std::to_string(2020 + i)})};
    expected.push_back(e);
  }
  // The same table in a later second: that event holds its own copy.
  expected.push_back(expected.back());
  expected.back().event_time += 1;
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    for (const model::NotificationEvent& e : expected) {
      ASSERT_TRUE((*txn)->events().AppendNotification(e).ok());
    }
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  for (size_t i = 0; i < expected.size(); ++i) expected[i].event_id = static_cast<int64_t>(i) + 1;
  EXPECT_EQ(List(0, 0), expected);
  EXPECT_EQ(List(2, 2), std::vector<model::NotificationEvent>(expected.begin() + 2,
                                                               expected.begin() + 4));
  std::vector<model::NotificationEvent> drops =
      List(0, 0, model::NotificationFilter{.skip_types = {"ALTER_TABLE"}});
  EXPECT_EQ(drops, std::vector<model::NotificationEvent>(expected.begin() + 1, expected.end()));

  // What is stored: the table once per second, names of its holder otherwise.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("c.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT message FROM notification_log ORDER BY event_id", -1,
                               &stmt, nullptr),
            SQLITE_OK);
  std::vector<std::string> kinds;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const nlohmann::json j =
        nlohmann::json::parse(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    kinds.push_back(j.contains("table_after") ? "holds"
                    : j.contains("table_after_event")
                        ? "names " + std::to_string(j["table_after_event"].get<int64_t>())
                        : "none");
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_EQ(kinds, (std::vector<std::string>{"holds", "names 1", "names 1", "names 1", "names 1",
                                             "holds"}));
}

// Expiry bounded by a count never leaves an event whose holder it deleted:
// it runs on to the end of the last deleted event's commit.
TEST_F(SqliteNotificationsTest, ExpiryTakesWholeCommits) {
  model::Table table = MakeTable("db", "t", {{"year", "int"}});
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    for (int i = 0; i < 4; ++i) {
      model::NotificationEvent e = Event("DROP_PARTITION", "db", "t");
      e.event_time = 1000;
      e.table_after = table;
      e.partitions_before = {MakePartition(table, {std::to_string(2020 + i)})};
      ASSERT_TRUE((*txn)->events().AppendNotification(e).ok());
    }
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  model::NotificationEvent later = Event("CREATE_DATABASE", "x", "");
  later.event_time = 1001;
  AppendCommitted({later});
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  auto deleted = (*txn)->events().DeleteNotificationsBefore(2000, 2);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 4);  // asked for 2; the commit of the 2nd has 4
  ASSERT_TRUE((*txn)->Commit().ok());
  std::vector<model::NotificationEvent> left = List(0, 0);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].event_id, 5);
}

TEST(NotificationCodecTest, ANamedTableNeedsItsHolder) {
  model::Table table = MakeTable("db", "t", {{"year", "int"}});
  model::NotificationEvent e = Event("DROP_PARTITION", "db", "t");
  e.table_after = table;
  e.partitions_before = {MakePartition(table, {"2020"})};
  const std::string body = sqlite::NotificationPayloadToJsonWithTableOf(e, 7);
  model::NotificationEvent decoded;
  decoded.event_id = 8;
  absl::Status no_reader = sqlite::NotificationPayloadFromJson(body, &decoded);
  EXPECT_EQ(no_reader.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(no_reader.message(),
            "notification event 8 names the table of event 7, which cannot be read here");
  absl::Status gone = sqlite::NotificationPayloadFromJson(
      body, &decoded, [](int64_t) -> absl::StatusOr<model::Table> {
        return absl::NotFoundError("event 7 no longer exists");
      });
  EXPECT_EQ(gone.code(), absl::StatusCode::kDataLoss);
  ASSERT_TRUE(sqlite::NotificationPayloadFromJson(
                  body, &decoded, [&](int64_t id) -> absl::StatusOr<model::Table> {
                    EXPECT_EQ(id, 7);
                    return table;
                  })
                  .ok());
  EXPECT_EQ(decoded.table_after, table);
  EXPECT_EQ(decoded.partitions_before, e.partitions_before);
}

TEST(NotificationCodecTest, SplicedTableEqualsSerialisedTable) {
  model::Table table = MakeTable("db", "t\"quoted", {{"year", "int"}});
  model::NotificationEvent e = Event("CREATE_TABLE", "db", "t");
  e.table_after = table;
  std::string body = sqlite::NotificationPayloadToJson(e);
  EXPECT_EQ(body, sqlite::NotificationPayloadToJson(e, sqlite::TableAfterJson(table)));
  model::NotificationEvent decoded;
  ASSERT_TRUE(sqlite::NotificationPayloadFromJson(body, &decoded).ok());
  EXPECT_EQ(decoded.table_after, e.table_after);
  // Only a table: the object holds that one member.
  EXPECT_EQ(body.rfind("{\"table_after\":", 0), 0u) << body;
}

// Events written before the compact form hold every partition in full.
TEST(NotificationCodecTest, FullPartitionsStillDecode) {
  model::Table table = MakeTable("db", "t", {{"year", "int"}});
  model::NotificationEvent e = Event("ADD_PARTITION", "db", "t");
  e.partitions_after = {MakePartition(table, {"2024"}), MakePartition(table, {"2025"})};
  // Without a table the payload holds the full form.
  nlohmann::json full = nlohmann::json::parse(sqlite::NotificationPayloadToJson(e));
  ASSERT_TRUE(full.at("partitions_after").at(0).contains("sd"));
  e.table_after = table;
  nlohmann::json with_table = nlohmann::json::parse(sqlite::NotificationPayloadToJson(e));
  EXPECT_FALSE(with_table.at("partitions_after").at(0).contains("sd"));
  full["table_after"] = with_table.at("table_after");
  model::NotificationEvent got;
  ASSERT_TRUE(sqlite::NotificationPayloadFromJson(full.dump(), &got).ok());
  EXPECT_EQ(got.partitions_after, e.partitions_after);
  EXPECT_EQ(got.table_after, e.table_after);
}

TEST(NotificationCodecTest, CompactPartitionsWithoutTableAreDataLoss) {
  model::NotificationEvent got;
  got.event_id = 9;
  EXPECT_EQ(sqlite::NotificationPayloadFromJson(
                R"({"partitions_after":[{"values":["1"],"create_time":0}]})", &got)
                .code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(SqliteNotificationsTest, ListingHonoursAfterMaxAndFilters) {
  AppendCommitted({Event("CREATE_DATABASE", "a", ""), Event("CREATE_TABLE", "a", "t"),
                   Event("CREATE_TABLE", "b", "u"), Event("ALTER_TABLE", "a", "t"),
                   Event("DROP_TABLE", "a", "v")});
  EXPECT_EQ(List(3, 0).size(), 2u);
  EXPECT_EQ(List(0, 2).size(), 2u);
  EXPECT_EQ(List(0, 2).back().event_id, 2);
  std::vector<model::NotificationEvent> skipped =
      List(0, 0, {.skip_types = {"CREATE_TABLE", "CREATE_DATABASE"}});
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_EQ(skipped[0].event_id, 4);
  // max counts returned events, not skipped ones.
  EXPECT_EQ(List(0, 1, {.skip_types = {"CREATE_DATABASE"}})[0].event_id, 2);
  EXPECT_EQ(List(0, 0, {.database = "a"}).size(), 4u);
  EXPECT_EQ(List(0, 0, {.database = "a", .tables = {"t"}}).size(), 2u);
}

TEST_F(SqliteNotificationsTest, CountsByRangeAndDatabase) {
  AppendCommitted({Event("CREATE_DATABASE", "a", ""), Event("CREATE_TABLE", "a", "t"),
                   Event("CREATE_TABLE", "b", "u"), Event("ALTER_TABLE", "a", "t")});
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ(*(*txn)->events().CountNotifications(0, 0, ""), 4);
  EXPECT_EQ(*(*txn)->events().CountNotifications(0, 0, "a"), 3);
  EXPECT_EQ(*(*txn)->events().CountNotifications(1, 0, "a"), 2);
  EXPECT_EQ(*(*txn)->events().CountNotifications(1, 3, "a"), 1);
  EXPECT_EQ(*(*txn)->events().CountNotifications(4, 0, ""), 0);
}

TEST_F(SqliteNotificationsTest, ReadTransactionCannotAppend) {
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  auto* write = dynamic_cast<WriteTransaction*>(txn->get());
  ASSERT_NE(write, nullptr);  // one class serves both kinds
  EXPECT_EQ(write->events().AppendNotification(Event("CREATE_DATABASE", "a", "")).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace almanac::storage
