-- 0011_crawler_schedules.sql: what the crawler scheduler keeps (the schedule
-- expression itself lives in the crawler's definition document, 0009).
-- Every fire time of a crawler's schedule up to schedule_handled_until
-- (seconds since the epoch) has been handled: a run started, or skipped
-- because one was going. The scheduler moves it forward in the same write
-- transaction that records the run, so two servers sharing the database
-- never both start a run for one fire time, and the fire times missed while
-- no server ran are handled at once by one run.
ALTER TABLE crawlers ADD COLUMN schedule_handled_until INTEGER NOT NULL DEFAULT 0;
