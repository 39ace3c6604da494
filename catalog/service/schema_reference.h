// Tables whose columns come from the schema registry (Glue's SchemaReference).
//
// A table refers to a schema version through its parameters:
//   almanac.schema.reference   "REGISTRY/SCHEMA" (the latest version),
//                              "REGISTRY/SCHEMA@latest" or "REGISTRY/SCHEMA@3"
// and, on every create or update that carries it, the service derives the
// table's data columns from that version (formats/: Avro, JSON Schema and
// Protobuf types mapped to Hive's) and records which version it used:
//   almanac.schema.version     "3"
//   almanac.schema.version_id  the version's UUID
// A table that follows "latest" is updated when a new version is registered
// with `update_tables` (RegistryService::RegisterSchemaVersion).
//
// Thread-compatible: functions of one write transaction.
#ifndef ALMANAC_CATALOG_SERVICE_SCHEMA_REFERENCE_H_
#define ALMANAC_CATALOG_SERVICE_SCHEMA_REFERENCE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/table.h"
#include "storage/store.h"

namespace almanac::service {

inline constexpr std::string_view kSchemaReferenceKey = "almanac.schema.reference";
inline constexpr std::string_view kSchemaVersionKey = "almanac.schema.version";
inline constexpr std::string_view kSchemaVersionIdKey = "almanac.schema.version_id";

struct SchemaReference {
  std::string registry;
  std::string schema;
  int64_t version = 0;  // 0: the latest
};

// InvalidArgument naming the expected form.
absl::StatusOr<SchemaReference> ParseSchemaReference(std::string_view text);

// When `table` carries a schema reference, replaces its data columns with the
// referenced version's and sets the version keys; otherwise drops stale
// version keys. NotFound for a missing registry, schema or version;
// InvalidArgument when the schema cannot describe a table.
absl::Status ApplySchemaReference(storage::WriteTransaction& txn, model::Table* table);

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_SCHEMA_REFERENCE_H_
