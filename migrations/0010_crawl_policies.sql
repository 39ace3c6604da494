-- 0010_crawl_policies.sql: what a crawl run records of Glue's policies and of
-- a stop request (the policies themselves live in the crawler's definition
-- document, migration 0009).

ALTER TABLE crawl_runs ADD COLUMN tables_deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crawl_runs ADD COLUMN partitions_deleted INTEGER NOT NULL DEFAULT 0;
-- JSON array of what LOG policies recorded instead of changing the catalog.
ALTER TABLE crawl_runs ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
-- 1 once `crawler stop` asked the run to stop (the crawler's state STOPPING).
ALTER TABLE crawl_runs ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0;
