"""Integration tests of column statistics and functions over the Hive Metastore
(Thrift) front end of the real `almanac serve` ($ALMANAC_BIN, port 0).

The Thrift Python client is generated at test time from thrift/*.thrift. Each
statistics call is exercised in its plain and request forms with the
exceptions its IDL declares; functions go through create/get/list/alter/drop;
a restart of the server on the same data directory keeps both.
"""

import json
import os
import struct
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402
from almanac_testlib import Server, generate_clients  # noqa: E402

generate_clients()
from almanac_hms.ttypes import (  # noqa: E402
    AddPartitionsRequest, AlreadyExistsException, BinaryColumnStatsData, BooleanColumnStatsData,
    ColumnStatistics, ColumnStatisticsData, ColumnStatisticsDesc, ColumnStatisticsObj, Database,
    Date, DateColumnStatsData, Decimal, DecimalColumnStatsData, DeleteColumnStatisticsRequest,
    DoubleColumnStatsData, FieldSchema, Function, FunctionType, InvalidInputException,
    InvalidObjectException, InvalidOperationException, LongColumnStatsData, MetaException,
    NoSuchObjectException, Partition, PartitionsStatsRequest, PrincipalType, ResourceType,
    ResourceUri, SerDeInfo, SetPartitionsStatsRequest, StorageDescriptor, StringColumnStatsData,
    Table, TableStatsRequest, Timestamp, TimestampColumnStatsData)


class Client(almanac_testlib.Client):
    """A connection that says who it is (set_ugi), as Hive clients do."""

    def __init__(self, port):
        super().__init__(port)
        self.hms.set_ugi("alice", [])


class Env:
    def __init__(self):
        self.data_dir = tempfile.mkdtemp(prefix="hms_stats_data_")
        self.server = Server(self.data_dir)

    def restart(self):
        assert self.server.restart() == 0


@pytest.fixture(scope="module")
def env():
    e = Env()
    client = Client(e.server.thrift_port)
    _create_schema(client.hms)
    client.close()
    yield e
    if e.server.proc.poll() is None:
        e.server.stop()


@pytest.fixture
def hms(env):
    c = Client(env.server.thrift_port)
    yield c.hms
    c.close()


COLUMNS = [("id", "bigint"), ("price", "decimal(10,2)"), ("name", "string"),
           ("flag", "boolean"), ("score", "double"), ("day", "date"), ("ts", "timestamp"),
           ("blob", "binary"), ("tags", "array<string>")]
PARTS = ["2024-01-01", "2024-01-02", "2024-01-03"]


def _sd(location=""):
    return StorageDescriptor(
        cols=[FieldSchema(name=n, type=t, comment="") for n, t in COLUMNS],
        location=location,
        inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serdeInfo=SerDeInfo(
            serializationLib="org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            parameters={}),
        parameters={})


def _create_schema(hms):
    hms.create_database(Database(name="st", description="", locationUri="", parameters={}))
    hms.create_table(Table(tableName="t", dbName="st", owner="alice", sd=_sd(),
                           partitionKeys=[], parameters={"numRows": "10"},
                           tableType="MANAGED_TABLE"))
    hms.create_table(Table(tableName="p", dbName="st", owner="alice", sd=_sd(),
                           partitionKeys=[FieldSchema(name="ds", type="string", comment="")],
                           parameters={}, tableType="MANAGED_TABLE"))
    hms.add_partitions([Partition(dbName="st", tableName="p", values=[v], sd=_sd(),
                                  parameters={}) for v in PARTS])


def _desc(table, part=None):
    return ColumnStatisticsDesc(isTblLevel=part is None, dbName="st", tableName=table,
                                partName=part, lastAnalyzed=1700000000)


def _long(col, low, high, nulls=0, dvs=1):
    return ColumnStatisticsObj(colName=col, colType="bigint", statsData=ColumnStatisticsData(
        longStats=LongColumnStatsData(lowValue=low, highValue=high, numNulls=nulls, numDVs=dvs,
                                      bitVectors=b"HL\x00\xff")))


def _string(col, maxlen, avg, nulls, dvs):
    return ColumnStatisticsObj(colName=col, colType="string", statsData=ColumnStatisticsData(
        stringStats=StringColumnStatsData(maxColLen=maxlen, avgColLen=avg, numNulls=nulls,
                                          numDVs=dvs)))


def _dec(unscaled, scale):
    return Decimal(scale=scale, unscaled=unscaled.to_bytes(8, "big", signed=True))


def _all_families():
    return [
        _long("id", -5, 50, 1, 10),
        ColumnStatisticsObj(colName="price", colType="decimal(10,2)",
                            statsData=ColumnStatisticsData(decimalStats=DecimalColumnStatsData(
                                lowValue=_dec(-150, 2), highValue=_dec(99999, 2), numNulls=0,
                                numDVs=5))),
        _string("name", 12, 4.5, 2, 7),
        ColumnStatisticsObj(colName="flag", colType="boolean", statsData=ColumnStatisticsData(
            booleanStats=BooleanColumnStatsData(numTrues=3, numFalses=4, numNulls=1))),
        ColumnStatisticsObj(colName="score", colType="double", statsData=ColumnStatisticsData(
            doubleStats=DoubleColumnStatsData(lowValue=-0.5, highValue=9.25, numNulls=0,
                                              numDVs=3))),
        ColumnStatisticsObj(colName="day", colType="date", statsData=ColumnStatisticsData(
            dateStats=DateColumnStatsData(lowValue=Date(19000), highValue=Date(19500),
                                          numNulls=0, numDVs=2))),
        ColumnStatisticsObj(colName="ts", colType="timestamp", statsData=ColumnStatisticsData(
            timestampStats=TimestampColumnStatsData(lowValue=Timestamp(1), highValue=Timestamp(2),
                                                    numNulls=0, numDVs=2))),
        ColumnStatisticsObj(colName="blob", colType="binary", statsData=ColumnStatisticsData(
            binaryStats=BinaryColumnStatsData(maxColLen=100, avgColLen=20.0, numNulls=3))),
    ]


# ---------------------------------------------------------------------------
# Table statistics
# ---------------------------------------------------------------------------

def test_update_and_get_table_statistics_every_family(hms):
    objs = _all_families()
    assert hms.update_table_column_statistics(ColumnStatistics(statsDesc=_desc("t"),
                                                               statsObj=objs))
    for obj in objs:
        got = hms.get_table_column_statistics("st", "t", obj.colName.upper())
        assert got.statsDesc.isTblLevel
        assert got.statsDesc.lastAnalyzed == 1700000000
        assert len(got.statsObj) == 1
        assert got.statsObj[0].statsData == obj.statsData, obj.colName
    res = hms.get_table_statistics_req(TableStatsRequest(dbName="st", tblName="t",
                                                         colNames=["id", "name", "nope"]))
    assert sorted(o.colName for o in res.tableStats) == ["id", "name"]
    # The table's basic statistics stay; the columns are marked accurate.
    table = hms.get_table("st", "t")
    assert table.parameters["numRows"] == "10"
    accurate = json.loads(table.parameters["COLUMN_STATS_ACCURATE"])
    assert set(accurate["COLUMN_STATS"]) == {o.colName for o in objs}


def test_table_statistics_exceptions(hms):
    with pytest.raises(InvalidInputException):  # unknown column
        hms.update_table_column_statistics(ColumnStatistics(statsDesc=_desc("t"),
                                                            statsObj=[_long("nope", 1, 2)]))
    with pytest.raises(InvalidInputException):  # wrong family for a string column
        hms.update_table_column_statistics(ColumnStatistics(statsDesc=_desc("t"),
                                                            statsObj=[_long("name", 1, 2)]))
    with pytest.raises(InvalidInputException):  # complex type
        hms.update_table_column_statistics(ColumnStatistics(
            statsDesc=_desc("t"), statsObj=[_string("tags", 1, 1.0, 0, 1)]))
    with pytest.raises(InvalidInputException):  # partition statistics through the table call
        hms.update_table_column_statistics(ColumnStatistics(
            statsDesc=_desc("p", "ds=2024-01-01"), statsObj=[_long("id", 1, 2)]))
    with pytest.raises(NoSuchObjectException):
        hms.update_table_column_statistics(ColumnStatistics(statsDesc=_desc("nope"),
                                                            statsObj=[_long("id", 1, 2)]))
    with pytest.raises(NoSuchObjectException):
        hms.get_table_column_statistics("st", "nope", "id")
    with pytest.raises(NoSuchObjectException):  # a column without statistics
        hms.get_table_column_statistics("st", "p", "id")
    with pytest.raises(NoSuchObjectException):
        hms.get_table_statistics_req(TableStatsRequest(dbName="st", tblName="nope",
                                                       colNames=["id"]))
    with pytest.raises(NoSuchObjectException):
        hms.get_table_statistics_req(TableStatsRequest(dbName="st", tblName="t",
                                                       colNames=["id"], catName="spark"))


def test_update_table_statistics_req_and_engines(hms):
    req = SetPartitionsStatsRequest(colStats=[ColumnStatistics(
        statsDesc=_desc("t"), statsObj=[_long("id", 0, 1)], engine="impala")])
    assert hms.update_table_column_statistics_req(req).result
    res = hms.get_table_statistics_req(TableStatsRequest(dbName="st", tblName="t",
                                                         colNames=["id"], engine="impala"))
    assert res.tableStats[0].statsData.longStats.highValue == 1
    # The hive engine's statistics are unchanged.
    assert hms.get_table_column_statistics("st", "t", "id").statsObj[0] \
        .statsData.longStats.highValue == 50
    # needMerge combines with what is stored.
    req = SetPartitionsStatsRequest(colStats=[ColumnStatistics(
        statsDesc=_desc("t"), statsObj=[_long("id", -100, 10, 4, 3)])], needMerge=True)
    assert hms.update_table_column_statistics_req(req).result
    merged = hms.get_table_column_statistics("st", "t", "id").statsObj[0].statsData.longStats
    assert (merged.lowValue, merged.highValue, merged.numNulls, merged.numDVs) == (-100, 50, 5, 10)
    with pytest.raises(InvalidInputException):
        hms.update_table_column_statistics_req(SetPartitionsStatsRequest(colStats=[
            ColumnStatistics(statsDesc=_desc("t"), statsObj=[_long("nope", 0, 1)])]))


def test_delete_table_statistics(hms):
    assert hms.delete_table_column_statistics("st", "t", "score", "hive")
    with pytest.raises(NoSuchObjectException):
        hms.delete_table_column_statistics("st", "t", "score", "hive")
    with pytest.raises(NoSuchObjectException):
        hms.get_table_column_statistics("st", "t", "score")
    with pytest.raises(NoSuchObjectException):
        hms.delete_table_column_statistics("st", "nope", "id", "hive")
    accurate = json.loads(hms.get_table("st", "t").parameters["COLUMN_STATS_ACCURATE"])
    assert "score" not in accurate["COLUMN_STATS"] and "id" in accurate["COLUMN_STATS"]
    # The request form, table level, named columns; a column without any is fine.
    assert hms.delete_column_statistics_req(DeleteColumnStatisticsRequest(
        db_name="st", tbl_name="t", col_names=["blob", "score"], engine="hive", tableLevel=True))
    with pytest.raises(NoSuchObjectException):
        hms.get_table_column_statistics("st", "t", "blob")
    assert hms.get_table_column_statistics("st", "t", "id").statsObj
    with pytest.raises(NoSuchObjectException):
        hms.delete_column_statistics_req(DeleteColumnStatisticsRequest(
            db_name="st", tbl_name="nope", tableLevel=True))


# ---------------------------------------------------------------------------
# Partition statistics
# ---------------------------------------------------------------------------

def test_partition_statistics_and_aggregation(hms):
    assert hms.update_partition_column_statistics(ColumnStatistics(
        statsDesc=_desc("p", "ds=2024-01-01"),
        statsObj=[_long("id", 5, 10, 1, 6), _string("name", 10, 3.0, 1, 4)]))
    assert hms.update_partition_column_statistics_req(SetPartitionsStatsRequest(colStats=[
        ColumnStatistics(statsDesc=_desc("p", "ds=2024-01-02"),
                         statsObj=[_long("id", -3, 7, 2, 4), _string("name", 7, 5.5, 2, 9)]),
        ColumnStatistics(statsDesc=_desc("p", "ds=2024-01-03"),
                         statsObj=[_long("id", 0, 100, 4, 2)])])).result

    got = hms.get_partition_column_statistics("st", "p", "ds=2024-01-02", "name")
    assert not got.statsDesc.isTblLevel
    assert got.statsDesc.partName == "ds=2024-01-02"
    assert got.statsObj[0].statsData.stringStats.numDVs == 9

    res = hms.get_partitions_statistics_req(PartitionsStatsRequest(
        dbName="st", tblName="p", colNames=["id", "name"],
        partNames=["ds=2024-01-01", "ds=2024-01-03", "ds=1999-01-01"]))
    assert sorted(res.partStats) == ["ds=2024-01-01", "ds=2024-01-03"]
    assert len(res.partStats["ds=2024-01-01"]) == 2

    aggr = hms.get_aggr_stats_for(PartitionsStatsRequest(
        dbName="st", tblName="p", colNames=["id", "name"], partNames=["ds=" + d for d in PARTS]))
    assert aggr.partsFound == 2
    by_name = {o.colName: o.statsData for o in aggr.colStats}
    ids = by_name["id"].longStats
    assert (ids.lowValue, ids.highValue, ids.numNulls, ids.numDVs) == (-3, 100, 7, 6)
    names = by_name["name"].stringStats
    assert (names.maxColLen, names.avgColLen, names.numNulls, names.numDVs) == (10, 5.5, 3, 9)
    empty = hms.get_aggr_stats_for(PartitionsStatsRequest(dbName="st", tblName="p",
                                                          colNames=["id"], partNames=[]))
    assert empty.partsFound == 0 and empty.colStats == []

    # set_aggr_stats_for stores partition statistics too.
    assert hms.set_aggr_stats_for(SetPartitionsStatsRequest(colStats=[ColumnStatistics(
        statsDesc=_desc("p", "ds=2024-01-03"), statsObj=[_string("name", 1, 1.0, 0, 1)])]))
    aggr = hms.get_aggr_stats_for(PartitionsStatsRequest(
        dbName="st", tblName="p", colNames=["id", "name"], partNames=["ds=" + d for d in PARTS]))
    assert aggr.partsFound == 3


def test_partition_statistics_exceptions(hms):
    with pytest.raises(NoSuchObjectException):
        hms.update_partition_column_statistics(ColumnStatistics(
            statsDesc=_desc("p", "ds=1999-01-01"), statsObj=[_long("id", 1, 2)]))
    with pytest.raises(InvalidInputException):  # table-level statistics through this call
        hms.update_partition_column_statistics(ColumnStatistics(
            statsDesc=_desc("p"), statsObj=[_long("id", 1, 2)]))
    with pytest.raises(InvalidInputException):  # a partition name of other keys
        hms.update_partition_column_statistics(ColumnStatistics(
            statsDesc=_desc("p", "month=1"), statsObj=[_long("id", 1, 2)]))
    with pytest.raises(NoSuchObjectException):  # all-or-nothing: the second is missing
        hms.update_partition_column_statistics_req(SetPartitionsStatsRequest(colStats=[
            ColumnStatistics(statsDesc=_desc("p", "ds=2024-01-01"),
                             statsObj=[_long("id", 777, 778)]),
            ColumnStatistics(statsDesc=_desc("p", "ds=1999-01-01"),
                             statsObj=[_long("id", 1, 2)])]))
    assert hms.get_partition_column_statistics("st", "p", "ds=2024-01-01", "id") \
        .statsObj[0].statsData.longStats.lowValue == 5
    with pytest.raises(InvalidInputException):
        hms.set_aggr_stats_for(SetPartitionsStatsRequest(colStats=[ColumnStatistics(
            statsDesc=_desc("p", "ds=2024-01-01"), statsObj=[_long("nope", 1, 2)])]))
    with pytest.raises(NoSuchObjectException):
        hms.get_partition_column_statistics("st", "p", "ds=2024-01-01", "score")
    with pytest.raises(NoSuchObjectException):
        hms.get_partitions_statistics_req(PartitionsStatsRequest(
            dbName="st", tblName="nope", colNames=["id"], partNames=["ds=x"]))
    with pytest.raises(NoSuchObjectException):
        hms.get_aggr_stats_for(PartitionsStatsRequest(dbName="st", tblName="nope",
                                                      colNames=["id"], partNames=["ds=x"]))
    with pytest.raises(NoSuchObjectException):
        hms.delete_partition_column_statistics("st", "p", "ds=1999-01-01", "id", "hive")
    with pytest.raises(NoSuchObjectException):
        hms.delete_partition_column_statistics("st", "p", "ds=2024-01-01", "score", "hive")


def test_delete_partition_statistics(hms):
    assert hms.delete_partition_column_statistics("st", "p", "ds=2024-01-03", "name", "hive")
    with pytest.raises(NoSuchObjectException):
        hms.get_partition_column_statistics("st", "p", "ds=2024-01-03", "name")
    assert hms.delete_column_statistics_req(DeleteColumnStatisticsRequest(
        db_name="st", tbl_name="p", part_names=["ds=2024-01-02"], col_names=["name", "score"],
        engine="hive"))
    with pytest.raises(NoSuchObjectException):
        hms.get_partition_column_statistics("st", "p", "ds=2024-01-02", "name")
    assert hms.get_partition_column_statistics("st", "p", "ds=2024-01-02", "id").statsObj
    with pytest.raises(NoSuchObjectException):
        hms.delete_column_statistics_req(DeleteColumnStatisticsRequest(
            db_name="st", tbl_name="p", part_names=["ds=1999-01-01"]))


def test_partition_rename_keeps_and_drop_removes_statistics(hms):
    new_part = hms.get_partition("st", "p", ["2024-01-02"])
    new_part.values = ["2024-02-02"]
    hms.rename_partition("st", "p", ["2024-01-02"], new_part)
    assert hms.get_partition_column_statistics("st", "p", "ds=2024-02-02", "id").statsObj
    hms.drop_partition("st", "p", ["2024-02-02"], False)
    hms.add_partitions([Partition(dbName="st", tableName="p", values=["2024-02-02"], sd=_sd(),
                                  parameters={})])
    with pytest.raises(NoSuchObjectException):
        hms.get_partition_column_statistics("st", "p", "ds=2024-02-02", "id")


# ---------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------

def _function(name, db="st", cls="com.example.Upper"):
    return Function(functionName=name, dbName=db, className=cls, ownerName="",
                    ownerType=PrincipalType.USER, createTime=0, functionType=FunctionType.JAVA,
                    resourceUris=[ResourceUri(resourceType=ResourceType.JAR, uri="file:/u.jar"),
                                  ResourceUri(resourceType=ResourceType.FILE, uri="file:/x")])


def test_functions_crud(hms):
    hms.create_function(_function("Upper2"))
    hms.create_function(_function("upper3"))
    hms.create_function(_function("lower2"))
    with pytest.raises(AlreadyExistsException):
        hms.create_function(_function("upper2"))
    with pytest.raises(InvalidObjectException):
        hms.create_function(_function("bad name"))
    with pytest.raises(InvalidObjectException):
        hms.create_function(_function("noclass", cls=""))
    with pytest.raises(NoSuchObjectException):
        hms.create_function(_function("f", db="nodb"))

    f = hms.get_function("st", "UPPER2")
    assert f.functionName == "upper2" and f.dbName == "st"
    assert f.className == "com.example.Upper"
    assert f.ownerName == "alice" and f.createTime > 0
    assert [(r.resourceType, r.uri) for r in f.resourceUris] == [
        (ResourceType.JAR, "file:/u.jar"), (ResourceType.FILE, "file:/x")]
    with pytest.raises(NoSuchObjectException):
        hms.get_function("st", "nope")

    assert hms.get_functions("st", "upper*") == ["upper2", "upper3"]
    assert hms.get_functions("st", "*") == ["lower2", "upper2", "upper3"]
    assert [(g.dbName, g.functionName) for g in hms.get_all_functions().functions] == [
        ("st", "lower2"), ("st", "upper2"), ("st", "upper3")]

    hms.alter_function("st", "upper3", _function("upper4", cls="com.example.Upper4"))
    assert hms.get_function("st", "upper4").className == "com.example.Upper4"
    with pytest.raises(NoSuchObjectException):
        hms.get_function("st", "upper3")
    with pytest.raises(InvalidOperationException):
        hms.alter_function("st", "nope", _function("nope"))
    with pytest.raises(MetaException):
        hms.alter_function("st", "upper4", _function("bad name"))

    hms.drop_function("st", "lower2")
    with pytest.raises(NoSuchObjectException):
        hms.drop_function("st", "lower2")


def test_drop_database_with_functions_needs_cascade(hms):
    hms.create_database(Database(name="fdb", description="", locationUri="", parameters={}))
    hms.create_function(_function("f", db="fdb"))
    with pytest.raises(InvalidOperationException):
        hms.drop_database("fdb", False, False)
    assert hms.get_function("fdb", "f").functionName == "f"
    hms.drop_database("fdb", False, True)
    hms.create_database(Database(name="fdb", description="", locationUri="", parameters={}))
    with pytest.raises(NoSuchObjectException):
        hms.get_function("fdb", "f")


# ---------------------------------------------------------------------------
# Restart
# ---------------------------------------------------------------------------

def test_restart_keeps_statistics_and_functions(env):
    env.restart()
    c = Client(env.server.thrift_port)
    try:
        hms = c.hms
        assert hms.get_table_column_statistics("st", "t", "id").statsObj[0] \
            .statsData.longStats.highValue == 50
        price = hms.get_table_column_statistics("st", "t", "price").statsObj[0] \
            .statsData.decimalStats
        assert price.lowValue == _dec(-150, 2)
        assert hms.get_partition_column_statistics("st", "p", "ds=2024-01-01", "id") \
            .statsObj[0].statsData.longStats.bitVectors == b"HL\x00\xff"
        assert hms.get_function("st", "upper4").className == "com.example.Upper4"
        assert len(hms.get_all_functions().functions) == 2
    finally:
        c.close()
