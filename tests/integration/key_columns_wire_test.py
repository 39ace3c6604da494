"""Key columns through the real `almanac serve`, with two servers on one catalog.

A table of 12,000 partitions (ds string, hr int, b int: over the 10,000 that
the reader connections' own caches hold) is filtered on its last key, which no
index bounds. From the second such listing on, server A answers from the
partition names and typed keys it holds in memory (the explain of gRPC
ListPartitionNames says so). The answers must stay exactly those computed here
from the partition values while partitions are added and dropped
through A and through a second server process B on the same data directory;
a write through B to another table must leave A's entry in use.

The Thrift client is generated from thrift/*.thrift, the gRPC stubs from
proto/, at test time (almanac_testlib).
"""

import os
import sys
import tempfile

import grpc
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from almanac_testlib import Client, Server, generate_clients, text_sd  # noqa: E402

_modules = generate_clients(grpc=True)
from almanac_hms.ttypes import (  # noqa: E402
    Database, FieldSchema, Partition, Table)
pb = _modules.pb
pb_grpc = _modules.pb_grpc

DB = "kc"
TABLE = "events"
DAYS = ["2024-01-%02d" % d for d in range(1, 26)]  # 25 x 24 x 20 = 12,000
HOURS = range(24)
BUCKETS = range(20)
HELD = "held in memory"


def _sd():
    return text_sd()


def _table(name, keys):
    return Table(tableName=name, dbName=DB, owner="", createTime=0, lastAccessTime=0,
                 retention=0, sd=_sd(),
                 partitionKeys=[FieldSchema(name=k, type=t, comment="") for k, t in keys],
                 parameters={}, viewOriginalText="", viewExpandedText="",
                 tableType="EXTERNAL_TABLE")


def _partition(values, table=TABLE):
    return Partition(values=list(values), dbName=DB, tableName=table, createTime=0,
                     lastAccessTime=0, sd=_sd(), parameters={})


def _name(values):
    return "ds=%s/hr=%s/b=%s" % tuple(values)


@pytest.fixture(scope="module")
def env():
    data_dir = tempfile.mkdtemp(prefix="key_columns_wire_")
    a = Server(data_dir)
    b = Server(data_dir)
    clients = [Client(a.thrift_port, timeout_ms=120000), Client(b.thrift_port, timeout_ms=120000)]
    hms_a, hms_b = clients[0].hms, clients[1].hms
    hms_a.create_database(Database(name=DB, description="", locationUri="", parameters={}))
    hms_a.create_table(_table(TABLE, [("ds", "string"), ("hr", "int"), ("b", "int")]))
    hms_a.create_table(_table("other", [("x", "string")]))
    values = [(d, str(h), str(k)) for d in DAYS for h in HOURS for k in BUCKETS]
    for i in range(0, len(values), 1000):
        assert hms_a.add_partitions([_partition(v) for v in values[i:i + 1000]]) == 1000
    channel = grpc.insecure_channel("127.0.0.1:%d" % a.grpc_port)
    stub = pb_grpc.CatalogServiceStub(channel)
    yield {"a": hms_a, "b": hms_b, "stub": stub, "values": set(values)}
    for c in clients:
        c.close()
    channel.close()
    for s in (a, b):
        if s.proc.poll() is None:
            s.stop()


def _plan(stub, text):
    """The explain plan of A's names listing of `text` (every page), and the names."""
    names, plans, token = [], set(), ""
    while True:
        resp = stub.ListPartitionNames(pb.ListPartitionsRequest(
            database=DB, table=TABLE, filter=text, dialect=pb.FILTER_DIALECT_GLUE,
            page_size=1000, page_token=token, explain=True))
        names.extend(resp.names)
        plans.add(resp.explain.plan)
        token = resp.next_page_token
        if not token:
            return names, plans


def _check(env, bucket, hour=None):
    """A's Thrift answers for b = `bucket` (and hr = `hour`) against the values."""
    hms, values = env["a"], env["values"]
    want = sorted(_name(v) for v in values
                  if v[2] == str(bucket) and (hour is None or v[1] == str(hour)))
    spec = ["", "" if hour is None else str(hour), str(bucket)]
    assert hms.get_partition_names_ps(DB, TABLE, spec, -1) == want
    text = "b = %d" % bucket if hour is None else "b = %d AND hr = %d" % (bucket, hour)
    got = hms.get_partitions_by_filter(DB, TABLE, text, -1)
    assert sorted(_name(p.values) for p in got) == want
    assert hms.get_num_partitions_by_filter(DB, TABLE, text) == len(want)
    return want


def test_answers_come_from_memory_and_follow_every_write(env):
    stub = env["stub"]
    _check(env, 7)
    _check(env, 7)
    names, plans = _plan(stub, "b = 7")
    assert any(HELD in p for p in plans), plans
    assert len(names) == 25 * 24
    _check(env, 3, hour=5)

    # Through A: add, then drop.
    env["a"].add_partitions([_partition(("2024-02-01", "1", "7"))])
    env["values"].add(("2024-02-01", "1", "7"))
    _check(env, 7)
    env["a"].drop_partition(DB, TABLE, ["2024-01-01", "0", "7"], False)
    env["values"].discard(("2024-01-01", "0", "7"))
    _check(env, 7)
    _check(env, 7)
    names, plans = _plan(stub, "b = 7")
    assert any(HELD in p for p in plans), plans
    assert "ds=2024-02-01/hr=1/b=7" in names and "ds=2024-01-01/hr=0/b=7" not in names

    # Through B, another process on the same file.
    env["b"].add_partitions([_partition(("2024-03-01", "2", "7"))])
    env["values"].add(("2024-03-01", "2", "7"))
    _check(env, 7)
    env["b"].drop_partition(DB, TABLE, ["2024-01-02", "0", "7"], False)
    env["values"].discard(("2024-01-02", "0", "7"))
    _check(env, 7)
    _check(env, 7)


def test_a_write_to_another_table_keeps_the_entry(env):
    stub = env["stub"]
    _check(env, 11)
    _check(env, 11)
    _, plans = _plan(stub, "b = 11")
    assert any(HELD in p for p in plans), plans
    env["b"].add_partitions([_partition(("v",), table="other")])
    # The first listing after the write is answered from memory: no miss.
    names, plans = _plan(stub, "b = 11")
    assert all(HELD in p for p in plans), plans
    assert sorted(names) == sorted(_name(v) for v in env["values"] if v[2] == "11")


def test_a_filter_an_index_bounds_seeks_instead(env):
    for _ in range(3):
        names, plans = _plan(env["stub"], "ds = '2024-01-05'")
        assert not any(HELD in p for p in plans), plans
        assert len(names) == 24 * 20
