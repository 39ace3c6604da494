"""A table built on the schema registry, read by pyspark through the Hive
metastore wire: a producer registers an Avro schema, a table is created over
Thrift with `almanac.schema.reference` and no columns of its own (the server
derives them from the schema), pyarrow writes Parquet files, and Spark reads
them. A compatible new version (a nullable column) registered with
--update-tables is what Spark sees next, old files reading the new column as
NULL; a breaking version is refused with the field named and the table
does not change.

The tests run in file order and build on each other.
"""

import json
import subprocess
from pathlib import Path

import pytest

from conftest import _hms_client, unique_name
from policy_setup import _parquet_sd

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession  # noqa: E402

DB = unique_name("e2e_registry")
REGISTRY = unique_name("shop")
STATE = {}

V1 = {"type": "record", "name": "Order", "namespace": "shop", "fields": [
    {"name": "order_id", "type": "long"},
    {"name": "customer", "type": "string", "doc": "who ordered"},
    {"name": "price", "type": "double"}]}
V2 = dict(V1, fields=V1["fields"] + [
    {"name": "coupon", "type": ["null", "string"], "default": None}])
V3_BREAKING = dict(V2, fields=[f if f["name"] != "price" else {"name": "price", "type": "int"}
                               for f in V2["fields"]])


@pytest.fixture(scope="module")
def spark(metastore, e2e_tmp):
    if not metastore.is_almanac:
        pytest.skip("the schema registry is Almanac's own")
    local_derby = e2e_tmp / "local_derby_registry"
    local_derby.mkdir()
    session = (
        SparkSession.builder.master("local[1]")
        .appName("almanac-e2e-registry")
        .config("spark.driver.memory", "768m")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", (e2e_tmp / "wh_registry").as_uri())
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


def schema_file(tmp, name, doc):
    path = Path(tmp) / name
    path.write_text(json.dumps(doc, indent=2))
    return str(path)


def write_parquet(path, rows, with_coupon):
    import pyarrow as pa
    import pyarrow.parquet as pq
    fields = [("order_id", pa.int64()), ("customer", pa.string()), ("price", pa.float64())]
    if with_coupon:
        fields.append(("coupon", pa.string()))
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema(fields)), path)


def test_table_created_from_a_registered_schema_is_read_by_spark(spark, metastore, e2e_tmp):
    metastore.cli("registry", "create", REGISTRY)
    created = metastore.cli("schema", "create", f"{REGISTRY}/orders", "--format", "AVRO",
                            "--compatibility", "BACKWARD",
                            "--file", schema_file(e2e_tmp, "v1.avsc", V1))
    assert created["version"]["version"] == "1"

    location = Path(e2e_tmp) / "registry_data" / "orders"
    write_parquet(location / "part-0.parquet",
                  [{"order_id": 1, "customer": "ann", "price": 10.5},
                   {"order_id": 2, "customer": "ben", "price": 20.0}], with_coupon=False)
    from hive_metastore.ttypes import Database, Table
    transport, hms = _hms_client(metastore.host, metastore.port)
    try:
        hms.create_database(Database(name=DB, description="registry e2e",
                                     locationUri=f"file://{e2e_tmp}/registry_data",
                                     parameters={}))
        # No columns: the server takes them from the registry.
        hms.create_table(Table(
            tableName="orders", dbName=DB, owner="producer", createTime=0, lastAccessTime=0,
            retention=0, sd=_parquet_sd(f"file://{location}", []), partitionKeys=[],
            parameters={"EXTERNAL": "TRUE", "almanac.schema.reference": f"{REGISTRY}/orders"},
            tableType="EXTERNAL_TABLE"))
        t = hms.get_table(DB, "orders")
        assert [(c.name, c.type) for c in t.sd.cols] == [
            ("order_id", "bigint"), ("customer", "string"), ("price", "double")]
        assert t.sd.cols[1].comment == "who ordered"
    finally:
        transport.close()

    df = spark.sql(f"SELECT order_id, customer, price FROM {DB}.orders ORDER BY order_id")
    assert [tuple(r) for r in df.collect()] == [(1, "ann", 10.5), (2, "ben", 20.0)]


def test_a_compatible_version_updates_the_table_spark_reads(spark, metastore, e2e_tmp):
    registered = metastore.cli("schema", "register", f"{REGISTRY}/orders", "--file",
                               schema_file(e2e_tmp, "v2.avsc", V2), "--update-tables")
    assert registered["version"]["version"] == "2"
    assert registered["tables_updated"] == [f"{DB}.orders"]
    location = Path(e2e_tmp) / "registry_data" / "orders"
    write_parquet(location / "part-1.parquet",
                  [{"order_id": 3, "customer": "cid", "price": 5.0, "coupon": "WELCOME"}],
                  with_coupon=True)
    spark.catalog.refreshTable(f"{DB}.orders")
    assert [f.name for f in spark.table(f"{DB}.orders").schema.fields] == [
        "order_id", "customer", "price", "coupon"]
    df = spark.sql(f"SELECT order_id, coupon FROM {DB}.orders ORDER BY order_id")
    assert [tuple(r) for r in df.collect()] == [(1, None), (2, None), (3, "WELCOME")]


def test_a_breaking_version_is_refused_and_the_table_stays(spark, metastore, e2e_tmp):
    r = subprocess.run([metastore.binary, "--server", f"127.0.0.1:{metastore.grpc_port}",
                        "schema", "register", f"{REGISTRY}/orders", "--update-tables",
                        "--file", schema_file(e2e_tmp, "v3.avsc", V3_BREAKING)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 6, (r.stdout, r.stderr)
    assert "field 'price'" in r.stderr and "double" in r.stderr, r.stderr
    spark.catalog.refreshTable(f"{DB}.orders")
    types = {f.name: f.dataType.simpleString() for f in spark.table(f"{DB}.orders").schema.fields}
    assert types["price"] == "double"
    assert [v["version"] for v in metastore.cli("schema", "versions", f"{REGISTRY}/orders")] == [
        "1", "2"]
