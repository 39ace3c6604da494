"""Integration tests, at the wire, of what a real Trino found (see
tests/e2e/test_trino.py), against the real `almanac serve` ($ALMANAC_BIN,
port 0), each compared with what the Java Hive metastore 4.0.0 answers
(tools/bench/java_hms):

- create_table with Table.privileges (Trino's sql-standard security sends the
  creator's SELECT/INSERT/UPDATE/DELETE so) stores them as grants;
- get_config_value("metastore.txn.timeout") answers "300s", and the
  transaction call that follows (open_txns) is refused as not supported;
- a partition value of "" names the default partition
  (p=__HIVE_DEFAULT_PARTITION__), which is then the same partition as
  __HIVE_DEFAULT_PARTITION__;
- every call gives a log line (debug), a failed one at info with its exception.
"""

import os
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402
from almanac_testlib import Server, generate_clients  # noqa: E402

generate_clients()
from almanac_hms.ttypes import (  # noqa: E402
    AlreadyExistsException, Database, FieldSchema, HiveObjectRef, HiveObjectType, Partition,
    PrincipalPrivilegeSet, PrincipalType, PrivilegeGrantInfo, SerDeInfo, StorageDescriptor,
    Table)
from thrift.Thrift import TApplicationException, TMessageType  # noqa: E402

USER, ROLE = PrincipalType.USER, PrincipalType.ROLE


class Client(almanac_testlib.Client):
    def __init__(self, port):
        super().__init__(port)
        self.hms.set_ugi("alice", [])


@pytest.fixture(scope="module")
def server():
    s = Server(tempfile.mkdtemp(prefix="hms_trino_data_"), extra_args=["--log-level", "debug"])
    c = Client(s.thrift_port)
    c.hms.create_database(Database(name="tr", description="", locationUri="", parameters={}))
    c.close()
    yield s
    if s.proc.poll() is None:
        assert s.stop() == 0


@pytest.fixture
def hms(server):
    c = Client(server.thrift_port)
    yield c.hms
    c.close()


def _sd():
    return StorageDescriptor(
        cols=[FieldSchema("x", "int", "")], location="",
        inputFormat="org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
        serdeInfo=SerDeInfo(name="", parameters={},
                            serializationLib="org.apache.hadoop.hive.ql.io.orc.OrcSerde"),
        bucketCols=[], sortCols=[], parameters={})


def _grant(what, grantor="alice", grant_option=True):
    return PrivilegeGrantInfo(privilege=what, createTime=0, grantor=grantor, grantorType=USER,
                              grantOption=grant_option)


def _table_ref(name):
    return HiveObjectRef(objectType=HiveObjectType.TABLE, dbName="tr", objectName=name,
                         partValues=[], columnName="")


def test_create_table_stores_the_privileges_it_carries(hms):
    # What Trino's sql-standard security sends for CREATE TABLE by alice.
    privileges = PrincipalPrivilegeSet(
        userPrivileges={"alice": [_grant(p) for p in ("SELECT", "INSERT", "UPDATE", "DELETE")]},
        groupPrivileges={},
        rolePrivileges={"analysts": [_grant("select", grant_option=False)]})
    hms.create_table(Table(tableName="owned", dbName="tr", owner="alice", sd=_sd(),
                           partitionKeys=[], parameters={}, tableType="MANAGED_TABLE",
                           privileges=privileges))
    mine = hms.list_privileges("alice", USER, _table_ref("owned"))
    assert sorted((p.grantInfo.privilege, p.grantInfo.grantOption, p.grantInfo.grantor)
                  for p in mine) == [("DELETE", True, "alice"), ("INSERT", True, "alice"),
                                     ("SELECT", True, "alice"), ("UPDATE", True, "alice")]
    assert all(p.hiveObject.objectName == "owned" and p.hiveObject.dbName == "tr" for p in mine)
    assert all(p.grantInfo.createTime > 0 for p in mine)
    roles = hms.list_privileges("analysts", ROLE, _table_ref("owned"))
    assert [(p.grantInfo.privilege, p.grantInfo.grantOption) for p in roles] == [("SELECT", False)]
    # What Trino asks before an INSERT by alice.
    pset = hms.get_privilege_set(_table_ref("owned"), "alice", [])
    assert sorted(g.privilege for g in pset.userPrivileges["alice"]) == [
        "DELETE", "INSERT", "SELECT", "UPDATE"]
    # The grants go with the table.
    hms.drop_table("tr", "owned", True)
    assert hms.list_privileges("alice", USER, _table_ref("owned")) == []


def test_create_table_without_privileges_grants_nothing(hms):
    hms.create_table(Table(tableName="plain", dbName="tr", owner="alice", sd=_sd(),
                           partitionKeys=[], parameters={}, tableType="MANAGED_TABLE"))
    assert hms.list_privileges("alice", USER, _table_ref("plain")) == []


def test_a_refused_create_table_keeps_no_grant(hms):
    privileges = PrincipalPrivilegeSet(userPrivileges={"alice": [_grant("SELECT")]},
                                       groupPrivileges={}, rolePrivileges={})
    hms.create_table(Table(tableName="twice", dbName="tr", owner="alice", sd=_sd(),
                           partitionKeys=[], parameters={}, tableType="MANAGED_TABLE"))
    with pytest.raises(AlreadyExistsException):
        hms.create_table(Table(tableName="twice", dbName="tr", owner="alice", sd=_sd(),
                               partitionKeys=[], parameters={}, tableType="MANAGED_TABLE",
                               privileges=privileges))
    assert hms.list_privileges("alice", USER, _table_ref("twice")) == []


def test_transaction_timeout_and_transactions_refused(hms):
    # Trino parses a unit suffix from this answer; the Java metastore says 300s.
    assert hms.get_config_value("metastore.txn.timeout", "") == "300s"
    assert hms.get_config_value("metastore.txn.timeout", "x") == "300s"
    # Then it opens a transaction, which Almanac does not run. The generated
    # client has no open_txns (the IDL subset leaves it out): a raw call.
    _raw_call(hms, "open_txns")
    name, mtype, seqid = hms._iprot.readMessageBegin()
    assert (name, mtype, seqid) == ("open_txns", TMessageType.EXCEPTION, 9)
    x = TApplicationException()
    x.read(hms._iprot)
    hms._iprot.readMessageEnd()
    assert x.type == TApplicationException.UNKNOWN_METHOD
    assert x.message == "method 'open_txns' is not supported by almanac"


def _raw_call(hms, method):
    """Sends `method` with empty arguments on the client's connection."""
    proto = hms._oprot
    proto.writeMessageBegin(method, TMessageType.CALL, 9)
    proto.writeStructBegin(f"{method}_args")
    proto.writeFieldStop()
    proto.writeStructEnd()
    proto.writeMessageEnd()
    proto.trans.flush()


def _partition(table, values):
    sd = _sd()
    return Partition(values=values, dbName="tr", tableName=table, sd=sd, parameters={})


def test_empty_partition_value_is_the_default_partition(hms):
    hms.create_table(Table(tableName="parts", dbName="tr", owner="alice", sd=_sd(),
                           partitionKeys=[FieldSchema("p", "string", ""),
                                          FieldSchema("q", "int", "")],
                           parameters={}, tableType="MANAGED_TABLE"))
    # The Java metastore accepts both and names them after the default partition.
    assert hms.add_partitions([_partition("parts", ["", "1"]),
                               _partition("parts", ["b", ""])]) == 2
    names = hms.get_partition_names("tr", "parts", -1)
    assert names == ["p=__HIVE_DEFAULT_PARTITION__/q=1", "p=b/q=__HIVE_DEFAULT_PARTITION__"]
    by_name = hms.get_partitions_by_names("tr", "parts", names)
    assert [p.values for p in by_name] == [["__HIVE_DEFAULT_PARTITION__", "1"],
                                          ["b", "__HIVE_DEFAULT_PARTITION__"]]
    assert by_name[0].sd.location.endswith("/parts/p=__HIVE_DEFAULT_PARTITION__/q=1")
    # "" and __HIVE_DEFAULT_PARTITION__ are one partition, as in the Java metastore.
    assert hms.get_partition("tr", "parts", ["", "1"]).values == [
        "__HIVE_DEFAULT_PARTITION__", "1"]
    with pytest.raises(AlreadyExistsException):
        hms.add_partitions([_partition("parts", ["__HIVE_DEFAULT_PARTITION__", "1"])])
    # The filter engine reads the stored values.
    nulls = hms.get_partitions_by_filter("tr", "parts", "q = 1", -1)
    assert [p.values for p in nulls] == [["__HIVE_DEFAULT_PARTITION__", "1"]]
    assert hms.drop_partition("tr", "parts", ["", "1"], False)
    assert hms.get_partition_names("tr", "parts", -1) == ["p=b/q=__HIVE_DEFAULT_PARTITION__"]


def test_every_call_is_logged(server, hms):
    hms.get_all_databases()
    with pytest.raises(Exception):
        hms.get_table("tr", "no_such_table")
    _raw_call(hms, "open_txns")
    hms._iprot.readMessageBegin()
    TApplicationException().read(hms._iprot)
    hms._iprot.readMessageEnd()
    hms.get_all_databases()  # the connection is still in step
    calls = server.wait_for_events("hms_call", lambda calls: len(
        [e for e in calls if e.get("method") == "get_all_databases"]) >= 2 and any(
        e.get("method") == "open_txns" for e in calls))
    ok = [e for e in calls if e.get("method") == "get_all_databases"]
    assert ok and ok[-1]["level"] == "debug" and ok[-1]["outcome"] == "ok"
    assert float(ok[-1]["duration_ms"]) >= 0 and ok[-1]["peer"].startswith("ipv4:127.0.0.1:")
    failed = [e for e in calls if e.get("method") == "get_table"]
    assert failed[-1]["level"] == "info" and failed[-1]["outcome"] == "error"
    assert failed[-1]["exception"] == "NoSuchObjectException"
    assert "no_such_table" in failed[-1]["message"]
    unserved = [e for e in calls if e.get("method") == "open_txns"]
    assert unserved[-1]["level"] == "info"
    assert unserved[-1]["exception"] == "TApplicationException"
    # set_ugi's arguments (who the caller says it is) and call arguments in
    # general are not logged: only method, peer, duration, outcome, error.
    keys = set().union(*(e.keys() for e in calls))
    assert keys <= {"ts", "level", "event", "front_end", "method", "peer", "duration_ms",
                    "outcome", "exception", "message"}
