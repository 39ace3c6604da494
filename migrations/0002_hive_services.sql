-- 0002_hive_services.sql: what the Hive Metastore front end needs next:
-- user-defined functions, column statistics, locks and the notification log.

CREATE TABLE functions (
  id          INTEGER PRIMARY KEY,
  db_id       INTEGER NOT NULL REFERENCES databases(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,    -- lower case
  class_name  TEXT NOT NULL,
  owner_name  TEXT NOT NULL,
  owner_type  INTEGER NOT NULL, -- model::PrincipalType value
  create_time INTEGER NOT NULL,
  body        TEXT NOT NULL,    -- JSON: function type, resource URIs
  UNIQUE (db_id, name)
);

-- Statistics rows belong to their object and go with it.
CREATE TABLE table_column_stats (
  table_id      INTEGER NOT NULL REFERENCES tables(id) ON DELETE CASCADE,
  column_name   TEXT NOT NULL,
  engine        TEXT NOT NULL DEFAULT 'hive',
  column_type   TEXT NOT NULL,
  stats         TEXT NOT NULL,  -- JSON of the typed statistics (Hive's ColumnStatisticsData)
  last_analyzed INTEGER NOT NULL,
  PRIMARY KEY (table_id, column_name, engine)
) WITHOUT ROWID;

CREATE TABLE partition_column_stats (
  partition_id  INTEGER NOT NULL REFERENCES partitions(id) ON DELETE CASCADE,
  column_name   TEXT NOT NULL,
  engine        TEXT NOT NULL DEFAULT 'hive',
  column_type   TEXT NOT NULL,
  stats         TEXT NOT NULL,
  last_analyzed INTEGER NOT NULL,
  PRIMARY KEY (partition_id, column_name, engine)
) WITHOUT ROWID;

-- Hive's lock manager. Objects are named, not referenced by id, because a lock
-- may be requested for an object that does not exist yet.
CREATE TABLE locks (
  id             INTEGER PRIMARY KEY,  -- the lock id handed to the client
  txn_id         INTEGER NOT NULL DEFAULT 0,
  db_name        TEXT NOT NULL,
  table_name     TEXT,
  partition_name TEXT,
  lock_type      TEXT NOT NULL CHECK (lock_type IN ('SHARED_READ', 'SHARED_WRITE',
                                                    'EXCL_WRITE', 'EXCLUSIVE')),
  state          TEXT NOT NULL CHECK (state IN ('WAITING', 'ACQUIRED')),
  user_name      TEXT NOT NULL,
  host_name      TEXT NOT NULL,
  agent_info     TEXT,
  created_at     INTEGER NOT NULL,
  acquired_at    INTEGER,
  last_heartbeat INTEGER NOT NULL
);
CREATE INDEX locks_by_object ON locks(db_name, table_name, partition_name);

-- Clients poll "events after id N", so ids must never be reused, even after
-- old events are cleaned up: hence AUTOINCREMENT.
CREATE TABLE notification_log (
  event_id       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_time     INTEGER NOT NULL,
  event_type     TEXT NOT NULL,
  catalog_name   TEXT NOT NULL DEFAULT 'hive',
  db_name        TEXT,
  table_name     TEXT,
  message_format TEXT NOT NULL DEFAULT 'json-0.2',
  message        TEXT NOT NULL
);
CREATE INDEX notification_log_by_time ON notification_log(event_time);
