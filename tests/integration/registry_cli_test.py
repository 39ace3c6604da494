"""The schema registry as a producer team uses it, through the real CLI and
the real wires against `almanac serve` on port 0: registering Avro, JSON
Schema and Protobuf schemas, a change that would break consumers stopped with
reasons that name the field, the check, validate, versions, show and diff
verbs (human and --json output), the checkpoint guard, and a table whose
columns follow the schema, read back over the Hive Thrift wire.

The binary comes from $ALMANAC_BIN (set by ctest); the schema files are in
tests/testdata/registry/.
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

ALMANAC = almanac_testlib.ALMANAC_BIN
FILES = os.path.join(almanac_testlib.SOURCE_DIR, "tests", "testdata", "registry")

EXIT_FAILURE = 1
EXIT_NOT_FOUND = 3
EXIT_INVALID_ARGUMENT = 5
EXIT_FAILED_PRECONDITION = 6


def f(name):
    return os.path.join(FILES, name)


@pytest.fixture(scope="module")
def server():
    with tempfile.TemporaryDirectory(prefix="almanac_registry_test_") as d:
        s = almanac_testlib.Server(d, capture_stderr=False)
        yield s
        if s.proc.poll() is None:
            assert s.stop() == 0


def run(server, *args):
    env = dict(os.environ)
    env.pop("ALMANAC_SERVER", None)
    return subprocess.run([ALMANAC, "--server", server.address, *args], capture_output=True,
                          text=True, env=env, timeout=120)


def ok(server, *args):
    r = run(server, *args)
    assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r.stdout


def js(server, *args):
    return json.loads(ok(server, "--json", *args))


def test_a_producer_team_registers_and_is_stopped_before_breaking_consumers(server):
    ok(server, "registry", "create", "shop", "--description", "the shop's event schemas")
    out = ok(server, "schema", "create", "shop/orders", "--format", "AVRO",
             "--compatibility", "BACKWARD", "--file", f("orders_v1.avsc"))
    assert "with version 1" in out

    # A compatible change: two fields with defaults.
    out = ok(server, "schema", "register", "shop/orders", "--file", f("orders_v2.avsc"),
             "--metadata", "team=checkout", "--metadata", "ticket=SHOP-12")
    assert "registered shop/orders version 2" in out

    # The same definition again: version 2, nothing new.
    again = js(server, "schema", "register", "shop/orders", "--file", f("orders_v2.avsc"))
    assert again["existing"] is True and again["version"]["version"] == "2"

    # The breaking change: price narrowed, a field without a default. Refused,
    # each reason on its own line naming the field.
    r = run(server, "schema", "register", "shop/orders", "--file", f("orders_v3_breaking.avsc"))
    assert r.returncode == EXIT_FAILED_PRECONDITION, (r.stdout, r.stderr)
    assert "breaks BACKWARD compatibility" in r.stderr
    reasons = [l for l in r.stderr.splitlines() if l.startswith("  - ")]
    assert any("'price'" in l and "double" in l and "int" in l for l in reasons), r.stderr
    assert any("'channel'" in l and "default" in l for l in reasons), r.stderr
    versions = js(server, "schema", "versions", "shop/orders")
    assert [v["version"] for v in versions] == ["1", "2"]
    assert versions[1]["metadata"] == {"team": "checkout", "ticket": "SHOP-12"}

    # check: the same verdict without registering; exit 1 when incompatible.
    r = run(server, "schema", "check", "shop/orders", "--file", f("orders_v3_breaking.avsc"))
    assert r.returncode == EXIT_FAILURE and "NOT compatible under BACKWARD" in r.stdout
    verdict = json.loads(run(server, "--json", "schema", "check", "shop/orders", "--file",
                             f("orders_v3_breaking.avsc")).stdout)
    assert verdict["compatible"] is False and verdict["checked_versions"] == ["2"]
    assert {r["path"] for r in verdict["reasons"]} >= {"price", "channel"}
    assert all(r["direction"] == "BACKWARD" for r in verdict["reasons"])
    r = run(server, "schema", "check", "shop/orders", "--file", f("orders_v2.avsc"))
    assert r.returncode == 0 and "version 2 already" in r.stdout

    # Under NONE the same text is admitted: the refusal came from the mode.
    ok(server, "schema", "set-compatibility", "shop/orders", "NONE")
    assert "version 3" in ok(server, "schema", "register", "shop/orders", "--file",
                             f("orders_v3_breaking.avsc"))


def test_show_and_diff_read_like_a_changelog(server):
    shown = ok(server, "schema", "show", "shop/orders", "--version", "2")
    assert shown.startswith("# shop/orders version 2") and '"coupon"' in shown
    schema = js(server, "schema", "show", "shop/orders")
    assert schema["data_format"] == "AVRO" and schema["latest_version"] == "3"
    diff = ok(server, "schema", "diff", "shop/orders", "1", "2")
    assert "+ coupon:" in diff and "+ items:" in diff
    diff = ok(server, "schema", "diff", "shop/orders", "2", "3")
    assert any(l.startswith("~ price:") for l in diff.splitlines()), diff
    entries = js(server, "schema", "diff", "shop/orders", "2")["entries"]
    assert {(e["kind"], e["path"]) for e in entries} >= {("changed", "price"),
                                                         ("added", "channel")}


def test_protobuf_and_json_schemas_are_judged_by_their_own_rules(server):
    ok(server, "schema", "create", "shop/payments", "--format", "PROTOBUF",
       "--compatibility", "FULL", "--file", f("payment_v1.proto"))
    ok(server, "schema", "register", "shop/payments", "--file", f("payment_v2.proto"))
    r = run(server, "schema", "register", "shop/payments", "--file",
            f("payment_v3_breaking.proto"))
    assert r.returncode == EXIT_FAILED_PRECONDITION, r.stderr
    assert "amount_cents" in r.stderr and "(3)" in r.stderr, r.stderr

    ok(server, "schema", "create", "shop/customers", "--format", "JSON",
       "--compatibility", "BACKWARD_ALL", "--file", f("customer_v1.json"))
    ok(server, "schema", "register", "shop/customers", "--file", f("customer_v2.json"))
    r = run(server, "schema", "register", "shop/customers", "--file",
            f("customer_v3_breaking.json"))
    assert r.returncode == EXIT_FAILED_PRECONDITION, r.stderr
    assert "name" in r.stderr and "maxLength" in r.stderr, r.stderr
    listing = js(server, "schema", "ls", "shop")
    assert [(s["name"], s["data_format"], s["latest_version"]) for s in listing] == [
        ("customers", "JSON", "2"), ("orders", "AVRO", "3"), ("payments", "PROTOBUF", "2")]


@pytest.mark.parametrize("fmt,name,where", [
    ("AVRO", "orders_bad.avsc", "strin"),
    ("PROTOBUF", "payment_bad.proto", "line 6"),
    ("JSON", "customer_bad.json", "/properties/name/type"),
])
def test_validate_says_where_a_definition_is_wrong(server, fmt, name, where):
    r = run(server, "schema", "validate", "--format", fmt, "--file", f(name))
    assert r.returncode == EXIT_INVALID_ARGUMENT, (r.stdout, r.stderr)
    assert where in r.stdout, r.stdout
    assert "valid" in ok(server, "schema", "validate", "--format", "AVRO", "--file",
                         f("orders_v1.avsc"))


def test_bad_input_is_refused_and_nothing_is_stored(server):
    before = js(server, "schema", "versions", "shop/orders")
    r = run(server, "schema", "register", "shop/orders", "--file", f("orders_bad.avsc"))
    assert r.returncode == EXIT_INVALID_ARGUMENT and "strin" in r.stderr, r.stderr
    r = run(server, "schema", "create", "shop/x", "--format", "XML", "--file",
            f("orders_v1.avsc"))
    assert r.returncode == EXIT_INVALID_ARGUMENT and "AVRO, JSON or PROTOBUF" in r.stderr
    r = run(server, "schema", "set-compatibility", "shop/orders", "SIDEWAYS")
    assert r.returncode == EXIT_INVALID_ARGUMENT and "'SIDEWAYS'" in r.stderr
    # The mode change to NONE moved the checkpoint to version 2, the latest then.
    checkpoint = js(server, "schema", "show", "shop/orders")["checkpoint"]
    assert checkpoint == "2"
    r = run(server, "schema", "rm-version", "shop/orders", "1", checkpoint)
    assert r.returncode == EXIT_FAILED_PRECONDITION and "checkpoint" in r.stderr
    assert [v["version"] for v in js(server, "schema", "versions", "shop/orders")] == [
        "1", "2", "3"]  # all or nothing
    ok(server, "schema", "set-compatibility", "shop/orders", "DISABLED")
    r = run(server, "schema", "register", "shop/orders", "--file", f("orders_v1.avsc"))
    assert r.returncode == 0 and "version 1 already" in r.stdout  # identical: no new version
    r = run(server, "schema", "register", "shop/orders", "--file", f("orders_v2.avsc"))
    assert r.returncode == 0  # version 2 already
    with tempfile.NamedTemporaryFile("w", suffix=".avsc") as tmp:
        doc = json.load(open(f("orders_v1.avsc")))
        doc["fields"].append({"name": "x", "type": "int", "default": 0})
        json.dump(doc, tmp)
        tmp.flush()
        r = run(server, "schema", "register", "shop/orders", "--file", tmp.name)
        assert r.returncode == EXIT_FAILED_PRECONDITION and "DISABLED" in r.stderr, r.stderr
    assert js(server, "schema", "versions", "shop/orders") == before
    r = run(server, "schema", "rm", "shop/orders")
    assert r.returncode == EXIT_FAILED_PRECONDITION and "forced" in r.stderr
    r = run(server, "registry", "rm", "shop")
    assert r.returncode == EXIT_FAILED_PRECONDITION
    r = run(server, "schema", "show", "shop/nothing")
    assert r.returncode == EXIT_NOT_FOUND and "'nothing'" in r.stderr


def test_a_table_follows_its_schema_and_hive_clients_see_the_columns(server):
    m = almanac_testlib.generate_clients(grpc=True)
    pb, pb_grpc = m.pb, m.pb_grpc
    ok(server, "schema", "set-compatibility", "shop/orders", "BACKWARD")
    with grpc.insecure_channel(server.address) as channel:
        stub = pb_grpc.CatalogServiceStub(channel)
        stub.CreateDatabase(pb.CreateDatabaseRequest(database=pb.Database(name="events")))
        table = pb.Table(database="events", name="orders", table_type=pb.TABLE_TYPE_EXTERNAL,
                         sd=pb.StorageDescriptor(
                             location="file:/tmp/events/orders",
                             input_format="org.apache.hadoop.hive.ql.io.avro."
                                          "AvroContainerInputFormat",
                             output_format="org.apache.hadoop.hive.ql.io.avro."
                                           "AvroContainerOutputFormat",
                             serde=pb.SerDeInfo(serialization_library=
                                                "org.apache.hadoop.hive.serde2.avro.AvroSerDe")),
                         parameters={"almanac.schema.reference": "shop/orders"})
        created = stub.CreateTable(pb.CreateTableRequest(table=table)).table
        assert [(c.name, c.type) for c in created.sd.columns][:4] == [
            ("order_id", "bigint"), ("customer", "string"), ("price", "int"),
            ("placed_at", "timestamp")]
        assert created.parameters["almanac.schema.version"] == "3"

    with tempfile.NamedTemporaryFile("w", suffix=".avsc") as tmp:
        doc = json.load(open(f("orders_v3_breaking.avsc")))
        doc["fields"].append({"name": "gift", "type": "boolean", "default": False,
                              "doc": "wrapped as a gift"})
        json.dump(doc, tmp)
        tmp.flush()
        out = ok(server, "schema", "register", "shop/orders", "--file", tmp.name,
                 "--update-tables")
        assert "version 4" in out and "updated the columns of table events.orders" in out

    client = almanac_testlib.Client(server.thrift_port)
    try:
        t = client.hms.get_table("events", "orders")
        cols = [(c.name, c.type, c.comment) for c in t.sd.cols]
        assert cols[-1] == ("gift", "boolean", "wrapped as a gift")
        assert ("items", "array<struct<sku:string,qty:int>>", "") in [
            (n, ty, c or "") for n, ty, c in cols]
        assert t.parameters["almanac.schema.version"] == "4"
    finally:
        client.close()
    # The change is in the table's history.
    versions = js(server, "table", "versions", "events.orders")
    assert any("columns from schema shop/orders version 4" in v["summary"]
               for v in versions["versions"]), versions
