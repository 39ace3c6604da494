"""A real Trino 476 (single node, loopback, 1 GB heap) with two Hive catalogs on
the metastore under test: `hive` (default security) and `hive_sql`
(hive.security=sql-standard), driven over Trino's HTTP protocol
(tests/e2e/trino_server.py). The tests run in file order and share the
schemas they create; the metastore is restarted once in the middle with
Trino still running.

Data lives in file: locations under the module's temporary directory, so the
tests can look at the files Trino wrote.
"""

import os
from pathlib import Path

import pytest

import trino_server
from conftest import unique_name
from trino_server import TrinoError

S = unique_name("tr")  # schema at the metastore's default location
LOC = unique_name("tr_loc")  # schema with an explicit location
SEC = unique_name("tr_sec")  # schema used through the sql-standard catalog


@pytest.fixture(scope="module")
def trino(metastore, e2e_tmp):
    try:
        jdk = trino_server.find_jdk()
    except RuntimeError as e:
        pytest.fail(str(e))
    home = trino_server.unpack(trino_server.fetch_tarball())
    common = {
        "connector.name": "hive",
        "hive.metastore.uri": metastore.uri,
        "hive.non-managed-table-writes-enabled": "true",
        "hive.allow-register-partition-procedure": "true",
        # file: locations go through Hadoop's local file system (plugin/hive/hdfs).
        "fs.hadoop.enabled": "true",
    }
    server = trino_server.Trino(home, jdk, e2e_tmp / "trino", {
        "hive": dict(common),
        "hive_sql": dict(common, **{"hive.security": "sql-standard"}),
    })
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def q(trino):
    """q(sql, user="alice") -> list of rows; raises TrinoError."""

    def run(sql, user="alice", result=False):
        r = trino.query(sql, user=user, catalog="hive", schema=S)
        return r if result else r.rows

    return run


def files_under(path):
    return sorted(str(p.relative_to(path)) for p in Path(path).rglob("*")
                  if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".crc"))


def local_path(location):
    assert location.startswith("file:"), location
    return Path("/" + location[len("file:"):].lstrip("/"))


# ---- schemas ----

def test_schemas_with_and_without_location(q, e2e_tmp):
    q(f"CREATE SCHEMA hive.{S}")
    where = e2e_tmp / "loc_schema"
    q(f"CREATE SCHEMA hive.{LOC} WITH (location = 'file://{where}')")
    schemas = {r[0] for r in q("SHOW SCHEMAS FROM hive")}
    assert {S, LOC, "default"} <= schemas
    q(f"CREATE TABLE hive.{LOC}.t (x integer)")
    q(f"INSERT INTO hive.{LOC}.t VALUES 1, 2, 3")
    assert q(f"SELECT sum(x) FROM hive.{LOC}.t") == [[6]]
    assert any(f.startswith("t/") for f in files_under(where)), files_under(where)
    with pytest.raises(TrinoError) as e:
        q(f"CREATE SCHEMA hive.{S}")
    assert e.value.name == "SCHEMA_ALREADY_EXISTS"


# ---- every type, many partitions, pruning, statistics ----

TYPES = [
    ("c_boolean", "boolean", "true"),
    ("c_tinyint", "tinyint", "tinyint '-7'"),
    ("c_smallint", "smallint", "smallint '300'"),
    ("c_integer", "integer", "i"),
    ("c_bigint", "bigint", "bigint '9007199254740993'"),
    ("c_real", "real", "real '1.5'"),
    ("c_double", "double", "double '2.25'"),
    ("c_short_decimal", "decimal(10,2)", "decimal '12345678.90'"),
    ("c_long_decimal", "decimal(38,10)", "decimal '1234567890123456789012345678.0123456789'"),
    ("c_varchar", "varchar", "'text ' || cast(i AS varchar)"),
    ("c_bounded", "varchar(10)", "cast('bounded' AS varchar(10))"),
    ("c_char", "char(5)", "cast('ab' AS char(5))"),
    ("c_varbinary", "varbinary", "X'00ff10'"),
    ("c_date", "date", "DATE '2024-02-29'"),
    ("c_timestamp", "timestamp(3)", "TIMESTAMP '2024-02-29 12:34:56.789'"),
    ("c_array", "array(integer)", "ARRAY[1, 2, i]"),
    ("c_map", "map(varchar, integer)", "MAP(ARRAY['k'], ARRAY[i])"),
    ("c_row", "row(a integer, b varchar)", "CAST(ROW(i, 'x') AS row(a integer, b varchar))"),
]
PARTITIONS = 12
ROWS_PER_PARTITION = 3


def test_partitioned_table_of_every_type(q):
    cols = ", ".join(f"{n} {t}" for n, t, _ in TYPES)
    q(f"CREATE TABLE alltypes ({cols}, p_region varchar, p_day date) "
      f"WITH (partitioned_by = ARRAY['p_region', 'p_day'])")
    values = ", ".join(v for _, _, v in TYPES)
    r = q(f"INSERT INTO alltypes SELECT {values}, "
          f"'r' || cast(i % {PARTITIONS} AS varchar), date_add('day', i % {PARTITIONS}, DATE '2024-01-01') "
          f"FROM UNNEST(sequence(1, {PARTITIONS * ROWS_PER_PARTITION})) AS t(i)", result=True)
    assert r.update_count == PARTITIONS * ROWS_PER_PARTITION
    row = q("SELECT * FROM alltypes WHERE c_integer = 5")
    assert row == [[True, -7, 300, 5, 9007199254740993, 1.5, 2.25, "12345678.90",
                    "1234567890123456789012345678.0123456789", "text 5", "bounded", "ab   ",
                    "AP8Q", "2024-02-29", "2024-02-29 12:34:56.789", [1, 2, 5], {"k": 5},
                    [5, "x"], "r5", "2024-01-06"]], row
    parts = q('SELECT p_region, p_day FROM "alltypes$partitions" ORDER BY p_day')
    assert len(parts) == PARTITIONS
    assert parts[0] == ["r0", "2024-01-01"]


def test_partition_pruning_in_query_stats(q):
    everything = q("SELECT count(*) FROM alltypes WHERE c_integer > 0", result=True)
    assert everything.rows == [[PARTITIONS * ROWS_PER_PARTITION]]
    pruned = q("SELECT count(*) FROM alltypes WHERE p_region = 'r3' AND c_integer > 0",
               result=True)
    assert pruned.rows == [[ROWS_PER_PARTITION]]
    # Only the one partition's rows were read.
    assert pruned.stats["processedRows"] == ROWS_PER_PARTITION
    assert everything.stats["processedRows"] == PARTITIONS * ROWS_PER_PARTITION
    plan = q("EXPLAIN SELECT count(*) FROM alltypes WHERE p_day = DATE '2024-01-03'")
    assert "p_day" in plan[0][0]


def _stats(q, table):
    rows = q(f"SHOW STATS FOR {table}")
    return {r[0]: r for r in rows}  # column name (None for the summary) -> row


def test_show_stats_and_analyze(q):
    # Columns: name, data_size, distinct_values_count, nulls_fraction, row_count, ...
    stats = _stats(q, "alltypes")
    assert stats[None][4] == PARTITIONS * ROWS_PER_PARTITION  # written by INSERT
    assert stats["c_integer"][2] == ROWS_PER_PARTITION  # per partition, merged
    q(f"CALL hive.system.drop_stats('{S}', 'alltypes')")
    stats = _stats(q, "alltypes")
    assert stats["c_integer"][2] is None and stats[None][4] is None
    q("ANALYZE alltypes")
    stats = _stats(q, "alltypes")
    assert stats[None][4] == PARTITIONS * ROWS_PER_PARTITION
    assert stats["c_integer"][2] == ROWS_PER_PARTITION
    assert stats["c_boolean"][3] == 0  # nulls fraction
    assert stats["p_region"][2] == PARTITIONS
    # Statistics of one partition, through a filter.
    one = q("SHOW STATS FOR (SELECT * FROM alltypes WHERE p_region = 'r1')")
    assert {r[0]: r for r in one}[None][4] == ROWS_PER_PARTITION


def test_delete_whole_partitions(q):
    q("DELETE FROM alltypes WHERE p_region IN ('r0', 'r1')")
    assert len(q('SELECT * FROM "alltypes$partitions"')) == PARTITIONS - 2
    assert q("SELECT count(*) FROM alltypes") == [[(PARTITIONS - 2) * ROWS_PER_PARTITION]]


# ---- schema changes ----

def test_add_rename_drop_columns_and_rename_table(q):
    q("CREATE TABLE evolve (id bigint, name varchar, p varchar) "
      "WITH (format = 'PARQUET', partitioned_by = ARRAY['p'])")
    q("INSERT INTO evolve VALUES (1, 'one', 'a'), (2, 'two', 'b')")
    q("ALTER TABLE evolve ADD COLUMN score double")
    q("INSERT INTO evolve VALUES (3, 'three', 0.5, 'a')")
    assert q("SELECT id, score FROM evolve ORDER BY id") == [[1, None], [2, None], [3, 0.5]]
    q("ALTER TABLE evolve RENAME COLUMN name TO label")
    cols = [r[0] for r in q("DESCRIBE evolve")]
    assert cols == ["id", "label", "score", "p"]
    q("ALTER TABLE evolve DROP COLUMN score")
    assert [r[0] for r in q("DESCRIBE evolve")] == ["id", "label", "p"]
    q("ALTER TABLE evolve RENAME TO evolved")
    assert q("SELECT count(*), sum(id) FROM evolved") == [[3, 6]]
    tables = {r[0] for r in q("SHOW TABLES")}
    assert "evolved" in tables and "evolve" not in tables
    with pytest.raises(TrinoError) as e:
        q("SELECT * FROM evolve")
    assert e.value.name == "TABLE_NOT_FOUND"


# ---- the system procedures ----

def test_system_partition_procedures(q):
    q("CREATE TABLE procs (x integer, p varchar) WITH (partitioned_by = ARRAY['p'])")
    q(f"CALL hive.system.create_empty_partition('{S}', 'procs', ARRAY['p'], ARRAY['empty'])")
    assert q('SELECT p FROM "procs$partitions"') == [["empty"]]
    q("INSERT INTO procs VALUES (1, 'a'), (2, 'b')")
    location = q("SELECT DISTINCT \"$path\" FROM procs WHERE p = 'b'")[0][0]
    b_dir = str(local_path(location).parent)
    q(f"CALL hive.system.unregister_partition('{S}', 'procs', ARRAY['p'], ARRAY['b'])")
    assert q("SELECT x FROM procs") == [[1]]
    assert os.path.isdir(b_dir)  # the data stays
    q(f"CALL hive.system.register_partition('{S}', 'procs', ARRAY['p'], ARRAY['b'], "
      f"'file://{b_dir}')")
    assert q("SELECT x, p FROM procs ORDER BY x") == [[1, "a"], [2, "b"]]
    q(f"CALL hive.system.unregister_partition('{S}', 'procs', ARRAY['p'], ARRAY['a'])")
    q(f"CALL hive.system.sync_partition_metadata('{S}', 'procs', 'ADD')")
    assert sorted(r[0] for r in q('SELECT p FROM "procs$partitions"')) == ["a", "b", "empty"]
    q(f"CALL hive.system.sync_partition_metadata('{S}', 'procs', 'FULL')")
    # Nothing on disk for 'empty' beyond its directory, which exists: kept.
    assert q("SELECT x, p FROM procs ORDER BY x") == [[1, "a"], [2, "b"]]


# ---- views and CTAS ----

def test_views(q):
    q("CREATE TABLE base (id integer, v varchar)")
    q("INSERT INTO base VALUES (1, 'a'), (2, 'b')")
    q("CREATE VIEW v_base AS SELECT id * 10 AS id10, v FROM base")
    assert q("SELECT * FROM v_base ORDER BY id10") == [[10, "a"], [20, "b"]]
    assert "CREATE VIEW" in q("SHOW CREATE VIEW v_base")[0][0]
    q("CREATE OR REPLACE VIEW v_base AS SELECT v FROM base WHERE id = 2")
    assert q("SELECT * FROM v_base") == [["b"]]
    q("DROP VIEW v_base")
    assert "v_base" not in {r[0] for r in q("SHOW TABLES")}


@pytest.mark.parametrize("fmt", ["ORC", "PARQUET", "AVRO", "RCBINARY", "SEQUENCEFILE",
                                 "TEXTFILE", "JSON", "CSV"])
def test_ctas_formats(q, fmt):
    name = f"ctas_{fmt.lower()}"
    if fmt == "CSV":  # CSV tables hold varchar columns only
        select = "SELECT cast(id AS varchar) AS id, v FROM base"
    else:
        select = "SELECT id, v, DATE '2024-01-01' + id * INTERVAL '1' DAY AS d FROM base"
    r = q(f"CREATE TABLE {name} WITH (format = '{fmt}') AS {select}", result=True)
    assert r.update_count == 2
    rows = q(f"SELECT id, v FROM {name} ORDER BY id")
    assert [[int(a), b] for a, b in rows] == [[1, "a"], [2, "b"]]
    create = q(f"SHOW CREATE TABLE {name}")[0][0]
    assert f"format = '{fmt}'" in create


# ---- external tables, bucketing ----

def test_external_table_files_survive_drop(q, e2e_tmp):
    where = e2e_tmp / "external_data"
    where.mkdir()
    q(f"CREATE TABLE ext (id integer, v varchar) WITH (external_location = 'file://{where}', "
      f"format = 'TEXTFILE')")
    q("INSERT INTO ext VALUES (1, 'kept'), (2, 'also kept')")
    before = files_under(where)
    assert before
    q("DROP TABLE ext")
    assert files_under(where) == before
    q(f"CREATE TABLE ext2 (id integer, v varchar) WITH (external_location = 'file://{where}', "
      f"format = 'TEXTFILE')")
    assert q("SELECT * FROM ext2 ORDER BY id") == [[1, "kept"], [2, "also kept"]]


def test_bucketed_and_sorted_table(q):
    q("CREATE TABLE bucketed (id integer, v varchar, p varchar) WITH (partitioned_by = "
      "ARRAY['p'], bucketed_by = ARRAY['id'], bucket_count = 4, sorted_by = ARRAY['id'])")
    q("INSERT INTO bucketed SELECT i, 'v' || cast(i AS varchar), 'p' || cast(i % 2 AS varchar) "
      "FROM UNNEST(sequence(1, 40)) AS t(i)")
    create = q("SHOW CREATE TABLE bucketed")[0][0]
    assert "bucketed_by = ARRAY['id']" in create and "bucket_count = 4" in create
    assert "sorted_by = ARRAY['id']" in create
    assert q("SELECT count(*), sum(id) FROM bucketed") == [[40, 820]]
    assert q("SELECT count(DISTINCT \"$bucket\") FROM bucketed") == [[4]]
    assert q("SELECT v FROM bucketed WHERE id = 17") == [["v17"]]


# ---- a restart of the metastore with Trino running ----

def test_metastore_restart_with_trino_running(q, metastore):
    before = q("SELECT count(*) FROM alltypes")
    metastore.restart()
    assert q("SELECT count(*) FROM alltypes") == before
    q("INSERT INTO base VALUES (3, 'after restart')")
    assert q("SELECT v FROM base WHERE id = 3") == [["after restart"]]


# ---- odd partition values ----

# Trino itself refuses values outside printable ASCII.
ODD_VALUES = ["a/b", "with space", "50%", "12:30", "#1", "=eq", "a\\b"]


def test_odd_partition_values(q):
    q("CREATE TABLE odd (x integer, p varchar) WITH (partitioned_by = ARRAY['p'])")
    rows = ", ".join(f"({i}, '{v}')" for i, v in enumerate(ODD_VALUES)) + f", ({len(ODD_VALUES)}, NULL)"
    q(f"INSERT INTO odd VALUES {rows}")
    for i, v in enumerate(ODD_VALUES):
        assert q(f"SELECT x FROM odd WHERE p = '{v}'") == [[i]], v
    assert q("SELECT x FROM odd WHERE p IS NULL") == [[len(ODD_VALUES)]]
    parts = [r[0] for r in q('SELECT p FROM "odd$partitions"')]
    assert sorted(parts, key=str) == sorted(ODD_VALUES + [None], key=str)


def test_empty_string_partition_value_is_null(q):
    # Hive (and the Java metastore) name '' after the default partition: it
    # reads back as NULL, in the same partition as NULL.
    q("CREATE TABLE empty_p (x integer, p varchar) WITH (partitioned_by = ARRAY['p'])")
    q("INSERT INTO empty_p VALUES (1, '')")
    q("INSERT INTO empty_p VALUES (2, NULL), (3, 'a')")
    assert q("SELECT x, p FROM empty_p ORDER BY x") == [[1, None], [2, None], [3, "a"]]
    assert sorted(q('SELECT p FROM "empty_p$partitions"'), key=str) == [["a"], [None]]


# ---- grants under sql-standard security ----

def test_sql_standard_grants(trino, q):
    def s(sql, user="alice"):
        return trino.query(sql, user=user, catalog="hive_sql", schema=SEC).rows

    # alice owns the schema (created through the default-security catalog),
    # so she may create tables in it under sql-standard security.
    q(f"CREATE SCHEMA hive.{SEC}")
    s("CREATE TABLE t (id integer, v varchar)")
    # The creator's own privileges, stored with the table.
    grants = s("SHOW GRANTS ON TABLE t")
    assert sorted((g[2], g[7], g[8]) for g in grants) == [
        ("alice", p, "YES") for p in ("DELETE", "INSERT", "SELECT", "UPDATE")]
    s("INSERT INTO t VALUES (1, 'one')")
    assert s("SELECT * FROM t") == [[1, "one"]]
    # Another user sees nothing until granted.
    with pytest.raises(TrinoError) as e:
        s("SELECT * FROM t", user="bob")
    assert e.value.name == "PERMISSION_DENIED"
    s("GRANT SELECT ON t TO USER bob")
    assert s("SELECT * FROM t", user="bob") == [[1, "one"]]
    with pytest.raises(TrinoError) as e:
        s("INSERT INTO t VALUES (2, 'two')", user="bob")
    assert e.value.name == "PERMISSION_DENIED"
    assert [(g[2], g[7]) for g in s("SHOW GRANTS ON TABLE t", user="bob")] == [("bob", "SELECT")]
    s("REVOKE SELECT ON t FROM USER bob")
    with pytest.raises(TrinoError) as e:
        s("SELECT * FROM t", user="bob")
    assert e.value.name == "PERMISSION_DENIED"
    # The creator can give up her own privileges, too.
    s("REVOKE INSERT ON t FROM USER alice")
    with pytest.raises(TrinoError) as e:
        s("INSERT INTO t VALUES (3, 'three')")
    assert e.value.name == "PERMISSION_DENIED"
    assert s("SELECT count(*) FROM t") == [[1]]
    # Roles (CREATE ROLE needs Trino's admin role, which no user here holds):
    # the public role every user holds.
    s("GRANT SELECT ON t TO ROLE public")
    assert s("SELECT count(*) FROM t", user="carol") == [[1]]
    s("REVOKE SELECT ON t FROM ROLE public")
    with pytest.raises(TrinoError) as e:
        s("SELECT count(*) FROM t", user="carol")
    assert e.value.name == "PERMISSION_DENIED"


# ---- what Almanac does not do ----

def test_transactional_table_gives_a_clear_error(q, metastore):
    with pytest.raises(TrinoError) as e:
        q("CREATE TABLE acid (x integer) WITH (transactional = true)")
        q("SELECT * FROM acid")
    assert e.value.name != "GENERIC_INTERNAL_ERROR", e.value
    assert "out of bounds" not in e.value.message
    if metastore.is_almanac:
        assert "not supported by almanac" in e.value.message, e.value


def test_drop_everything(q):
    for t in [r[0] for r in q("SHOW TABLES")]:
        q(f"DROP {'VIEW' if t.startswith('v_') else 'TABLE'} {t}")
    q(f"DROP SCHEMA hive.{S}")
    assert S not in {r[0] for r in q("SHOW SCHEMAS FROM hive")}
