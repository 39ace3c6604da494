// NotificationEvent: one entry of the catalog's change log, the thing Hive's
// notification API (get_next_notification) serves to Impala and replication.
// Every create, alter and drop of a database, table or partition appends one
// inside the write transaction of the change, so event ids are contiguous and
// a rolled-back change leaves no event.
//
// The payload is the model objects themselves (before and after); front ends
// render them into their own message formats when the event is read.
// NotificationFilter says which events a listing returns; the Thrift edge
// builds it from a request and storage applies it.
//
// Plain aggregate; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_NOTIFICATION_H_
#define ALMANAC_CATALOG_MODEL_NOTIFICATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model/database.h"
#include "catalog/model/partition.h"
#include "catalog/model/table.h"

namespace almanac::model {

// Event types, spelled as Hive spells them on the wire.
inline constexpr char kCreateDatabaseEvent[] = "CREATE_DATABASE";
inline constexpr char kAlterDatabaseEvent[] = "ALTER_DATABASE";
inline constexpr char kDropDatabaseEvent[] = "DROP_DATABASE";
inline constexpr char kCreateTableEvent[] = "CREATE_TABLE";
inline constexpr char kAlterTableEvent[] = "ALTER_TABLE";
inline constexpr char kDropTableEvent[] = "DROP_TABLE";
inline constexpr char kAddPartitionEvent[] = "ADD_PARTITION";
inline constexpr char kAlterPartitionEvent[] = "ALTER_PARTITION";
inline constexpr char kDropPartitionEvent[] = "DROP_PARTITION";

struct NotificationEvent {
  int64_t event_id = 0;    // assigned by storage on append
  int64_t event_time = 0;  // seconds since the epoch
  std::string event_type;  // one of the k*Event names above
  std::string database;    // lower case
  std::string table;       // lower case; empty for database events

  // Payload. Which members are set depends on the type: databases for
  // database events; table_after for CREATE_TABLE, table_before for
  // DROP_TABLE, both for ALTER_TABLE (a rename included); for partition
  // events the table in table_after plus the partitions (partitions_after for
  // ADD, partitions_before for DROP, both for ALTER, in the same order).
  std::optional<Database> database_before;
  std::optional<Database> database_after;
  std::optional<Table> table_before;
  std::optional<Table> table_after;
  std::vector<Partition> partitions_before;
  std::vector<Partition> partitions_after;

  friend bool operator==(const NotificationEvent&, const NotificationEvent&) = default;
};

// Which notification events a listing returns (all when every field is empty).
struct NotificationFilter {
  std::vector<std::string> skip_types;  // event types left out
  std::string database;                 // only this database's events (lower case)
  std::vector<std::string> tables;      // only these tables' events (lower case)
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_NOTIFICATION_H_
