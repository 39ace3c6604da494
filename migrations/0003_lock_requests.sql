-- 0003_lock_requests.sql: a lock request holds several components that are
-- granted together, which 0002's one-row-per-lock `locks` table cannot hold
-- (its id was both the lock id and the row key). Nothing wrote to it yet, so
-- it is replaced by a request table and a component table.
DROP INDEX IF EXISTS locks_by_object;
DROP TABLE IF EXISTS locks;

-- AUTOINCREMENT: a lock id is never handed out twice, so a client holding the
-- id of an expired lock can never check or release somebody else's lock.
CREATE TABLE lock_requests (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  state             TEXT NOT NULL CHECK (state IN ('WAITING', 'ACQUIRED')),
  user_name         TEXT NOT NULL,
  host_name         TEXT NOT NULL,
  agent_info        TEXT NOT NULL,
  created_at_ms     INTEGER NOT NULL,
  acquired_at_ms    INTEGER NOT NULL DEFAULT 0,
  last_heartbeat_ms INTEGER NOT NULL,
  heartbeat_count   INTEGER NOT NULL DEFAULT 0
);

-- Objects are named, not referenced by id: a lock may be taken on an object
-- that does not exist yet (Iceberg locks a table it is about to create).
CREATE TABLE lock_components (
  lock_id        INTEGER NOT NULL REFERENCES lock_requests(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  lock_type      TEXT NOT NULL CHECK (lock_type IN ('SHARED_READ', 'SHARED_WRITE',
                                                    'EXCL_WRITE', 'EXCLUSIVE')),
  lock_level     INTEGER NOT NULL CHECK (lock_level IN (1, 2, 3)),
  db_name        TEXT NOT NULL,
  table_name     TEXT NOT NULL DEFAULT '',
  partition_name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (lock_id, position)
) WITHOUT ROWID;
