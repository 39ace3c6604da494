"""Shared setup of the policy end-to-end tests (test_*_policies.py): a
`sales` database whose tables hold Parquet data written by pyarrow, created
over the Hive Thrift wire while nothing is enforced, and the stored policies
of tests/e2e/policies/ put with the admin CLI.
"""

import json
import time
from pathlib import Path

from conftest import _hms_client

POLICY_DIR = Path(__file__).resolve().parent / "policies"
ADMIN = "root"  # --admin user/root on the enforcing servers
ARN = "arn:aws:glue:us-east-1:123456789012:"
DENIED = "is not authorized to perform"


def _parquet_sd(location, cols):
    from hive_metastore.ttypes import FieldSchema, SerDeInfo, StorageDescriptor
    return StorageDescriptor(
        cols=[FieldSchema(n, t, "") for n, t in cols], location=location,
        inputFormat="org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        compressed=False, numBuckets=-1,
        serdeInfo=SerDeInfo(serializationLib=(
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"), parameters={}),
        bucketCols=[], sortCols=[], parameters={})


def create_sales(metastore, warehouse):
    """sales.orders (3 rows) and sales.daily (partitioned by dt, 2 partitions,
    3 rows), Parquet files by pyarrow under `warehouse`, an EXTERNAL table
    each (so that a refused metastore call leaves no half-managed data); and
    hr.salaries (no data), which no policy lets the analysts see."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from hive_metastore.ttypes import Database, FieldSchema, Partition, Table

    cols = [("id", "bigint"), ("customer", "string"), ("amount", "double")]
    arrow_schema = pa.schema([("id", pa.int64()), ("customer", pa.string()),
                              ("amount", pa.float64())])

    def write(path, rows):
        path.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema), path / "part-0.parquet")

    db_dir = Path(warehouse) / "sales.db"

    def uri(path):  # not Path.as_uri(): Hadoop would not decode its %3D for '='
        return f"file://{path}"

    write(db_dir / "orders", [{"id": i, "customer": c, "amount": a}
                              for i, c, a in ((1, "ann", 10.0), (2, "ben", 20.5),
                                              (3, "cid", 30.25))])
    write(db_dir / "daily" / "dt=2024-01-01", [{"id": 1, "customer": "ann", "amount": 1.0},
                                               {"id": 2, "customer": "ben", "amount": 2.0}])
    write(db_dir / "daily" / "dt=2024-01-02", [{"id": 3, "customer": "cid", "amount": 3.0}])

    transport, hms = _hms_client(metastore.host, metastore.port)
    try:
        hms.set_ugi(ADMIN, [])
        hms.create_database(Database(name="sales", description="e2e policies",
                                     locationUri=uri(db_dir), parameters={}))
        hms.create_database(Database(name="hr", description="e2e policies",
                                     locationUri=uri(Path(warehouse) / "hr.db"), parameters={}))
        hms.create_table(Table(
            tableName="salaries", dbName="hr", owner=ADMIN, createTime=0, lastAccessTime=0,
            retention=0, sd=_parquet_sd(uri(Path(warehouse) / "hr.db" / "salaries"), cols),
            partitionKeys=[], parameters={"EXTERNAL": "TRUE"}, tableType="EXTERNAL_TABLE"))
        for name, parts in (("orders", []), ("daily", ["2024-01-01", "2024-01-02"])):
            keys = [("dt", "string")] if parts else []
            hms.create_table(Table(
                tableName=name, dbName="sales", owner=ADMIN, createTime=0, lastAccessTime=0,
                retention=0, sd=_parquet_sd(uri(db_dir / name), cols),
                partitionKeys=[FieldSchema(n, t, "") for n, t in keys],
                parameters={"EXTERNAL": "TRUE"}, tableType="EXTERNAL_TABLE"))
            if parts:
                hms.add_partitions([Partition(
                    values=[p], dbName="sales", tableName=name, createTime=0,
                    lastAccessTime=0, parameters={},
                    sd=_parquet_sd(uri(db_dir / name / f"dt={p}"), cols))
                    for p in parts])
    finally:
        transport.close()


def put_policy(metastore, target, path):
    flag = "--identity" if target.split("/")[0] in ("user", "group", "role") else "--resource"
    metastore.cli("policy", "put", flag, target, "--file", str(path), principal=ADMIN)


def enforce(metastore, *more_args):
    """Restarts `metastore` (same data directory and port) deciding every call
    by the stored policies, recording allowed reads too. Returns once the
    Thrift port listens (not via a call: `more_args` may demand a login)."""
    metastore.extra_args += ["--enforce-policies", "--admin", f"user/{ADMIN}", "--audit-reads",
                             *more_args]
    rc = metastore.stop()
    assert rc == 0, f"almanac exited with status {rc} on SIGTERM"
    metastore.start(port=metastore.port)


def audit(metastore, *filters, wait_for=None, timeout_s=30):
    """`almanac audit ls --json --limit 0 FILTERS` as the admin. Denials and
    read records reach the trail in batches: with `wait_for` (a predicate on
    the record list) it asks again until the predicate holds or time is up."""
    deadline = time.monotonic() + timeout_s
    while True:
        records = metastore.cli("audit", "ls", "--limit", "0", *filters, principal=ADMIN)
        if wait_for is None or wait_for(records) or time.monotonic() > deadline:
            return records
        time.sleep(0.3)


def actions_of(records, principal):
    """The sorted set of (action, outcome) `principal` was decided on."""
    return sorted({(r["action"], r["outcome"]) for r in records if r["principal"] == principal})
