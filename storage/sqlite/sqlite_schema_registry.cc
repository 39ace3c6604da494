#include "storage/sqlite/sqlite_schema_registry.h"

#include <string>
#include <utility>

#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

constexpr char kSelectRegistries[] =
    "SELECT r.name, r.description, r.create_time, r.update_time,"
    " (SELECT COUNT(*) FROM registry_schemas s WHERE s.registry = r.name) FROM registries r";

model::Registry DecodeRegistry(const Statement& row) {
  model::Registry r;
  r.name = std::string(row.Text(0));
  r.description = std::string(row.Text(1));
  r.create_time = row.Int(2);
  r.update_time = row.Int(3);
  r.schema_count = row.Int(4);
  return r;
}

constexpr char kSelectSchemas[] =
    "SELECT s.registry, s.name, s.data_format, s.compatibility, s.description, s.checkpoint,"
    " s.latest_version, s.next_version, s.create_time, s.update_time,"
    " (SELECT COUNT(*) FROM schema_versions v WHERE v.registry = s.registry"
    "  AND v.schema_name = s.name) FROM registry_schemas s";

model::RegistrySchema DecodeSchema(const Statement& row) {
  model::RegistrySchema s;
  s.registry = std::string(row.Text(0));
  s.name = std::string(row.Text(1));
  s.data_format = std::string(row.Text(2));
  s.compatibility = std::string(row.Text(3));
  s.description = std::string(row.Text(4));
  s.checkpoint = row.Int(5);
  s.latest_version = row.Int(6);
  s.next_version = row.Int(7);
  s.create_time = row.Int(8);
  s.update_time = row.Int(9);
  s.version_count = row.Int(10);
  return s;
}

std::string VersionColumns(bool with_definitions) {
  return StrCat("SELECT registry, schema_name, version, id, ",
                with_definitions ? "definition, canonical" : "'', ''",
                ", status, create_time, created_by, metadata FROM schema_versions");
}

model::SchemaVersion DecodeVersion(const Statement& row) {
  model::SchemaVersion v;
  v.registry = std::string(row.Text(0));
  v.schema = std::string(row.Text(1));
  v.version = row.Int(2);
  v.id = std::string(row.Text(3));
  v.definition = std::string(row.Text(4));
  v.canonical = std::string(row.Text(5));
  v.status = std::string(row.Text(6));
  v.create_time = row.Int(7);
  v.created_by = std::string(row.Text(8));
  nlohmann::json meta = nlohmann::json::parse(row.Text(9), nullptr, /*allow_exceptions=*/false);
  if (meta.is_object()) {
    for (auto it = meta.begin(); it != meta.end(); ++it) {
      if (it.value().is_string()) v.metadata.emplace_back(it.key(), it.value().get<std::string>());
    }
  }
  return v;
}

// FNV-1a, 64 bits: stable across runs and builds (it is stored).
int64_t CanonicalHash(std::string_view text) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return static_cast<int64_t>(h);
}

std::string EncodeMetadata(const model::SchemaMetadata& metadata) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : metadata) out[k] = v;
  return out.dump();
}

}  // namespace

absl::StatusOr<int64_t> SqliteSchemaRegistry::Count(const char* sql) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

absl::Status SqliteSchemaRegistry::RunChanging(const std::string& sql,
                                               const std::function<void(Statement&)>& bind,
                                               const std::string& not_found) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
    bind(stmt);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) return absl::NotFoundError(not_found);
    return absl::OkStatus();
  });
}

absl::StatusOr<model::Registry> SqliteSchemaRegistry::GetRegistry(std::string_view name) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectRegistries, " WHERE r.name = ?")));
  stmt.BindText(1, name);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("no registry '", name, "'"));
  return DecodeRegistry(stmt);
}

absl::StatusOr<std::vector<model::Registry>> SqliteSchemaRegistry::ListRegistries() {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectRegistries, " ORDER BY r.name")));
  std::vector<model::Registry> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(DecodeRegistry(stmt));
  }
  return out;
}

absl::StatusOr<model::RegistrySchema> SqliteSchemaRegistry::GetSchema(std::string_view registry,
                                                                      std::string_view name) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(
                                       kSelectSchemas, " WHERE s.registry = ? AND s.name = ?")));
  stmt.BindText(1, registry);
  stmt.BindText(2, name);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("no schema '", name, "' in registry '", registry, "'"));
  return DecodeSchema(stmt);
}

absl::StatusOr<std::vector<model::RegistrySchema>> SqliteSchemaRegistry::ListSchemas(
    std::string_view registry) {
  RETURN_IF_ERROR(GetRegistry(registry).status());
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(kSelectSchemas,
                                                         " WHERE s.registry = ? ORDER BY s.name")));
  stmt.BindText(1, registry);
  std::vector<model::RegistrySchema> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(DecodeSchema(stmt));
  }
  return out;
}

absl::StatusOr<model::SchemaVersion> SqliteSchemaRegistry::GetSchemaVersion(
    std::string_view registry, std::string_view schema, int64_t version) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare(StrCat(VersionColumns(true),
                                         " WHERE registry = ? AND schema_name = ? AND version = ?")));
  stmt.BindText(1, registry);
  stmt.BindText(2, schema);
  stmt.BindInt(3, version);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return absl::NotFoundError(
        StrCat("schema '", registry, "/", schema, "' has no version ", version));
  }
  return DecodeVersion(stmt);
}

absl::StatusOr<model::SchemaVersion> SqliteSchemaRegistry::GetSchemaVersionById(
    std::string_view id) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(StrCat(VersionColumns(true), " WHERE id = ?")));
  stmt.BindText(1, id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("no schema version with id '", id, "'"));
  return DecodeVersion(stmt);
}

absl::StatusOr<std::vector<model::SchemaVersion>> SqliteSchemaRegistry::ListSchemaVersions(
    std::string_view registry, std::string_view schema, int64_t from_version,
    bool with_definitions) {
  ASSIGN_OR_RETURN(
      Statement stmt,
      conn_->Prepare(StrCat(VersionColumns(with_definitions),
                            " WHERE registry = ? AND schema_name = ? AND version >= ?"
                            " ORDER BY version")));
  stmt.BindText(1, registry);
  stmt.BindText(2, schema);
  stmt.BindInt(3, from_version);
  std::vector<model::SchemaVersion> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out.push_back(DecodeVersion(stmt));
  }
  return out;
}

absl::StatusOr<std::optional<model::SchemaVersion>> SqliteSchemaRegistry::FindSchemaVersion(
    std::string_view registry, std::string_view schema, std::string_view canonical) {
  ASSIGN_OR_RETURN(
      Statement stmt,
      conn_->Prepare(StrCat(VersionColumns(true),
                            " WHERE registry = ? AND schema_name = ? AND canonical_hash = ?"
                            // No ORDER BY: it would make SQLite walk the versions
                            // in order instead of seeking the hash (identical
                            // definitions are never stored twice).
                            " AND canonical = ? LIMIT 1")));
  stmt.BindText(1, registry);
  stmt.BindText(2, schema);
  stmt.BindInt(3, CanonicalHash(canonical));
  stmt.BindText(4, canonical);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<model::SchemaVersion>();
  return std::optional<model::SchemaVersion>(DecodeVersion(stmt));
}

absl::StatusOr<int64_t> SqliteSchemaRegistry::CountRegistries() {
  return Count("SELECT COUNT(*) FROM registries");
}

absl::StatusOr<int64_t> SqliteSchemaRegistry::CountSchemas() {
  return Count("SELECT COUNT(*) FROM registry_schemas");
}

absl::Status SqliteSchemaRegistry::CreateRegistry(const model::Registry& r) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("INSERT INTO registries(name, description, create_time,"
                                    " update_time) VALUES (?, ?, ?, ?)"));
    stmt.BindText(1, r.name);
    stmt.BindText(2, r.description);
    stmt.BindInt(3, r.create_time);
    stmt.BindInt(4, r.update_time);
    absl::Status s = stmt.Run();
    if (!s.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(StrCat("registry '", r.name, "' already exists"));
    }
    return s;
  });
}

absl::Status SqliteSchemaRegistry::UpdateRegistry(const model::Registry& r) {
  return RunChanging(
      "UPDATE registries SET description = ?, update_time = ? WHERE name = ?",
      [&](Statement& stmt) {
        stmt.BindText(1, r.description);
        stmt.BindInt(2, r.update_time);
        stmt.BindText(3, r.name);
      },
      StrCat("no registry '", r.name, "'"));
}

absl::Status SqliteSchemaRegistry::DeleteRegistry(std::string_view name) {
  return core_.Atomically([&]() -> absl::Status {
    for (const char* sql : {"DELETE FROM schema_versions WHERE registry = ?",
                            "DELETE FROM registry_schemas WHERE registry = ?"}) {
      ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
      stmt.BindText(1, name);
      RETURN_IF_ERROR(stmt.Run());
    }
    return RunChanging(
        "DELETE FROM registries WHERE name = ?", [&](Statement& stmt) { stmt.BindText(1, name); },
        StrCat("no registry '", name, "'"));
  });
}

absl::Status SqliteSchemaRegistry::CreateSchema(const model::RegistrySchema& s) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        Statement stmt,
        conn_->Prepare("INSERT INTO registry_schemas(registry, name, data_format, compatibility,"
                       " description, checkpoint, latest_version, next_version, create_time,"
                       " update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    stmt.BindText(1, s.registry);
    stmt.BindText(2, s.name);
    stmt.BindText(3, s.data_format);
    stmt.BindText(4, s.compatibility);
    stmt.BindText(5, s.description);
    stmt.BindInt(6, s.checkpoint);
    stmt.BindInt(7, s.latest_version);
    stmt.BindInt(8, s.next_version);
    stmt.BindInt(9, s.create_time);
    stmt.BindInt(10, s.update_time);
    absl::Status st = stmt.Run();
    if (!st.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(
          StrCat("schema '", s.name, "' already exists in registry '", s.registry, "'"));
    }
    return st;
  });
}

absl::Status SqliteSchemaRegistry::UpdateSchema(const model::RegistrySchema& s) {
  return RunChanging(
      "UPDATE registry_schemas SET compatibility = ?, description = ?, checkpoint = ?,"
      " latest_version = ?, next_version = ?, update_time = ? WHERE registry = ? AND name = ?",
      [&](Statement& stmt) {
        stmt.BindText(1, s.compatibility);
        stmt.BindText(2, s.description);
        stmt.BindInt(3, s.checkpoint);
        stmt.BindInt(4, s.latest_version);
        stmt.BindInt(5, s.next_version);
        stmt.BindInt(6, s.update_time);
        stmt.BindText(7, s.registry);
        stmt.BindText(8, s.name);
      },
      StrCat("no schema '", s.name, "' in registry '", s.registry, "'"));
}

absl::Status SqliteSchemaRegistry::DeleteSchema(std::string_view registry, std::string_view name) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        Statement versions,
        conn_->Prepare("DELETE FROM schema_versions WHERE registry = ? AND schema_name = ?"));
    versions.BindText(1, registry);
    versions.BindText(2, name);
    RETURN_IF_ERROR(versions.Run());
    return RunChanging(
        "DELETE FROM registry_schemas WHERE registry = ? AND name = ?",
        [&](Statement& stmt) {
          stmt.BindText(1, registry);
          stmt.BindText(2, name);
        },
        StrCat("no schema '", name, "' in registry '", registry, "'"));
  });
}

absl::Status SqliteSchemaRegistry::AddSchemaVersion(const model::SchemaVersion& v) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        Statement stmt,
        conn_->Prepare("INSERT INTO schema_versions(registry, schema_name, version, id,"
                       " definition, canonical, status, create_time, created_by, metadata,"
                       " canonical_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    stmt.BindText(1, v.registry);
    stmt.BindText(2, v.schema);
    stmt.BindInt(3, v.version);
    stmt.BindText(4, v.id);
    stmt.BindText(5, v.definition);
    stmt.BindText(6, v.canonical);
    stmt.BindText(7, v.status);
    stmt.BindInt(8, v.create_time);
    stmt.BindText(9, v.created_by);
    std::string meta = EncodeMetadata(v.metadata);
    stmt.BindText(10, meta);
    stmt.BindInt(11, CanonicalHash(v.canonical));
    absl::Status s = stmt.Run();
    if (!s.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(StrCat("schema '", v.registry, "/", v.schema,
                                             "' already has version ", v.version, " or id ", v.id));
    }
    return s;
  });
}

absl::Status SqliteSchemaRegistry::UpdateSchemaVersionMetadata(
    std::string_view registry, std::string_view schema, int64_t version,
    const model::SchemaMetadata& metadata) {
  std::string meta = EncodeMetadata(metadata);
  return RunChanging(
      "UPDATE schema_versions SET metadata = ? WHERE registry = ? AND schema_name = ?"
      " AND version = ?",
      [&](Statement& stmt) {
        stmt.BindText(1, meta);
        stmt.BindText(2, registry);
        stmt.BindText(3, schema);
        stmt.BindInt(4, version);
      },
      StrCat("schema '", registry, "/", schema, "' has no version ", version));
}

absl::Status SqliteSchemaRegistry::DeleteSchemaVersion(std::string_view registry,
                                                       std::string_view schema, int64_t version) {
  return RunChanging(
      "DELETE FROM schema_versions WHERE registry = ? AND schema_name = ? AND version = ?",
      [&](Statement& stmt) {
        stmt.BindText(1, registry);
        stmt.BindText(2, schema);
        stmt.BindInt(3, version);
      },
      StrCat("schema '", registry, "/", schema, "' has no version ", version));
}

}  // namespace almanac::storage::sqlite
