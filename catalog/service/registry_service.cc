#include "catalog/service/registry_service.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "catalog/service/actions.h"
#include "catalog/service/schema_reference.h"
#include "catalog/service/service_internal.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

constexpr size_t kMaxDescriptionBytes = 2048;
// The parsed-version cache holds at most this many definition bytes (a
// parsed schema takes a small multiple of its text); when full it starts over.
constexpr size_t kMaxParsedCacheBytes = 64 << 20;

absl::Status ValidateName(std::string_view what, std::string_view name) {
  bool ok = !name.empty() && name.size() <= 255;
  for (char c : name) {
    ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                c == '$' || c == '#' || c == '.');
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid ", AbslView(what), " name '", AbslView(name),
        "': 1 to 255 characters of letters, digits and - _ $ # ."));
  }
  return absl::OkStatus();
}

absl::Status ValidateDescription(const std::string& description) {
  if (description.size() > kMaxDescriptionBytes) {
    return absl::InvalidArgumentError(absl::StrCat("a description holds at most ",
                                                   kMaxDescriptionBytes, " bytes, this one ",
                                                   description.size()));
  }
  return absl::OkStatus();
}

absl::Status ValidateMetadata(const model::SchemaMetadata& metadata) {
  if (metadata.size() > kMaxMetadataPairs) {
    return absl::InvalidArgumentError(absl::StrCat("a schema version holds at most ",
                                                   kMaxMetadataPairs, " metadata pairs, not ",
                                                   metadata.size()));
  }
  std::set<std::string> keys;
  for (const auto& [k, v] : metadata) {
    if (k.empty() || k.size() > 128 || v.empty() || v.size() > 256) {
      return absl::InvalidArgumentError(absl::StrCat(
          "metadata '", k, "': keys are 1 to 128 bytes and values 1 to 256 bytes"));
    }
    if (!keys.insert(k).second) {
      return absl::InvalidArgumentError(absl::StrCat("metadata key '", k, "' is given twice"));
    }
  }
  return absl::OkStatus();
}

model::SchemaMetadata Sorted(model::SchemaMetadata metadata) {
  std::sort(metadata.begin(), metadata.end());
  return metadata;
}

// InvalidArgument naming the limit, before any parse.
absl::Status CheckDefinitionSize(const std::string& definition) {
  if (definition.empty()) return absl::InvalidArgumentError("the schema definition is empty");
  if (definition.size() > kMaxDefinitionBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the schema definition is ", definition.size(), " bytes; at most ",
                     kMaxDefinitionBytes, " are accepted"));
  }
  return absl::OkStatus();
}

// The first version a new version of `schema` is checked against under
// `mode`: the checkpoint for the _ALL modes, else the latest; 0 when none is
// (NONE, or no version yet).
int64_t FirstCheckedVersion(const model::RegistrySchema& schema, formats::CompatibilityMode mode) {
  if (mode == formats::CompatibilityMode::kNone || schema.latest_version == 0) return 0;
  return formats::ChecksEveryVersion(mode) ? std::max<int64_t>(schema.checkpoint, 1)
                                           : schema.latest_version;
}

std::string SchemaObject(std::string_view registry, std::string_view schema) {
  return absl::StrCat(AbslView(registry), "/", AbslView(schema));
}

}  // namespace

RegistryService::RegistryService(ServiceCore* core) : core_(core) {}

RegistryService::Parsed RegistryService::Cached(const std::string& id) {
  absl::MutexLock lock(&mu_);
  auto it = parsed_.find(id);
  return it == parsed_.end() ? nullptr : it->second;
}

absl::StatusOr<RegistryService::Parsed> RegistryService::ParseVersion(
    formats::SchemaFormat format, const model::SchemaVersion& version) {
  if (Parsed cached = Cached(version.id)) return cached;
  absl::StatusOr<std::unique_ptr<formats::ParsedSchema>> parsed =
      formats::ParseSchema(format, version.definition);
  if (!parsed.ok()) {
    return absl::DataLossError(absl::StrCat("stored version ", version.version, " of '",
                                            SchemaObject(version.registry, version.schema),
                                            "' no longer parses: ", parsed.status().message()));
  }
  Parsed shared(std::move(*parsed));
  absl::MutexLock lock(&mu_);
  if (parsed_bytes_ + version.definition.size() > kMaxParsedCacheBytes) {
    parsed_.clear();
    parsed_bytes_ = 0;
  }
  if (parsed_.emplace(version.id, shared).second) parsed_bytes_ += version.definition.size();
  return shared;
}

// ---- registries ----

absl::StatusOr<model::Registry> RegistryService::CreateRegistry(const model::RequestContext& ctx,
                                                                const std::string& name,
                                                                const std::string& description) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kCreateRegistry,
                                                       core_->arns().Registry(name)));
  RETURN_IF_ERROR(ValidateName("registry", name));
  RETURN_IF_ERROR(ValidateDescription(description));
  ASSIGN_OR_RETURN(int64_t count, txn->registry().CountRegistries());
  if (count >= kMaxRegistries) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the catalog holds ", count, " registries, the most it allows"));
  }
  model::Registry r{.name = name, .description = description};
  r.create_time = r.update_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->registry().CreateRegistry(r));
  txn.Record({.kind = model::ChangeKind::kCreateRegistry, .object = name, .notify = false});
  RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::StatusOr<model::Registry> RegistryService::GetRegistry(const model::RequestContext& ctx,
                                                             const std::string& name) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetRegistry,
                                                     core_->arns().Registry(name)));
  return txn->registry().GetRegistry(name);
}

absl::StatusOr<std::vector<model::Registry>> RegistryService::ListRegistries(
    const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kListRegistries, core_->arns().Catalog()));
  return txn->registry().ListRegistries();
}

absl::StatusOr<model::Registry> RegistryService::UpdateRegistry(const model::RequestContext& ctx,
                                                                const std::string& name,
                                                                const std::string& description) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kUpdateRegistry,
                                                       core_->arns().Registry(name)));
  RETURN_IF_ERROR(ValidateDescription(description));
  ASSIGN_OR_RETURN(model::Registry r, txn->registry().GetRegistry(name));
  r.description = description;
  r.update_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->registry().UpdateRegistry(r));
  txn.Record({.kind = model::ChangeKind::kUpdateRegistry, .object = name, .notify = false});
  RETURN_IF_ERROR(txn.Commit());
  return r;
}

absl::Status RegistryService::DeleteRegistry(const model::RequestContext& ctx,
                                             const std::string& name, bool force) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kDeleteRegistry,
                                                       core_->arns().Registry(name)));
  ASSIGN_OR_RETURN(model::Registry r, txn->registry().GetRegistry(name));
  if (r.schema_count > 0 && !force) {
    return absl::FailedPreconditionError(absl::StrCat(
        "registry '", name, "' holds ", r.schema_count,
        r.schema_count == 1 ? " schema" : " schemas", "; delete them first or force the delete"));
  }
  RETURN_IF_ERROR(txn->registry().DeleteRegistry(name));
  txn.Record({.kind = model::ChangeKind::kDeleteRegistry,
              .object = absl::StrCat(name, r.schema_count > 0
                                               ? absl::StrCat(" (", r.schema_count, " schemas)")
                                               : ""),
              .notify = false});
  return txn.Commit();
}

// ---- schemas ----

absl::StatusOr<std::pair<model::RegistrySchema, std::optional<model::SchemaVersion>>>
RegistryService::CreateSchema(const model::RequestContext& ctx,
                              const CreateSchemaRequest& request) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kCreateSchema,
                                       core_->arns().Schema(request.registry, request.name)));
  RETURN_IF_ERROR(ValidateName("schema", request.name));
  RETURN_IF_ERROR(ValidateDescription(request.description));
  ASSIGN_OR_RETURN(formats::SchemaFormat format, formats::ParseSchemaFormat(request.data_format));
  ASSIGN_OR_RETURN(formats::CompatibilityMode mode,
                   formats::ParseCompatibilityMode(request.compatibility));
  RETURN_IF_ERROR(ValidateMetadata(request.metadata));
  std::unique_ptr<formats::ParsedSchema> parsed;
  if (!request.definition.empty()) {
    RETURN_IF_ERROR(CheckDefinitionSize(request.definition));
    ASSIGN_OR_RETURN(parsed, formats::ParseSchema(format, request.definition));
  }
  RETURN_IF_ERROR(txn->registry().GetRegistry(request.registry).status());
  model::RegistrySchema s{.registry = request.registry,
                          .name = request.name,
                          .data_format = std::string(formats::SchemaFormatName(format)),
                          .compatibility = std::string(formats::CompatibilityModeName(mode)),
                          .description = request.description};
  s.create_time = s.update_time = core_->NowSeconds();
  std::optional<model::SchemaVersion> first;
  if (parsed != nullptr) {
    first = model::SchemaVersion{.registry = s.registry,
                                 .schema = s.name,
                                 .version = 1,
                                 .id = internal::NewUuid(),
                                 .definition = request.definition,
                                 .canonical = parsed->canonical(),
                                 .create_time = s.create_time,
                                 .created_by = ctx.principal,
                                 .metadata = Sorted(request.metadata)};
    s.checkpoint = s.latest_version = 1;
    s.next_version = 2;
  }
  RETURN_IF_ERROR(txn->registry().CreateSchema(s));
  txn.Record({.kind = model::ChangeKind::kCreateSchema,
              .object = SchemaObject(s.registry, s.name),
              .notify = false});
  if (first) {
    RETURN_IF_ERROR(txn->registry().AddSchemaVersion(*first));
    txn.Record({.kind = model::ChangeKind::kRegisterSchemaVersion,
                .object = absl::StrCat(SchemaObject(s.registry, s.name), " v1"),
                .notify = false});
  }
  RETURN_IF_ERROR(txn.Commit());
  s.version_count = first ? 1 : 0;
  return std::make_pair(s, first);
}

absl::StatusOr<model::RegistrySchema> RegistryService::GetSchema(const model::RequestContext& ctx,
                                                                 const std::string& registry,
                                                                 const std::string& name) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetSchema,
                                                     core_->arns().Schema(registry, name)));
  return txn->registry().GetSchema(registry, name);
}

absl::StatusOr<std::vector<model::RegistrySchema>> RegistryService::ListSchemas(
    const model::RequestContext& ctx, const std::string& registry) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kListSchemas,
                                                     core_->arns().Registry(registry)));
  return txn->registry().ListSchemas(registry);
}

absl::StatusOr<model::RegistrySchema> RegistryService::UpdateSchema(
    const model::RequestContext& ctx, const UpdateSchemaRequest& request) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kUpdateSchema,
                                       core_->arns().Schema(request.registry, request.name)));
  ASSIGN_OR_RETURN(model::RegistrySchema s,
                   txn->registry().GetSchema(request.registry, request.name));
  std::vector<std::string> changed;
  if (request.description) {
    RETURN_IF_ERROR(ValidateDescription(*request.description));
    s.description = *request.description;
    changed.push_back("description");
  }
  if (request.compatibility) {
    ASSIGN_OR_RETURN(formats::CompatibilityMode mode,
                     formats::ParseCompatibilityMode(*request.compatibility));
    std::string name(formats::CompatibilityModeName(mode));
    if (name != s.compatibility) {
      changed.push_back(absl::StrCat("compatibility ", s.compatibility, " -> ", name));
      s.compatibility = name;
      // Glue: the checkpoint moves to the latest version when the mode changes.
      if (!request.checkpoint) s.checkpoint = s.latest_version;
    }
  }
  if (request.checkpoint) {
    RETURN_IF_ERROR(
        txn->registry().GetSchemaVersion(s.registry, s.name, *request.checkpoint).status());
    changed.push_back(absl::StrCat("checkpoint ", s.checkpoint, " -> ", *request.checkpoint));
    s.checkpoint = *request.checkpoint;
  }
  if (changed.empty()) {
    return absl::InvalidArgumentError(
        "an update names a compatibility mode, a checkpoint or a description");
  }
  s.update_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->registry().UpdateSchema(s));
  txn.Record({.kind = model::ChangeKind::kUpdateSchema,
              .object = SchemaObject(s.registry, s.name),
              .notify = false,
              .note = absl::StrJoin(changed, ", ")});
  RETURN_IF_ERROR(txn.Commit());
  return s;
}

absl::Status RegistryService::DeleteSchema(const model::RequestContext& ctx,
                                           const std::string& registry, const std::string& name,
                                           bool force) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kDeleteSchema,
                                                       core_->arns().Schema(registry, name)));
  ASSIGN_OR_RETURN(model::RegistrySchema s, txn->registry().GetSchema(registry, name));
  if (s.version_count > 0 && !force) {
    return absl::FailedPreconditionError(absl::StrCat(
        "schema '", SchemaObject(registry, name), "' has ", s.version_count,
        s.version_count == 1 ? " version" : " versions",
        "; deleting it deletes them all, so the delete must be forced"));
  }
  RETURN_IF_ERROR(txn->registry().DeleteSchema(registry, name));
  txn.Record({.kind = model::ChangeKind::kDeleteSchema,
              .object = SchemaObject(registry, name),
              .notify = false});
  return txn.Commit();
}

// ---- versions ----

absl::StatusOr<RegistryService::Candidate> RegistryService::ReadCandidate(
    storage::ReadTransaction& txn, const std::string& registry, const std::string& schema_name,
    const std::string& definition) {
  RETURN_IF_ERROR(CheckDefinitionSize(definition));
  Candidate c;
  ASSIGN_OR_RETURN(c.schema, txn.registry().GetSchema(registry, schema_name));
  ASSIGN_OR_RETURN(formats::SchemaFormat format, formats::ParseSchemaFormat(c.schema.data_format));
  ASSIGN_OR_RETURN(c.parsed, formats::ParseSchema(format, definition));
  ASSIGN_OR_RETURN(c.same,
                   txn.registry().FindSchemaVersion(registry, schema_name, c.parsed->canonical()));
  return c;
}

absl::StatusOr<CompatibilityReport> RegistryService::Judge(storage::ReadTransaction& txn,
                                                           const model::RegistrySchema& schema,
                                                           const formats::ParsedSchema& candidate) {
  CompatibilityReport report;
  report.mode = schema.compatibility;
  ASSIGN_OR_RETURN(formats::CompatibilityMode mode,
                   formats::ParseCompatibilityMode(schema.compatibility));
  ASSIGN_OR_RETURN(formats::SchemaFormat format, formats::ParseSchemaFormat(schema.data_format));
  const int64_t from = FirstCheckedVersion(schema, mode);
  if (from == 0) return report;
  // Without definitions: most are parsed already (by id), and a 100-version
  // history of large schemas is megabytes of text.
  ASSIGN_OR_RETURN(std::vector<model::SchemaVersion> versions,
                   txn.registry().ListSchemaVersions(schema.registry, schema.name, from, false));
  std::vector<Parsed> keep;
  std::vector<formats::PriorVersion> prior;
  for (const model::SchemaVersion& v : versions) {
    Parsed p = Cached(v.id);
    if (p == nullptr) {
      ASSIGN_OR_RETURN(model::SchemaVersion full,
                       txn.registry().GetSchemaVersion(v.registry, v.schema, v.version));
      ASSIGN_OR_RETURN(p, ParseVersion(format, full));
    }
    keep.push_back(p);
    prior.push_back({v.version, p.get()});
    report.checked_versions.push_back(v.version);
  }
  absl::StatusOr<std::vector<formats::VersionIncompatibility>> found =
      formats::EvaluateCompatibility(mode, prior, candidate);
  if (!found.ok()) return found.status();
  report.reasons = *std::move(found);
  report.compatible = report.reasons.empty();
  return report;
}

namespace {
std::string RefusalMessage(const std::string& object, const CompatibilityReport& report) {
  std::vector<std::string> lines;
  for (const formats::VersionIncompatibility& r : report.reasons) {
    lines.push_back(formats::DescribeIncompatibility(r));
  }
  return absl::StrCat("the new version of '", object, "' breaks its ", report.mode,
                      " compatibility: ", absl::StrJoin(lines, "; "));
}
}  // namespace

absl::StatusOr<RegisterVersionResult> RegistryService::RegisterSchemaVersion(
    const model::RequestContext& ctx, const RegisterVersionRequest& request) {
  const std::string object = SchemaObject(request.registry, request.schema);
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kRegisterSchemaVersion,
                                       core_->arns().Schema(request.registry, request.schema)));
  RETURN_IF_ERROR(ValidateMetadata(request.metadata));
  ASSIGN_OR_RETURN(Candidate c, ReadCandidate(*txn.get(), request.registry, request.schema,
                                              request.definition));
  model::RegistrySchema& schema = c.schema;
  std::optional<model::SchemaVersion>& same = c.same;
  const std::unique_ptr<formats::ParsedSchema>& parsed = c.parsed;
  RegisterVersionResult result;
  if (same) {
    // Glue returns the existing version; nothing is written.
    result.version = *std::move(same);
    result.existing = true;
    return result;
  }
  if (schema.compatibility == "DISABLED") {
    return absl::FailedPreconditionError(absl::StrCat(
        "schema '", object, "' has compatibility DISABLED: no new version may be registered"));
  }
  if (schema.next_version > kMaxVersionNumber) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "schema '", object, "' has used every version number up to ", kMaxVersionNumber));
  }
  ASSIGN_OR_RETURN(CompatibilityReport report, Judge(*txn.get(), schema, *parsed));
  if (!report.compatible) return absl::FailedPreconditionError(RefusalMessage(object, report));

  model::SchemaVersion v{.registry = schema.registry,
                         .schema = schema.name,
                         .version = schema.next_version,
                         .id = internal::NewUuid(),
                         .definition = request.definition,
                         .canonical = parsed->canonical(),
                         .create_time = core_->NowSeconds(),
                         .created_by = ctx.principal,
                         .metadata = Sorted(request.metadata)};
  RETURN_IF_ERROR(txn->registry().AddSchemaVersion(v));
  if (schema.latest_version == 0) schema.checkpoint = v.version;
  schema.latest_version = v.version;
  schema.next_version = v.version + 1;
  schema.update_time = v.create_time;
  RETURN_IF_ERROR(txn->registry().UpdateSchema(schema));
  txn.Record({.kind = model::ChangeKind::kRegisterSchemaVersion,
              .object = absl::StrCat(object, " v", v.version),
              .notify = false});
  if (request.update_tables) {
    ASSIGN_OR_RETURN(result.tables_updated, UpdateFollowingTables(txn, schema, v));
  }
  RETURN_IF_ERROR(txn.Commit());
  result.version = std::move(v);
  return result;
}

absl::StatusOr<std::vector<std::string>> RegistryService::UpdateFollowingTables(
    WriteScope& txn, const model::RegistrySchema& schema, const model::SchemaVersion& v) {
  std::vector<std::string> updated;
  ASSIGN_OR_RETURN(std::vector<std::string> dbs, txn->tables().ListDatabaseNames({}));
  for (const std::string& db : dbs) {
    ASSIGN_OR_RETURN(std::vector<std::string> names, txn->tables().ListTableNames(db, {}));
    for (const std::string& name : names) {
      ASSIGN_OR_RETURN(model::Table table, txn->tables().GetTable(db, name));
      auto it = table.parameters.find(std::string(kSchemaReferenceKey));
      if (it == table.parameters.end()) continue;
      absl::StatusOr<SchemaReference> ref = ParseSchemaReference(it->second);
      if (!ref.ok() || ref->version != 0 || ref->registry != schema.registry ||
          ref->schema != schema.name) {
        continue;
      }
      model::Table before = table;
      RETURN_IF_ERROR(ApplySchemaReference(*txn.get(), &table));
      if (table == before) continue;
      table.update_time = core_->NowSeconds();
      RETURN_IF_ERROR(txn->tables().UpdateTable(table));
      std::string qualified = absl::StrCat(db, ".", name);
      txn.Record({.kind = model::ChangeKind::kAlterTable,
                  .object = qualified,
                  .before = std::move(before),
                  .after = table,
                  .note = absl::StrCat("columns from schema ",
                                       SchemaObject(schema.registry, schema.name), " version ",
                                       v.version)});
      updated.push_back(std::move(qualified));
    }
  }
  return updated;
}

absl::StatusOr<CompatibilityReport> RegistryService::CheckCompatibility(
    const model::RequestContext& ctx, const std::string& registry, const std::string& schema_name,
    const std::string& definition) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kCheckSchemaCompatibility,
                                      core_->arns().Schema(registry, schema_name)));
  ASSIGN_OR_RETURN(Candidate c, ReadCandidate(*txn.get(), registry, schema_name, definition));
  const model::RegistrySchema& schema = c.schema;
  std::optional<model::SchemaVersion>& same = c.same;
  if (same) {
    CompatibilityReport report;
    report.mode = schema.compatibility;
    report.identical_version = same->version;
    return report;
  }
  if (schema.compatibility == "DISABLED") {
    CompatibilityReport report;
    report.mode = schema.compatibility;
    report.compatible = false;
    report.reasons.push_back(
        {0, formats::Direction::kNewReadsOld,
         {"", "compatibility is DISABLED: no new version may be registered"}});
    return report;
  }
  return Judge(*txn.get(), schema, *c.parsed);
}

absl::StatusOr<model::SchemaVersion> RegistryService::GetSchemaVersion(
    const model::RequestContext& ctx, const std::string& registry, const std::string& schema_name,
    int64_t version) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetSchemaVersion,
                                                     core_->arns().Schema(registry, schema_name)));
  if (version == 0) {
    ASSIGN_OR_RETURN(model::RegistrySchema s, txn->registry().GetSchema(registry, schema_name));
    if (s.latest_version == 0) {
      return absl::NotFoundError(
          absl::StrCat("schema '", SchemaObject(registry, schema_name), "' has no version"));
    }
    version = s.latest_version;
  }
  return txn->registry().GetSchemaVersion(registry, schema_name, version);
}

absl::StatusOr<model::SchemaVersion> RegistryService::GetSchemaVersionById(
    const model::RequestContext& ctx, const std::string& id) {
  // The id names no schema before it is read: the question is asked on the
  // catalog, as for any listing.
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetSchemaVersion, core_->arns().Catalog()));
  return txn->registry().GetSchemaVersionById(id);
}

absl::StatusOr<model::SchemaVersion> RegistryService::GetSchemaByDefinition(
    const model::RequestContext& ctx, const std::string& registry, const std::string& schema_name,
    const std::string& definition) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetSchemaByDefinition,
                                                     core_->arns().Schema(registry, schema_name)));
  ASSIGN_OR_RETURN(Candidate c, ReadCandidate(*txn.get(), registry, schema_name, definition));
  const model::RegistrySchema& schema = c.schema;
  std::optional<model::SchemaVersion>& same = c.same;
  if (!same) {
    return absl::NotFoundError(absl::StrCat("no version of '", SchemaObject(registry, schema_name),
                                            "' has this definition"));
  }
  return *std::move(same);
}

absl::StatusOr<std::vector<model::SchemaVersion>> RegistryService::ListSchemaVersions(
    const model::RequestContext& ctx, const std::string& registry, const std::string& schema) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kListSchemaVersions,
                                                     core_->arns().Schema(registry, schema)));
  RETURN_IF_ERROR(txn->registry().GetSchema(registry, schema).status());
  return txn->registry().ListSchemaVersions(registry, schema, 0, false);
}

absl::StatusOr<std::vector<formats::SchemaDiffEntry>> RegistryService::DiffSchemaVersions(
    const model::RequestContext& ctx, const std::string& registry, const std::string& schema_name,
    int64_t from, int64_t to) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetSchemaVersionsDiff,
                                                     core_->arns().Schema(registry, schema_name)));
  ASSIGN_OR_RETURN(model::RegistrySchema schema,
                   txn->registry().GetSchema(registry, schema_name));
  ASSIGN_OR_RETURN(formats::SchemaFormat format, formats::ParseSchemaFormat(schema.data_format));
  if (from == 0) from = schema.latest_version;
  if (to == 0) to = schema.latest_version;
  ASSIGN_OR_RETURN(model::SchemaVersion a,
                   txn->registry().GetSchemaVersion(registry, schema_name, from));
  ASSIGN_OR_RETURN(model::SchemaVersion b,
                   txn->registry().GetSchemaVersion(registry, schema_name, to));
  ASSIGN_OR_RETURN(Parsed pa, ParseVersion(format, a));
  ASSIGN_OR_RETURN(Parsed pb, ParseVersion(format, b));
  return formats::DiffSchemas(*pa, *pb);
}

absl::Status RegistryService::DeleteSchemaVersions(const model::RequestContext& ctx,
                                                   const std::string& registry,
                                                   const std::string& schema_name,
                                                   const std::vector<int64_t>& versions) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kDeleteSchemaVersions,
                                                       core_->arns().Schema(registry, schema_name)));
  if (versions.empty()) return absl::InvalidArgumentError("no version to delete was named");
  ASSIGN_OR_RETURN(model::RegistrySchema schema,
                   txn->registry().GetSchema(registry, schema_name));
  const std::string object = SchemaObject(registry, schema_name);
  for (int64_t v : versions) {
    if (v == schema.checkpoint) {
      return absl::FailedPreconditionError(absl::StrCat(
          "version ", v, " is the checkpoint of '", object,
          "' and cannot be deleted; move the checkpoint first (set-compatibility --checkpoint)"));
    }
    RETURN_IF_ERROR(txn->registry().DeleteSchemaVersion(registry, schema_name, v));
    txn.Record({.kind = model::ChangeKind::kDeleteSchemaVersion,
                .object = absl::StrCat(object, " v", v),
                .notify = false});
  }
  ASSIGN_OR_RETURN(std::vector<model::SchemaVersion> left,
                   txn->registry().ListSchemaVersions(registry, schema_name, 0, false));
  schema.latest_version = left.empty() ? 0 : left.back().version;
  schema.update_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->registry().UpdateSchema(schema));
  return txn.Commit();
}

absl::StatusOr<int64_t> RegistryService::WarmCache(const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kListRegistries, core_->arns().Catalog()));
  int64_t parsed = 0;
  ASSIGN_OR_RETURN(std::vector<model::Registry> registries, txn->registry().ListRegistries());
  for (const model::Registry& r : registries) {
    ASSIGN_OR_RETURN(std::vector<model::RegistrySchema> schemas,
                     txn->registry().ListSchemas(r.name));
    for (const model::RegistrySchema& s : schemas) {
      absl::StatusOr<formats::CompatibilityMode> mode =
          formats::ParseCompatibilityMode(s.compatibility);
      absl::StatusOr<formats::SchemaFormat> format = formats::ParseSchemaFormat(s.data_format);
      // DISABLED admits no new version, so nothing is ever checked.
      if (!mode.ok() || !format.ok() || *mode == formats::CompatibilityMode::kDisabled) continue;
      const int64_t from = FirstCheckedVersion(s, *mode);
      if (from == 0) continue;
      ASSIGN_OR_RETURN(std::vector<model::SchemaVersion> versions,
                       txn->registry().ListSchemaVersions(s.registry, s.name, from, true));
      for (const model::SchemaVersion& v : versions) {
        if (ParseVersion(*format, v).ok()) ++parsed;
      }
    }
  }
  return parsed;
}

absl::StatusOr<std::optional<std::string>> RegistryService::ValidateDefinition(
    const model::RequestContext& ctx, const std::string& data_format,
    const std::string& definition) {
  RETURN_IF_ERROR(core_->gate().Check(ctx, actions::kCheckSchemaVersionValidity,
                                      core_->arns().Catalog()));
  ASSIGN_OR_RETURN(formats::SchemaFormat format, formats::ParseSchemaFormat(data_format));
  absl::Status valid = CheckDefinitionSize(definition);
  if (valid.ok()) valid = formats::ParseSchema(format, definition).status();
  if (valid.ok()) return std::optional<std::string>();
  if (!absl::IsInvalidArgument(valid)) return valid;
  return std::optional<std::string>(std::string(valid.message()));
}

}  // namespace almanac::service
