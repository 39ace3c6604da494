"""Every wire method passes the gate, and asks it what tests/testdata/method_actions.txt says.

The table maps each served Thrift method (thrift/served_methods.cc, fb303
included) and each RPC of proto/almanac/v1/catalog.proto to the one action
(catalog/service/actions.h) and resource ARN it asks the gate for. This file
checks, against the real `almanac serve` ($ALMANAC_BIN, port 0):

- the table is complete and exact: one row per served method and per RPC,
  nothing else, and only actions that actions.h declares;
- with --audit-log, every method called through its wire (generated Thrift
  client, generated gRPC stub) leaves exactly one call-level decision in the
  audit log: the row's action on the row's resource filled from the call's
  arguments (the call itself may succeed or fail); writes leave their change
  records;
- with --lockdown, every method is refused (Thrift: the declared exception or
  TApplicationException, "access denied"; gRPC: PERMISSION_DENIED), a call on
  a missing object is refused exactly like one on an existing object, oneway
  calls are on record as denied, and the catalog file's SQL dump is
  unchanged.

Thrift arguments are built from each method's `<method>_args.thrift_spec`:
fields are filled by name (dbname -> the database, tbl_name -> the table, ...)
with per-method overrides where a call needs particular arguments.
"""

import json
import os
import re
import sqlite3
import sys
import tempfile

import grpc
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402
from almanac_testlib import SOURCE_DIR, Server, generate_clients  # noqa: E402

_modules = generate_clients(grpc=True)
pb = _modules.pb
pb_grpc = _modules.pb_grpc
from thrift.Thrift import TApplicationException, TException, TType  # noqa: E402
from almanac_fb303 import FacebookService  # noqa: E402
from almanac_hms import ThriftHiveMetastore  # noqa: E402
from almanac_hms import ttypes as T  # noqa: E402

ARN_PREFIX = "arn:aws:glue:us-east-1:123456789012:"
TABLE_FILE = os.path.join(SOURCE_DIR, "tests", "testdata", "method_actions.txt")
ONEWAY = {"shutdown", "reinitialize"}


# ---------------------------------------------------------------------------
# The table, the served methods, the RPCs, the actions
# ---------------------------------------------------------------------------

def _rows():
    """[(front_end, method, action, resource, line number)]."""
    rows = []
    with open(TABLE_FILE) as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = line.split()
            assert len(fields) == 4, "%s:%d: want 4 columns: %r" % (TABLE_FILE, number, line)
            rows.append((*fields, number))
    return rows


ROWS = _rows()
TABLE = {(r[0], r[1]): (r[2], r[3]) for r in ROWS}


def _served_methods():
    text = open(os.path.join(SOURCE_DIR, "thrift", "served_methods.cc")).read()
    block = text[text.index("BEGIN SERVED METHODS"):text.index("END SERVED METHODS")]
    return set(re.findall(r'"([A-Za-z_0-9]+)"', block))


def _rpcs():
    text = open(os.path.join(SOURCE_DIR, "proto", "almanac", "v1", "catalog.proto")).read()
    return set(re.findall(r"^\s*rpc\s+([A-Za-z0-9_]+)\s*\(", text, re.M))


def _declared_actions():
    text = open(os.path.join(SOURCE_DIR, "catalog", "service", "actions.h")).read()
    return set(re.findall(r'inline constexpr std::string_view k\w+\s*=\s*"([^"]+)"', text))


def test_every_declared_action_can_be_named_in_a_policy():
    """actions::kAll is what policy validation knows: a constant missing
    from it is an action the gate asks but no policy may name (the column
    statistics actions were so until the e2e policy tests named them)."""
    text = open(os.path.join(SOURCE_DIR, "catalog", "service", "actions.h")).read()
    constants = set(re.findall(r"inline constexpr std::string_view (k\w+)\s*=", text))
    in_all = set(re.findall(r"^\s+(k\w+),$", text.split("kAll[] = {", 1)[1], re.M))
    assert len(constants) > 40
    assert sorted(constants - in_all) == []


def test_table_is_complete_and_exact():
    served, rpcs, actions = _served_methods(), _rpcs(), _declared_actions()
    assert len(served) > 100 and len(rpcs) > 20 and len(actions) > 40  # the parsers found them
    seen = {}
    for front_end, method, action, resource, number in ROWS:
        assert front_end in ("thrift", "grpc"), "line %d: front end %r" % (number, front_end)
        assert (front_end, method) not in seen, "line %d: %s %s again (first on line %d)" % (
            number, front_end, method, seen[(front_end, method)])
        seen[(front_end, method)] = number
        assert action in actions, "line %d: %s is not in actions.h" % (number, action)
        assert re.fullmatch(r"catalog|database/\{db\}|table/\{db\}/\{table\}|"
                            r"userDefinedFunction/\{db\}/\{function\}|"
                            r"registry/\{db\}|schema/\{db\}/\{table\}|crawler/\{db\}",
                            resource), (
            "line %d: resource %r" % (number, resource))
    in_table = {m for (fe, m) in seen if fe == "thrift"}
    assert sorted(served - in_table) == [], "served Thrift methods without a row"
    assert sorted(in_table - served) == [], "rows for Thrift methods that are not served"
    grpc_in_table = {m for (fe, m) in seen if fe == "grpc"}
    assert sorted(rpcs - grpc_in_table) == [], "RPCs without a row"
    assert sorted(grpc_in_table - rpcs) == [], "rows for unknown RPCs"


def _arn(resource, names):
    return ARN_PREFIX + resource.format(
        db=names["db"].lower(), table=names["table"].lower(), function=names["function"].lower())


# ---------------------------------------------------------------------------
# Names and arguments
# ---------------------------------------------------------------------------

EXISTING = dict(db="sales", table="orders", function="f1", part="2024-01-01", part2="2024-03-01",
                role="analysts", index="by_ds", new_table="orders_renamed", lockid=0)
MISSING = dict(EXISTING, db="nosuchdb", table="nosuchtable")


def _sd():
    return T.StorageDescriptor(
        cols=[T.FieldSchema("id", "bigint", ""), T.FieldSchema("price", "double", "")],
        location="", inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        compressed=False, numBuckets=-1,
        serdeInfo=T.SerDeInfo(name="", parameters={},
                              serializationLib="org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"),
        bucketCols=[], sortCols=[], parameters={})


def _database(n):
    return T.Database(name=n["db"], description="sales data", locationUri="", parameters={})


def _table(n):
    return T.Table(tableName=n["table"], dbName=n["db"], owner="alice", createTime=0,
                   lastAccessTime=0, retention=0, sd=_sd(),
                   partitionKeys=[T.FieldSchema("ds", "string", "")], parameters={},
                   viewOriginalText="", viewExpandedText="", tableType="MANAGED_TABLE")


def _partition(n, value=None):
    return T.Partition(values=[value or n["part"]], dbName=n["db"], tableName=n["table"],
                       createTime=0, lastAccessTime=0, sd=_sd(), parameters={})


def _function(n):
    return T.Function(functionName=n["function"], dbName=n["db"], className="com.example.Upper",
                      ownerName="alice", ownerType=T.PrincipalType.USER, createTime=0,
                      functionType=T.FunctionType.JAVA, resourceUris=[])


def _stats(n, table_level):
    return T.ColumnStatistics(
        statsDesc=T.ColumnStatisticsDesc(isTblLevel=table_level, dbName=n["db"],
                                         tableName=n["table"],
                                         partName=None if table_level else "ds=" + n["part"]),
        statsObj=[T.ColumnStatisticsObj(
            colName="id", colType="bigint",
            statsData=T.ColumnStatisticsData(longStats=T.LongColumnStatsData(
                lowValue=1, highValue=9, numNulls=0, numDVs=5)))],
        engine="hive")


def _object_ref(n):
    return T.HiveObjectRef(objectType=T.HiveObjectType.TABLE, dbName=n["db"],
                           objectName=n["table"], partValues=[], columnName="")


def _privilege_bag(n):
    return T.PrivilegeBag(privileges=[T.HiveObjectPrivilege(
        hiveObject=_object_ref(n), principalName="bob", principalType=T.PrincipalType.USER,
        grantInfo=T.PrivilegeGrantInfo(privilege="SELECT", createTime=0, grantor="alice",
                                       grantorType=T.PrincipalType.USER, grantOption=False))])


def _stats_request(table_level):
    return lambda n: T.SetPartitionsStatsRequest(colStats=[_stats(n, table_level)],
                                                 needMerge=False, engine="hive")


# Built from the field's struct type, wherever it appears.
STRUCTS = {
    "Database": _database,
    "Table": _table,
    "Partition": _partition,
    "Function": _function,
    "Role": lambda n: T.Role(roleName=n["role"], createTime=0, ownerName="alice"),
    "HiveObjectRef": _object_ref,
    "PrivilegeBag": _privilege_bag,
    "EnvironmentContext": lambda n: T.EnvironmentContext(properties={}),
    "RequestPartsSpec": lambda n: T.RequestPartsSpec(names=["ds=" + n["part"]]),
    "GetCatalogRequest": lambda n: T.GetCatalogRequest(name="hive"),
}

_db = lambda n: n["db"]  # noqa: E731
_tbl = lambda n: n["table"]  # noqa: E731
_fn = lambda n: n["function"]  # noqa: E731
_const = lambda v: (lambda n: v)  # noqa: E731

# Filled by field name, in argument lists and in request structs.
FIELDS = {
    **{k: _db for k in ("dbname", "dbName", "db_name", "databaseName", "oldDbName", "db_patterns")},
    **{k: _tbl for k in ("tbl_name", "tblName", "tableName", "table_name", "tablename",
                         "tbl_patterns")},
    **{k: _fn for k in ("funcName", "functionName")},
    **{k: _const("hive") for k in ("catName", "catalogName", "cat_name", "engine")},
    **{k: (lambda n: "ds=" + n["part"]) for k in ("part_name", "partName")},
    **{k: (lambda n: [n["part"]]) for k in ("part_vals", "partVals", "partValues")},
    **{k: (lambda n: ["ds=" + n["part"]]) for k in ("names", "partNames", "part_names")},
    **{k: (lambda n: [n["table"]]) for k in ("tbl_names", "tblNames")},
    **{k: _const(["id"]) for k in ("colNames", "col_names")},
    **{k: _const(-1) for k in ("max_parts", "maxParts", "max_tables")},
    **{k: _const(T.PrincipalType.USER) for k in ("principal_type", "principalType",
                                                 "grantorType")},
    **{k: _const("bob") for k in ("principal_name", "principalName")},
    **{k: (lambda n: n["role"]) for k in ("role_name", "roleName")},
    **{k: _const(False) for k in ("deleteData", "cascade", "grant_option", "grantOption",
                                  "ifNotExists", "needMerge", "ignoreUnknownDb")},
    **{k: _const([]) for k in ("group_names", "tbl_types", "primaryKeys", "foreignKeys",
                               "uniqueConstraints", "notNullConstraints", "defaultConstraints",
                               "checkConstraints")},
    "col_name": _const("id"),
    "filter": lambda n: 'ds = "%s"' % n["part"],
    "pattern": _const("*"),
    "user_name": _const("alice"),
    "user": _const("alice"),
    "hostname": _const("localhost"),
    "grantor": _const("alice"),
    "tableType": _const("MANAGED_TABLE"),
    "key": _const("hive.metastore.try.direct.sql"),
    "value": _const("false"),
    "defaultValue": _const(""),
    "lockid": lambda n: n["lockid"],
    "expr": _const(b""),
    "tableLevel": _const(True),
    "requestType": _const(T.GrantRevokeType.GRANT),
    "lastEvent": _const(0),
    "maxEvents": _const(100),
    "fromEventId": _const(0),
    "needResult": _const(True),
    "ifExists": _const(True),
    "new_parts": lambda n: [_partition(n)],
    "parts": lambda n: [_partition(n)],
    "partitions": lambda n: [_partition(n)],
    "component": lambda n: [T.LockComponent(type=T.LockType.SHARED_READ, level=T.LockLevel.TABLE,
                                            dbname=n["db"], tablename=n["table"])],
    "stats_obj": None,  # per method below
}

# "owner.field": owner is the method (its argument list) or the request struct.
OVERRIDES = {
    "getCounter.key": _const("hms.calls"),
    "get_config_value.name": _const("hive.exec.default.partition.name"),
    "get_table_names_by_filter.filter": _const(""),  # a filter is refused as not supported
    "get_database.name": _db,
    "drop_database.name": _db,
    "drop_database.cascade": _const(False),
    "GetDatabaseRequest.name": _db,
    "DropDatabaseRequest.name": _db,
    "AppendPartitionsRequest.name": _const(None),
    "GetPartitionsPsWithAuthRequest.partNames": _const(None),  # by values, as the row says
    "rename_partition.new_part": lambda n: _partition(n, n["part2"]),
    "RenamePartitionRequest.newPart": lambda n: _partition(n, n["part2"]),
    "update_table_column_statistics.stats_obj": lambda n: _stats(n, True),
    "update_partition_column_statistics.stats_obj": lambda n: _stats(n, False),
    "update_table_column_statistics_req.req": _stats_request(True),
    "update_partition_column_statistics_req.req": _stats_request(False),
    "set_aggr_stats_for.request": _stats_request(False),
}
for _m in ("drop_table", "drop_table_with_environment_context"):
    OVERRIDES[_m + ".name"] = _tbl


def _args_class(method):
    cls = getattr(ThriftHiveMetastore, method + "_args", None)
    return cls or getattr(FacebookService, method + "_args")


def _value(owner, field, ttype, targs, n, top_level, default=None):
    key = "%s.%s" % (owner, field)
    if key in OVERRIDES:
        return OVERRIDES[key](n)
    if ttype == TType.STRUCT and targs[0].__name__ in STRUCTS:
        return STRUCTS[targs[0].__name__](n)
    if FIELDS.get(field) is not None:
        return FIELDS[field](n)
    if ttype == TType.STRUCT and top_level:  # a request struct; nested ones stay unset
        return _fill_struct(targs[0], n)
    if top_level:
        raise KeyError("no argument value for %s" % key)
    return default


def _fill_struct(cls, n):
    kwargs = {}
    for spec in cls.thrift_spec[1:]:
        if spec is None:
            continue
        _, ttype, field, targs, default = spec
        if ttype == TType.STRUCT and targs[0] is cls:
            continue
        kwargs[field] = _value(cls.__name__, field, ttype, targs, n, False, default)
        if kwargs[field] is None:
            del kwargs[field]
    obj = cls(**kwargs)
    obj.validate()  # every required field is set
    return obj


def thrift_args(method, n):
    """Keyword arguments for the generated client's `method`, naming `n`."""
    out = {}
    for spec in _args_class(method).thrift_spec[1:]:
        if spec is None:
            continue
        _, ttype, field, targs, _default = spec
        out[field] = _value(method, field, ttype, targs, n, True)
    return out


def _grpc_table(n):
    return pb.Table(database=n["db"], name=n["table"], owner="alice",
                    table_type=pb.TABLE_TYPE_MANAGED,
                    sd=pb.StorageDescriptor(
                        columns=[pb.Column(name="id", type="bigint"),
                                 pb.Column(name="price", type="double")],
                        input_format="org.apache.hadoop.mapred.TextInputFormat",
                        output_format="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                        num_buckets=-1,
                        serde=pb.SerDeInfo(serialization_library=
                                           "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe")),
                    partition_keys=[pb.Column(name="ds", type="string")])


def _policy_document(n):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "ReadIt", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "glue:GetTable",
        "Resource": "arn:aws:glue:us-east-1:123456789012:table/%s/%s" % (n["db"], n["table"])}]})


def _grpc_partition(n, value):
    return pb.Partition(database=n["db"], table=n["table"], values=[value],
                        sd=pb.StorageDescriptor(columns=[pb.Column(name="id", type="bigint")]))


AVRO_V1 = json.dumps({"type": "record", "name": "Order",
                      "fields": [{"name": "id", "type": "long"}]})
AVRO_V2 = json.dumps({"type": "record", "name": "Order",
                      "fields": [{"name": "id", "type": "long"},
                                 {"name": "note", "type": "string", "default": ""}]})

def _classifier(n, delimiter=","):
    return pb.Classifier(name=n["table"], csv=pb.CsvClassifier(
        delimiter=delimiter, contains_header="PRESENT"))


def _crawler(n, description="nightly"):
    return pb.Crawler(name=n["db"], description=description, database="sales",
                      targets=[pb.CrawlerTarget(url="file:///srv/data/sales",
                                                exclusions=["**.tmp"])],
                      classifiers=["orders"])


GRPC_REQUESTS = {
    "CreateDatabase": lambda n: pb.CreateDatabaseRequest(
        database=pb.Database(name=n["db"], description="sales data")),
    "GetDatabase": lambda n: pb.GetDatabaseRequest(name=n["db"]),
    "ListDatabases": lambda n: pb.ListDatabasesRequest(pattern="*"),
    "UpdateDatabase": lambda n: pb.UpdateDatabaseRequest(
        database=pb.Database(name=n["db"], description="changed")),
    "DeleteDatabase": lambda n: pb.DeleteDatabaseRequest(name=n["db"]),
    "CreateTable": lambda n: pb.CreateTableRequest(table=_grpc_table(n)),
    "GetTable": lambda n: pb.GetTableRequest(database=n["db"], name=n["table"]),
    "ListTables": lambda n: pb.ListTablesRequest(database=n["db"], pattern="*"),
    "UpdateTable": lambda n: pb.UpdateTableRequest(table=_grpc_table(n)),
    "RenameTable": lambda n: pb.RenameTableRequest(database=n["db"], name=n["table"],
                                                   new_database=n["db"], new_name=n["new_table"]),
    "DeleteTable": lambda n: pb.DeleteTableRequest(database=n["db"], name=n["table"]),
    "BatchCreatePartitions": lambda n: pb.BatchCreatePartitionsRequest(
        database=n["db"], table=n["table"], partitions=[_grpc_partition(n, n["part"])]),
    "GetPartition": lambda n: pb.GetPartitionRequest(database=n["db"], table=n["table"],
                                                     values=[n["part"]]),
    "BatchGetPartitions": lambda n: pb.BatchGetPartitionsRequest(
        database=n["db"], table=n["table"], partitions=[pb.PartitionValues(values=[n["part"]])]),
    "GetPartitionsByNames": lambda n: pb.GetPartitionsByNamesRequest(
        database=n["db"], table=n["table"], names=["ds=" + n["part"]]),
    "ListPartitions": lambda n: pb.ListPartitionsRequest(
        database=n["db"], table=n["table"], filter="ds = '%s'" % n["part"], explain=True),
    "ListPartitionNames": lambda n: pb.ListPartitionsRequest(database=n["db"], table=n["table"]),
    "CountPartitions": lambda n: pb.CountPartitionsRequest(
        database=n["db"], table=n["table"], filter='ds = "%s"' % n["part"],
        dialect=pb.FILTER_DIALECT_HIVE),
    "BatchDeletePartitions": lambda n: pb.BatchDeletePartitionsRequest(
        database=n["db"], table=n["table"], partitions=[pb.PartitionValues(values=[n["part"]])]),
    "UpdatePartition": lambda n: pb.UpdatePartitionRequest(
        database=n["db"], table=n["table"], partition=_grpc_partition(n, n["part"])),
    "RenamePartition": lambda n: pb.RenamePartitionRequest(
        database=n["db"], table=n["table"], values=[n["part"]],
        partition=_grpc_partition(n, n["part2"])),
    "CreatePartitionIndex": lambda n: pb.CreatePartitionIndexRequest(
        database=n["db"], table=n["table"], index=pb.PartitionIndex(name=n["index"], keys=["ds"])),
    "ListPartitionIndexes": lambda n: pb.ListPartitionIndexesRequest(database=n["db"],
                                                                     table=n["table"]),
    "DeletePartitionIndex": lambda n: pb.DeletePartitionIndexRequest(
        database=n["db"], table=n["table"], name=n["index"]),
    "GetTableVersion": lambda n: pb.GetTableVersionRequest(
        database=n["db"], table=n["table"], version_id="1"),
    "ListTableVersions": lambda n: pb.ListTableVersionsRequest(database=n["db"],
                                                               table=n["table"]),
    "DeleteTableVersion": lambda n: pb.DeleteTableVersionRequest(
        database=n["db"], table=n["table"], version_id="1"),
    "BatchDeleteTableVersion": lambda n: pb.BatchDeleteTableVersionRequest(
        database=n["db"], table=n["table"], version_ids=["1", "2"]),
    "DiffTableVersions": lambda n: pb.DiffTableVersionsRequest(
        database=n["db"], table=n["table"], from_version_id="1"),
    "RestoreTableVersion": lambda n: pb.RestoreTableVersionRequest(
        database=n["db"], table=n["table"], version_id="1"),
    "UndropTable": lambda n: pb.UndropTableRequest(database=n["db"], table=n["table"]),
    "PurgeTableHistory": lambda n: pb.PurgeTableHistoryRequest(database=n["db"],
                                                               table=n["table"]),
    "ListDroppedTables": lambda n: pb.ListDroppedTablesRequest(database=n["db"]),
    "PutPolicy": lambda n: pb.PutPolicyRequest(
        target="table/%s/%s" % (n["db"], n["table"]), document=_policy_document(n)),
    "GetPolicy": lambda n: pb.GetPolicyRequest(target="table/%s/%s" % (n["db"], n["table"])),
    "DeletePolicy": lambda n: pb.DeletePolicyRequest(
        target="table/%s/%s" % (n["db"], n["table"])),
    "ListPolicies": lambda n: pb.ListPoliciesRequest(),
    "SimulatePolicy": lambda n: pb.SimulatePolicyRequest(
        principal="alice", action="glue:GetTable",
        resource="arn:aws:glue:us-east-1:123456789012:table/%s/%s" % (n["db"], n["table"])),
    "WhoCan": lambda n: pb.WhoCanRequest(
        action="glue:GetTable",
        resource="arn:aws:glue:us-east-1:123456789012:table/%s/%s" % (n["db"], n["table"])),
    "ListAuditRecords": lambda n: pb.ListAuditRecordsRequest(limit=5),
    "VerifyAuditTrail": lambda n: pb.VerifyAuditTrailRequest(),
    # The schema registry: the registry is named like the database, the schema
    # like the table.
    "CreateRegistry": lambda n: pb.CreateRegistryRequest(name=n["db"], description="schemas"),
    "GetRegistry": lambda n: pb.GetRegistryRequest(name=n["db"]),
    "ListRegistries": lambda n: pb.ListRegistriesRequest(),
    "UpdateRegistry": lambda n: pb.UpdateRegistryRequest(name=n["db"], description="changed"),
    "DeleteRegistry": lambda n: pb.DeleteRegistryRequest(name=n["db"], force=True),
    "CreateSchema": lambda n: pb.CreateSchemaRequest(registry=n["db"], name=n["table"],
                                                     data_format="AVRO", definition=AVRO_V1),
    "GetSchema": lambda n: pb.GetSchemaRequest(registry=n["db"], name=n["table"]),
    "ListSchemas": lambda n: pb.ListSchemasRequest(registry=n["db"]),
    "UpdateSchema": lambda n: pb.UpdateSchemaRequest(registry=n["db"], name=n["table"],
                                                     description="changed"),
    "DeleteSchema": lambda n: pb.DeleteSchemaRequest(registry=n["db"], name=n["table"],
                                                     force=True),
    "RegisterSchemaVersion": lambda n: pb.RegisterSchemaVersionRequest(
        registry=n["db"], schema=n["table"], definition=AVRO_V2),
    "CheckSchemaCompatibility": lambda n: pb.CheckSchemaCompatibilityRequest(
        registry=n["db"], schema=n["table"], definition=AVRO_V2),
    "GetSchemaVersion": lambda n: pb.GetSchemaVersionRequest(registry=n["db"],
                                                             schema=n["table"], version=1),
    "GetSchemaByDefinition": lambda n: pb.GetSchemaByDefinitionRequest(
        registry=n["db"], schema=n["table"], definition=AVRO_V1),
    "ListSchemaVersions": lambda n: pb.ListSchemaVersionsRequest(registry=n["db"],
                                                                 schema=n["table"]),
    "DiffSchemaVersions": lambda n: pb.DiffSchemaVersionsRequest(
        registry=n["db"], schema=n["table"], from_version=1),
    "DeleteSchemaVersions": lambda n: pb.DeleteSchemaVersionsRequest(
        registry=n["db"], schema=n["table"], versions=[2]),
    "CheckSchemaVersionValidity": lambda n: pb.CheckSchemaVersionValidityRequest(
        data_format="AVRO", definition=AVRO_V1),
    # Crawlers: the crawler is named like the database, a custom classifier
    # like the table.
    "CreateClassifier": lambda n: pb.CreateClassifierRequest(classifier=_classifier(n)),
    "GetClassifier": lambda n: pb.GetClassifierRequest(name=n["table"]),
    "ListClassifiers": lambda n: pb.ListClassifiersRequest(),
    "UpdateClassifier": lambda n: pb.UpdateClassifierRequest(classifier=_classifier(n, "|")),
    "DeleteClassifier": lambda n: pb.DeleteClassifierRequest(name=n["table"]),
    "CreateCrawler": lambda n: pb.CreateCrawlerRequest(crawler=_crawler(n)),
    "GetCrawler": lambda n: pb.GetCrawlerRequest(name=n["db"]),
    "ListCrawlers": lambda n: pb.ListCrawlersRequest(),
    "UpdateCrawler": lambda n: pb.UpdateCrawlerRequest(crawler=_crawler(n, "changed")),
    "DeleteCrawler": lambda n: pb.DeleteCrawlerRequest(name=n["db"]),
    "StartCrawler": lambda n: pb.StartCrawlerRequest(name=n["db"]),
    "ListCrawls": lambda n: pb.ListCrawlsRequest(crawler=n["db"], limit=5),
    "GetCrawl": lambda n: pb.GetCrawlRequest(crawler=n["db"],
                                             id="00000000-0000-4000-8000-000000000000"),
    "StopCrawler": lambda n: pb.StopCrawlerRequest(name=n["db"]),
    "GetCrawlerMetrics": lambda n: pb.GetCrawlerMetricsRequest(name=n["db"]),
}


# ---------------------------------------------------------------------------
# The server, the audit log, the set-up
# ---------------------------------------------------------------------------

class AuditLog:
    """Reads the lines an audit log gained since the last read."""

    def __init__(self, path):
        self.path = path
        self.offset = 0

    def skip(self):
        self.new()

    def new(self):
        """The JSON lines written since the last call, the server's own left out."""
        if not os.path.exists(self.path):
            return []
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        end = data.rfind(b"\n") + 1  # a line is whole once its newline is written
        self.offset += end
        lines = [json.loads(l) for l in data[:end].decode().splitlines() if l.strip()]
        return [l for l in lines if l.get("front_end") != "internal"]


def _decisions(lines):
    """(action, resource, decision) of the call-level decisions."""
    return [(l["action"], l["resource"], l["decision"]) for l in lines
            if l["event"] == "decision" and "item" not in l]


class Thrift(almanac_testlib.Client):
    def call(self, method, n):
        return getattr(self.hms, method)(**thrift_args(method, n))


def _setup_objects(server):
    """sales.orders (ds string, 2 partitions) with statistics, a function, a
    role, a privilege, a lock, a partition index, registry sales with schema
    orders, classifier orders and crawler sales. Returns the lock's id."""
    c = Thrift(server.thrift_port)
    n = EXISTING
    hms = c.hms
    hms.set_ugi("alice", [])
    hms.create_database(_database(n))
    hms.create_table(_table(n))
    assert hms.add_partitions([_partition(n, "2024-01-01"), _partition(n, "2024-01-02")]) == 2
    hms.create_function(_function(n))
    hms.create_role(T.Role(roleName="analysts", createTime=0, ownerName="alice"))
    hms.grant_privileges(_privilege_bag(n))
    hms.update_table_column_statistics(_stats(n, True))
    hms.update_partition_column_statistics(_stats(n, False))
    lock = hms.lock(T.LockRequest(component=FIELDS["component"](n), user="alice",
                                  hostname="localhost"))
    c.close()
    with grpc.insecure_channel("127.0.0.1:%d" % server.grpc_port) as channel:
        stub = pb_grpc.CatalogServiceStub(channel)
        stub.CreatePartitionIndex(GRPC_REQUESTS["CreatePartitionIndex"](n))
        # Registry "sales" with schema "orders" at version 1.
        stub.CreateRegistry(GRPC_REQUESTS["CreateRegistry"](n))
        stub.CreateSchema(GRPC_REQUESTS["CreateSchema"](n))
        # Classifier "orders" and crawler "sales" that uses it.
        stub.CreateClassifier(GRPC_REQUESTS["CreateClassifier"](n))
        stub.CreateCrawler(GRPC_REQUESTS["CreateCrawler"](n))
    return lock.lockid


def _dump(data_dir):
    """The catalog's contents, without the audit trail (which records every
    refusal, so it grows under lockdown too)."""
    path = os.path.join(data_dir, "catalog.db")
    assert os.path.exists(path), os.listdir(data_dir)
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return "\n".join(l for l in con.iterdump() if '"audit_records"' not in l)
    finally:
        con.close()


@pytest.fixture
def populated():
    """A data directory with the objects set up, its server stopped; the lock id."""
    data_dir = tempfile.mkdtemp(prefix="gate_wire_data_")
    server = Server(data_dir)
    try:
        lockid = _setup_objects(server)
    finally:
        assert server.stop() == 0
    return data_dir, lockid


# ---------------------------------------------------------------------------
# Recording through both wires
# ---------------------------------------------------------------------------

# Names per method for the recording run, so that creates create, drops drop
# what a create made, and the shared objects survive until the reads are done.
_p = lambda i: "2024-02-%02d" % i  # noqa: E731
RECORD_NAMES = {
    "create_database": dict(db="db_c1"), "drop_database": dict(db="db_c1"),
    "create_database_req": dict(db="db_c2"), "drop_database_req": dict(db="db_c2"),
    "CreateDatabase": dict(db="db_c3"), "DeleteDatabase": dict(db="db_c3"),
    "create_table": dict(table="t_c1"), "drop_table": dict(table="t_c1"),
    "create_table_req": dict(table="t_c2"), "drop_table_req": dict(table="t_c2"),
    "create_table_with_constraints": dict(table="t_c3"), "RenameTable": dict(table="t_c3"),
    "create_table_with_environment_context": dict(table="t_c4"),
    "drop_table_with_environment_context": dict(table="t_c4"),
    "CreateTable": dict(table="t_c5"), "DeleteTable": dict(table="t_c5"),
    "add_partition": dict(part=_p(1)), "drop_partition": dict(part=_p(1)),
    "add_partition_with_environment_context": dict(part=_p(2)),
    "drop_partition_by_name": dict(part=_p(2)),
    "add_partitions": dict(part=_p(3)),
    "drop_partition_by_name_with_environment_context": dict(part=_p(3)),
    "add_partitions_req": dict(part=_p(4)), "drop_partition_req": dict(part=_p(4)),
    "append_partition": dict(part=_p(5)),
    "drop_partition_with_environment_context": dict(part=_p(5)),
    "append_partition_by_name": dict(part=_p(6)), "drop_partitions_req": dict(part=_p(6)),
    "append_partition_by_name_with_environment_context": dict(part=_p(7)),
    "BatchDeletePartitions": dict(part=_p(7)),
    "append_partition_req": dict(part=_p(8)), "rename_partition": dict(part=_p(8)),
    "append_partition_with_environment_context": dict(part=_p(9)),
    "rename_partition_req": dict(part=_p(9), part2="2024-03-02"),
    "BatchCreatePartitions": dict(part=_p(10)),
    "RenamePartition": dict(part=_p(10), part2="2024-03-03"),
    "create_function": dict(function="f_c1"), "drop_function": dict(function="f_c1"),
    "create_role": dict(role="r_c1"), "drop_role": dict(role="r_c1"),
    "CreatePartitionIndex": dict(index="by_ds2"), "DeletePartitionIndex": dict(index="by_ds2"),
    "CreateRegistry": dict(db="reg_c1"), "DeleteRegistry": dict(db="reg_c1"),
    "CreateSchema": dict(table="s_c1"), "DeleteSchema": dict(table="s_c1"),
    "CreateClassifier": dict(table="cls_c1"), "DeleteClassifier": dict(table="cls_c1"),
    "CreateCrawler": dict(db="crw_c1"), "DeleteCrawler": dict(db="crw_c1"),
}

_CREATES = re.compile(r"^(create|add_|append|Create|BatchCreate|lock$|set_ugi|setMetaConf|grant|"
                      r"update_|set_aggr)")
_DROPS = re.compile(r"(drop|Drop|delete|Delete|revoke|unlock|rename|Rename|shutdown|"
                    r"reinitialize)")


def _phase(method):
    return 0 if _CREATES.search(method) else 2 if _DROPS.search(method) else 1


def _call_grpc(stub, rpc, n):
    try:
        getattr(stub, rpc)(GRPC_REQUESTS[rpc](n), timeout=30)
        return None
    except grpc.RpcError as e:
        return e


def _call_thrift(client, method, n):
    """The exception the call raised, or None. Oneway calls are followed by
    getStatus on the same connection, which the server answers after it."""
    try:
        client.call(method, n)
        if method in ONEWAY:
            client.hms.getStatus()
        return None
    except TException as e:
        return e


def test_every_method_asks_the_gate_what_the_table_says(populated):
    data_dir, lockid = populated
    audit_path = os.path.join(tempfile.mkdtemp(prefix="gate_wire_audit_"), "audit.jsonl")
    server = Server(data_dir, extra_args=["--audit-log", audit_path])
    audit = AuditLog(audit_path)
    thrift = Thrift(server.thrift_port)
    channel = grpc.insecure_channel("127.0.0.1:%d" % server.grpc_port)
    stub = pb_grpc.CatalogServiceStub(channel)
    problems, writes = [], {}
    try:
        audit.skip()
        order = {(r[0], r[1]): i for i, r in enumerate(ROWS)}
        calls = sorted(TABLE, key=lambda k: (_phase(k[1]), order[k]))
        for front_end, method in calls:
            action, resource = TABLE[(front_end, method)]
            n = dict(EXISTING, lockid=lockid, **RECORD_NAMES.get(method, {}))
            want = [(action, _arn(resource, n), "allow")]
            if front_end == "grpc":
                error = _call_grpc(stub, method, n)
            else:
                error = _call_thrift(thrift, method, n)
            lines = audit.new()
            ids = list(dict.fromkeys(l["request_id"] for l in lines))
            if front_end == "thrift" and method in ONEWAY:
                # The oneway call's lines, then getStatus's.
                if len(ids) != 2:
                    problems.append("%s: request ids %s" % (method, ids))
                    continue
                lines = [l for l in lines if l["request_id"] == ids[0]]
                ids = ids[:1]
            if len(ids) != 1 or (front_end == "thrift" and not re.fullmatch(r"hms-.+-\d+", ids[0])):
                problems.append("%s %s: request ids %s (error %r)" % (front_end, method, ids, error))
                continue
            got = _decisions(lines)
            if got != want:
                problems.append("%s %s: asked %s, table says %s (error %r)" % (
                    front_end, method, got, want, error))
            writes[method] = [l for l in lines if l["event"] == "write"]
    finally:
        thrift.close()
        channel.close()
        assert server.stop() == 0
    assert problems == []

    # Writes describe themselves: the change records of a few, committed.
    def changes(method):
        return [(w["outcome"], [(c["kind"], c["object"]) for c in w["changes"]])
                for w in writes[method]]
    assert changes("create_table") == [("committed", [("create_table", "sales.t_c1")])]
    assert changes("drop_table") == [("committed", [("drop_table", "sales.t_c1")])]
    assert changes("add_partitions") == [("committed", [("add_partitions", "sales.orders")])]
    assert changes("CreateTable") == [("committed", [("create_table", "sales.t_c5")])]
    assert changes("DeleteTable") == [("committed", [("drop_table", "sales.t_c5")])]
    # A read writes nothing; a write that failed is on record, rolled back.
    assert changes("get_table") == []
    assert changes("delete_table_column_statistics") == [("rolled back", [])]
    assert changes("drop_database") == [("committed", [("drop_database", "db_c1")])]
    assert changes("RegisterSchemaVersion") == [
        ("committed", [("register_schema_version", "sales/orders v2")])]
    assert changes("DeleteSchemaVersions") == [
        ("committed", [("delete_schema_version", "sales/orders v2")])]
    assert changes("CheckSchemaCompatibility") == []
    assert changes("CreateCrawler") == [("committed", [("create_crawler", "crw_c1")])]
    assert changes("UpdateClassifier") == [("committed", [("update_classifier", "orders")])]
    # The start records a RUNNING run ("sales run <uuid>") before the crawl begins.
    [(outcome, [(kind, obj)])] = changes("StartCrawler")
    assert (outcome, kind) == ("committed", "start_crawl") and obj.startswith("sales run "), obj


# ---------------------------------------------------------------------------
# Deny-all through both wires
# ---------------------------------------------------------------------------

def _swap(text):
    return text.replace("sales", "nosuchdb").replace("orders", "nosuchtable")


def _thrift_refusal(error):
    if error is None:
        return None
    return (type(error).__name__, getattr(error, "message", None) or str(error))


def test_lockdown_refuses_every_method_alike_and_changes_nothing(populated):
    data_dir, lockid = populated
    before = _dump(data_dir)
    audit_path = os.path.join(tempfile.mkdtemp(prefix="gate_wire_audit_"), "audit.jsonl")
    server = Server(data_dir, extra_args=["--lockdown", "--audit-log", audit_path])
    audit = AuditLog(audit_path)
    thrift = Thrift(server.thrift_port)
    channel = grpc.insecure_channel("127.0.0.1:%d" % server.grpc_port)
    stub = pb_grpc.CatalogServiceStub(channel)
    problems = []
    try:
        audit.skip()
        for (front_end, method), (action, resource) in sorted(TABLE.items()):
            refusals = []
            for names in (EXISTING, MISSING):
                n = dict(names, lockid=lockid)
                want = [(action, _arn(resource, n), "deny")]
                if front_end == "grpc":
                    error = _call_grpc(stub, method, n)
                    if error is None or error.code() != grpc.StatusCode.PERMISSION_DENIED:
                        problems.append("grpc %s on %s: %r" % (method, n["db"], error))
                    refusal = None if error is None else (error.code(), error.details())
                elif method in ONEWAY:
                    thrift.call(method, n)
                    with pytest.raises(TApplicationException, match="access denied"):
                        thrift.hms.getStatus()  # answered after the oneway call
                    refusal = None
                else:
                    error = _call_thrift(thrift, method, n)
                    refusal = _thrift_refusal(error)
                    if refusal is None or "access denied" not in refusal[1]:
                        problems.append("thrift %s on %s: %r" % (method, n["db"], error))
                lines = audit.new()
                ids = list(dict.fromkeys(l["request_id"] for l in lines))
                if method in ONEWAY and front_end == "thrift":
                    lines = [l for l in lines if ids and l["request_id"] == ids[0]]
                got = _decisions(lines)
                if got != want:
                    problems.append("%s %s on %s: asked %s, want %s" % (
                        front_end, method, n["db"], got, want))
                if any(l["event"] == "write" for l in lines):
                    problems.append("%s %s: a write under lockdown" % (front_end, method))
                refusals.append(refusal)
            existing, missing = refusals
            if existing is not None and (existing[0], _swap(existing[1])) != missing:
                problems.append("%s %s: %r on an existing object, %r on a missing one" % (
                    front_end, method, existing, missing))
    finally:
        thrift.close()
        channel.close()
        assert server.stop() == 0
    assert problems == []
    assert _dump(data_dir) == before


def test_empty_add_partitions_passes_the_gate(populated):
    """add_partitions([]) names no table: it asks on the catalog, and is
    refused under lockdown like every other call (it used to answer 0
    without asking)."""
    data_dir, _ = populated
    audit_path = os.path.join(tempfile.mkdtemp(prefix="gate_wire_audit_"), "audit.jsonl")
    want = ("glue:BatchCreatePartition", ARN_PREFIX + "catalog")
    for lockdown in (False, True):
        server = Server(data_dir, extra_args=["--audit-log", audit_path] +
                        (["--lockdown"] if lockdown else []))
        audit = AuditLog(audit_path)
        audit.skip()
        client = Thrift(server.thrift_port)
        try:
            if lockdown:
                with pytest.raises(T.MetaException, match="access denied"):
                    client.hms.add_partitions([])
            else:
                assert client.hms.add_partitions([]) == 0
            assert _decisions(audit.new()) == [(*want, "deny" if lockdown else "allow")]
        finally:
            client.close()
            assert server.stop() == 0
