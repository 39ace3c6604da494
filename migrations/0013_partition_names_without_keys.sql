-- 0013_partition_names_without_keys.sql: a partition's name is stored as its
-- escaped values joined by '/' ("2024-01-01/5"), without the "key=" before
-- each value that every name of the table repeats ("ds=2024-01-01/hr=5").
-- The keys are the table's (they cannot change while it has partitions), so
-- storage puts them back on every read (storage/sqlite/stored_partition_name.h),
-- and the name order is unchanged: the unique name index keeps answering
-- Hive's name-ordered listings. The row and its name-index entry each get
-- shorter by the keys' text, which pays for most of the built-in index on
-- the leading keys (0005).
--
-- Values hold neither '/' nor '=' (both are escaped), so each component's
-- value is what follows its first '='. A name already in the stored form has
-- no '=' and comes out unchanged.
CREATE TEMP TABLE partition_names_0013 (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
WITH RECURSIVE split(id, n, rest, stored) AS (
  SELECT id, 0, name, '' FROM partitions
  UNION ALL
  SELECT id, n + 1,
         CASE WHEN instr(rest, '/') = 0 THEN NULL ELSE substr(rest, instr(rest, '/') + 1) END,
         stored || CASE WHEN n = 0 THEN '' ELSE '/' END ||
           substr(CASE WHEN instr(rest, '/') = 0 THEN rest
                       ELSE substr(rest, 1, instr(rest, '/') - 1) END,
                  instr(rest, '=') + 1)
  FROM split WHERE rest IS NOT NULL
)
INSERT INTO partition_names_0013 SELECT id, stored FROM split WHERE rest IS NULL;
UPDATE partitions SET name = n.name
  FROM partition_names_0013 AS n
  WHERE n.id = partitions.id AND partitions.name <> n.name;
DROP TABLE partition_names_0013;
