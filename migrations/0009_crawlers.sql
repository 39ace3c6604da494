-- 0009_crawlers.sql: the crawler (storage/crawlers.h): custom classifier
-- definitions, crawler definitions, and crawl runs with what each did.
-- Definitions are kept as JSON documents (their shape is the model's and
-- grows with it); what is looked up or listed by is a column.

CREATE TABLE classifiers (
  name        TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('GROK', 'XML', 'JSON', 'CSV')),
  definition  TEXT NOT NULL,     -- JSON: the kind's spec
  version     INTEGER NOT NULL,
  create_time INTEGER NOT NULL,  -- seconds since the epoch
  update_time INTEGER NOT NULL
);

CREATE TABLE crawlers (
  name        TEXT PRIMARY KEY,
  definition  TEXT NOT NULL,     -- JSON: targets, database, prefix, classifiers, ...
  version     INTEGER NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL
);

CREATE TABLE crawl_runs (
  id               TEXT PRIMARY KEY,  -- UUID, the tables' CRAWL_RUN_ID
  crawler          TEXT NOT NULL REFERENCES crawlers(name),
  status           TEXT NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  start_time       INTEGER NOT NULL,
  end_time         INTEGER NOT NULL,  -- 0 while running
  files_seen       INTEGER NOT NULL,
  bytes_seen       INTEGER NOT NULL,
  tables_created   INTEGER NOT NULL,
  tables_updated   INTEGER NOT NULL,
  tables_unchanged INTEGER NOT NULL,
  partitions_added INTEGER NOT NULL,
  message          TEXT NOT NULL,
  errors           TEXT NOT NULL,     -- JSON array of {path, message}, at most 1,000
  error_count      INTEGER NOT NULL
);
CREATE INDEX crawl_runs_by_crawler ON crawl_runs(crawler, start_time);
-- At most one run of a crawler at a time, held by the database itself.
CREATE UNIQUE INDEX crawl_runs_one_running ON crawl_runs(crawler) WHERE status = 'RUNNING';
