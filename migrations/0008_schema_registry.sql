-- 0008_schema_registry.sql: the schema registry (storage/schema_registry.h):
-- registries, schemas with their compatibility mode and checkpoint, and
-- schema versions with their metadata.

CREATE TABLE registries (
  name        TEXT PRIMARY KEY,
  description TEXT NOT NULL,
  create_time INTEGER NOT NULL,  -- seconds since the epoch
  update_time INTEGER NOT NULL
);

CREATE TABLE registry_schemas (
  registry       TEXT NOT NULL REFERENCES registries(name),
  name           TEXT NOT NULL,
  data_format    TEXT NOT NULL CHECK (data_format IN ('AVRO', 'JSON', 'PROTOBUF')),
  compatibility  TEXT NOT NULL,
  description    TEXT NOT NULL,
  checkpoint     INTEGER NOT NULL,  -- a version number; 0 before the first
  latest_version INTEGER NOT NULL,
  next_version   INTEGER NOT NULL,  -- never reused: deleted numbers stay gone
  create_time    INTEGER NOT NULL,
  update_time    INTEGER NOT NULL,
  PRIMARY KEY (registry, name)
);

CREATE TABLE schema_versions (
  registry    TEXT NOT NULL,
  schema_name TEXT NOT NULL,
  version     INTEGER NOT NULL,
  id          TEXT NOT NULL UNIQUE,  -- UUID
  definition  TEXT NOT NULL,
  canonical   TEXT NOT NULL,
  -- FNV-1a (64 bits) of canonical: the index holds this, not the text, whose
  -- tens of kilobytes per key would spill every index entry onto overflow pages.
  canonical_hash INTEGER NOT NULL,
  status      TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  metadata    TEXT NOT NULL,  -- JSON object of at most 10 key/values
  PRIMARY KEY (registry, schema_name, version),
  FOREIGN KEY (registry, schema_name) REFERENCES registry_schemas(registry, name)
);
-- Registering a definition identical to an existing version finds it here.
CREATE INDEX schema_versions_by_canonical
  ON schema_versions(registry, schema_name, canonical_hash);
