"""pyiceberg's HiveCatalog as a writer that a policy lets commit to one
Iceberg table only (`almanac serve --enforce-policies`).

pyiceberg 0.7's HiveCatalog calls set_ugi only when given a `ugi` property,
so a plain HiveCatalog is the server's --anonymous-user: the enforcing server
runs with `--anonymous-user writer`. The writer's identity policy
(tests/e2e/policies/user_writer.json) allows reading the `lake` namespace,
Hive's lock calls (a pyiceberg commit is lock, get_table, alter_table,
unlock; locks are asked on the catalog) and glue:UpdateTable on lake.a only.
The tables and their first snapshots are made first with nothing enforced.
"""

import pytest

import policy_setup as ps
from conftest import start_almanac

pa = pytest.importorskip("pyarrow")
pytest.importorskip("pyiceberg")
from hive_metastore.ttypes import MetaException  # noqa: E402
from pyiceberg.catalog.hive import HiveCatalog  # noqa: E402
from pyiceberg.schema import Schema  # noqa: E402
from pyiceberg.types import LongType, NestedField, StringType  # noqa: E402

SCHEMA = Schema(NestedField(1, "id", LongType(), required=False),
                NestedField(2, "name", StringType(), required=False))
ARROW_SCHEMA = pa.schema([("id", pa.int64()), ("name", pa.string())])


def batch(ids):
    return pa.Table.from_pylist([{"id": i, "name": f"n{i}"} for i in ids], schema=ARROW_SCHEMA)


@pytest.fixture(scope="module")
def server(e2e_tmp):
    ms = start_almanac(e2e_tmp / "policies")
    if ms is None:
        pytest.skip("needs ALMANAC_BIN: starts its own almanac with --enforce-policies")
    warehouse = e2e_tmp / "warehouse"
    warehouse.mkdir()
    try:
        setup = HiveCatalog("setup", uri=ms.uri, warehouse=f"file://{warehouse}")
        setup.create_namespace("lake", {"location": f"file://{warehouse}/lake.db"})
        for name in ("a", "b"):
            setup.create_table(f"lake.{name}", schema=SCHEMA).append(batch([1, 2]))
        ps.put_policy(ms, "catalog", ps.POLICY_DIR / "catalog.json")  # root owns the catalog
        ps.put_policy(ms, "user/writer", ps.POLICY_DIR / "user_writer.json")
        ps.enforce(ms, "--anonymous-user", "writer")
        ms.warehouse = warehouse
        yield ms
    finally:
        assert ms.stop() == 0


@pytest.fixture(scope="module")
def writer(server):
    return HiveCatalog("writer", uri=server.uri, warehouse=f"file://{server.warehouse}")


def metadata_location(server, table):
    """As the admin over gRPC (not through the writer's eyes)."""
    shown = server.cli("table", "show", f"lake.{table}", principal=ps.ADMIN)
    return shown["parameters"]["metadata_location"]


def test_writer_commits_to_the_allowed_table(server, writer):
    before = metadata_location(server, "a")
    table = writer.load_table("lake.a")
    table.append(batch([3, 4]))
    after = metadata_location(server, "a")
    assert after != before and after == writer.load_table("lake.a").metadata_location
    ids = sorted(writer.load_table("lake.a").scan().to_arrow().column("id").to_pylist())
    assert ids == [1, 2, 3, 4]


def test_writer_cannot_commit_to_another_table(server, writer):
    before = metadata_location(server, "b")
    table = writer.load_table("lake.b")  # reading is allowed
    assert sorted(table.scan().to_arrow().column("id").to_pylist()) == [1, 2]
    with pytest.raises(MetaException) as refused:
        table.append(batch([5, 6]))
    assert refused.value.message.startswith(
        "User: arn:aws:iam::123456789012:user/writer is not authorized to perform: "
        f"glue:UpdateTable on resource: {ps.ARN}table/lake/b"), refused.value.message
    assert metadata_location(server, "b") == before
    reloaded = writer.load_table("lake.b")
    assert len(reloaded.metadata.snapshots) == 1
    assert sorted(reloaded.scan().to_arrow().column("id").to_pylist()) == [1, 2]


def test_writer_cannot_create_or_drop(writer):
    with pytest.raises(MetaException, match="glue:CreateTable on resource: .*table/lake/c"):
        writer.create_table("lake.c", schema=SCHEMA)
    with pytest.raises(MetaException, match="glue:DeleteTable on resource: .*table/lake/a"):
        writer.drop_table("lake.a")


def test_audit_trail_shows_the_refusals_and_the_commit(server, writer):
    denied = ps.audit(server, "--outcome", "denied", wait_for=lambda rs: len(rs) >= 3)
    got = {(r["principal"], r["action"], r["resource"][len(ps.ARN):]) for r in denied}
    # What the policy allows is all a pyiceberg append needs: the writer was
    # refused exactly the writes outside it, nothing on its way to them.
    assert got == {("writer", "glue:UpdateTable", "table/lake/b"),
                   ("writer", "glue:CreateTable", "table/lake/c"),
                   ("writer", "glue:DeleteTable", "table/lake/a")}, sorted(got)
    allowed = ps.audit(server, "--principal", "writer", "--action", "glue:UpdateTable",
                       "--outcome", "allowed")
    assert [r["resource"][len(ps.ARN):] for r in allowed] == ["table/lake/a"]
    locks = ps.audit(server, "--principal", "writer", "--action", "almanac:Lock")
    assert locks and all(r["outcome"] == "allowed" for r in locks)
    assert server.cli("audit", "verify", principal=ps.ADMIN)["intact"] is True
