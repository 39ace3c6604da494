// RegistryService: the schema registry, as Glue's Schema Registry: registries;
// schemas with a data format (AVRO, JSON, PROTOBUF), a compatibility mode and
// a checkpoint; versions numbered from 1 with a UUID, a status, a creation
// time and up to 10 metadata key/values. A new version is checked against the
// versions its schema's mode names (formats/compatibility.h) and refused with
// the reasons when it breaks the mode; a definition identical to a stored
// version (whitespace and key order aside) returns that version. Registering
// may update the tables that follow the schema (schema_reference.h).
//
// Actions (actions.h): glue:CreateRegistry ... on registry/NAME or
// schema/REGISTRY/NAME; listing registries and the syntax check on the
// catalog.
//
// Limits (at least Glue's quotas): kMaxRegistries registries, versions
// numbered up to kMaxVersionNumber, definitions of kMaxDefinitionBytes,
// kMaxMetadataPairs metadata pairs per version (keys 1..128 bytes, values
// 1..256), descriptions of 2048 bytes, names of 1..255 characters of
// [A-Za-z0-9-_$#.].
//
// Errors: NotFound naming the registry, schema or version; AlreadyExists;
// InvalidArgument for bad names, formats, modes, definitions (saying where)
// and limits; FailedPrecondition for a version that breaks the mode (every
// reason in the message), registering under DISABLED, deleting the
// checkpoint, or deleting a schema or registry that holds versions without
// `force`; PermissionDenied from the gate.
//
// Thread-safe. Parsed versions are cached by version id (immutable).
#ifndef ALMANAC_CATALOG_SERVICE_REGISTRY_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_REGISTRY_SERVICE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "catalog/model/request_context.h"
#include "catalog/model/schema_registry.h"
#include "catalog/service/service_core.h"
#include "formats/compatibility.h"
#include "formats/schema_formats.h"

namespace almanac::service {

inline constexpr int64_t kMaxRegistries = 1000;
inline constexpr int64_t kMaxVersionNumber = 100000;
inline constexpr size_t kMaxDefinitionBytes = 1 << 20;
inline constexpr size_t kMaxMetadataPairs = 10;

struct CreateSchemaRequest {
  std::string registry;
  std::string name;
  std::string data_format;                  // AVRO, JSON, PROTOBUF
  std::string compatibility = "BACKWARD";  // Glue's default
  std::string description;
  std::string definition;  // optional: registered as version 1
  model::SchemaMetadata metadata;
};

struct RegisterVersionRequest {
  std::string registry;
  std::string schema;
  std::string definition;
  model::SchemaMetadata metadata;
  // Also re-derive the columns of every table that follows this schema's
  // latest version.
  bool update_tables = false;
};

struct RegisterVersionResult {
  model::SchemaVersion version;
  bool existing = false;                   // an identical version was stored already
  std::vector<std::string> tables_updated;  // "db.table"
};

struct CompatibilityReport {
  std::string mode;
  bool compatible = true;
  std::vector<int64_t> checked_versions;  // the versions the mode named
  std::vector<formats::VersionIncompatibility> reasons;
  std::optional<int64_t> identical_version;  // the definition is that version already
};

struct UpdateSchemaRequest {
  std::string registry;
  std::string name;
  std::optional<std::string> compatibility;
  std::optional<int64_t> checkpoint;  // a stored version number
  std::optional<std::string> description;
};

class RegistryService {
 public:
  explicit RegistryService(ServiceCore* core);

  absl::StatusOr<model::Registry> CreateRegistry(const model::RequestContext& ctx,
                                                 const std::string& name,
                                                 const std::string& description);
  absl::StatusOr<model::Registry> GetRegistry(const model::RequestContext& ctx,
                                              const std::string& name);
  absl::StatusOr<std::vector<model::Registry>> ListRegistries(const model::RequestContext& ctx);
  absl::StatusOr<model::Registry> UpdateRegistry(const model::RequestContext& ctx,
                                                 const std::string& name,
                                                 const std::string& description);
  absl::Status DeleteRegistry(const model::RequestContext& ctx, const std::string& name,
                              bool force);

  // With a definition, version 1 is registered in the same transaction.
  absl::StatusOr<std::pair<model::RegistrySchema, std::optional<model::SchemaVersion>>>
  CreateSchema(const model::RequestContext& ctx, const CreateSchemaRequest& request);
  absl::StatusOr<model::RegistrySchema> GetSchema(const model::RequestContext& ctx,
                                                  const std::string& registry,
                                                  const std::string& name);
  absl::StatusOr<std::vector<model::RegistrySchema>> ListSchemas(const model::RequestContext& ctx,
                                                                 const std::string& registry);
  // A mode change moves the checkpoint to the latest version unless one is
  // given.
  absl::StatusOr<model::RegistrySchema> UpdateSchema(const model::RequestContext& ctx,
                                                     const UpdateSchemaRequest& request);
  absl::Status DeleteSchema(const model::RequestContext& ctx, const std::string& registry,
                            const std::string& name, bool force);

  absl::StatusOr<RegisterVersionResult> RegisterSchemaVersion(const model::RequestContext& ctx,
                                                              const RegisterVersionRequest& request);
  // The verdict RegisterSchemaVersion would reach, registering nothing.
  absl::StatusOr<CompatibilityReport> CheckCompatibility(const model::RequestContext& ctx,
                                                         const std::string& registry,
                                                         const std::string& schema,
                                                         const std::string& definition);
  // version 0: the latest.
  absl::StatusOr<model::SchemaVersion> GetSchemaVersion(const model::RequestContext& ctx,
                                                        const std::string& registry,
                                                        const std::string& schema,
                                                        int64_t version);
  absl::StatusOr<model::SchemaVersion> GetSchemaVersionById(const model::RequestContext& ctx,
                                                            const std::string& id);
  // NotFound when no version has this definition.
  absl::StatusOr<model::SchemaVersion> GetSchemaByDefinition(const model::RequestContext& ctx,
                                                             const std::string& registry,
                                                             const std::string& schema,
                                                             const std::string& definition);
  absl::StatusOr<std::vector<model::SchemaVersion>> ListSchemaVersions(
      const model::RequestContext& ctx, const std::string& registry, const std::string& schema);
  // Field-level differences from `from` to `to` (0: the latest).
  absl::StatusOr<std::vector<formats::SchemaDiffEntry>> DiffSchemaVersions(
      const model::RequestContext& ctx, const std::string& registry, const std::string& schema,
      int64_t from, int64_t to);
  // All or nothing: NotFound for a missing version, FailedPrecondition for
  // the checkpoint.
  absl::Status DeleteSchemaVersions(const model::RequestContext& ctx, const std::string& registry,
                                    const std::string& schema,
                                    const std::vector<int64_t>& versions);
  // Parses, into the cache, the versions each schema's mode checks a new
  // version against (since the checkpoint for the _ALL modes, else the
  // latest), so that the first registration after a start does not pay for
  // parsing them. Returns how many were parsed. Run by the server once after
  // it starts listening.
  absl::StatusOr<int64_t> WarmCache(const model::RequestContext& ctx);

  // Glue's CheckSchemaVersionValidity: nullopt when the definition is valid,
  // else what is wrong with it and where (an empty or oversized text too).
  // InvalidArgument for an unknown format; PermissionDenied from the gate.
  absl::StatusOr<std::optional<std::string>> ValidateDefinition(const model::RequestContext& ctx,
                                                                const std::string& data_format,
                                                                const std::string& definition);

 private:
  using Parsed = std::shared_ptr<const formats::ParsedSchema>;
  // The cached parse of a version, or null.
  Parsed Cached(const std::string& id);
  absl::StatusOr<Parsed> ParseVersion(formats::SchemaFormat format,
                                      const model::SchemaVersion& version);
  // A definition offered for a schema: the schema, the definition parsed in
  // its format, and the stored version it is identical to, if any.
  struct Candidate {
    model::RegistrySchema schema;
    std::unique_ptr<formats::ParsedSchema> parsed;
    std::optional<model::SchemaVersion> same;
  };
  // InvalidArgument for an oversized or unparsable definition; NotFound.
  absl::StatusOr<Candidate> ReadCandidate(storage::ReadTransaction& txn,
                                          const std::string& registry,
                                          const std::string& schema,
                                          const std::string& definition);
  // The verdict on `candidate` against the versions `schema`'s mode names.
  absl::StatusOr<CompatibilityReport> Judge(storage::ReadTransaction& txn,
                                            const model::RegistrySchema& schema,
                                            const formats::ParsedSchema& candidate);
  absl::StatusOr<std::vector<std::string>> UpdateFollowingTables(WriteScope& txn,
                                                                 const model::RegistrySchema& schema,
                                                                 const model::SchemaVersion& v);

  ServiceCore* core_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Parsed> parsed_ ABSL_GUARDED_BY(mu_);  // by version id
  size_t parsed_bytes_ ABSL_GUARDED_BY(mu_) = 0;  // their definitions' sizes
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_REGISTRY_SERVICE_H_
