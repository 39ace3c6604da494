// Hive json-0.2 message bodies: the field names Hive's JSONMessageDeserializer
// reads, and embedded objects that TJSONProtocol reads back to the same Thrift
// objects.
#include "thrift/notification_messages.h"

#include <memory>
#include <string>

#include <thrift/protocol/TJSONProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "thrift/convert.h"

namespace almanac::hms {
namespace {

using nlohmann::json;

template <typename T>
T FromJson(const std::string& text) {
  auto buffer = std::make_shared<apache::thrift::transport::TMemoryBuffer>();
  buffer->write(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  apache::thrift::protocol::TJSONProtocol protocol(buffer);
  T out;
  out.read(&protocol);
  return out;
}

model::Table MakeTable() {
  model::Table t;
  t.database = "sales";
  t.name = "orders";
  t.owner = "alice";
  t.sd.columns = {{"id", "bigint", ""}};
  t.sd.location = "file:/wh/sales.db/orders";
  t.partition_keys = {{"year", "int", ""}, {"month", "string", ""}};
  t.table_type = model::TableType::kExternal;
  t.parameters["table_type"] = "ICEBERG";
  return t;
}

model::Partition MakePartition(std::vector<std::string> values) {
  model::Partition p;
  p.database = "sales";
  p.table = "orders";
  p.values = std::move(values);
  p.sd.location = "file:/wh/x";
  return p;
}

model::NotificationEvent Event(const char* type) {
  model::NotificationEvent e;
  e.event_id = 7;
  e.event_time = 1700000000;
  e.event_type = type;
  e.database = "sales";
  e.table = "orders";
  return e;
}

json Render(const model::NotificationEvent& e) {
  auto text = RenderNotificationMessage(e);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? json::parse(*text) : json();
}

TEST(NotificationMessagesTest, CreateTable) {
  model::NotificationEvent e = Event(model::kCreateTableEvent);
  e.table_after = MakeTable();
  json j = Render(e);
  for (const char* key : {"server", "servicePrincipal", "db", "table", "tableType",
                          "tableObjJson", "timestamp", "files"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["db"], "sales");
  EXPECT_EQ(j["table"], "orders");
  EXPECT_EQ(j["tableType"], "EXTERNAL_TABLE");
  EXPECT_EQ(j["timestamp"], 1700000000);
  Table table = FromJson<Table>(j["tableObjJson"].get<std::string>());
  EXPECT_EQ(table, ToThrift(MakeTable()));
  EXPECT_EQ(table.parameters.at("table_type"), "ICEBERG");
}

TEST(NotificationMessagesTest, AlterTableNamesTheTableBeforeTheChange) {
  model::NotificationEvent e = Event(model::kAlterTableEvent);
  e.table = "orders2";
  e.table_before = MakeTable();
  e.table_after = MakeTable();
  e.table_after->name = "orders2";
  json j = Render(e);
  EXPECT_EQ(j["table"], "orders");
  EXPECT_EQ(FromJson<Table>(j["tableObjBeforeJson"].get<std::string>()).tableName, "orders");
  EXPECT_EQ(FromJson<Table>(j["tableObjAfterJson"].get<std::string>()).tableName, "orders2");
  EXPECT_EQ(j["isTruncateOp"], "false");
  auto wire = ToThrift(e);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(wire->tableName, "orders2");
  EXPECT_EQ(wire->messageFormat, "json-0.2");
  EXPECT_EQ(wire->catName, "hive");
  EXPECT_EQ(wire->eventId, 7);
}

TEST(NotificationMessagesTest, PartitionEvents) {
  model::NotificationEvent add = Event(model::kAddPartitionEvent);
  add.table_after = MakeTable();
  add.partitions_after = {MakePartition({"2024", "01"}), MakePartition({"2024", "02"})};
  json j = Render(add);
  ASSERT_EQ(j["partitions"].size(), 2u);
  EXPECT_EQ(j["partitions"][1], (json{{"year", "2024"}, {"month", "02"}}));
  // Key order is the table's, as Hive's LinkedHashMap keeps it.
  EXPECT_NE(RenderNotificationMessage(add)->find(R"({"year":"2024","month":"01"})"),
            std::string::npos);
  ASSERT_EQ(j["partitionListJson"].size(), 2u);
  EXPECT_EQ(FromJson<Partition>(j["partitionListJson"][0].get<std::string>()).values,
            (std::vector<std::string>{"2024", "01"}));
  EXPECT_TRUE(j.contains("tableObjJson"));

  model::NotificationEvent alter = Event(model::kAlterPartitionEvent);
  alter.table_after = MakeTable();
  alter.partitions_before = {MakePartition({"2024", "01"})};
  alter.partitions_after = {MakePartition({"2024", "01"})};
  alter.partitions_after[0].parameters["k"] = "v";
  j = Render(alter);
  EXPECT_EQ(j["keyValues"], (json{{"year", "2024"}, {"month", "01"}}));
  EXPECT_EQ(FromJson<Partition>(j["partitionObjAfterJson"].get<std::string>()).parameters.at("k"),
            "v");
  EXPECT_TRUE(j.contains("partitionObjBeforeJson"));

  model::NotificationEvent drop = Event(model::kDropPartitionEvent);
  drop.table_after = MakeTable();
  drop.partitions_before = {MakePartition({"2024", "01"})};
  j = Render(drop);
  EXPECT_EQ(j["partitions"], (json::array({json{{"year", "2024"}, {"month", "01"}}})));

  // A drop call of several partitions is one event listing them all, in
  // Hive's DropPartitionMessage form (a list of key-value maps).
  drop.partitions_before = {MakePartition({"2024", "01"}), MakePartition({"2024", "02"})};
  j = Render(drop);
  EXPECT_EQ(j["partitions"], (json::array({json{{"year", "2024"}, {"month", "01"}},
                                           json{{"year", "2024"}, {"month", "02"}}})));
}

TEST(NotificationMessagesTest, DatabaseEvents) {
  model::Database db{.name = "sales", .location = "file:/wh/sales.db"};
  model::NotificationEvent create = Event(model::kCreateDatabaseEvent);
  create.table.clear();
  create.database_after = db;
  json j = Render(create);
  EXPECT_EQ(j["db"], "sales");
  EXPECT_EQ(FromJson<Database>(j["dbJson"].get<std::string>()).locationUri, "file:/wh/sales.db");
  auto wire = ToThrift(create);
  ASSERT_TRUE(wire.ok());
  EXPECT_FALSE(wire->__isset.tableName);

  model::NotificationEvent alter = Event(model::kAlterDatabaseEvent);
  alter.database_before = db;
  alter.database_after = db;
  alter.database_after->description = "d";
  j = Render(alter);
  EXPECT_EQ(FromJson<Database>(j["dbObjAfterJson"].get<std::string>()).description, "d");
  EXPECT_TRUE(j.contains("dbObjBeforeJson"));
}

TEST(NotificationMessagesTest, EventsWithoutTheirObjectsAreInternal) {
  EXPECT_EQ(RenderNotificationMessage(Event(model::kCreateTableEvent)).status().code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(RenderNotificationMessage(Event("NO_SUCH_TYPE")).status().code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace almanac::hms
