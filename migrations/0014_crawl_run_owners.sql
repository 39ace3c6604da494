-- 0014_crawl_run_owners.sql: which server process runs each crawl. A server
-- holds a lock file named after its random instance id for as long as it
-- runs (<data-dir>/run-owners/<id>.lock); another server sharing the catalog
-- tells a live owner's RUNNING run from an abandoned one by trying that lock,
-- instead of failing every RUNNING run when it starts (which let a second
-- server start a crawler the first was still running). Runs recorded before
-- this step have no owner and count as abandoned, as they did.
ALTER TABLE crawl_runs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
