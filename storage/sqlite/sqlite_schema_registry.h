// SqliteSchemaRegistry: registries, schemas and schema versions (the
// SchemaRegistryWriter of storage/schema_registry.h) over the tables of
// migration 0008, one object per transaction over its SqliteTransactionCore.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_SCHEMA_REGISTRY_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_SCHEMA_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/schema_registry.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"

namespace almanac::storage::sqlite {

class SqliteSchemaRegistry final : public SchemaRegistryWriter {
 public:
  explicit SqliteSchemaRegistry(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqliteSchemaRegistry(const SqliteSchemaRegistry&) = delete;
  SqliteSchemaRegistry& operator=(const SqliteSchemaRegistry&) = delete;

  absl::StatusOr<model::Registry> GetRegistry(std::string_view name) override;
  absl::StatusOr<std::vector<model::Registry>> ListRegistries() override;
  absl::StatusOr<model::RegistrySchema> GetSchema(std::string_view registry,
                                                  std::string_view name) override;
  absl::StatusOr<std::vector<model::RegistrySchema>> ListSchemas(
      std::string_view registry) override;
  absl::StatusOr<model::SchemaVersion> GetSchemaVersion(std::string_view registry,
                                                        std::string_view schema,
                                                        int64_t version) override;
  absl::StatusOr<model::SchemaVersion> GetSchemaVersionById(std::string_view id) override;
  absl::StatusOr<std::vector<model::SchemaVersion>> ListSchemaVersions(
      std::string_view registry, std::string_view schema, int64_t from_version,
      bool with_definitions) override;
  absl::StatusOr<std::optional<model::SchemaVersion>> FindSchemaVersion(
      std::string_view registry, std::string_view schema, std::string_view canonical) override;
  absl::StatusOr<int64_t> CountRegistries() override;
  absl::StatusOr<int64_t> CountSchemas() override;

  absl::Status CreateRegistry(const model::Registry& registry) override;
  absl::Status UpdateRegistry(const model::Registry& registry) override;
  absl::Status DeleteRegistry(std::string_view name) override;
  absl::Status CreateSchema(const model::RegistrySchema& schema) override;
  absl::Status UpdateSchema(const model::RegistrySchema& schema) override;
  absl::Status DeleteSchema(std::string_view registry, std::string_view name) override;
  absl::Status AddSchemaVersion(const model::SchemaVersion& version) override;
  absl::Status UpdateSchemaVersionMetadata(std::string_view registry, std::string_view schema,
                                           int64_t version,
                                           const model::SchemaMetadata& metadata) override;
  absl::Status DeleteSchemaVersion(std::string_view registry, std::string_view schema,
                                   int64_t version) override;

 private:
  absl::StatusOr<int64_t> Count(const char* sql);
  absl::Status RunChanging(const std::string& sql,
                           const std::function<void(Statement&)>& bind,
                           const std::string& not_found);

  SqliteTransactionCore& core_;
  Connection* const conn_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_SCHEMA_REGISTRY_H_
