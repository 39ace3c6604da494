-- 0012_partition_stats_without_cascade.sql: partition column statistics
-- without a foreign key to their partition. With `ON DELETE CASCADE` SQLite
-- ran a foreign-key action (a search of this table) for every partition row
-- deleted, which was a large part of a 1,000-partition drop even when the
-- table has no statistics at all. Storage now deletes a partition's
-- statistics itself, in the same transaction that deletes the partition
-- (storage/sqlite/sqlite_partitions.cc: DeletePartitions and
-- DeleteTablePartitions), one statement per batch of partitions. Rows and
-- primary key as before.
CREATE TABLE partition_column_stats_0012 (
  partition_id  INTEGER NOT NULL,  -- partitions(id); deleted with it by storage
  column_name   TEXT NOT NULL,
  engine        TEXT NOT NULL DEFAULT 'hive',
  column_type   TEXT NOT NULL,
  stats         TEXT NOT NULL,
  last_analyzed INTEGER NOT NULL,
  PRIMARY KEY (partition_id, column_name, engine)
) WITHOUT ROWID;
INSERT INTO partition_column_stats_0012
  SELECT partition_id, column_name, engine, column_type, stats, last_analyzed
  FROM partition_column_stats;
DROP TABLE partition_column_stats;
ALTER TABLE partition_column_stats_0012 RENAME TO partition_column_stats;
