"""CLI tests: run `almanac` as a person would (subprocess), against a real
`almanac serve` on port 0 with a temporary data directory. Checks the human
output loosely, the --json output exactly, and every failure's exit code and
one-line message.

The binary comes from $ALMANAC_BIN (set by ctest). Standard library + pytest.
"""

import json
import os
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402

ALMANAC = almanac_testlib.ALMANAC_BIN

EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_ALREADY_EXISTS = 4
EXIT_INVALID_ARGUMENT = 5
EXIT_FAILED_PRECONDITION = 6
EXIT_UNAVAILABLE = 7


def Server(data_dir, extra=()):
    """`almanac serve` on 127.0.0.1:0; `address` is its gRPC front end, the
    one the CLI talks to. Its stderr is left to the test's own."""
    return almanac_testlib.Server(data_dir, extra_args=extra, capture_stderr=False)


@pytest.fixture(scope="module")
def data_dir():
    with tempfile.TemporaryDirectory(prefix="almanac_cli_test_") as d:
        yield d


@pytest.fixture(scope="module")
def server(data_dir):
    s = Server(data_dir)
    yield s
    if s.proc.poll() is None:
        assert s.stop() == 0


def run(server, *args, stdin=None):
    env = dict(os.environ)
    env.pop("ALMANAC_SERVER", None)
    return subprocess.run([ALMANAC, "--server", server.address, *args], capture_output=True,
                          text=True, input=stdin, env=env, timeout=120)


def ok(server, *args, stdin=None):
    r = run(server, *args, stdin=stdin)
    assert r.returncode == 0, (args, r.returncode, r.stderr)
    assert r.stderr == ""
    return r.stdout


def ok_json(server, *args):
    return json.loads(ok(server, *args, "--json"))


def fails(server, code, message, *args):
    r = run(server, *args)
    assert r.returncode == code, (args, r.returncode, r.stdout, r.stderr)
    assert r.stderr.count("\n") == 1, r.stderr  # exactly one line
    assert r.stderr.startswith("almanac: "), r.stderr
    assert message in r.stderr, r.stderr
    return r.stderr


def test_help_documents_exit_codes():
    r = subprocess.run([ALMANAC, "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    for line in ("3  not found", "4  already exists", "7  server unavailable"):
        assert line in r.stdout


def test_usage_errors_exit_2(server):
    r = run(server, "db", "frobnicate")
    assert r.returncode == EXIT_USAGE
    r = run(server, "table", "show")
    assert r.returncode == EXIT_USAGE
    fails(server, EXIT_USAGE, "expected DB.TABLE, got 'orders'", "table", "show", "orders")


def test_databases(server):
    out = ok(server, "db", "create", "sales", "--description", "orders and invoices",
             "--param", "team=finance", "--param", "tier=gold")
    assert "created database 'sales'" in out
    fails(server, EXIT_ALREADY_EXISTS, "'sales'", "db", "create", "sales")
    fails(server, EXIT_INVALID_ARGUMENT, "bad name!", "db", "create", "bad name!")
    fails(server, EXIT_USAGE, "KEY=VALUE", "db", "create", "x", "--param", "novalue")

    ls = ok_json(server, "db", "ls")
    assert "sales" in ls["databases"]
    assert "sales" in ok(server, "db", "ls").split()

    shown = ok_json(server, "db", "show", "sales")
    assert shown["name"] == "sales"
    assert shown["description"] == "orders and invoices"
    assert shown["parameters"] == {"team": "finance", "tier": "gold"}
    assert shown["location"]
    human = ok(server, "db", "show", "sales")
    assert "orders and invoices" in human and "team" in human

    fails(server, EXIT_NOT_FOUND, "database 'nope' not found", "db", "show", "nope")

    ok(server, "db", "create", "scratch", "--location", "file:/tmp/scratch.db")
    assert ok_json(server, "db", "show", "scratch")["location"] == "file:/tmp/scratch.db"
    assert ok_json(server, "db", "drop", "scratch") == {"database": "scratch", "dropped": True}
    fails(server, EXIT_NOT_FOUND, "'scratch'", "db", "drop", "scratch")


ORDERS = {
    "database": "sales",
    "name": "orders",
    "table_type": "TABLE_TYPE_EXTERNAL",
    "sd": {
        "columns": [{"name": "id", "type": "bigint", "comment": "row id"},
                    {"name": "amount", "type": "decimal(10,2)"}],
        "location": "file:/tmp/lake/sales/orders",
        "input_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "output_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "serde": {"serialization_library":
                  "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
        "num_buckets": -1,
    },
    "partition_keys": [{"name": "year", "type": "int"}, {"name": "month", "type": "string"}],
    "parameters": {"classification": "parquet"},
}


def write_json(tmp_path, name, value):
    path = tmp_path / name
    path.write_text(json.dumps(value))
    return str(path)


def test_tables(server, tmp_path):
    path = write_json(tmp_path, "orders.json", ORDERS)
    created = ok_json(server, "table", "create", "--from-json", path)
    assert created["name"] == "orders"
    fails(server, EXIT_ALREADY_EXISTS, "sales.orders", "table", "create", "--from-json", path)

    bad = dict(ORDERS, name="broken", sd=dict(ORDERS["sd"], columns=[{"name": "x",
                                                                      "type": "map<string>"}]))
    fails(server, EXIT_INVALID_ARGUMENT, "map<string>", "table", "create", "--from-json",
          write_json(tmp_path, "bad.json", bad))
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{ not json")
    fails(server, EXIT_INVALID_ARGUMENT, "garbage.json", "table", "create", "--from-json",
          str(garbage))
    fails(server, EXIT_NOT_FOUND, "missing.json", "table", "create", "--from-json",
          str(tmp_path / "missing.json"))

    assert ok_json(server, "table", "ls", "sales") == {"database": "sales", "tables": ["orders"]}
    assert ok(server, "table", "ls", "sales", "--pattern", "ord*").split() == ["TABLE", "orders"]
    fails(server, EXIT_NOT_FOUND, "'nodb'", "table", "ls", "nodb")

    shown = ok_json(server, "table", "show", "sales.orders")
    assert shown["sd"]["columns"][1]["type"] == "decimal(10,2)"
    assert [k["name"] for k in shown["partition_keys"]] == ["year", "month"]
    human = ok(server, "table", "show", "sales.orders")
    assert "decimal(10,2)" in human and "EXTERNAL_TABLE" in human
    fails(server, EXIT_NOT_FOUND, "table 'sales.nope' not found", "table", "show", "sales.nope")

    # show -> edit -> create works on the same JSON shape.
    shown["name"] = "orders_copy"
    copy = ok_json(server, "table", "create", "--from-json",
                   write_json(tmp_path, "copy.json", shown))
    assert copy["sd"]["columns"] == shown["sd"]["columns"]
    assert copy["partition_keys"] == shown["partition_keys"]

    assert ok_json(server, "table", "rename", "sales.orders_copy", "sales.orders_old") == {
        "table": "sales.orders_copy", "renamed_to": "sales.orders_old"}
    fails(server, EXIT_ALREADY_EXISTS, "sales.orders", "table", "rename", "sales.orders_old",
          "sales.orders")
    fails(server, EXIT_NOT_FOUND, "sales.orders_copy", "table", "rename", "sales.orders_copy",
          "sales.x")
    assert "dropped table 'sales.orders_old'" in ok(server, "table", "drop", "sales.orders_old")
    fails(server, EXIT_NOT_FOUND, "sales.orders_old", "table", "drop", "sales.orders_old")


def test_partitions(server):
    ok(server, "partition", "add", "sales.orders", "year=2023/month=12")
    added = ok_json(server, "partition", "add", "sales.orders", "year=2024/month=01",
                    "--location", "file:/tmp/lake/sales/orders/custom")
    assert added["values"] == ["2024", "01"]
    ok(server, "partition", "add", "sales.orders", "year=2024/month=02")
    fails(server, EXIT_ALREADY_EXISTS, "year=2024/month=01", "partition", "add", "sales.orders",
          "year=2024/month=01")
    fails(server, EXIT_INVALID_ARGUMENT, "", "partition", "add", "sales.orders", "year=2024")

    listed = ok_json(server, "partition", "ls", "sales.orders")
    assert [p["values"] for p in listed["partitions"]] == [["2023", "12"], ["2024", "01"],
                                                           ["2024", "02"]]
    human = ok(server, "partition", "ls", "sales.orders")
    assert human.splitlines()[0].split() == ["YEAR", "MONTH", "LOCATION"]
    assert "(3 partitions)" in human

    filtered = ok_json(server, "partition", "ls", "sales.orders", "--filter", "year = 2024",
                       "--explain")
    assert len(filtered["partitions"]) == 2
    assert filtered["explain"][0]["rows_returned"] in (2, "2")
    hive = ok_json(server, "partition", "ls", "sales.orders", "--dialect", "hive", "--filter",
                   'month = "02"')
    assert [p["values"] for p in hive["partitions"]] == [["2024", "02"]]
    limited = ok_json(server, "partition", "ls", "sales.orders", "--limit", "2")
    assert len(limited["partitions"]) == 2
    assert "plan:" in ok(server, "partition", "ls", "sales.orders", "--explain")
    fails(server, EXIT_INVALID_ARGUMENT, "nosuchkey", "partition", "ls", "sales.orders",
          "--filter", "nosuchkey = 1")
    fails(server, EXIT_USAGE, "--dialect", "partition", "ls", "sales.orders", "--dialect", "sql")

    shown = ok_json(server, "partition", "show", "sales.orders", "year=2024/month=01")
    assert shown["sd"]["location"] == "file:/tmp/lake/sales/orders/custom"
    assert "custom" in ok(server, "partition", "show", "sales.orders", "year=2024/month=01")
    fails(server, EXIT_NOT_FOUND, "year=2030/month=01", "partition", "show", "sales.orders",
          "year=2030/month=01")

    assert ok_json(server, "partition", "drop", "sales.orders", "year=2023/month=12") == {
        "partition": "sales.orders/year=2023/month=12", "dropped": True}
    fails(server, EXIT_NOT_FOUND, "year=2023/month=12", "partition", "drop", "sales.orders",
          "year=2023/month=12")


def test_drop_non_empty_database_is_failed_precondition(server):
    fails(server, EXIT_FAILED_PRECONDITION, "'sales'", "db", "drop", "sales")


def test_unreachable_server_exits_7():
    r = subprocess.run([ALMANAC, "--server", "127.0.0.1:1", "db", "ls"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == EXIT_UNAVAILABLE
    assert r.stderr.startswith("almanac: cannot reach almanac server at 127.0.0.1:1")
    assert r.stderr.count("\n") == 1


def test_server_env_variable(server):
    env = dict(os.environ, ALMANAC_SERVER=server.address)
    r = subprocess.run([ALMANAC, "db", "ls", "--json"], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert "sales" in json.loads(r.stdout)["databases"]


def test_migrate_status(data_dir, tmp_path):
    empty = tmp_path / "fresh"
    r = subprocess.run([ALMANAC, "migrate", "--status", "--data-dir", str(empty), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    status = json.loads(r.stdout)
    assert status["steps"] and all(not s["applied"] for s in status["steps"])
    assert not (empty / "catalog.db").exists()  # --status changes nothing

    r = subprocess.run([ALMANAC, "migrate", "--data-dir", str(empty), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert all(s["applied"] for s in json.loads(r.stdout)["steps"])
    r = subprocess.run([ALMANAC, "migrate", "--status", "--data-dir", str(empty)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "applied" in r.stdout and "pending" not in r.stdout


def test_config_file_text_logs_and_restart(data_dir, tmp_path, server):
    # Stop the module server; run one from a config file on the same data dir.
    assert server.stop() == 0
    config = tmp_path / "almanac.toml"
    config.write_text('[serve]\n'
                      'warehouse = "file:/tmp/almanac-cfg-warehouse"\n'
                      'log-level = "debug"\n')
    again = Server(data_dir, extra=("--config", str(config)))
    try:
        created = ok_json(again, "db", "create", "fromconfig")
        assert created["location"].startswith("file:/tmp/almanac-cfg-warehouse"), created
        assert "orders" in ok_json(again, "table", "ls", "sales")["tables"]
        assert len(ok_json(again, "partition", "ls", "sales.orders")["partitions"]) == 2
        assert ok_json(again, "db", "drop", "sales", "--cascade")["dropped"] is True
        fails(again, EXIT_NOT_FOUND, "'sales'", "db", "show", "sales")
    finally:
        assert again.stop() == 0
    events = [json.loads(l)["event"] for l in again.lines]
    assert events[0] == "starting" and events[-1] == "stopped"
    assert "shutdown" in events
    assert "rpc" in events  # log-level debug from the config file
