-- 0001_initial.sql: the core catalog. Databases, tables, interned storage
-- descriptors, partitions and the metadata of partition indexes.
--
-- Object bodies are JSON (the model types); the columns beside them are what
-- queries filter and join on. Names are stored lower case by the service.

CREATE TABLE databases (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL            -- JSON of model::Database without its name
);

CREATE TABLE tables (
  id    INTEGER PRIMARY KEY,
  db_id INTEGER NOT NULL REFERENCES databases(id),
  name  TEXT NOT NULL,
  body  TEXT NOT NULL,          -- JSON of model::Table without database and name
  UNIQUE (db_id, name)
);

-- Storage descriptors are immutable once written and shared by content: a
-- partition created with its table's descriptor (apart from its location)
-- references the table's row. `location` inside the body is the base from which
-- partitions with a NULL location derive theirs ("<base>/<partition name>").
CREATE TABLE storage_descriptors (
  id   INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,        -- 64-bit FNV-1a of body; collisions resolved by comparing body
  body TEXT NOT NULL            -- canonical JSON of model::StorageDescriptor
);
CREATE INDEX storage_descriptors_by_hash ON storage_descriptors(hash);

-- One row per partition; built to stay small (10 million per table). The
-- partition's values are recovered from its name. k0..k7 hold typed copies of
-- the first eight values (model::EncodeKeyValue) and deliberately have no
-- declared type, so integers, reals and text keep their storage classes and
-- compare as SQLite compares them; NULL is the default partition.
CREATE TABLE partitions (
  id               INTEGER PRIMARY KEY,
  table_id         INTEGER NOT NULL REFERENCES tables(id),
  name             TEXT NOT NULL,
  k0, k1, k2, k3, k4, k5, k6, k7,
  sd_id            INTEGER NOT NULL REFERENCES storage_descriptors(id),
  location         TEXT,        -- NULL: derived from the descriptor's base location
  create_time      INTEGER NOT NULL,
  last_access_time INTEGER NOT NULL,
  parameters       TEXT         -- JSON object; NULL when empty
);
CREATE UNIQUE INDEX partitions_by_name ON partitions(table_id, name);

-- Glue-style partition indexes. Each row owns one partial SQLite index named
-- partition_index_<id> over the k-columns of its keys, restricted to its table.
CREATE TABLE partition_indexes (
  id            INTEGER PRIMARY KEY,
  table_id      INTEGER NOT NULL REFERENCES tables(id),
  name          TEXT NOT NULL,
  keys          TEXT NOT NULL,  -- JSON array of partition key names, in index order
  key_positions TEXT NOT NULL,  -- JSON array of the keys' positions (k-column numbers)
  state         TEXT NOT NULL,
  UNIQUE (table_id, name)
);
