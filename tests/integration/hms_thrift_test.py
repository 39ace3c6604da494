"""Integration tests of the Hive Metastore (Thrift) front end of `almanac serve`.

The Thrift client is generated at test time from thrift/*.thrift with
`thrift --gen py`; the server is the real binary ($ALMANAC_BIN) on port 0, its
ports read from the "listening" log lines. Every test talks only through the
wire. The robustness tests check after each abuse that a normal client still
works and that the catalog content is unchanged.
"""

import os
import random
import re
import socket
import struct
import sys
import tempfile
import threading
import time

import pytest
from thrift.Thrift import TApplicationException, TMessageType

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from almanac_testlib import SOURCE_DIR, Client, Server, generate_clients, text_sd  # noqa: E402

# Small on purpose: the oversize tests stay cheap.
MAX_MESSAGE_BYTES = 1024 * 1024
UNKNOWN_METHOD = TApplicationException.UNKNOWN_METHOD


# ---------------------------------------------------------------------------
# Generated client and server process
# ---------------------------------------------------------------------------

generate_clients()
from almanac_hms.ttypes import (  # noqa: E402
    AddPartitionsRequest, AlreadyExistsException, AlterTableRequest, ConfigValSecurityException,
    Database, DropPartitionsRequest, EnvironmentContext, FieldSchema, GetCatalogRequest,
    GetDatabaseRequest, GetPartitionNamesPsRequest, GetPartitionsByNamesRequest,
    GetPartitionsPsWithAuthRequest, GetTableRequest, GetTablesRequest, InvalidObjectException,
    InvalidOperationException, MetaException, NoSuchObjectException, Partition,
    PartitionsByExprRequest, PrincipalType, RequestPartsSpec,
    Table, UnknownTableException, DropTableRequest, GetFieldsRequest, GetSchemaRequest,
    PartitionsRequest, RenamePartitionRequest, AlterPartitionsRequest, DropDatabaseRequest,
    CreateDatabaseRequest, AlterDatabaseRequest, AppendPartitionsRequest, CreateTableRequest,
    DropPartitionRequest, GetPartitionRequest, GetPartitionsByFilterRequest)
from almanac_fb303.ttypes import fb_status  # noqa: E402


def _server(data_dir):
    return Server(data_dir, extra_args=("--thrift-max-message-bytes", str(MAX_MESSAGE_BYTES)))


@pytest.fixture(scope="module")
def server():
    data_dir = tempfile.mkdtemp(prefix="hms_data_")
    s = _server(data_dir)
    yield s
    if s.proc.poll() is None:
        s.stop()


@pytest.fixture
def hms(server):
    c = Client(server.thrift_port)
    yield c.hms
    c.close()


def _sd(location="", cols=(("id", "bigint"), ("name", "string"))):
    return text_sd(location, cols)


def _table(db, name, partition_keys=(), table_type="EXTERNAL_TABLE", params=None, owner=""):
    return Table(tableName=name, dbName=db, owner=owner, createTime=0, lastAccessTime=0,
                 retention=0, sd=_sd(), partitionKeys=[FieldSchema(name=k, type=t, comment="")
                                                      for k, t in partition_keys],
                 parameters=dict(params or {}), viewOriginalText="", viewExpandedText="",
                 tableType=table_type)


def _partition(db, table, values):
    return Partition(values=list(values), dbName=db, tableName=table, createTime=0,
                     lastAccessTime=0, sd=_sd(), parameters={})


def _create_db(hms, name):
    hms.create_database(Database(name=name, description="", locationUri="", parameters={}))


def _snapshot(hms):
    """What the catalog holds, to compare before and after an abuse."""
    out = {}
    for db in sorted(hms.get_all_databases()):
        tables = {}
        for t in sorted(hms.get_all_tables(db)):
            tables[t] = sorted(hms.get_partition_names(db, t, -1))
        out[db] = tables
    return out


# ---------------------------------------------------------------------------
# fb303, session, configuration, catalogs
# ---------------------------------------------------------------------------

def test_fb303(hms):
    assert hms.getName() == "almanac"
    assert hms.getVersion()
    assert hms.getStatus() == fb_status.ALIVE
    assert hms.getStatusDetails()
    assert 0 < hms.aliveSince() <= time.time() + 1
    counters = hms.getCounters()
    assert counters["hms.calls"] >= 0
    assert hms.getCounter("hms.connections_accepted") >= 1
    assert hms.getCounter("no.such.counter") == 0
    assert hms.getOptions() == {}
    hms.reinitialize()  # oneway: no answer, the connection stays in step
    hms.shutdown()      # oneway and ignored
    assert hms.getStatus() == fb_status.ALIVE


def test_per_method_call_counters(server, hms):
    """fb303 counters named after each served method, as the Java HMS keeps."""
    _create_db(hms, "db_counters")
    before = hms.getCounters()
    hms.get_table_objects_by_name("db_counters", [])
    hms.get_database("db_counters")
    with pytest.raises(NoSuchObjectException):  # failed calls count too
        hms.get_database("db_counters_missing")
    after = hms.getCounters()
    assert after["get_database"] == before.get("get_database", 0) + 2
    assert after["get_table_objects_by_name"] == before.get("get_table_objects_by_name", 0) + 1
    assert after["getCounters"] >= 1
    assert "get_partitions_by_expr" not in after  # not served: not counted
    assert hms.getCounter("get_database") == after["get_database"]
    hms.drop_database("db_counters", False, False)


def test_shutdown_is_not_a_warning(server, hms):
    hms.shutdown()  # every Hive 2.3 client sends it when it closes
    assert hms.getStatus() == fb_status.ALIVE
    assert [e for e in server.events("hms_shutdown_ignored")
            if e.get("level") not in (None, "debug")] == []


def test_configuration(hms):
    assert hms.getMetaConf("hive.metastore.try.direct.sql") == "false"
    hms.setMetaConf("hive.metastore.batch.retrieve.max", "50")
    assert hms.getMetaConf("hive.metastore.batch.retrieve.max") == "50"
    with pytest.raises(MetaException):
        hms.getMetaConf("no.such.key")
    with pytest.raises(MetaException):
        hms.setMetaConf("no.such.key", "x")
    assert (hms.get_config_value("hive.exec.default.partition.name", "x")
            == "__HIVE_DEFAULT_PARTITION__")
    assert hms.get_config_value("hive.some.unknown.key", "dflt") == "dflt"
    with pytest.raises(ConfigValSecurityException):
        hms.get_config_value("javax.jdo.option.ConnectionPassword", "")
    with pytest.raises(ConfigValSecurityException):
        hms.get_config_value("hive.metastore.password", "")


def test_uuid_is_stable_across_connections(server, hms):
    first = hms.get_metastore_db_uuid()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        first)
    other = Client(server.thrift_port)
    assert other.hms.get_metastore_db_uuid() == first
    other.close()


def test_catalogs(hms):
    assert hms.get_catalogs().names == ["hive"]
    assert hms.get_catalog(GetCatalogRequest(name="hive")).catalog.name == "hive"
    with pytest.raises(NoSuchObjectException):
        hms.get_catalog(GetCatalogRequest(name="spark"))


def test_partition_name_helpers(hms):
    assert hms.partition_name_to_vals("year=2024/city=a%2Fb") == ["2024", "a/b"]
    assert hms.partition_name_to_spec("year=2024/city=x") == {"year": "2024", "city": "x"}
    with pytest.raises(MetaException):
        hms.partition_name_to_vals("novalue")


def test_get_all_functions_is_empty(hms):
    assert hms.get_all_functions().functions == []


# ---------------------------------------------------------------------------
# Databases
# ---------------------------------------------------------------------------

def test_default_database_exists_from_the_start(server, hms):
    # Hive's metastore creates `default` at start-up; clients assume it.
    db = hms.get_database("default")
    assert db.description == "Default Hive database"
    assert db.ownerName == "public"
    assert db.ownerType == PrincipalType.ROLE
    warehouse = os.path.join(server.data_dir, "warehouse")
    assert db.locationUri == "file:" + warehouse
    assert os.path.isdir(warehouse)
    with pytest.raises(InvalidOperationException, match="cannot be dropped"):
        hms.drop_database("default", True, True)


def test_databases(server, hms):
    hms.set_ugi("alice", ["analysts"])
    _create_db(hms, "db_one")
    db = hms.get_database("db_one")
    assert db.name == "db_one"
    assert db.ownerName == "alice"
    assert db.ownerType == PrincipalType.USER
    assert db.catalogName == "hive"
    assert db.locationUri
    with pytest.raises(AlreadyExistsException):
        _create_db(hms, "db_one")
    with pytest.raises(InvalidObjectException):
        _create_db(hms, "bad name!")
    with pytest.raises(NoSuchObjectException):
        hms.get_database("db_missing")

    hms.create_database_req(CreateDatabaseRequest(databaseName="db_two", description="two"))
    assert hms.get_database_req(GetDatabaseRequest(name="db_two")).description == "two"
    assert {"db_one", "db_two"} <= set(hms.get_all_databases())
    assert set(hms.get_databases("db_*")) == {"db_one", "db_two"}
    assert hms.get_databases("db_one|db_two") == ["db_one", "db_two"]

    db.description = "changed"
    hms.alter_database("db_one", db)
    assert hms.get_database("db_one").description == "changed"
    with pytest.raises(NoSuchObjectException):
        hms.alter_database("db_missing", db)

    hms.create_table(_table("db_two", "t"))
    with pytest.raises(InvalidOperationException):
        hms.drop_database("db_two", False, False)
    hms.drop_database("db_two", False, True)
    with pytest.raises(NoSuchObjectException):
        hms.drop_database("db_two", False, True)
    hms.drop_database_req(DropDatabaseRequest(name="db_two", ignoreUnknownDb=True,
                                              deleteData=False, cascade=False))


def test_catalog_qualified_names(hms):
    hms.create_database(Database(name="@hive#db_q", description="", locationUri="",
                                 parameters={}))
    assert hms.get_database("@hive#db_q").name == "db_q"
    assert hms.get_database("db_q").name == "db_q"
    assert "db_q" in hms.get_databases("@hive#db_q")
    assert "db_q" in hms.get_databases("@hive#")  # no database part: all of them
    with pytest.raises(NoSuchObjectException):
        hms.get_database("@spark#db_q")
    hms.create_table(_table("@hive#db_q", "t1"))
    assert hms.get_table("@hive#db_q", "t1").dbName == "db_q"
    assert hms.get_table("@hive#db_q", "t1").catName == "hive"
    assert hms.get_all_tables("@hive#db_q") == ["t1"]
    assert hms.get_table_req(GetTableRequest(dbName="@hive#db_q", tblName="t1",
                                             catName="hive")).table.tableName == "t1"
    with pytest.raises(NoSuchObjectException):
        hms.get_table_req(GetTableRequest(dbName="db_q", tblName="t1", catName="spark"))
    hms.drop_table("@hive#db_q", "t1", False)
    hms.drop_database("@hive#db_q", False, False)


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

def test_tables(hms):
    hms.set_ugi("bob", [])
    _create_db(hms, "db_t")
    hms.create_table(_table("db_t", "orders", partition_keys=[("day", "string")],
                            params={"comment": "all orders"}))
    hms.create_table_with_environment_context(_table("db_t", "customers", table_type="MANAGED_TABLE"),
                                              EnvironmentContext(properties={}))
    view = _table("db_t", "v", table_type="VIRTUAL_VIEW")
    view.viewOriginalText = view.viewExpandedText = "select 1"
    view.sd.location = ""
    hms.create_table(view)
    with pytest.raises(AlreadyExistsException):
        hms.create_table(_table("db_t", "orders"))
    with pytest.raises(NoSuchObjectException):
        hms.create_table(_table("db_none", "x"))
    with pytest.raises(InvalidObjectException):
        hms.create_table(_table("db_t", "bad name"))
    with pytest.raises(InvalidObjectException):
        hms.create_table(_table("db_t", "bad_type", table_type="NOT_A_TYPE"))
    with pytest.raises(MetaException):  # constraints have no storage
        from almanac_hms.ttypes import SQLPrimaryKey
        hms.create_table_with_constraints(
            _table("db_t", "pk"), [SQLPrimaryKey(table_db="db_t", table_name="pk",
                                                 column_name="id", key_seq=1, pk_name="p")],
            [], [], [], [], [])

    t = hms.get_table("db_t", "orders")
    assert t.owner == "bob"
    assert t.tableType == "EXTERNAL_TABLE"
    assert [c.name for c in t.partitionKeys] == ["day"]
    assert t.parameters["comment"] == "all orders"
    assert hms.get_table_req(GetTableRequest(dbName="db_t", tblName="orders")).table == t
    with pytest.raises(NoSuchObjectException):
        hms.get_table("db_t", "missing")

    assert hms.get_all_tables("db_t") == ["customers", "orders", "v"]
    assert hms.get_tables("db_t", "c*|o*") == ["customers", "orders"]
    assert hms.get_tables_by_type("db_t", "*", "VIRTUAL_VIEW") == ["v"]
    assert hms.get_tables_by_type("db_t", "*", "MANAGED_TABLE") == ["customers"]
    objs = hms.get_table_objects_by_name("db_t", ["orders", "missing", "v"])
    assert [o.tableName for o in objs] == ["orders", "v"]
    res = hms.get_table_objects_by_name_req(GetTablesRequest(dbName="db_t",
                                                             tblNames=["customers"]))
    assert [o.tableName for o in res.tables] == ["customers"]
    metas = hms.get_table_meta("db_t", "*", [])
    assert {(m.dbName, m.tableName, m.tableType) for m in metas} == {
        ("db_t", "customers", "MANAGED_TABLE"), ("db_t", "orders", "EXTERNAL_TABLE"),
        ("db_t", "v", "VIRTUAL_VIEW")}
    assert [m.comments for m in metas if m.tableName == "orders"] == ["all orders"]
    assert [m.tableName for m in hms.get_table_meta("db_*", "*", ["VIRTUAL_VIEW"])] == ["v"]
    assert hms.get_table_names_by_filter("db_t", "", -1) == ["customers", "orders", "v"]
    assert hms.get_table_names_by_filter("db_t", "", 1) == ["customers"]
    with pytest.raises(MetaException, match="not supported"):
        hms.get_table_names_by_filter("db_t", "hive_filter_field_owner__ = \"bob\"", -1)

    assert [f.name for f in hms.get_fields("db_t", "orders")] == ["id", "name"]
    assert [f.name for f in hms.get_schema("db_t", "orders")] == ["id", "name", "day"]
    assert [f.name for f in hms.get_fields_with_environment_context(
        "db_t", "orders", EnvironmentContext(properties={}))] == ["id", "name"]
    assert [f.name for f in hms.get_schema_with_environment_context(
        "db_t", "orders", EnvironmentContext(properties={}))] == ["id", "name", "day"]
    assert len(hms.get_fields_req(GetFieldsRequest(dbName="db_t", tblName="orders")).fields) == 2
    assert len(hms.get_schema_req(GetSchemaRequest(dbName="db_t", tblName="orders")).fields) == 3
    with pytest.raises(UnknownTableException):
        hms.get_fields("db_t", "missing")
    with pytest.raises(UnknownTableException):
        hms.get_schema("db_missing", "missing")


def test_absent_strings_stay_absent(hms):
    """A view has no location: get_table must leave sd.location unset, not
    "" (Hive 2.3 clients fail building a Path from an empty string). The same
    for view texts of tables and for column comments."""
    _create_db(hms, "db_null")
    view = _table("db_null", "v", table_type="VIRTUAL_VIEW")
    view.viewOriginalText = view.viewExpandedText = "select 1"
    view.sd.location = None
    hms.create_table(view)
    got = hms.get_table("db_null", "v")
    assert got.sd.location is None
    assert got.viewOriginalText == "select 1"
    assert got.sd.cols[0].comment is None
    t = _table("db_null", "t", table_type="MANAGED_TABLE")
    t.sd.cols[0].comment = "the id"
    hms.create_table(t)
    got = hms.get_table("db_null", "t")
    assert got.sd.location.endswith("/db_null.db/t")
    assert got.viewOriginalText is None and got.viewExpandedText is None
    assert [c.comment for c in got.sd.cols] == ["the id", None]
    hms.drop_database("db_null", True, True)


def _local(location):
    """The path of a file: location (file:/p, file:///p)."""
    assert location.startswith("file:"), location
    path = location[len("file:"):]
    if path.startswith("//"):
        path = path[path.index("/", 2):]
    return os.path.normpath(path)


def _touch(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("row\n")


def test_managed_data_follows_the_catalog(server, hms):
    """Hive's data semantics: directories are made, moved on rename and
    deleted by drops with deleteData, for managed tables only."""
    _create_db(hms, "db_data")
    db_dir = _local(hms.get_database("db_data").locationUri)
    assert db_dir.startswith(server.data_dir) and os.path.isdir(db_dir)

    hms.create_table(_table("db_data", "events", partition_keys=[("dt", "string")],
                            table_type="MANAGED_TABLE"))
    events = hms.get_table("db_data", "events")
    events_dir = _local(events.sd.location)
    assert os.path.isdir(events_dir)
    hms.add_partitions([_partition("db_data", "events", [d]) for d in ("d1", "d2")])
    _touch(os.path.join(events_dir, "dt=d1", "part-0"))
    _touch(os.path.join(events_dir, "dt=d2", "part-0"))

    # Spark's rename: the new name, the old location.
    renamed = hms.get_table("db_data", "events")
    renamed.tableName = "events_v2"
    hms.alter_table_with_environment_context("db_data", "events", renamed,
                                             EnvironmentContext(properties={}))
    moved = hms.get_table("db_data", "events_v2")
    moved_dir = _local(moved.sd.location)
    assert moved_dir == os.path.join(db_dir, "events_v2")
    assert not os.path.exists(events_dir)
    assert os.path.isfile(os.path.join(moved_dir, "dt=d1", "part-0"))
    assert _local(hms.get_partition("db_data", "events_v2", ["d1"]).sd.location) == \
        os.path.join(moved_dir, "dt=d1")

    # A rename onto an existing directory changes nothing.
    hms.create_table(_table("db_data", "other", table_type="MANAGED_TABLE"))
    os.makedirs(os.path.join(db_dir, "taken"))
    other = hms.get_table("db_data", "other")
    other.tableName = "taken"
    with pytest.raises(InvalidOperationException, match="already exists"):
        hms.alter_table("db_data", "other", other)
    assert hms.get_table("db_data", "other").tableName == "other"

    assert hms.drop_partition("db_data", "events_v2", ["d1"], False)
    assert os.path.isdir(os.path.join(moved_dir, "dt=d1"))
    assert hms.drop_partition("db_data", "events_v2", ["d2"], True)
    assert not os.path.exists(os.path.join(moved_dir, "dt=d2"))

    hms.drop_table("db_data", "other", False)
    assert os.path.isdir(os.path.join(db_dir, "other"))
    hms.drop_table("db_data", "events_v2", True)
    assert not os.path.exists(moved_dir)

    # External data is never touched, not even with deleteData.
    ext_dir = os.path.join(server.data_dir, "outside", "ext")
    _touch(os.path.join(ext_dir, "f"))
    ext = _table("db_data", "ext")
    ext.sd.location = "file://" + ext_dir
    hms.create_table(ext)
    hms.drop_table("db_data", "ext", True)
    assert os.path.isfile(os.path.join(ext_dir, "f"))

    hms.drop_database("db_data", True, True)
    assert not os.path.exists(db_dir)


def test_alter_table(hms):
    _create_db(hms, "db_a")
    _create_db(hms, "db_b")
    hms.create_table(_table("db_a", "ice", params={"metadata_location": "m1",
                                                   "table_type": "ICEBERG"}))
    t = hms.get_table("db_a", "ice")
    t.parameters["metadata_location"] = "m2"
    t.parameters["previous_metadata_location"] = "m1"
    cas = EnvironmentContext(properties={"expected_parameter_key": "metadata_location",
                                         "expected_parameter_value": "m1",
                                         "DO_NOT_UPDATE_STATS": "true"})
    hms.alter_table_with_environment_context("db_a", "ice", t, cas)
    assert hms.get_table("db_a", "ice").parameters["metadata_location"] == "m2"
    # The same commit again loses the compare-and-set.
    t.parameters["metadata_location"] = "m3"
    with pytest.raises(InvalidOperationException):
        hms.alter_table_with_environment_context("db_a", "ice", t, cas)
    assert hms.get_table("db_a", "ice").parameters["metadata_location"] == "m2"
    # alter_table_req with the request's own compare-and-set fields.
    hms.alter_table_req(AlterTableRequest(dbName="db_a", tableName="ice", table=t,
                                          expectedParameterKey="metadata_location",
                                          expectedParameterValue="m2"))
    assert hms.get_table("db_a", "ice").parameters["metadata_location"] == "m3"
    with pytest.raises(InvalidOperationException):
        hms.alter_table("db_a", "missing", t)

    # Adding a column, with cascade.
    t = hms.get_table("db_a", "ice")
    t.sd.cols.append(FieldSchema(name="extra", type="int", comment=""))
    hms.alter_table_with_cascade("db_a", "ice", t, True)
    assert [c.name for c in hms.get_table("db_a", "ice").sd.cols] == ["id", "name", "extra"]

    # Rename (new name and new database) through alter_table.
    t = hms.get_table("db_a", "ice")
    t.dbName = "db_b"
    t.tableName = "ice2"
    hms.alter_table("db_a", "ice", t)
    assert hms.get_all_tables("db_a") == []
    moved = hms.get_table("db_b", "ice2")
    assert moved.parameters["metadata_location"] == "m3"

    hms.drop_table_with_environment_context("db_b", "ice2", False,
                                            EnvironmentContext(properties={}))
    with pytest.raises(NoSuchObjectException):
        hms.drop_table("db_b", "ice2", False)
    hms.create_table(_table("db_b", "x"))
    hms.drop_table_req(DropTableRequest(dbName="db_b", tableName="x", deleteData=False))
    assert hms.get_all_tables("db_b") == []


# ---------------------------------------------------------------------------
# Partitions
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def part_table(server):
    c = Client(server.thrift_port)
    hms = c.hms
    _create_db(hms, "db_p")
    hms.create_table(_table("db_p", "events", partition_keys=[("year", "string"),
                                                               ("country", "string")]))
    yield hms
    c.close()


def test_add_and_read_partitions(part_table):
    hms = part_table
    p = hms.add_partition(_partition("db_p", "events", ["2023", "fr"]))
    assert p.values == ["2023", "fr"]
    assert p.catName == "hive"
    with pytest.raises(AlreadyExistsException):
        hms.add_partition(_partition("db_p", "events", ["2023", "fr"]))
    with pytest.raises(InvalidObjectException):
        hms.add_partition(_partition("db_p", "events", ["2023"]))
    assert hms.add_partitions([_partition("db_p", "events", ["2023", "de"]),
                               _partition("db_p", "events", ["2024", "fr"])]) == 2
    res = hms.add_partitions_req(AddPartitionsRequest(
        dbName="db_p", tblName="events", ifNotExists=True, needResult=True,
        parts=[_partition("db_p", "events", ["2024", "fr"]),
               _partition("db_p", "events", ["2024", "de"])]))
    assert [x.values for x in res.partitions] == [["2024", "de"]]
    res = hms.add_partitions_req(AddPartitionsRequest(
        dbName="db_p", tblName="events", ifNotExists=False, needResult=False,
        parts=[_partition("db_p", "events", ["2025", "fr"])]))
    assert res.partitions is None
    appended = hms.append_partition("db_p", "events", ["2025", "it"])
    assert appended.sd.location.endswith("year=2025/country=it")
    appended = hms.append_partition_by_name("db_p", "events", "year=2025/country=es")
    assert appended.values == ["2025", "es"]
    with pytest.raises(AlreadyExistsException):
        hms.append_partition("db_p", "events", ["2025", "it"])

    all_names = ["year=2023/country=de", "year=2023/country=fr", "year=2024/country=de",
                 "year=2024/country=fr", "year=2025/country=es", "year=2025/country=fr",
                 "year=2025/country=it"]
    assert hms.get_partition_names("db_p", "events", -1) == all_names
    assert hms.get_partition_names("db_p", "events", 2) == all_names[:2]
    assert hms.fetch_partition_names_req(PartitionsRequest(dbName="db_p", tblName="events")) \
        == all_names
    assert len(hms.get_partitions("db_p", "events", -1)) == 7
    assert len(hms.get_partitions("db_p", "events", 3)) == 3
    assert hms.get_partitions("db_p", "events", 0) == []
    assert len(hms.get_partitions_with_auth("db_p", "events", -1, "u", [])) == 7
    assert len(hms.get_partitions_req(PartitionsRequest(dbName="db_p", tblName="events"))
               .partitions) == 7
    with pytest.raises(NoSuchObjectException):
        hms.get_partitions("db_p", "missing", -1)

    assert hms.get_partition("db_p", "events", ["2023", "fr"]).values == ["2023", "fr"]
    assert hms.get_partition_by_name("db_p", "events", "year=2023/country=fr").values == \
        ["2023", "fr"]
    assert hms.get_partition_with_auth("db_p", "events", ["2023", "fr"], "u", []).values == \
        ["2023", "fr"]
    with pytest.raises(NoSuchObjectException):
        hms.get_partition("db_p", "events", ["1999", "fr"])

    # Partial specifications: shorter list = prefix, empty string = any value.
    assert hms.get_partition_names_ps("db_p", "events", ["2024"], -1) == all_names[2:4]
    assert hms.get_partition_names_ps("db_p", "events", ["", "fr"], -1) == [
        "year=2023/country=fr", "year=2024/country=fr", "year=2025/country=fr"]
    assert hms.get_partition_names_ps_req(GetPartitionNamesPsRequest(
        dbName="db_p", tblName="events", partValues=["", "de"])).names == [
        "year=2023/country=de", "year=2024/country=de"]
    assert [p.values for p in hms.get_partitions_ps("db_p", "events", ["2025", ""], -1)] == [
        ["2025", "es"], ["2025", "fr"], ["2025", "it"]]
    assert len(hms.get_partitions_ps_with_auth("db_p", "events", ["", "fr"], 2, "u", [])) == 2
    resp = hms.get_partitions_ps_with_auth_req(GetPartitionsPsWithAuthRequest(
        dbName="db_p", tblName="events", partVals=["2023"]))
    assert [p.values for p in resp.partitions] == [["2023", "de"], ["2023", "fr"]]

    byname = hms.get_partitions_by_names("db_p", "events",
                                         ["year=2023/country=fr", "year=1999/country=xx"])
    assert [p.values for p in byname] == [["2023", "fr"]]
    res = hms.get_partitions_by_names_req(GetPartitionsByNamesRequest(
        db_name="db_p", tbl_name="events", names=["year=2024/country=de"]))
    assert [p.values for p in res.partitions] == [["2024", "de"]]
    assert hms.get_partition_names_req(PartitionsByExprRequest(
        dbName="db_p", tblName="events", expr=b"")) == all_names
    with pytest.raises(MetaException):
        hms.get_partition_names_req(PartitionsByExprRequest(dbName="db_p", tblName="events",
                                                            expr=b"\x01kryo"))


def test_partitions_by_filter_are_right_or_refused(part_table):
    hms = part_table
    hms.add_partitions_req(AddPartitionsRequest(
        dbName="db_p", tblName="events", ifNotExists=True, needResult=False,
        parts=[_partition("db_p", "events", ["2030", "fr"]),
               _partition("db_p", "events", ["2030", "de"])]))
    expected = {("2030", "fr")}
    try:
        got = hms.get_partitions_by_filter("db_p", "events", 'year = "2030" and country = "fr"',
                                           -1)
    except MetaException as e:
        assert e.message  # refused with a reason, e.g. no predicate engine yet
    else:
        assert {tuple(p.values) for p in got} == expected
    try:
        n = hms.get_num_partitions_by_filter("db_p", "events", 'year = "2030"')
    except MetaException as e:
        assert e.message
    else:
        assert n == 2
    with pytest.raises(MetaException):
        hms.get_partitions_by_filter("db_p", "events", "year = = broken", -1)


def test_partitions_by_expr_is_unknown_method(part_table):
    with pytest.raises(TApplicationException) as info:
        part_table.get_partitions_by_expr(PartitionsByExprRequest(
            dbName="db_p", tblName="events", expr=b"\x01kryo"))
    assert info.value.type == UNKNOWN_METHOD
    assert "not supported by almanac" in info.value.message
    # The connection is still in step.
    assert part_table.get_all_tables("db_p") == ["events"]


def test_alter_rename_drop_partitions(part_table):
    hms = part_table
    for values in (["2040", "fr"], ["2040", "de"], ["2041", "fr"], ["2042", "fr"]):
        hms.append_partition("db_p", "events", values)
    p = hms.get_partition("db_p", "events", ["2040", "fr"])
    p.parameters["k"] = "v"
    hms.alter_partition("db_p", "events", p)
    assert hms.get_partition("db_p", "events", ["2040", "fr"]).parameters["k"] == "v"
    q = hms.get_partition("db_p", "events", ["2040", "de"])
    q.parameters["k"] = "w"
    p.parameters["k"] = "v2"
    hms.alter_partitions("db_p", "events", [p, q])
    assert hms.get_partition("db_p", "events", ["2040", "de"]).parameters["k"] == "w"
    hms.alter_partitions_req(AlterPartitionsRequest(dbName="db_p", tableName="events",
                                                    partitions=[p]))
    with pytest.raises(InvalidOperationException):
        hms.alter_partition("db_p", "events", _partition("db_p", "events", ["1900", "xx"]))

    new = hms.get_partition("db_p", "events", ["2041", "fr"])
    new.values = ["2041", "be"]
    hms.rename_partition("db_p", "events", ["2041", "fr"], new)
    assert hms.get_partition("db_p", "events", ["2041", "be"]).values == ["2041", "be"]
    with pytest.raises(NoSuchObjectException):
        hms.get_partition("db_p", "events", ["2041", "fr"])
    new.values = ["2041", "nl"]
    hms.rename_partition_req(RenamePartitionRequest(dbName="db_p", tableName="events",
                                                    partVals=["2041", "be"], newPart=new))
    assert hms.get_partition("db_p", "events", ["2041", "nl"]).values == ["2041", "nl"]

    assert hms.drop_partition("db_p", "events", ["2040", "fr"], False) is True
    with pytest.raises(NoSuchObjectException):
        hms.drop_partition("db_p", "events", ["2040", "fr"], False)
    assert hms.drop_partition_by_name("db_p", "events", "year=2040/country=de", False) is True
    res = hms.drop_partitions_req(DropPartitionsRequest(
        dbName="db_p", tblName="events", needResult=True,
        parts=RequestPartsSpec(names=["year=2041/country=nl", "year=2042/country=fr"])))
    assert sorted(p.values for p in res.partitions) == [["2041", "nl"], ["2042", "fr"]]
    assert not [n for n in hms.get_partition_names("db_p", "events", -1)
                if n.startswith("year=204")]


def test_environment_context_and_request_forms(server, part_table):
    """The forms the other tests do not reach: each with an environment context
    or as a request struct, against the plain form's result."""
    hms = part_table
    env = EnvironmentContext(properties={"DO_NOT_UPDATE_STATS": "true"})
    p = hms.add_partition_with_environment_context(_partition("db_p", "events", ["2050", "fr"]),
                                                   env)
    assert p.values == ["2050", "fr"]
    assert hms.append_partition_with_environment_context("db_p", "events", ["2050", "de"],
                                                         env).values == ["2050", "de"]
    assert hms.append_partition_by_name_with_environment_context(
        "db_p", "events", "year=2050/country=it", env).values == ["2050", "it"]
    assert hms.append_partition_req(AppendPartitionsRequest(
        catalogName="hive", dbName="db_p", tableName="events", partVals=["2050", "es"],
        environmentContext=env)).values == ["2050", "es"]
    assert hms.append_partition_req(AppendPartitionsRequest(
        dbName="db_p", tableName="events", name="year=2050/country=pt")).values == \
        ["2050", "pt"]
    with pytest.raises(AlreadyExistsException):
        hms.append_partition_req(AppendPartitionsRequest(dbName="db_p", tableName="events",
                                                         partVals=["2050", "pt"]))

    got = hms.get_partition_req(GetPartitionRequest(catName="hive", dbName="db_p",
                                                    tblName="events", partVals=["2050", "fr"]))
    assert got.partition == hms.get_partition("db_p", "events", ["2050", "fr"])
    with pytest.raises(NoSuchObjectException):
        hms.get_partition_req(GetPartitionRequest(dbName="db_p", tblName="events",
                                                  partVals=["1999", "fr"]))
    by_filter = hms.get_partitions_by_filter_req(GetPartitionsByFilterRequest(
        dbName="db_p", tblName="events", filter='year = "2050" and country < "f"'))
    assert sorted(p.values for p in by_filter) == [["2050", "de"], ["2050", "es"]]
    assert by_filter == hms.get_partitions_by_filter("db_p", "events",
                                                     'year = "2050" and country < "f"', -1)
    with pytest.raises(MetaException):
        hms.get_partitions_by_filter_req(GetPartitionsByFilterRequest(
            dbName="db_p", tblName="events", filter="year = = broken"))

    p = hms.get_partition("db_p", "events", ["2050", "fr"])
    p.parameters["via"] = "env"
    hms.alter_partition_with_environment_context("db_p", "events", p, env)
    assert hms.get_partition("db_p", "events", ["2050", "fr"]).parameters["via"] == "env"
    q = hms.get_partition("db_p", "events", ["2050", "de"])
    q.parameters["via"] = "batch"
    hms.alter_partitions_with_environment_context("db_p", "events", [q], env)
    assert hms.get_partition("db_p", "events", ["2050", "de"]).parameters["via"] == "batch"

    assert hms.drop_partition_with_environment_context("db_p", "events", ["2050", "fr"], False,
                                                       env) is True
    assert hms.drop_partition_by_name_with_environment_context(
        "db_p", "events", "year=2050/country=de", False, env) is True
    assert hms.drop_partition_req(DropPartitionRequest(
        dbName="db_p", tblName="events", partVals=["2050", "it"], deleteData=False)) is True
    assert hms.drop_partition_req(DropPartitionRequest(
        dbName="db_p", tblName="events", partName="year=2050/country=es")) is True
    with pytest.raises(NoSuchObjectException):
        hms.drop_partition_req(DropPartitionRequest(dbName="db_p", tblName="events",
                                                    partName="year=2050/country=es"))
    assert [n for n in hms.get_partition_names("db_p", "events", -1)
            if n.startswith("year=2050")] == ["year=2050/country=pt"]

    _create_db(hms, "db_forms")
    hms.create_table_req(CreateTableRequest(table=_table("db_forms", "made_by_req"),
                                            envContext=env))
    assert hms.get_table("db_forms", "made_by_req").tableName == "made_by_req"
    with pytest.raises(AlreadyExistsException):
        hms.create_table_req(CreateTableRequest(table=_table("db_forms", "made_by_req")))
    db = hms.get_database("db_forms")
    db.description = "changed by alter_database_req"
    hms.alter_database_req(AlterDatabaseRequest(oldDbName="db_forms", newDb=db))
    assert hms.get_database("db_forms").description == "changed by alter_database_req"
    with pytest.raises(NoSuchObjectException):
        hms.alter_database_req(AlterDatabaseRequest(oldDbName="no_such_db", newDb=db))


def test_every_served_method_is_called_by_an_integration_test():
    """A served method no test here calls is a method nobody checked on the wire."""
    here = os.path.dirname(os.path.abspath(__file__))
    text = "".join(open(os.path.join(here, f)).read()
                   for f in os.listdir(here) if f.endswith(".py"))
    uncalled = sorted(m for m in _served_methods()
                      if not re.search(r"\b%s\s*\(" % re.escape(m), text))
    assert uncalled == []


# ---------------------------------------------------------------------------
# Unknown and unserved methods
# ---------------------------------------------------------------------------

def _declared_methods():
    names = set()
    for idl in ("hive_metastore.thrift", "fb303.thrift"):
        text = open(os.path.join(SOURCE_DIR, "thrift", idl)).read()
        body = text[text.index("\nservice "):]
        names |= set(re.findall(r"\n\s+(?:oneway\s+)?[A-Za-z_0-9<>, .]+?\s+([A-Za-z_0-9]+)\(",
                                body))
    return names


def _served_methods():
    text = open(os.path.join(SOURCE_DIR, "thrift", "served_methods.cc")).read()
    block = text[text.index("BEGIN SERVED METHODS"):text.index("END SERVED METHODS")]
    return set(re.findall(r'"([A-Za-z_0-9]+)"', block))


def _raw_call(protocol, name, seqid=7):
    """Sends `name` with an empty argument struct; returns the reply's exception."""
    protocol.writeMessageBegin(name, TMessageType.CALL, seqid)
    protocol.writeStructBegin("args")
    protocol.writeFieldStop()
    protocol.writeStructEnd()
    protocol.writeMessageEnd()
    protocol.trans.flush()
    fname, mtype, rseqid = protocol.readMessageBegin()
    assert (fname, rseqid) == (name, seqid)
    assert mtype == TMessageType.EXCEPTION, name
    error = TApplicationException()
    error.read(protocol)
    protocol.readMessageEnd()
    return error


def test_unserved_methods_answer_unknown_method(server):
    served = _served_methods()
    declared = _declared_methods()
    assert served <= declared
    not_served = sorted(declared - served) + ["no_such_method_at_all"]
    assert "get_partitions_by_expr" in not_served
    c = Client(server.thrift_port)
    for name in not_served:
        error = _raw_call(c.protocol, name)
        assert error.type == UNKNOWN_METHOD, name
        assert error.message == f"method '{name}' is not supported by almanac"
    assert c.hms.getStatus() == fb_status.ALIVE
    c.close()


# ---------------------------------------------------------------------------
# Transports and protocols
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("framed,compact", [(True, False), (False, True), (True, True)])
def test_other_transports_and_protocols(server, framed, compact):
    c = Client(server.thrift_port, framed=framed, compact=compact)
    hms = c.hms
    name = "db_wire_%d_%d" % (framed, compact)
    hms.set_ugi("carol", [])
    _create_db(hms, name)
    assert hms.get_database(name).ownerName == "carol"
    with pytest.raises(NoSuchObjectException):
        hms.get_database("db_missing")
    with pytest.raises(TApplicationException) as info:
        hms.get_partitions_by_expr(PartitionsByExprRequest(dbName=name, tblName="t", expr=b"x"))
    assert info.value.type == UNKNOWN_METHOD
    hms.drop_database(name, False, False)
    c.close()


# ---------------------------------------------------------------------------
# Robustness: each abuse closes one connection; everyone else is served and
# nothing changes.
# ---------------------------------------------------------------------------

@pytest.fixture
def unchanged(server):
    c = Client(server.thrift_port)
    before = _snapshot(c.hms)
    c.close()
    yield
    c = Client(server.thrift_port)
    assert c.hms.getStatus() == fb_status.ALIVE
    assert _snapshot(c.hms) == before
    c.close()
    assert server.proc.poll() is None


def _send_and_close(port, data, rst=False, read=True):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(data)
    except OSError:
        pass  # the server may close first
    if read:
        s.settimeout(10)
        try:
            while s.recv(65536):
                pass
        except OSError:
            pass
    if rst:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def _message_header(name, seqid=1):
    return struct.pack(">HHi", 0x8001, TMessageType.CALL, len(name)) + name.encode() + \
        struct.pack(">i", seqid)


def test_random_bytes(server, unchanged):
    rng = random.Random(1234)
    for _ in range(20):
        _send_and_close(server.thrift_port, bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4096))))
    # Random bytes after a valid binary message start.
    for _ in range(10):
        _send_and_close(server.thrift_port, b"\x80\x01\x00\x01" +
                        bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4096))))


def test_truncated_messages(server, unchanged):
    before = len(server.events("hms_connection_closed"))
    # A frame announcing 100 bytes that sends 10.
    _send_and_close(server.thrift_port, struct.pack(">i", 100) + _message_header("get_all_databases")[:10],
                    read=False)
    # An unframed create_database cut inside its arguments.
    body = _message_header("create_database") + b"\x0c\x00\x01" + b"\x0b\x00\x01" + \
        struct.pack(">i", 50) + b"db_trunc"
    _send_and_close(server.thrift_port, body, read=False)
    _wait_for(lambda: len([e for e in server.events("hms_connection_closed")[before:]
                           if "middle of a message" in e.get("reason", "")]) == 2)


def test_huge_length_prefixes(server, unchanged):
    before = len(server.events("hms_connection_closed"))
    # A 2 GB frame.
    _send_and_close(server.thrift_port, struct.pack(">I", 0x7FFFFFFF) + b"\x80\x01\x00\x01" + b"x" * 64)
    # A 2 GB string (the method name) in an unframed message.
    _send_and_close(server.thrift_port, struct.pack(">HHi", 0x8001, 1, 0x7FFFFFFF) + b"x" * 64)
    # A 2 GB string inside the arguments.
    _send_and_close(server.thrift_port, _message_header("get_database") + b"\x0b\x00\x01" +
                    struct.pack(">i", 0x7FFFFFFF) + b"x" * 64)
    # A list claiming 2^31-1 elements.
    _send_and_close(server.thrift_port, _message_header("get_table_objects_by_name") +
                    b"\x0b\x00\x01" + struct.pack(">i", 1) + b"d" + b"\x0f\x00\x02\x0b" +
                    struct.pack(">i", 0x7FFFFFFF) + b"x" * 64)
    _wait_for(lambda: len(server.events("hms_connection_closed")) >= before + 4)
    reasons = [e.get("reason", "") for e in server.events("hms_connection_closed")[before:]]
    assert any("frame" in r.lower() or "maxmessagesize" in r.lower() for r in reasons), reasons


def test_oversized_message_is_refused(server, unchanged):
    c = Client(server.thrift_port)
    with pytest.raises(Exception):
        c.hms.create_database(Database(name="db_big", description="x" * (2 * MAX_MESSAGE_BYTES),
                                       locationUri="", parameters={}))
    c.close()


@pytest.mark.parametrize("framed,compact", [(False, False), (True, False), (False, True)])
def test_many_messages_on_one_connection_exceed_the_limit_only_in_total(server, framed, compact):
    c = Client(server.thrift_port, framed=framed, compact=compact)
    payload = "y" * (MAX_MESSAGE_BYTES // 8)
    for _ in range(24):  # 3x the per-message limit in total
        assert c.hms.get_config_value("hive.unknown.key", payload) == payload
    c.close()


def test_deeply_nested_structs(server, unchanged):
    before = len(server.events("hms_connection_closed"))
    # An unknown struct field nested 1000 deep in create_database's argument.
    nested = b"".join(b"\x0c\x00\x63" for _ in range(1000)) + b"\x00" * 1001
    _send_and_close(server.thrift_port, _message_header("create_database") + b"\x0c\x00\x01" + nested +
                    b"\x00")
    # Same through a declared field: Table -> sd -> serdeInfo ... then unknown nesting.
    _send_and_close(server.thrift_port, _message_header("create_table") + b"\x0c\x00\x01\x0c\x00\x07" +
                    nested + b"\x00\x00\x00")
    _wait_for(lambda: any("depth" in e.get("reason", "").lower() or
                          "recursion" in e.get("reason", "").lower()
                          for e in server.events("hms_connection_closed")[before:]))


def test_vanishing_clients(server, unchanged):
    # Gone in the middle of a request, with a reset.
    _send_and_close(server.thrift_port, _message_header("create_database") + b"\x0c\x00\x01",
                    rst=True, read=False)
    # Gone right after sending a full request, before reading the answer.
    c = Client(server.thrift_port)
    c.hms.send_get_all_databases()
    c.socket.handle.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    # Connected, never sent anything.
    s = socket.create_connection(("127.0.0.1", server.thrift_port))
    s.close()


def test_200_concurrent_clients(server, unchanged):
    n = 200
    barrier = threading.Barrier(n)
    errors = []

    def worker(i):
        try:
            c = Client(server.thrift_port)
            c.hms.set_ugi("user%d" % i, [])
            barrier.wait(timeout=60)  # all 200 connections open at once
            names = c.hms.get_all_databases()
            if names:
                assert c.hms.get_database(names[i % len(names)]).name in names
            assert c.hms.getStatus() == fb_status.ALIVE
            c.close()
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []


def _wait_for(predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    assert predicate()


def test_clean_shutdown_with_idle_and_busy_clients():
    data_dir = tempfile.mkdtemp(prefix="hms_stop_")
    s = _server(data_dir)
    idle = Client(s.thrift_port)
    idle.hms.getStatus()
    raw = socket.create_connection(("127.0.0.1", s.thrift_port))  # connected, silent
    started = time.time()
    assert s.stop() == 0
    assert time.time() - started < 30
    assert s.events("stopped")
    idle.close()
    raw.close()
