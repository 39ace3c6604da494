// Table history value types: one archived definition of a table (a version),
// what is known about who made it, and the history a table's versions belong
// to. Shared by the service, storage and the front ends.
//
// Numbering follows AWS Glue: every definition a table has had is a version,
// numbered 1, 2, 3... per history (never reused); the current definition is
// the newest version. A history belongs to one table from its creation on,
// follows it through renames, and outlives a drop (so the table can be
// undropped) until it is purged or expires; its id is the "table id" a
// dropped table is addressed by.
//
// Plain aggregates; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_TABLE_VERSION_H_
#define ALMANAC_CATALOG_MODEL_TABLE_VERSION_H_

#include <cstdint>
#include <string>

#include "catalog/model/request_context.h"
#include "catalog/model/table.h"

namespace almanac::model {

// Who made a version and what it changed, without the definition.
struct TableVersionInfo {
  int64_t version = 0;    // 1, 2, 3... per history
  int64_t time = 0;       // seconds since the epoch
  std::string principal;  // RequestContext::principal of the change
  FrontEnd front_end = FrontEnd::kInternal;
  std::string request_id;
  // One line: "created", "added columns c0, c1; location changed", ...
  std::string summary;

  friend bool operator==(const TableVersionInfo&, const TableVersionInfo&) = default;
};

struct TableVersion {
  TableVersionInfo info;
  Table table;  // the definition, with the names it had then
};

// A table's history. `database` and `name` are the table's current names, or
// its last ones once dropped.
struct TableHistory {
  int64_t id = 0;  // the table id; stable across renames, never reused
  std::string database;
  std::string name;
  bool dropped = false;
  int64_t dropped_time = 0;  // seconds since the epoch; 0 while live
  std::string dropped_by;    // principal of the drop
  int64_t version_count = 0;
  int64_t latest_version = 0;  // 0 when it has none
  int64_t oldest_version = 0;
};

// "grpc", "thrift", "cli", "internal".
std::string_view FrontEndName(FrontEnd front_end);

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_TABLE_VERSION_H_
