"""pyspark (Spark's built-in Hive 2.3 metastore client) against a metastore
that decides every call by stored policies (`almanac serve --enforce-policies`,
authentication off: the identity is what Spark's client names with set_ugi,
i.e. HADOOP_USER_NAME, with no groups since the OS knows no such user).

The policy (tests/e2e/policies/catalog.json, a resource policy on the
catalog): everyone may start a Spark session (the databases `default` and
`global_temp`, the database listing); alice may read `sales` and nothing
more; bob has nothing else. Data is set up first with nothing enforced
(policy_setup.py: pyarrow writes Parquet files, tables and partitions are
created over Thrift), then the server restarts enforcing.

Each identity runs in its own Python process and JVM (spark_sql_as.py):
Hadoop reads the user once per JVM. That is two Spark starts, about 25 s each.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import policy_setup as ps
from conftest import _hms_client, start_almanac

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

HERE = Path(__file__).resolve().parent


def denial(user, action, resource):
    """The text of a refusal as Spark shows it (inside its AnalysisException)."""
    return re.compile(re.escape(
        f"User: arn:aws:iam::123456789012:user/{user} is not authorized to perform: "
        f"{action} on resource: {ps.ARN}{resource}"))


@pytest.fixture(scope="module")
def server(e2e_tmp):
    ms = start_almanac(e2e_tmp / "policies")
    if ms is None:
        pytest.skip("needs ALMANAC_BIN: starts its own almanac with --enforce-policies")
    try:
        ps.create_sales(ms, e2e_tmp / "warehouse")
        ps.put_policy(ms, "catalog", ps.POLICY_DIR / "catalog.json")
        ps.enforce(ms)
        yield ms
    finally:
        assert ms.stop() == 0


def run_spark_as(server, e2e_tmp, user, statements):
    """{sql: result} of running `statements` in one Spark session as `user`."""
    proc = subprocess.run(
        [sys.executable, str(HERE / "spark_sql_as.py"), server.uri, str(e2e_tmp / f"spark_{user}")],
        input="\n".join(statements), capture_output=True, text=True, timeout=600,
        env=dict(os.environ, HADOOP_USER_NAME=user))
    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            r = json.loads(line[len("RESULT "):])
            results[r["sql"]] = r
    assert proc.returncode == 0 and len(results) == len(statements), (
        proc.returncode, proc.stdout[-3000:], proc.stderr[-6000:])
    return results


# In this order: the reads come before alice's INSERT into sales.orders.
ALICE = [
    "SHOW DATABASES",
    "SHOW TABLES IN sales",
    "SELECT count(*), sum(amount) FROM sales.orders",
    "SELECT dt, count(*) FROM sales.daily WHERE dt = '2024-01-02' GROUP BY dt",
    "SELECT count(*) FROM sales.daily",
    "CREATE TABLE sales.x (id BIGINT) USING PARQUET",
    "ALTER TABLE sales.orders SET TBLPROPERTIES ('owner_team' = 'alice')",
    "INSERT INTO sales.daily PARTITION (dt = '2024-01-03') VALUES (4, 'dan', 4.0)",
    "INSERT INTO sales.orders VALUES (4, 'dan', 40.0)",
]
BOB = [
    "SHOW DATABASES",
    "SHOW TABLES IN sales",
    "SELECT count(*) FROM sales.orders",
]


@pytest.fixture(scope="module")
def alice(server, e2e_tmp):
    return run_spark_as(server, e2e_tmp, "alice", ALICE)


@pytest.fixture(scope="module")
def bob(server, e2e_tmp, alice):  # after alice: one Spark JVM at a time
    return run_spark_as(server, e2e_tmp, "bob", BOB)


def ok_rows(result):
    assert result["ok"], result
    return [tuple(r) for r in result["rows"]]


def test_alice_reads_sales(alice):
    assert ok_rows(alice["SHOW DATABASES"]) == [("default",), ("sales",)]
    assert [r[1] for r in ok_rows(alice["SHOW TABLES IN sales"])] == ["daily", "orders"]
    assert ok_rows(alice["SELECT count(*), sum(amount) FROM sales.orders"]) == [("3", "60.75")]
    # The partition filter goes to the metastore (glue:GetPartitions).
    assert ok_rows(alice[ALICE[3]]) == [("2024-01-02", "1")]
    assert ok_rows(alice["SELECT count(*) FROM sales.daily"]) == [("3",)]


def test_alice_cannot_change_the_catalog(alice, server):
    refused = {
        "CREATE TABLE sales.x (id BIGINT) USING PARQUET":
            denial("alice", "glue:CreateTable", "table/sales/x"),
        "ALTER TABLE sales.orders SET TBLPROPERTIES ('owner_team' = 'alice')":
            denial("alice", "glue:UpdateTable", "table/sales/orders"),
        # Spark writes the partition's files first, then add_partitions is
        # refused: the files stay behind, unregistered (the storage's own
        # permissions are what keeps data out; the catalog guards metadata).
        "INSERT INTO sales.daily PARTITION (dt = '2024-01-03') VALUES (4, 'dan', 4.0)":
            denial("alice", "glue:BatchCreatePartition", "table/sales/daily"),
    }
    for sql, pattern in refused.items():
        assert not alice[sql]["ok"], sql
        assert pattern.search(alice[sql]["error"]), (sql, alice[sql]["error"])
    # Nothing changed in the catalog (asked by the admin over Thrift).
    transport, hms = _hms_client(server.host, server.port)
    try:
        hms.set_ugi(ps.ADMIN, [])
        assert sorted(hms.get_all_tables("sales")) == ["daily", "orders"]
        assert "owner_team" not in hms.get_table("sales", "orders").parameters
        assert hms.get_partition_names("sales", "daily", -1) == ["dt=2024-01-01", "dt=2024-01-02"]
    finally:
        transport.close()


def test_insert_into_an_unpartitioned_table_asks_the_catalog_nothing(alice, server):
    """The boundary of what a catalog policy can refuse: Spark appends a file
    to an unpartitioned table's folder and tells the metastore nothing (no
    statistics update by default), so the INSERT succeeds for alice. Only
    the file system's permissions could stop it."""
    assert ok_rows(alice["INSERT INTO sales.orders VALUES (4, 'dan', 40.0)"]) == []
    records = ps.audit(server, "--principal", "alice")
    writes = [r for r in records if not re.match(r"glue:(Get|BatchGet)", r["action"])
              and r["outcome"] == "allowed" and r["action"] != "almanac:SetSessionOption"]
    assert writes == []


def test_bob_sees_no_sales(bob):
    # The listing hides what bob may not see: sales is not even listed.
    assert ok_rows(bob["SHOW DATABASES"]) == [("default",)]
    # Spark asks get_database('sales') before listing its tables: refused, so
    # the statement fails (it is not an empty listing).
    for sql in ("SHOW TABLES IN sales", "SELECT count(*) FROM sales.orders"):
        assert not bob[sql]["ok"], bob[sql]
        assert denial("bob", "glue:GetDatabase", "database/sales").search(bob[sql]["error"]), \
            bob[sql]["error"]


def test_audit_trail_names_who_was_refused_what(alice, bob, server):
    denied = ps.audit(server, "--outcome", "denied", wait_for=lambda rs: len(
        {(r["principal"], r["action"]) for r in rs}) >= 4)
    got = {(r["principal"], r["action"], r["resource"][len(ps.ARN):]) for r in denied}
    assert ("alice", "glue:CreateTable", "table/sales/x") in got
    assert ("alice", "glue:UpdateTable", "table/sales/orders") in got
    assert ("alice", "glue:BatchCreatePartition", "table/sales/daily") in got
    assert ("bob", "glue:GetDatabase", "database/sales") in got
    # The read-only policy covers every read Spark asked for: alice was
    # refused nothing but the three writes above.
    assert {a for p, a, _ in got if p == "alice"} == {
        "glue:CreateTable", "glue:UpdateTable", "glue:BatchCreatePartition"}, sorted(got)
    assert all(r["front_end"] == "thrift" for r in denied)
    verify = server.cli("audit", "verify", principal=ps.ADMIN)
    assert verify["intact"] is True
