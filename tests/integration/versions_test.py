"""Table history through both wires and the CLI, against the real server.

Every change to a table (Thrift alter_table*, a rename, gRPC UpdateTable, a
restore, an undrop) adds exactly one version carrying the caller's principal
and front end; skip-archive (gRPC `skip_archive`, Thrift environment key
`almanac.skip_archive`) adds none; restore and undrop work after a restart;
the cap prunes exactly the oldest; the newest version cannot be deleted; bad
ids are NOT_FOUND naming the table and the version.
"""

import json
import os
import subprocess
import sys
import tempfile

import grpc
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402
from almanac_testlib import Server  # noqa: E402

_modules = almanac_testlib.generate_clients(grpc=True)
pb = _modules.pb
pb_grpc = _modules.pb_grpc
from almanac_hms import ttypes as T  # noqa: E402

DB = "hist"


def _sd(cols, location=""):
    return T.StorageDescriptor(
        cols=[T.FieldSchema(n, t, "") for n, t in cols], location=location,
        inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        compressed=False, numBuckets=-1,
        serdeInfo=T.SerDeInfo(name="", parameters={"field.delim": ","},
                              serializationLib="org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"),
        bucketCols=[], sortCols=[], parameters={})


def _table(name, cols, params=None):
    return T.Table(tableName=name, dbName=DB, owner="alice", createTime=0, lastAccessTime=0,
                   retention=0, sd=_sd(cols), partitionKeys=[T.FieldSchema("ds", "string", "")],
                   parameters=dict(params or {}), viewOriginalText="", viewExpandedText="",
                   tableType="EXTERNAL_TABLE")


class Wires:
    """A Thrift client (set_ugi alice) and a gRPC stub (principal bob)."""

    def __init__(self, server):
        self.server = server
        self.thrift = almanac_testlib.Client(server.thrift_port)
        self.hms = self.thrift.hms
        self.hms.set_ugi("alice", [])
        self.channel = grpc.insecure_channel(server.address)
        self.stub = pb_grpc.CatalogServiceStub(self.channel)

    def call(self, rpc, request, principal="bob"):
        return getattr(self.stub, rpc)(request, metadata=[("x-almanac-principal", principal)],
                                       timeout=30)

    def versions(self, name, table_id=0):
        out, token = [], ""
        while True:
            r = self.call("ListTableVersions", pb.ListTableVersionsRequest(
                database=DB, table=name, page_token=token, table_id=table_id))
            out.extend(r.versions)
            token = r.next_page_token
            if not token:
                return r.history, out

    def close(self):
        self.thrift.close()
        self.channel.close()


@pytest.fixture(scope="module")
def data_dir():
    with tempfile.TemporaryDirectory(prefix="almanac_versions_test_") as d:
        yield d


@pytest.fixture(scope="module")
def server(data_dir):
    s = Server(data_dir)
    yield s
    if s.proc.poll() is None:
        assert s.stop() == 0


@pytest.fixture
def wires(server):
    w = Wires(server)
    yield w
    w.close()


def test_setup(wires):
    wires.hms.create_database(T.Database(name=DB, description="", locationUri="", parameters={}))


def test_every_change_from_either_wire_is_one_version(wires):
    hms = wires.hms
    hms.create_table(_table("events", [("id", "int"), ("name", "string")]))
    history, versions = wires.versions("events")
    assert [v.version_id for v in versions] == ["1"]
    assert (versions[0].principal, versions[0].front_end, versions[0].summary) == (
        "alice", pb.FRONT_END_THRIFT, "created")

    # Thrift alter_table: one version, alice via thrift, saying what changed.
    t = hms.get_table(DB, "events")
    t.sd.cols.append(T.FieldSchema("note", "string", ""))
    hms.alter_table_with_environment_context(DB, "events", t, T.EnvironmentContext(properties={}))
    _, versions = wires.versions("events")
    assert [v.version_id for v in versions] == ["2", "1"]
    assert (versions[0].principal, versions[0].front_end) == ("alice", pb.FRONT_END_THRIFT)
    assert versions[0].summary == "added column note"

    # gRPC UpdateTable: one version, bob via grpc.
    table = wires.call("GetTable", pb.GetTableRequest(database=DB, name="events")).table
    table.sd.columns[0].type = "bigint"
    wires.call("UpdateTable", pb.UpdateTableRequest(table=table))
    _, versions = wires.versions("events")
    assert [v.version_id for v in versions] == ["3", "2", "1"]
    assert (versions[0].principal, versions[0].front_end) == ("bob", pb.FRONT_END_GRPC)
    assert versions[0].summary == "changed type of column id (widening)"

    # Skip-archive on both wires: no new version, the newest is replaced.
    table.parameters["owner_team"] = "finance"
    wires.call("UpdateTable", pb.UpdateTableRequest(table=table, skip_archive=True))
    t = hms.get_table(DB, "events")
    t.parameters["tier"] = "gold"
    hms.alter_table_with_environment_context(
        DB, "events", t, T.EnvironmentContext(properties={"almanac.skip_archive": "true"}))
    history, versions = wires.versions("events")
    assert [v.version_id for v in versions] == ["3", "2", "1"]
    assert history.version_count == 3
    newest = wires.call("GetTableVersion", pb.GetTableVersionRequest(
        database=DB, table="events")).version
    assert newest.info.version_id == "3"
    assert newest.table.parameters["tier"] == "gold"
    assert newest.table.parameters["owner_team"] == "finance"
    assert [c.type for c in newest.table.sd.columns] == ["bigint", "string", "string"]
    # The archived one is as it was.
    v2 = wires.call("GetTableVersion", pb.GetTableVersionRequest(
        database=DB, table="events", version_id="2")).version
    assert [c.type for c in v2.table.sd.columns] == ["int", "string", "string"]
    assert "tier" not in v2.table.parameters

    # A Thrift rename: one version, under the new name, same history.
    t = hms.get_table(DB, "events")
    t.tableName = "events_v2"
    hms.alter_table(DB, "events", t)
    renamed, versions = wires.versions("events_v2")
    assert renamed.table_id == history.table_id
    assert [v.version_id for v in versions] == ["4", "3", "2", "1"]
    assert versions[0].summary.startswith("renamed from hist.events")
    assert wires.call("GetTableVersion", pb.GetTableVersionRequest(
        database=DB, table="events_v2", version_id="1")).version.table.name == "events"

    # Partition changes are not versioned (as in Glue).
    hms.add_partitions([T.Partition(values=["2024-01-01"], dbName=DB, tableName="events_v2",
                                    createTime=0, lastAccessTime=0, sd=t.sd, parameters={})])
    assert len(wires.versions("events_v2")[1]) == 4


def test_diff_between_versions_and_with_the_current_table(wires):
    diff = wires.call("DiffTableVersions", pb.DiffTableVersionsRequest(
        database=DB, table="events_v2", from_version_id="1"))
    kinds = [(c.kind, c.subject, c.direction) for c in diff.changes]
    assert ("column_added", "note", "") in kinds
    assert ("column_type_changed", "id", "widening") in kinds
    assert ("table_renamed", "name", "") in kinds
    assert diff.to.version_id == "4"
    diff = wires.call("DiffTableVersions", pb.DiffTableVersionsRequest(
        database=DB, table="events_v2", from_version_id="3", to_version_id="2"))
    assert [c.text for c in diff.changes] == [
        "changed type of column id bigint -> int (narrowing)",
        "removed parameter owner_team (was 'finance')",
        "removed parameter tier (was 'gold')"]


def test_errors_name_the_table_and_the_version(wires):
    for bad in ("99", "abc", "0"):
        with pytest.raises(grpc.RpcError) as e:
            wires.call("GetTableVersion", pb.GetTableVersionRequest(
                database=DB, table="events_v2", version_id=bad))
        assert e.value.code() == grpc.StatusCode.NOT_FOUND
        assert e.value.details() == (
            "version '%s' of table 'hist.events_v2' not found (it has 4 versions, 1 to 4)" % bad)
    with pytest.raises(grpc.RpcError) as e:
        wires.call("DeleteTableVersion", pb.DeleteTableVersionRequest(
            database=DB, table="events_v2", version_id="4"))
    assert e.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "version 4 is the newest version of table 'hist.events_v2'" in e.value.details()
    with pytest.raises(grpc.RpcError) as e:
        wires.call("BatchDeleteTableVersion", pb.BatchDeleteTableVersionRequest(
            database=DB, table="events_v2", version_ids=[str(i) for i in range(1, 102)]))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as e:  # all or nothing
        wires.call("BatchDeleteTableVersion", pb.BatchDeleteTableVersionRequest(
            database=DB, table="events_v2", version_ids=["1", "77"]))
    assert e.value.code() == grpc.StatusCode.NOT_FOUND
    assert len(wires.versions("events_v2")[1]) == 4
    with pytest.raises(grpc.RpcError) as e:
        wires.call("ListTableVersions", pb.ListTableVersionsRequest(database=DB, table="nope"))
    assert e.value.code() == grpc.StatusCode.NOT_FOUND
    assert e.value.details() == "table 'hist.nope' not found"


def test_restore_and_undrop_survive_a_restart(server, wires):
    wires.close()
    assert server.restart() == 0
    w = Wires(server)
    try:
        restored = w.call("RestoreTableVersion", pb.RestoreTableVersionRequest(
            database=DB, table="events_v2", version_id="1"), principal="carol").table
        assert restored.name == "events_v2"  # the names stay
        assert [(c.name, c.type) for c in restored.sd.columns] == [("id", "int"),
                                                                   ("name", "string")]
        _, versions = w.versions("events_v2")
        assert [v.version_id for v in versions][:2] == ["5", "4"]
        assert versions[0].principal == "carol"
        assert versions[0].summary.startswith("restored version 1: removed column note")
        assert len(w.hms.get_table(DB, "events_v2").sd.cols) == 2

        w.hms.drop_table(DB, "events_v2", False)
        dropped = w.call("ListDroppedTables", pb.ListDroppedTablesRequest(database=DB)).tables
        assert [(d.name, d.dropped_by, d.latest_version_id) for d in dropped] == [
            ("events_v2", "alice", "5")]
        history, _ = w.versions("events_v2")  # a dropped table's history is still listed
        assert history.dropped
    finally:
        w.close()
    assert server.restart() == 0
    w = Wires(server)
    try:
        r = w.call("UndropTable", pb.UndropTableRequest(database=DB, table="events_v2"))
        assert r.history.latest_version_id == "6"
        t = w.hms.get_table(DB, "events_v2")
        assert [c.name for c in t.sd.cols] == ["id", "name"]
        history, versions = w.versions("events_v2")
        assert not history.dropped
        assert [v.version_id for v in versions][:2] == ["6", "5"]
        assert versions[0].summary.startswith("undropped")
        assert versions[0].front_end == pb.FRONT_END_GRPC
        with pytest.raises(grpc.RpcError) as e:
            w.call("UndropTable", pb.UndropTableRequest(database=DB, table="events_v2"))
        assert e.value.code() == grpc.StatusCode.ALREADY_EXISTS
    finally:
        w.close()


def test_a_recreated_name_starts_a_new_history(wires):
    hms = wires.hms
    old, _ = wires.versions("events_v2")
    hms.drop_table(DB, "events_v2", False)
    hms.create_table(_table("events_v2", [("other", "string")]))
    new, versions = wires.versions("events_v2")
    assert new.table_id != old.table_id
    assert [v.version_id for v in versions] == ["1"]
    # The old one by its id.
    by_id, old_versions = wires.versions("events_v2", table_id=old.table_id)
    assert by_id.dropped and len(old_versions) == 6
    with pytest.raises(grpc.RpcError) as e:
        wires.call("UndropTable", pb.UndropTableRequest(database=DB, table="events_v2",
                                                        table_id=old.table_id))
    assert e.value.code() == grpc.StatusCode.ALREADY_EXISTS
    purged = wires.call("PurgeTableHistory", pb.PurgeTableHistoryRequest(
        database=DB, table="events_v2", table_id=old.table_id))
    assert purged.versions_deleted == 6
    with pytest.raises(grpc.RpcError) as e:
        wires.versions("events_v2", table_id=old.table_id)
    assert e.value.code() == grpc.StatusCode.NOT_FOUND


def test_pages_are_newest_first(wires):
    hms = wires.hms
    hms.create_table(_table("paged", [("id", "int")]))
    for i in range(24):
        t = hms.get_table(DB, "paged")
        t.parameters["n"] = str(i)
        hms.alter_table(DB, "paged", t)
    first = wires.call("ListTableVersions", pb.ListTableVersionsRequest(
        database=DB, table="paged", page_size=10))
    assert [v.version_id for v in first.versions] == [str(i) for i in range(25, 15, -1)]
    second = wires.call("ListTableVersions", pb.ListTableVersionsRequest(
        database=DB, table="paged", page_size=10, page_token=first.next_page_token))
    assert [v.version_id for v in second.versions] == [str(i) for i in range(15, 5, -1)]
    with pytest.raises(grpc.RpcError) as e:
        wires.call("ListTableVersions", pb.ListTableVersionsRequest(
            database=DB, table="events_v2", page_token=first.next_page_token))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_the_cap_prunes_exactly_the_oldest():
    with tempfile.TemporaryDirectory(prefix="almanac_versions_cap_") as d:
        server = Server(d, extra_args=["--max-versions-per-table", "3"])
        w = Wires(server)
        try:
            w.hms.create_database(T.Database(name=DB, description="", locationUri="",
                                             parameters={}))
            w.hms.create_table(_table("capped", [("id", "int")]))
            for i in range(6):
                t = w.hms.get_table(DB, "capped")
                t.parameters["n"] = str(i)
                w.hms.alter_table(DB, "capped", t)
            history, versions = w.versions("capped")
            assert [v.version_id for v in versions] == ["7", "6", "5"]
            assert history.oldest_version_id == "5"
            got = w.call("GetTableVersion", pb.GetTableVersionRequest(
                database=DB, table="capped", version_id="5")).version.table.parameters["n"]
            assert got == "3"
        finally:
            w.close()
            assert server.stop() == 0


# ---------------------------------------------------------------------------
# The CLI
# ---------------------------------------------------------------------------

def cli(server, *args, code=0):
    env = dict(os.environ)
    env.pop("ALMANAC_SERVER", None)
    r = subprocess.run([almanac_testlib.ALMANAC_BIN, "--server", server.address, *args],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == code, (args, r.returncode, r.stdout, r.stderr)
    return r


def test_cli_tells_the_story(server, wires):
    hms = wires.hms
    hms.create_table(_table("story", [("id", "int")]))
    t = hms.get_table(DB, "story")
    t.sd.cols.append(T.FieldSchema("c0", "string", ""))
    hms.alter_table(DB, "story", t)

    human = cli(server, "table", "versions", DB + ".story").stdout
    assert "VERSION" in human and "added column c0" in human and "thrift" in human
    listed = json.loads(cli(server, "--json", "table", "versions", DB + ".story").stdout)
    assert [v["version_id"] for v in listed["versions"]] == ["2", "1"]
    assert listed["versions"][0]["front_end"] == "FRONT_END_THRIFT"

    shown = json.loads(cli(server, "--json", "table", "show", DB + ".story", "--version",
                           "1").stdout)
    assert [c["name"] for c in shown["table"]["sd"]["columns"]] == ["id"]
    assert "summary:        created" in cli(server, "table", "show", DB + ".story",
                                            "--version", "1").stdout

    diff = cli(server, "table", "diff", DB + ".story", "1").stdout
    assert "+ added column c0 string" in diff
    assert "\033[" not in diff  # no colour off a terminal
    diff = json.loads(cli(server, "--json", "table", "diff", DB + ".story", "1", "2").stdout)
    assert [c["kind"] for c in diff["changes"]] == ["column_added"]

    assert json.loads(cli(server, "--json", "table", "restore", DB + ".story", "1").stdout) == {
        "table": DB + ".story", "restored_version": "1"}
    assert [c.name for c in hms.get_table(DB, "story").sd.cols] == ["id"]
    r = cli(server, "table", "rm-version", DB + ".story", "3", code=6)
    assert "newest version" in r.stderr
    r = cli(server, "table", "show", DB + ".story", "--version", "42", code=3)
    assert "version '42' of table 'hist.story' not found" in r.stderr
    assert json.loads(cli(server, "--json", "table", "rm-version", DB + ".story", "1",
                          "2").stdout)["deleted_versions"] == ["1", "2"]

    cli(server, "table", "drop", DB + ".story")
    assert "story" in cli(server, "table", "dropped", DB).stdout
    assert "dropped" in cli(server, "table", "versions", DB + ".story").stdout
    undropped = json.loads(cli(server, "--json", "table", "undrop", DB + ".story").stdout)
    assert undropped["history"]["latest_version_id"] == "4"
    assert [c.name for c in hms.get_table(DB, "story").sd.cols] == ["id"]
    purged = json.loads(cli(server, "--json", "table", "purge-history", DB + ".story").stdout)
    assert purged["versions_deleted"] == 1  # all but the newest
    assert len(json.loads(cli(server, "--json", "table", "versions",
                              DB + ".story").stdout)["versions"]) == 1
