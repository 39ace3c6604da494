"""pyspark with Hive support (Spark's built-in Hive 2.3 metastore client)
against the metastore under test: databases, a partitioned Parquet table,
partition pruning pushed to the metastore, schema change, rename, MSCK
repair, column statistics, views, a metastore restart in the middle, drops.

The tests run in file order and build on each other (one Spark session per
module: the JVM is slow to start).
"""

import getpass
import os
import shutil
from pathlib import Path

import pytest

from conftest import unique_name

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession  # noqa: E402

DB = unique_name("e2e_spark")
STATE = {}


@pytest.fixture(scope="module")
def spark(metastore, e2e_tmp):
    warehouse = e2e_tmp / "spark-warehouse"
    local_derby = e2e_tmp / "local_derby"
    local_derby.mkdir()
    session = (
        SparkSession.builder.master("local[1]")
        .appName("almanac-e2e")
        .config("spark.driver.memory", "768m")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", warehouse.as_uri())
        .config("spark.hadoop.hive.metastore.uris", metastore.uri)
        # Partition predicates go to the metastore (get_partitions_by_filter);
        # never silently fall back to listing every partition.
        .config("spark.sql.hive.metastorePartitionPruning", "true")
        .config("spark.sql.hive.metastorePartitionPruningFallbackOnException", "false")
        # Reconnect quickly across the metastore restart.
        .config("spark.hadoop.hive.metastore.failure.retries", "5")
        .config("spark.hadoop.hive.metastore.client.connect.retry.delay", "1s")
        # A remote metastore is used; keep any stray embedded Derby in the temp dir.
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                f"jdbc:derby:;databaseName={local_derby}/metastore_db;create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={local_derby}")
        .enableHiveSupport()
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def rows(df):
    return sorted(tuple(r) for r in df.collect())


def test_create_database(spark, e2e_tmp):
    spark.sql(f"CREATE DATABASE {DB} COMMENT 'almanac e2e'")
    names = [r[0] for r in spark.sql("SHOW DATABASES").collect()]
    assert DB in names
    desc = {r[0]: r[1] for r in spark.sql(f"DESCRIBE DATABASE {DB}").collect()}
    assert desc["Comment"] == "almanac e2e"
    assert desc["Location"].endswith(f"{DB}.db")


def test_partitioned_parquet_table_insert_and_show(spark):
    spark.sql(f"""
        CREATE TABLE {DB}.events (id BIGINT, name STRING, amount DOUBLE)
        USING PARQUET PARTITIONED BY (dt STRING, region STRING)""")
    spark.sql(f"""
        INSERT INTO {DB}.events PARTITION (dt='2024-01-01', region='eu')
        VALUES (1, 'a', 1.5), (2, 'b', 2.5)""")
    spark.sql(f"""
        INSERT INTO {DB}.events PARTITION (dt='2024-01-01', region='us')
        VALUES (3, 'c', 3.5)""")
    # Dynamic partition insert: several partitions in one statement.
    spark.sql(f"""
        INSERT INTO {DB}.events
        SELECT * FROM VALUES (4, 'd', 4.5, '2024-01-02', 'eu'),
                             (5, 'e', 5.5, '2024-01-02', 'us'),
                             (6, 'f', 6.5, '2024-01-03', 'eu')
          AS t(id, name, amount, dt, region)""")
    parts = [r[0] for r in spark.sql(f"SHOW PARTITIONS {DB}.events").collect()]
    assert sorted(parts) == [
        "dt=2024-01-01/region=eu", "dt=2024-01-01/region=us",
        "dt=2024-01-02/region=eu", "dt=2024-01-02/region=us",
        "dt=2024-01-03/region=eu",
    ]
    parts = [r[0] for r in spark.sql(
        f"SHOW PARTITIONS {DB}.events PARTITION (region='us')").collect()]
    assert sorted(parts) == ["dt=2024-01-01/region=us", "dt=2024-01-02/region=us"]
    assert spark.sql(f"SELECT count(*) FROM {DB}.events").collect()[0][0] == 6


def test_partition_filter_is_pushed_to_the_metastore(spark, metastore):
    before = metastore.method_calls("get_partitions_by_filter")
    df = spark.sql(f"""
        SELECT id, name, region FROM {DB}.events
        WHERE dt >= '2024-01-02' AND region = 'eu'""")
    assert rows(df) == [(4, "d", "eu"), (6, "f", "eu")]
    after = metastore.method_calls("get_partitions_by_filter")
    # Right rows are required above whatever the server exposes; the check
    # that the listing was filtered by the metastore needs a way to observe it.
    if before is None or after is None:
        pytest.xfail(
            "the metastore exposes no per-method call count (fb303 getCounters key "
            "'get_partitions_by_filter') nor a per-RPC log line naming the method, so "
            "the filtered listing cannot be observed")
    assert after > before, "Spark pruned partitions without calling get_partitions_by_filter"


def new_versions(metastore, table, before):
    """The versions `table` gained since `before` (a versions listing), or
    None when the metastore keeps no history (not Almanac)."""
    if not metastore.is_almanac:
        return None
    after = metastore.versions(DB, table)
    known = {v["version_id"] for v in before}
    return [v for v in after if v["version_id"] not in known]


def test_alter_table_add_columns(spark, metastore):
    before = metastore.versions(DB, "events") if metastore.is_almanac else []
    spark.sql(f"ALTER TABLE {DB}.events ADD COLUMNS (note STRING COMMENT 'added later')")
    added = new_versions(metastore, "events", before)
    if added is not None:
        # Exactly one version, Spark's user over the Hive (Thrift) wire.
        assert len(added) == 1, added
        assert added[0]["principal"] == getpass.getuser()
        assert added[0]["front_end"] == "FRONT_END_THRIFT"
        assert "added column note" in added[0]["summary"]
    cols = [r[0] for r in spark.sql(f"DESCRIBE TABLE {DB}.events").collect()]
    assert cols[:6] == ["id", "name", "amount", "note", "dt", "region"]
    spark.sql(f"""
        INSERT INTO {DB}.events PARTITION (dt='2024-01-04', region='eu')
        VALUES (7, 'g', 7.5, 'hello')""")
    assert rows(spark.sql(f"SELECT id, note FROM {DB}.events WHERE id IN (1, 7)")) == [
        (1, None), (7, "hello")]


def test_restart_metastore_keeps_everything(spark, metastore):
    metastore.restart()
    assert DB in [r[0] for r in spark.sql("SHOW DATABASES").collect()]
    assert [r[1] for r in spark.sql(f"SHOW TABLES IN {DB}").collect()] == ["events"]
    assert len(spark.sql(f"SHOW PARTITIONS {DB}.events").collect()) == 6
    assert spark.sql(f"SELECT count(*) FROM {DB}.events").collect()[0][0] == 7
    assert "note" in [r[0] for r in spark.sql(f"DESCRIBE TABLE {DB}.events").collect()]


def test_rename_table(spark, metastore):
    before = metastore.versions(DB, "events") if metastore.is_almanac else []
    spark.sql(f"ALTER TABLE {DB}.events RENAME TO {DB}.events_v2")
    added = new_versions(metastore, "events_v2", before)
    if added is not None:
        assert len(added) == 1, added
        assert added[0]["principal"] == getpass.getuser()
        assert added[0]["front_end"] == "FRONT_END_THRIFT"
        assert f"renamed from {DB}.events" in added[0]["summary"]
    tables = [r[1] for r in spark.sql(f"SHOW TABLES IN {DB}").collect()]
    assert tables == ["events_v2"]
    # Data of a managed table follows the rename (the metastore moves it).
    assert spark.sql(f"SELECT count(*) FROM {DB}.events_v2").collect()[0][0] == 7
    assert len(spark.sql(f"SHOW PARTITIONS {DB}.events_v2").collect()) == 6


def test_msck_repair_adds_hand_made_partition_folders(spark, e2e_tmp):
    location = spark.sql(f"DESCRIBE DATABASE {DB}").where("info_name = 'Location'").collect()[0][1]
    spark.sql(f"""
        CREATE TABLE {DB}.logs (msg STRING, level INT)
        USING PARQUET PARTITIONED BY (day STRING)
        LOCATION '{location}/logs_ext'""")
    # Write partition folders without telling the metastore.
    staging = e2e_tmp / "staging"
    spark.createDataFrame([("boot", 1), ("ok", 2)], "msg STRING, level INT") \
        .coalesce(1).write.parquet(str(staging / "a"))
    spark.createDataFrame([("late", 3)], "msg STRING, level INT") \
        .coalesce(1).write.parquet(str(staging / "b"))
    table_dir = Path(location.replace("file:", "", 1)) / "logs_ext"
    shutil.copytree(staging / "a", table_dir / "day=2024-02-01")
    shutil.copytree(staging / "b", table_dir / "day=2024-02-02")
    assert spark.sql(f"SHOW PARTITIONS {DB}.logs").collect() == []
    spark.sql(f"MSCK REPAIR TABLE {DB}.logs")
    parts = sorted(r[0] for r in spark.sql(f"SHOW PARTITIONS {DB}.logs").collect())
    assert parts == ["day=2024-02-01", "day=2024-02-02"]
    assert rows(spark.sql(f"SELECT msg, level, day FROM {DB}.logs")) == [
        ("boot", 1, "2024-02-01"), ("late", 3, "2024-02-02"), ("ok", 2, "2024-02-01")]
    assert rows(spark.sql(f"SELECT msg FROM {DB}.logs WHERE day = '2024-02-02'")) == [("late",)]


def test_analyze_column_statistics(spark):
    # On the MSCK-repaired table: independent of the rename above.
    spark.sql(f"ANALYZE TABLE {DB}.logs COMPUTE STATISTICS FOR COLUMNS level, msg")
    stats = {r[0]: r[1] for r in spark.sql(f"DESCRIBE EXTENDED {DB}.logs level").collect()}
    assert stats["min"] == "1"
    assert stats["max"] == "3"
    assert stats["num_nulls"] == "0"
    assert stats["distinct_count"] == "3"
    table_stats = [r for r in spark.sql(f"DESCRIBE EXTENDED {DB}.logs").collect()
                   if r[0] == "Statistics"]
    assert table_stats and "3 rows" in table_stats[0][1]


def test_view(spark):
    spark.sql(f"""
        CREATE VIEW {DB}.serious_logs AS
        SELECT msg, level FROM {DB}.logs WHERE level >= 2""")
    assert rows(spark.sql(f"SELECT msg FROM {DB}.serious_logs")) == [("late",), ("ok",)]
    kinds = {r[0]: r[1] for r in spark.sql(f"DESCRIBE EXTENDED {DB}.serious_logs").collect()}
    assert kinds["Type"] == "VIEW"
    assert "level >= 2" in kinds["View Text"]


def test_dropped_by_mistake_then_undropped_after_a_restart(spark, metastore, e2e_tmp):
    """The story of issue 11: change a table from Spark and the CLI, drop it
    by mistake, then versions / diff / restore / undrop undo the mistake."""
    if not metastore.is_almanac:
        pytest.skip("table history is Almanac's")
    location = (e2e_tmp / "kept").as_uri()
    spark.sql(f"""
        CREATE TABLE {DB}.kept (id INT, name STRING) USING parquet LOCATION '{location}'""")
    spark.sql(f"INSERT INTO {DB}.kept VALUES (1, 'a'), (2, 'b')")
    spark.sql(f"ALTER TABLE {DB}.kept ADD COLUMNS (extra DOUBLE)")
    spark.sql(f"ALTER TABLE {DB}.kept SET TBLPROPERTIES ('team' = 'finance')")
    versions = metastore.versions(DB, "kept")
    assert versions[-1]["summary"] == "created"
    diff = metastore.cli("table", "diff", f"{DB}.kept", versions[-1]["version_id"])
    assert "parameter_added" in [c["kind"] for c in diff["changes"]]
    spark.sql(f"DROP TABLE {DB}.kept")
    assert "kept" not in [r[1] for r in spark.sql(f"SHOW TABLES IN {DB}").collect()]
    metastore.restart()
    dropped = metastore.cli("table", "dropped", DB)["tables"]
    assert [t["name"] for t in dropped] == ["kept"]
    metastore.cli("table", "undrop", f"{DB}.kept")
    assert rows(spark.sql(f"SELECT id, name FROM {DB}.kept")) == [(1, "a"), (2, "b")]
    props = {r[0]: r[1] for r in spark.sql(f"SHOW TBLPROPERTIES {DB}.kept").collect()}
    assert props.get("team") == "finance"
    # Back to the definition before the property: a new version, the old kept.
    with_team = metastore.versions(DB, "kept")
    set_team = next(i for i, v in enumerate(with_team) if "team" in v["summary"])
    metastore.cli("table", "restore", f"{DB}.kept", with_team[set_team + 1]["version_id"])
    spark.catalog.refreshTable(f"{DB}.kept")
    props = {r[0]: r[1] for r in spark.sql(f"SHOW TBLPROPERTIES {DB}.kept").collect()}
    assert "team" not in props
    assert len(metastore.versions(DB, "kept")) == len(with_team) + 1
    spark.sql(f"DROP TABLE {DB}.kept")


def test_restart_again_then_drop_everything(spark, metastore):
    metastore.restart()
    assert sorted(r[1] for r in spark.sql(f"SHOW TABLES IN {DB}").collect()) == [
        "events_v2", "logs", "serious_logs"]
    assert spark.sql(f"SELECT sum(level) FROM {DB}.serious_logs").collect()[0][0] == 5
    assert len(spark.sql(f"SHOW PARTITIONS {DB}.events_v2").collect()) == 6
    spark.sql(f"ALTER TABLE {DB}.events_v2 DROP PARTITION (dt='2024-01-01', region='us')")
    assert len(spark.sql(f"SHOW PARTITIONS {DB}.events_v2").collect()) == 5
    spark.sql(f"DROP VIEW {DB}.serious_logs")
    spark.sql(f"DROP TABLE {DB}.events_v2")
    spark.sql(f"DROP TABLE {DB}.logs")
    assert spark.sql(f"SHOW TABLES IN {DB}").collect() == []
    spark.sql(f"DROP DATABASE {DB}")
    assert DB not in [r[0] for r in spark.sql("SHOW DATABASES").collect()]
