"""The crawler, tried as a new user would: Spark writes partitioned datasets
in Parquet, ORC, Avro, JSON and CSV (with its _SUCCESS markers and .crc
files), one crawler over the folder registers them, and pyspark reads every
crawled table through Almanac's metastore and gets exactly the rows it
wrote, without a single DDL statement. A second crawl after new partitions
arrive adds them; a new column in the Parquet data updates the table and
leaves a table version saying which crawler run changed it.

The tests run in file order and build on each other.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import unique_name

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

DB = unique_name("e2e_crawl")
CRAWLER = unique_name("lake")
FORMATS = ["parquet", "orc", "avro", "json", "csv"]
# Spark's own Avro writer (with its dependencies), and Hive's JsonSerDe that
# the crawler names for JSON tables: the hive-hcatalog-core jar alone (its own
# dependency tree is Hive's whole server side; Spark bundles what the SerDe
# needs). Both are Maven artifacts fetched at test time.
PACKAGES = "org.apache.spark:spark-avro_2.12:3.5.3"
HCATALOG = "org.apache.hive.hcatalog:hive-hcatalog-core:2.3.9"


def hcatalog_jar(tmp):
    out = tmp / "jars"
    subprocess.run(["mvn", "-q", "-B",
                    "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy",
                    f"-Dartifact={HCATALOG}", f"-DoutputDirectory={out}"],
                   check=True, timeout=900)
    [jar] = out.glob("hive-hcatalog-core-*.jar")
    return jar

SCHEMA = T.StructType([
    T.StructField("id", T.LongType()),
    T.StructField("name", T.StringType()),
    T.StructField("price", T.DoubleType()),
    T.StructField("region", T.StringType()),
])
ROWS = [(1, "apple", 2.5, "eu"), (2, "pear", 3.25, "eu"), (3, "plum", 1.0, "us"),
        (4, "fig", 4.75, "us")]
NEW_ROWS = [(5, "kiwi", 0.5, "ap"), (6, "lime", 1.5, "ap")]


@pytest.fixture(scope="module")
def spark(metastore, e2e_tmp):
    if not metastore.is_almanac:
        pytest.skip("the crawler is Almanac's own")
    local_derby = e2e_tmp / "local_derby_crawler"
    local_derby.mkdir()
    session = (
        SparkSession.builder.master("local[1]")
        .appName("almanac-e2e-crawler")
        .config("spark.driver.memory", "1g")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.jars.packages", PACKAGES)
        .config("spark.jars", str(hcatalog_jar(e2e_tmp)))
        .config("spark.jars.ivy", str(Path.home() / ".ivy2"))
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", (e2e_tmp / "wh_crawler").as_uri())
        .config("spark.hadoop.hive.metastore.uris", metastore.uri)
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                f"jdbc:derby:;databaseName={local_derby}/metastore_db;create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={local_derby}")
        .enableHiveSupport()
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def lake(e2e_tmp):
    path = e2e_tmp / "lake"
    path.mkdir()
    return path


def write(spark, lake, fmt, rows, mode="overwrite"):
    df = spark.createDataFrame(rows, SCHEMA).repartition(1)
    # CSV as Spark writes it by default, without a header line: the crawler
    # then names the columns col0, col1, ... as Glue does. (A headered CSV
    # table gets skip.header.line.count=1, which Hive and Trino honour but
    # Spark's Hive table reader ignores, so Spark would return the header
    # lines as rows.)
    df.write.mode(mode).partitionBy("region").format(fmt).save(str(lake / f"sales_{fmt}"))


def crawl(metastore):
    """Runs the crawler to its end (`crawler start --wait`); the run's record
    with its counters as numbers (protobuf's JSON gives int64 as strings)."""
    run = metastore.cli("crawler", "start", CRAWLER, "--wait")
    return {k: int(v) if isinstance(v, str) and v.isdigit() else v for k, v in run.items()}


def columns(table):
    return "col0, col1, col2" if table.endswith("csv") else "id, name, price"


def read(spark, table):
    spark.catalog.refreshTable(f"{DB}.{table}")
    got = spark.sql(f"SELECT {columns(table)}, region FROM {DB}.{table}").collect()
    assert all(r[0] is not None for r in got), (table, got)
    return sorted((int(r[0]), r[1], float(r[2]), r[3]) for r in got)


def test_spark_writes_five_formats_and_the_crawler_registers_them(spark, metastore, lake):
    for fmt in FORMATS:
        write(spark, lake, fmt, ROWS)
    assert (lake / "sales_parquet" / "_SUCCESS").exists()
    metastore.cli("crawler", "create", CRAWLER, "--target", lake.as_uri(), "--database", DB)
    run = crawl(metastore)
    assert run["status"] == "SUCCEEDED", run
    assert run["tables_created"] == len(FORMATS), run
    assert run["partitions_added"] == 2 * len(FORMATS), run
    assert run.get("error_count", 0) == 0, run


@pytest.mark.parametrize("fmt", FORMATS)
def test_spark_reads_every_crawled_table_without_ddl(spark, fmt):
    table = f"sales_{fmt}"
    desc = {r.col_name: r.data_type for r in spark.sql(f"DESCRIBE {DB}.{table}").collect()}
    assert set(columns(table).split(", ")) | {"region"} <= set(desc), desc
    assert desc["region"] == "string", desc
    assert read(spark, table) == sorted(ROWS)


def test_a_second_crawl_adds_the_new_partitions(spark, metastore, lake):
    for fmt in FORMATS:
        write(spark, lake, fmt, NEW_ROWS, mode="append")
    run = crawl(metastore)
    assert run["status"] == "SUCCEEDED", run
    assert run["tables_created"] == 0, run
    assert run["partitions_added"] == len(FORMATS), run
    for fmt in FORMATS:
        assert read(spark, f"sales_{fmt}") == sorted(ROWS + NEW_ROWS), fmt


def test_a_new_column_updates_the_table_and_leaves_a_version(spark, metastore, lake):
    wider = T.StructType(SCHEMA.fields[:3] + [T.StructField("coupon", T.StringType()),
                                               SCHEMA.fields[3]])
    df = spark.createDataFrame([(7, "yuzu", 9.0, "SAVE5", "jp")], wider).repartition(1)
    df.write.mode("append").partitionBy("region").parquet(str(lake / "sales_parquet"))
    run = crawl(metastore)
    assert run["status"] == "SUCCEEDED", run
    assert run["tables_updated"] == 1, run
    versions = metastore.versions(DB, "sales_parquet")
    assert len(versions) == 2, versions
    assert CRAWLER in versions[0]["request_id"], versions[0]
    spark.catalog.refreshTable(f"{DB}.sales_parquet")
    got = {r.id: r.coupon for r in spark.sql(f"SELECT id, coupon FROM {DB}.sales_parquet").collect()}
    assert got[7] == "SAVE5" and got[1] is None, got


def test_a_scheduled_crawler_keeps_an_s3_bucket_current(spark, e2e_tmp):
    """Issue 15's "done means": Spark keeps writing a dataset that lands in an
    S3-compatible bucket (moto, a real S3 server; the files are Spark's own,
    copied there since Spark here has no S3 file system), a crawler on a
    one-minute schedule over it, through a named connection, keeps the
    catalog current by itself, and every change is on record (table
    versions, the audit trail), without anyone starting a run."""
    import boto3
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
    from s3_file_system_test import KEY_ID, SECRET, start_moto
    from conftest import start_almanac

    moto, url = start_moto()
    server = None
    try:
        s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
        s3.create_bucket(Bucket="stream")
        local = e2e_tmp / "s3_source"

        def spark_writes(rows, mode):
            spark.createDataFrame(rows, SCHEMA).repartition(1).write.mode(mode) \
                .partitionBy("region").parquet(str(local / "sales"))
            # Upload what Spark wrote (markers and checksums too: the
            # crawler skips them as it does locally); new keys only.
            have = {o["Key"] for o in s3.list_objects_v2(Bucket="stream").get("Contents", [])}
            for f in local.rglob("*"):
                key = f.relative_to(local).as_posix()
                if f.is_file() and (key not in have or key.endswith("_SUCCESS")):
                    s3.upload_file(str(f), "stream", key)

        spark_writes(ROWS, "overwrite")
        conns = e2e_tmp / "s3_connections.ini"
        conns.write_text(f"[stream]\nendpoint_url = {url}\naws_access_key_id = {KEY_ID}\n"
                         f"aws_secret_access_key = {SECRET}\n")
        server = start_almanac(e2e_tmp / "scheduled", ["--s3-connections-file", str(conns)])
        db = unique_name("e2e_s3")
        server.cli("crawler", "create", "stream", "--target", "s3://stream",
                   "--connection", "stream", "--database", db,
                   "--schedule", "cron(* * * * ? *)")

        def runs():
            return server.cli("crawler", "runs", "stream", "--limit", "0")

        def wait_for_runs(n, timeout_s=150):
            deadline = time.time() + timeout_s
            while True:
                got = [r for r in runs() if r["status"] != "RUNNING"]
                if len(got) >= n:
                    return got
                assert time.time() < deadline, runs()
                time.sleep(1)

        [first] = wait_for_runs(1)
        assert first["status"] == "SUCCEEDED", first
        assert int(first["start_time"]) % 60 < 30, first  # started by the minute's tick
        table = server.cli("table", "show", f"{db}.sales")
        text = json.dumps(table)
        assert "s3://stream/sales" in text and "parquet" in text, text
        parts = server.cli("partition", "ls", f"{db}.sales")["partitions"]
        assert len(parts) == 2, parts

        # Spark appends a new region; the next tick registers it.
        spark_writes(NEW_ROWS, "append")
        done = wait_for_runs(2)
        newest = max(done, key=lambda r: int(r["start_time"]))
        assert newest["status"] == "SUCCEEDED", newest
        assert int(newest["partitions_added"]) == 1, newest
        assert len(server.cli("partition", "ls", f"{db}.sales")["partitions"]) == 3
        # On record: the table's version names the crawler's first run, and
        # the audit trail holds the partitions the runs added.
        versions = server.versions(db, "sales")
        assert versions and "crawl:stream:" in versions[-1]["request_id"], versions
        audit = server.cli("audit", "ls", "--limit", "0")
        crawled = [a for a in audit if "crawl:stream:" in json.dumps(a)]
        assert crawled, audit[:5]
    finally:
        if server is not None:
            server.stop()
        moto.kill()
        moto.wait()
