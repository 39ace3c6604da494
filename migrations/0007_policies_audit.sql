-- 0007_policies_audit.sql: resource and identity policies (storage/policies.h)
-- and the hash-chained audit trail (storage/audit.h).

-- One policy document per target: "catalog", "database/DB", "table/DB/T"
-- (resource policies) or "user/NAME", "group/NAME", "role/NAME" (identity
-- policies). The document is kept exactly as given; hash is its SHA-256, hex,
-- Glue's PolicyHash for optimistic concurrency.
CREATE TABLE policies (
  target      TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('resource', 'identity')),
  document    TEXT NOT NULL,
  hash        TEXT NOT NULL,
  create_time INTEGER NOT NULL,  -- seconds since the epoch
  update_time INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
);

-- The audit trail: one row per change and per denial (and per read when the
-- server is asked to record reads). Each row's hash is the SHA-256 of the
-- previous row's hash and this row's fields (catalog/policy/audit_chain.h),
-- so an edited, reordered or deleted row breaks the chain at that row.
CREATE TABLE audit_records (
  seq         INTEGER PRIMARY KEY,  -- 1, 2, 3, ... without gaps
  time_us     INTEGER NOT NULL,     -- microseconds since the epoch
  principal   TEXT NOT NULL,
  groups_csv  TEXT NOT NULL,
  source      TEXT NOT NULL,
  front_end   TEXT NOT NULL,
  action      TEXT NOT NULL,
  resource    TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied', 'error')),
  detail      TEXT NOT NULL,        -- the denial or error message; the changes of a write
  request_id  TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_records_by_principal ON audit_records(principal, seq);

-- Append-only through SQL: an UPDATE or DELETE is refused. (Whoever can write
-- the file can still drop these triggers; the hash chain is what detects that.)
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
