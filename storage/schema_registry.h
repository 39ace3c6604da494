// SchemaRegistryReader / SchemaRegistryWriter: registries, schemas and schema
// versions as one transaction sees them (ReadTransaction::registry(),
// WriteTransaction::registry()). Storage keeps what it is given; names,
// formats, modes, compatibility and limits are the service's.
//
// Errors: NotFound names the missing object ("no registry 'shop'"),
// AlreadyExists the existing one.
//
// Thread safety: as its transaction: one thread at a time.
#ifndef ALMANAC_STORAGE_SCHEMA_REGISTRY_H_
#define ALMANAC_STORAGE_SCHEMA_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/schema_registry.h"

namespace almanac::storage {

class SchemaRegistryReader {
 public:
  virtual absl::StatusOr<model::Registry> GetRegistry(std::string_view name) = 0;
  // Ordered by name.
  virtual absl::StatusOr<std::vector<model::Registry>> ListRegistries() = 0;
  virtual absl::StatusOr<model::RegistrySchema> GetSchema(std::string_view registry,
                                                          std::string_view name) = 0;
  // Ordered by name. NotFound when the registry does not exist.
  virtual absl::StatusOr<std::vector<model::RegistrySchema>> ListSchemas(
      std::string_view registry) = 0;
  virtual absl::StatusOr<model::SchemaVersion> GetSchemaVersion(std::string_view registry,
                                                                std::string_view schema,
                                                                int64_t version) = 0;
  virtual absl::StatusOr<model::SchemaVersion> GetSchemaVersionById(std::string_view id) = 0;
  // Versions numbered `from_version` or later, ascending; definitions and
  // canonical texts only when `with_definitions`.
  virtual absl::StatusOr<std::vector<model::SchemaVersion>> ListSchemaVersions(
      std::string_view registry, std::string_view schema, int64_t from_version,
      bool with_definitions) = 0;
  // The version whose canonical text is `canonical`, if any.
  virtual absl::StatusOr<std::optional<model::SchemaVersion>> FindSchemaVersion(
      std::string_view registry, std::string_view schema, std::string_view canonical) = 0;
  virtual absl::StatusOr<int64_t> CountRegistries() = 0;
  virtual absl::StatusOr<int64_t> CountSchemas() = 0;

 protected:
  ~SchemaRegistryReader() = default;
};

class SchemaRegistryWriter : public SchemaRegistryReader {
 public:
  virtual absl::Status CreateRegistry(const model::Registry& registry) = 0;
  virtual absl::Status UpdateRegistry(const model::Registry& registry) = 0;
  // Deletes the registry with every schema and version in it.
  virtual absl::Status DeleteRegistry(std::string_view name) = 0;
  virtual absl::Status CreateSchema(const model::RegistrySchema& schema) = 0;
  // Mode, checkpoint, description, latest and next version, update time.
  virtual absl::Status UpdateSchema(const model::RegistrySchema& schema) = 0;
  // Deletes the schema with every version of it.
  virtual absl::Status DeleteSchema(std::string_view registry, std::string_view name) = 0;
  // AlreadyExists when the number or the id is taken.
  virtual absl::Status AddSchemaVersion(const model::SchemaVersion& version) = 0;
  virtual absl::Status UpdateSchemaVersionMetadata(std::string_view registry,
                                                   std::string_view schema, int64_t version,
                                                   const model::SchemaMetadata& metadata) = 0;
  virtual absl::Status DeleteSchemaVersion(std::string_view registry, std::string_view schema,
                                           int64_t version) = 0;

 protected:
  ~SchemaRegistryWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_SCHEMA_REGISTRY_H_
