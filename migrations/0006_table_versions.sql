-- 0006_table_versions.sql: table history (storage/versions.h). Every
-- definition a table has had is a version; a history belongs to one table
-- from its first version on, follows it through renames (by tables.id) and
-- outlives its drop, so the table can be undropped.

CREATE TABLE table_histories (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,  -- the table id callers see; never reused
  table_id      INTEGER UNIQUE,   -- tables.id while the table exists; NULL once dropped
  db_name       TEXT NOT NULL,    -- the table's names at its latest version or its drop
  table_name    TEXT NOT NULL,
  dropped_time  INTEGER,          -- seconds since the epoch; NULL while the table exists
  dropped_by    TEXT,
  next_version  INTEGER NOT NULL DEFAULT 1,  -- numbers are never reused
  version_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX table_histories_dropped ON table_histories(db_name, table_name)
  WHERE table_id IS NULL;

-- A definition without its storage descriptor and parameters (names, owner,
-- type, partition keys, view text, ...), interned by content: an Iceberg
-- table's thousands of commits share one row.
CREATE TABLE version_shapes (
  id   INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,  -- 64-bit FNV-1a of body; collisions resolved by comparing body
  body TEXT NOT NULL
);
CREATE INDEX version_shapes_by_hash ON version_shapes(hash);

-- One row per version. The definition is shape + interned storage descriptor
-- (storage_descriptors, shared with partitions) + parameters, stored either
-- whole (params_base NULL) or as the keys that changed since version
-- params_base of the same history ({"key": "value"} set, {"key": null}
-- removed). The table's update time is `time`.
CREATE TABLE table_versions (
  history_id  INTEGER NOT NULL REFERENCES table_histories(id),
  version     INTEGER NOT NULL,
  time        INTEGER NOT NULL,  -- seconds since the epoch
  principal   TEXT NOT NULL,
  front_end   INTEGER NOT NULL,  -- model::FrontEnd value
  request_id  TEXT NOT NULL,
  summary     TEXT NOT NULL,
  shape_id    INTEGER NOT NULL REFERENCES version_shapes(id),
  sd_id       INTEGER NOT NULL REFERENCES storage_descriptors(id),
  params      TEXT,              -- JSON object; NULL: empty (whole) or unchanged (delta)
  params_base INTEGER,           -- NULL: params is whole
  PRIMARY KEY (history_id, version)
) WITHOUT ROWID;
