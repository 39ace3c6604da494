"""Partition filters through both wires of the real `almanac serve`.

A table with 3,000 partitions is created over Thrift (add_partitions); the same
filters must then give the right answer (computed here in Python from the
partition values) through the Hive metastore calls (get_partitions_by_filter,
get_num_partitions_by_filter, get_partition_names_ps) and through gRPC
(ListPartitions paged with explain, CountPartitions), with and without a
partition index. Injection attempts in literals and identifiers must give a
clear error or a correct answer and leave the table unchanged.

The Thrift client is generated from thrift/*.thrift with `thrift --gen py`, the
gRPC stubs from proto/almanac/v1/catalog.proto with grpc_tools.protoc, both at
test time. The server ($ALMANAC_BIN) listens on port 0; its ports are read from
the "listening" log lines.
"""

import os
import sys
import tempfile
import time

import grpc
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from almanac_testlib import Client, Server, generate_clients, text_sd  # noqa: E402

DB = "fw"
TABLE = "events"
YEARS = range(2015, 2025)   # 10
MONTHS = range(1, 13)       # 12
REGIONS = ["r%02d" % i for i in range(25)]  # 25 -> 3,000 partitions


_modules = generate_clients(grpc=True)
from almanac_hms.ttypes import (  # noqa: E402
    Database, FieldSchema, MetaException, Partition, Table)
pb = _modules.pb
pb_grpc = _modules.pb_grpc


def _sd(location=""):
    return text_sd(location)


ALL = [(str(y), str(m), r) for y in YEARS for m in MONTHS for r in REGIONS]


@pytest.fixture(scope="module")
def env():
    server = Server(tempfile.mkdtemp(prefix="filter_wire_data_"))
    client = Client(server.thrift_port, timeout_ms=120000)
    hms = client.hms
    channel = grpc.insecure_channel("127.0.0.1:%d" % server.grpc_port)
    stub = pb_grpc.CatalogServiceStub(channel)

    hms.create_database(Database(name=DB, description="", locationUri="", parameters={}))
    hms.create_table(Table(
        tableName=TABLE, dbName=DB, owner="", createTime=0, lastAccessTime=0, retention=0,
        sd=_sd(), partitionKeys=[FieldSchema(name="year", type="int", comment=""),
                                 FieldSchema(name="month", type="int", comment=""),
                                 FieldSchema(name="region", type="string", comment="")],
        parameters={}, viewOriginalText="", viewExpandedText="", tableType="EXTERNAL_TABLE"))
    for i in range(0, len(ALL), 500):
        parts = [Partition(values=list(v), dbName=DB, tableName=TABLE, createTime=0,
                           lastAccessTime=0, sd=_sd(), parameters={})
                 for v in ALL[i:i + 500]]
        assert hms.add_partitions(parts) == len(parts)
    yield hms, stub
    client.close()
    channel.close()
    if server.proc.poll() is None:
        server.stop()


# (hive filter, glue filter, the answer as a Python predicate on (year, month, region))
CASES = [
    ("year = 2020", "year = 2020", lambda y, m, r: y == 2020),
    ("year >= 2022 and month < 3", "year >= 2022 AND month < 3",
     lambda y, m, r: y >= 2022 and m < 3),
    ('region = "r07"', "region = 'r07'", lambda y, m, r: r == "r07"),
    ("year between 2016 and 2017 and region in ('r01', 'r02')",
     "year BETWEEN 2016 AND 2017 AND region IN ('r01', 'r02')",
     lambda y, m, r: 2016 <= y <= 2017 and r in ("r01", "r02")),
    ("region like 'r1.*' and month = 5", "region LIKE 'r1%' AND month = 5",
     lambda y, m, r: r.startswith("r1") and m == 5),
    ("not (year <> 2019) or (month = 12 and region = 'r24')",
     "NOT (year <> 2019) OR (month = 12 AND region = 'r24')",
     lambda y, m, r: y == 2019 or (m == 12 and r == "r24")),
    ("year = 2021 and month = 6 and region = 'r03'",
     "year = 2021 AND month = 6 AND region = 'r03'",
     lambda y, m, r: y == 2021 and m == 6 and r == "r03"),
    ("year < 2000", "year < 2000", lambda y, m, r: False),
]


def _expected(pred):
    return {v for v in ALL if pred(int(v[0]), int(v[1]), v[2])}


def _name(v):
    return "year=%s/month=%s/region=%s" % v


def _grpc_list(stub, text, dialect, page_size=700):
    """Every page of a listing: (set of value tuples, explains, number of rows)."""
    got, explains, rows = set(), [], 0
    token = ""
    while True:
        resp = stub.ListPartitions(pb.ListPartitionsRequest(
            database=DB, table=TABLE, filter=text, dialect=dialect, page_size=page_size,
            page_token=token, explain=True))
        rows += len(resp.partitions)
        got.update(tuple(p.values) for p in resp.partitions)
        explains.append(resp.explain)
        token = resp.next_page_token
        if not token:
            return got, explains, rows


def _grpc_count(stub, text, dialect):
    return stub.CountPartitions(pb.CountPartitionsRequest(
        database=DB, table=TABLE, filter=text, dialect=dialect)).count


def _check_all_cases(hms, stub):
    for hive, glue, pred in CASES:
        want = _expected(pred)
        got = {tuple(p.values) for p in hms.get_partitions_by_filter(DB, TABLE, hive, -1)}
        assert got == want, hive
        assert hms.get_num_partitions_by_filter(DB, TABLE, hive) == len(want), hive
        for text, dialect in ((glue, pb.FILTER_DIALECT_GLUE), (hive, pb.FILTER_DIALECT_HIVE)):
            got, explains, rows = _grpc_list(stub, text, dialect)
            assert got == want and rows == len(want), text
            assert sum(e.rows_returned for e in explains) == len(want), text
            assert _grpc_count(stub, text, dialect) == len(want), text


def test_filters_agree_on_both_wires_without_index(env):
    hms, stub = env
    assert len(hms.get_partition_names(DB, TABLE, -1)) == len(ALL)
    _check_all_cases(hms, stub)
    # No user index: the built-in one on the leading keys (year, month) seeks.
    _, explains, _ = _grpc_list(stub, "year = 2021 AND month = 6", pb.FILTER_DIALECT_GLUE)
    assert all(e.index_used == "(leading keys)" for e in explains)
    # A filter on a later key alone reads in name order.
    _, explains, _ = _grpc_list(stub, "region = 'r05'", pb.FILTER_DIALECT_GLUE)
    assert all(e.index_used == "" for e in explains)


def test_partition_names_ps(env):
    hms, _ = env
    names = hms.get_partition_names_ps(DB, TABLE, ["2020", "", ""], -1)
    assert sorted(names) == sorted(_name(v) for v in ALL if v[0] == "2020")
    names = hms.get_partition_names_ps(DB, TABLE, ["2020", "7", "r11"], -1)
    assert names == ["year=2020/month=7/region=r11"]
    names = hms.get_partition_names_ps(DB, TABLE, ["", "", "r05"], -1)
    assert sorted(names) == sorted(_name(v) for v in ALL if v[2] == "r05")
    assert hms.get_partition_names_ps(DB, TABLE, ["1999", "", ""], -1) == []
    assert len(hms.get_partition_names_ps(DB, TABLE, ["2020", "", ""], 10)) == 10


def test_filters_agree_with_index_and_index_prunes(env):
    hms, stub = env
    stub.CreatePartitionIndex(pb.CreatePartitionIndexRequest(
        database=DB, table=TABLE, index=pb.PartitionIndex(name="by_year_month",
                                                          keys=["year", "month"])))
    deadline = time.time() + 60
    while True:
        indexes = stub.ListPartitionIndexes(pb.ListPartitionIndexesRequest(
            database=DB, table=TABLE)).indexes
        if all(i.state in ("", "ACTIVE") for i in indexes) or time.time() > deadline:
            break
        time.sleep(0.2)
    _check_all_cases(hms, stub)
    for text, dialect in (("year = 2021 AND month = 6", pb.FILTER_DIALECT_GLUE),
                          ("year = 2021 and month = 6", pb.FILTER_DIALECT_HIVE)):
        got, explains, rows = _grpc_list(stub, text, dialect)
        assert rows == len(REGIONS)
        assert explains[0].index_used == "by_year_month", explains[0]
        examined = sum(e.rows_examined for e in explains)
        assert 0 < examined < len(ALL), explains
        assert sum(e.rows_returned for e in explains) == len(REGIONS)
    # A filter that does not constrain the index's first key cannot use it.
    _, explains, _ = _grpc_list(stub, "region = 'r01'", pb.FILTER_DIALECT_GLUE)
    assert explains[0].index_used == ""


MB = "x" * (1 << 20)

# Filters that must be refused (InvalidArgument / MetaException) on every path
# they are valid for: (hive or None, glue or None).
REFUSED = [
    ("year = 2020; drop table events", "year = 2020; DROP TABLE events"),
    ("year = 2020 -- and month = 1", "year = 2020 -- AND month = 1"),
    ("`year; delete from partitions` = 1", "`year; DELETE FROM partitions` = 1"),
    ("year\x00 = 2020", "year\x00 = 2020"),
    ("year = '2020\x00'", "year = '2020\x00'"),
    ("year = '1 or 1=1'", "year = '1 OR 1=1'"),
    ("region = 'a' or \"1\"=\"1\"", "region = 'a' OR '1'='1'"),
    (None, "region = '" + MB + "'"),  # Glue's 2048-byte limit
    ("year = '" + MB + "'", "year = '" + MB[:1000] + "'"),  # not an integer
    ("region = 'unterminated", "region = 'unterminated"),
    # Glue's doubled quote is no escape in Hive: the rest is a stray string.
    ("region like '.*'' or ''x'", None),
]

# Filters whose hostile-looking literal is just text: the right answer is no row.
EMPTY = [
    ("region = 'r01\\' or \\'1\\'=\\'1'", "region = 'r01'' OR ''1''=''1'"),
    ("region = 'r01; drop table events; --'", "region = 'r01; DROP TABLE events; --'"),
    ("region = \"r01\\\" or region <> \\\"\"", "region = \"r01\"\" OR region <> \"\"\""),
    ("region = 'r01\x00'", "region = 'r01\x00'"),
    ("region = '" + MB + "'", "region = '" + MB[:2000] + "'"),
    ("region like '.*\\' or \\'x'", "region LIKE '%'' OR ''x'"),
]


def _refused_hms(hms, text):
    with pytest.raises(MetaException) as info:
        hms.get_partitions_by_filter(DB, TABLE, text, -1)
    assert info.value.message and len(info.value.message) < 4096
    with pytest.raises(MetaException):
        hms.get_num_partitions_by_filter(DB, TABLE, text)


def _refused_grpc(stub, text, dialect):
    with pytest.raises(grpc.RpcError) as info:
        _grpc_list(stub, text, dialect)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT, info.value.details()
    assert info.value.details() and len(info.value.details()) < 4096
    with pytest.raises(grpc.RpcError) as info:
        _grpc_count(stub, text, dialect)
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_injection_attempts_are_refused_or_harmless(env):
    hms, stub = env
    before = sorted(hms.get_partition_names(DB, TABLE, -1))
    for hive, glue in REFUSED:
        if hive is not None:
            _refused_hms(hms, hive)
            _refused_grpc(stub, hive, pb.FILTER_DIALECT_HIVE)
        if glue is not None:
            _refused_grpc(stub, glue, pb.FILTER_DIALECT_GLUE)
    for hive, glue in EMPTY:
        assert hms.get_partitions_by_filter(DB, TABLE, hive, -1) == [], hive[:80]
        assert hms.get_num_partitions_by_filter(DB, TABLE, hive) == 0, hive[:80]
        for text, dialect in ((hive, pb.FILTER_DIALECT_HIVE), (glue, pb.FILTER_DIALECT_GLUE)):
            got, _, _ = _grpc_list(stub, text, dialect)
            assert got == set(), text[:80]
            assert _grpc_count(stub, text, dialect) == 0, text[:80]
    # Hostile partial specs are values, not syntax.
    for bad in ("2020' or '1'='1", "2020; drop table events", "20%", "*", "2020\x00"):
        assert hms.get_partition_names_ps(DB, TABLE, [bad, "", ""], -1) == [], bad
    after = sorted(hms.get_partition_names(DB, TABLE, -1))
    assert after == before
    assert hms.get_num_partitions_by_filter(DB, TABLE, "") == len(ALL)
    assert _grpc_count(stub, "", pb.FILTER_DIALECT_GLUE) == len(ALL)
    assert hms.get_all_tables(DB) == [TABLE]
