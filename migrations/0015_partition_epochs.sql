-- 0015_partition_epochs.sql: a value per table that changes with every write
-- to the table's partitions (added, altered, dropped, keys re-encoded), in
-- the same transaction as the write. A server keeps the names and typed keys
-- of a large table's partitions in memory, shared by its connections, under
-- the epoch it read them at; a read transaction uses them only while its own
-- snapshot shows the same epoch. Writes to other tables (and by other
-- processes sharing the file) therefore leave them valid, where the per-
-- connection read cache starts over at every commit.
--
-- Epochs are random 64-bit values, not counters, so that a table id SQLite
-- hands out again after a drop cannot meet an epoch its old table had.
CREATE TABLE partition_epochs (
  table_id INTEGER PRIMARY KEY,
  epoch    INTEGER NOT NULL
);
INSERT INTO partition_epochs (table_id, epoch) SELECT id, random() FROM tables;
