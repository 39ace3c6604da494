// Schema registry value types shared by the service, storage and the front
// ends, as Glue's Schema Registry names them: a registry, a schema in it (data
// format, compatibility mode, checkpoint), and a schema version (number from
// 1, UUID, definition, status, metadata key/values).
//
// Data formats and compatibility modes are kept as Glue's upper-case names
// ("AVRO", "BACKWARD_ALL"); the service validates them (formats/).
//
// Plain aggregates; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_SCHEMA_REGISTRY_H_
#define ALMANAC_CATALOG_MODEL_SCHEMA_REGISTRY_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace almanac::model {

struct Registry {
  std::string name;  // as given; names compare case-sensitively, as in Glue
  std::string description;
  int64_t create_time = 0;  // seconds since the epoch
  int64_t update_time = 0;
  int64_t schema_count = 0;  // filled by reads

  friend bool operator==(const Registry&, const Registry&) = default;
};

struct RegistrySchema {
  std::string registry;
  std::string name;
  std::string data_format;    // "AVRO", "JSON", "PROTOBUF"
  std::string compatibility;  // "NONE", "DISABLED", "BACKWARD", ...
  std::string description;
  // The version the _ALL modes check from: the latest version when the mode
  // last changed, or one set explicitly. 0 before the first version.
  int64_t checkpoint = 0;
  int64_t latest_version = 0;  // highest number still stored; 0 when none
  int64_t next_version = 1;    // numbers are never reused after a deletion
  int64_t version_count = 0;   // filled by reads
  int64_t create_time = 0;
  int64_t update_time = 0;

  friend bool operator==(const RegistrySchema&, const RegistrySchema&) = default;
};

using SchemaMetadata = std::vector<std::pair<std::string, std::string>>;  // sorted by key

struct SchemaVersion {
  std::string registry;
  std::string schema;
  int64_t version = 0;
  std::string id;          // UUID (Glue's SchemaVersionId)
  std::string definition;  // exactly as registered
  std::string canonical;   // whitespace and key order normalised (formats/)
  std::string status = "AVAILABLE";
  int64_t create_time = 0;
  std::string created_by;
  SchemaMetadata metadata;

  friend bool operator==(const SchemaVersion&, const SchemaVersion&) = default;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_SCHEMA_REGISTRY_H_
