"""Resource and identity policies enforced through both real wires.

Runs the cases of tests/testdata/policy_wire_cases.txt (the format is
described there) against `almanac serve --enforce-policies`, each through the
Thrift front end (identity by set_ugi) and the gRPC front end (identity by
metadata), and checks `almanac policy simulate` agrees. Then the policy
verbs themselves: validation errors, Glue's put conditions, the lock-out
guard, who-can, and the audit trail with `almanac audit ls|verify`, including
tampering with the SQLite file behind the server's back.
"""

import json
import os
import re
import sqlite3
import subprocess
import tempfile

import grpc
import pytest

from almanac_testlib import ALMANAC_BIN, SOURCE_DIR, Server, generate_clients

M = generate_clients(grpc=True)
T = M.ttypes
pb, pb_grpc = M.pb, M.pb_grpc

from thrift.protocol import TBinaryProtocol  # noqa: E402
from thrift.transport import TSocket, TTransport  # noqa: E402

ARN = "arn:aws:glue:us-east-1:123456789012:"
TESTDATA = os.path.join(SOURCE_DIR, "tests", "testdata")
POLICY_DIR = os.path.join(TESTDATA, "policy_wire")
OBJECTS = {"default": [], "sales": ["orders", "customers", "pii_emails"], "hr": ["salaries"],
           "staging": ["events", "ivy_notes"]}
DENIAL = re.compile(r"^User: arn:aws:iam::123456789012:user/\S+ is not authorized to perform: "
                    r"glue:\w+ on resource: arn:aws:glue:us-east-1:123456789012:\S+")


def _cases():
    cases = []
    with open(os.path.join(TESTDATA, "policy_wire_cases.txt")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            rule, who, op, expected = [p.strip() for p in line.split("|")]
            principal, groups = who.split()
            cases.append((rule, principal, [] if groups == "-" else groups.split(","),
                          op.split(), expected))
    return cases


CASES = _cases()


def _target_of(file_name):
    stem = file_name[:-len(".json")]
    if stem == "catalog":
        return "catalog"
    kind, rest = stem.split("_", 1)
    if kind == "table":
        db, table = rest.split("_", 1)
        return "table/%s/%s" % (db, table)
    return "%s/%s" % (kind, rest)


def cli(server, *args, check=True):
    proc = subprocess.run([ALMANAC_BIN, "--server", server.address, *args],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, ALMANAC_PRINCIPAL="root"))
    if check and proc.returncode != 0:
        raise AssertionError("almanac %s: exit %d\n%s%s" % (
            " ".join(args), proc.returncode, proc.stdout, proc.stderr))
    return proc


def _sd():
    return T.StorageDescriptor(
        cols=[T.FieldSchema("id", "bigint", "")], location="",
        inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        compressed=False, numBuckets=-1,
        serdeInfo=T.SerDeInfo(name="", parameters={},
                              serializationLib="org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"),
        bucketCols=[], sortCols=[], parameters={})


def _thrift_table(db, name):
    return T.Table(tableName=name, dbName=db, owner="root", createTime=0, lastAccessTime=0,
                   retention=0, sd=_sd(), partitionKeys=[], parameters={},
                   viewOriginalText="", viewExpandedText="", tableType="EXTERNAL_TABLE")


def _grpc_table(db, name):
    return pb.Table(database=db, name=name, owner="root", table_type=pb.TABLE_TYPE_EXTERNAL,
                    sd=pb.StorageDescriptor(columns=[pb.Column(name="id", type="bigint")]))


class ThriftAs:
    """One Thrift connection identified by set_ugi (authentication off)."""

    def __init__(self, port, principal, groups):
        sock = TSocket.TSocket("127.0.0.1", port)
        sock.setTimeout(30000)
        self.transport = TTransport.TBufferedTransport(sock)
        self.hms = M.ThriftHiveMetastore.Client(TBinaryProtocol.TBinaryProtocol(self.transport))
        self.transport.open()
        self.hms.set_ugi(principal, groups)

    def run(self, op, args):
        hms = self.hms
        if op == "get_table":
            db, t = args[0].split(".")
            hms.get_table(db, t)
        elif op == "get_database":
            hms.get_database(args[0])
        elif op == "list_tables":
            return sorted(hms.get_tables(args[0], "*"))
        elif op == "list_databases":
            return sorted(hms.get_all_databases())
        elif op == "update_table":
            db, t = args[0].split(".")
            hms.alter_table(db, t, _thrift_table(db, t))
        elif op == "create_table":
            db, t = args[0].split(".")
            hms.create_table(_thrift_table(db, t))
        elif op == "drop_table":
            db, t = args[0].split(".")
            hms.drop_table(db, t, False)
        elif op == "drop_database":
            hms.drop_database(args[0], False, True)
        else:
            raise AssertionError("unknown operation " + op)
        return None

    def close(self):
        self.transport.close()


class GrpcAs:
    def __init__(self, stub, principal, groups):
        self.stub = stub
        self.metadata = [("x-almanac-principal", principal)]
        if groups:
            self.metadata.append(("x-almanac-groups", ",".join(groups)))

    def run(self, op, args):
        s, md = self.stub, self.metadata
        if op == "get_table":
            db, t = args[0].split(".")
            s.GetTable(pb.GetTableRequest(database=db, name=t), metadata=md, timeout=30)
        elif op == "get_database":
            s.GetDatabase(pb.GetDatabaseRequest(name=args[0]), metadata=md, timeout=30)
        elif op == "list_tables":
            r = s.ListTables(pb.ListTablesRequest(database=args[0], pattern="*"), metadata=md,
                             timeout=30)
            return sorted(r.names)
        elif op == "list_databases":
            r = s.ListDatabases(pb.ListDatabasesRequest(pattern="*"), metadata=md, timeout=30)
            return sorted(r.names)
        elif op == "update_table":
            db, t = args[0].split(".")
            s.UpdateTable(pb.UpdateTableRequest(table=_grpc_table(db, t)), metadata=md, timeout=30)
        elif op == "create_table":
            db, t = args[0].split(".")
            s.CreateTable(pb.CreateTableRequest(table=_grpc_table(db, t)), metadata=md, timeout=30)
        elif op == "drop_table":
            db, t = args[0].split(".")
            s.DeleteTable(pb.DeleteTableRequest(database=db, name=t), metadata=md, timeout=30)
        elif op == "drop_database":
            s.DeleteDatabase(pb.DeleteDatabaseRequest(name=args[0]), metadata=md, timeout=30)
        else:
            raise AssertionError("unknown operation " + op)
        return None


def _action_and_resource(op, arg):
    if op in ("get_table", "update_table", "create_table", "drop_table"):
        db, t = arg.split(".")
        action = {"get_table": "glue:GetTable", "update_table": "glue:UpdateTable",
                  "create_table": "glue:CreateTable", "drop_table": "glue:DeleteTable"}[op]
        return action, ARN + "table/%s/%s" % (db, t)
    action = {"get_database": "glue:GetDatabase", "drop_database": "glue:DeleteDatabase"}[op]
    return action, ARN + "database/" + arg


@pytest.fixture(scope="module")
def enforced():
    data_dir = tempfile.mkdtemp(prefix="policy_wire_")
    # Objects and policies first, with nothing enforced.
    server = Server(data_dir)
    try:
        setup = ThriftAs(server.thrift_port, "root", [])
        for db, tables in OBJECTS.items():
            if db != "default":
                setup.hms.create_database(T.Database(name=db, description="", locationUri="",
                                                     parameters={}))
            for t in tables:
                setup.hms.create_table(_thrift_table(db, t))
        setup.close()
        for name in sorted(os.listdir(POLICY_DIR)):
            target = _target_of(name)
            flag = "--identity" if target.split("/")[0] in ("user", "group", "role") else "--resource"
            cli(server, "policy", "put", flag, target, "--file", os.path.join(POLICY_DIR, name))
    finally:
        assert server.stop() == 0
    server = Server(data_dir, extra_args=["--enforce-policies", "--admin", "user/root"])
    yield server, data_dir
    assert server.stop() == 0


def _outcome(fn):
    """('ok', value) or ('denied', message); anything else fails the test."""
    try:
        return "ok", fn()
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.PERMISSION_DENIED, (e.code(), e.details())
        return "denied", e.details()
    except T.MetaException as e:
        return "denied", e.message


def test_cases_through_both_wires_and_the_simulator(enforced):
    server, _ = enforced
    assert len(CASES) >= 50
    channel = grpc.insecure_channel(server.address)
    stub = pb_grpc.CatalogServiceStub(channel)
    problems = []
    try:
        for rule, principal, groups, (op, *args), expected in CASES:
            thrift = ThriftAs(server.thrift_port, principal, groups)
            try:
                for wire, client in (("thrift", thrift), ("grpc", GrpcAs(stub, principal, groups))):
                    wire_args = [a.replace("{wire}", wire) for a in args]
                    kind, value = _outcome(lambda: client.run(op, wire_args))
                    if kind == "denied":
                        got = "denied"
                        if not DENIAL.match(value or ""):
                            problems.append("%s via %s: denial message %r" % (rule, wire, value))
                    elif op.startswith("list_"):
                        got = ",".join(value)
                    else:
                        got = "allowed"
                    if got != expected:
                        problems.append("%s via %s: %s %s -> %s, expected %s" % (
                            rule, wire, op, " ".join(wire_args), got, expected))
            finally:
                thrift.close()
            if op.startswith("list_"):
                continue
            action, resource = _action_and_resource(op, args[0].replace("{wire}", "thrift"))
            sim_args = ["--json", "policy", "simulate", "--principal", principal, "--action",
                        action, "--resource", resource, "--source-ip", "127.0.0.1",
                        "--secure-transport", "false"]
            for g in groups:
                sim_args += ["--group", g]
            sim = json.loads(cli(server, *sim_args).stdout)
            want = "allowed" if expected == "allowed" else ("explicitDeny", "implicitDeny")
            if (sim["decision"] != want) if expected == "allowed" else (sim["decision"] not in want):
                problems.append("%s: simulator says %s" % (rule, sim["decision"]))
    finally:
        channel.close()
    assert problems == []


def test_simulator_explains_its_decision(enforced):
    server, _ = enforced
    out = json.loads(cli(server, "--json", "policy", "simulate", "--principal", "alice",
                         "--group", "analysts", "--action", "glue:GetTable", "--resource",
                         ARN + "table/sales/pii_emails").stdout)
    assert out["decision"] == "explicitDeny"
    assert out["deciding"]["policy"] == "catalog"
    assert out["deciding"]["sid"] == "NoPiiForAnalysts"
    assert [l["resource"] for l in out["levels"]] == [
        ARN + "catalog", ARN + "database/sales", ARN + "table/sales/pii_emails"]
    assert [l["decision"] for l in out["levels"]] == ["allowed", "allowed", "explicitDeny"]
    # gina's access hangs on aws:SourceIp, which this request does not carry.
    out = json.loads(cli(server, "--json", "policy", "simulate", "--principal", "gina",
                         "--group", "hr", "--action", "glue:GetTable", "--resource",
                         ARN + "table/hr/salaries").stdout)
    assert out["decision"] == "implicitDeny"
    assert "aws:SourceIp" in out["missing_context_keys"]
    text = cli(server, "policy", "simulate", "--principal", "alice", "--group", "analysts",
               "--action", "glue:UpdateTable", "--resource", ARN + "table/sales/orders").stdout
    assert text.startswith("allowed: arn:aws:iam::123456789012:user/alice glue:UpdateTable")
    assert "catalog:AliceWritesOrders (Allow)" in text


def test_who_can(enforced):
    server, _ = enforced
    out = json.loads(cli(server, "--json", "policy", "who-can", "--action", "glue:GetTable",
                         "--resource", ARN + "table/sales/orders").stdout)
    who = {e["principal"]: e for e in out}
    assert "group/analysts" in who and who["group/analysts"]["statement"]["sid"] == "AnalystsReadSales"
    assert "user/hank" in who and who["user/hank"]["statement"]["sid"] == "HankShouting"
    assert "user/bob" not in who and "user/dave" not in who and "group/etl" not in who
    out = json.loads(cli(server, "--json", "policy", "who-can", "--action", "glue:UpdateTable",
                         "--resource", ARN + "table/sales/orders").stdout)
    assert sorted(e["principal"] for e in out) == ["user/alice"]


def test_policy_verbs_validate_and_guard(enforced, tmp_path):
    server, _ = enforced
    bad = tmp_path / "bad.json"
    bad.write_text('{"Version": "2012-10-17", "Statement": [{"Sid": "X", "Effect": "Allow", '
                   '"Principal": "*", "Action": "glue:GetTabel", "Resource": "*"}]}')
    proc = cli(server, "policy", "put", "--resource", "database/sales", "--file", str(bad),
               check=False)
    assert proc.returncode == 5, proc.stderr
    assert "glue:GetTabel" in proc.stderr and "'X'" in proc.stderr
    other = tmp_path / "other.json"
    other.write_text('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                     '"Principal": "*", "Action": "glue:GetTable", '
                     '"Resource": "arn:aws:glue:eu-west-1:999999999999:table/a/b"}]}')
    proc = cli(server, "policy", "put", "--resource", "database/sales", "--file", str(other),
               check=False)
    assert proc.returncode == 5, proc.stderr
    # Conditions: NOT_EXIST on an existing policy, a stale hash.
    good = tmp_path / "good.json"
    good.write_text(open(os.path.join(POLICY_DIR, "user_carol.json")).read())
    proc = cli(server, "policy", "put", "--identity", "user/carol", "--file", str(good),
               "--exists", "NOT_EXIST", check=False)
    assert proc.returncode == 6, proc.stderr
    proc = cli(server, "policy", "put", "--identity", "user/carol", "--file", str(good),
               "--if-hash", "0" * 64, check=False)
    assert proc.returncode == 6 and "hash" in proc.stderr
    current = json.loads(cli(server, "--json", "policy", "get", "--identity", "user/carol").stdout)
    cli(server, "policy", "put", "--identity", "user/carol", "--file", str(good), "--if-hash",
        current["policy_hash"], "--exists", "MUST_EXIST")
    # Locking every administrator out is refused.
    lockout = tmp_path / "lockout.json"
    lockout.write_text('{"Version": "2012-10-17", "Statement": [{"Sid": "NoMorePolicies", '
                       '"Effect": "Deny", "Action": "glue:PutResourcePolicy", "Resource": "*"}]}')
    proc = cli(server, "policy", "put", "--identity", "user/root", "--file", str(lockout),
               check=False)
    assert proc.returncode == 6, proc.stderr
    assert "lock every administrator out" in proc.stderr and "NoMorePolicies" in proc.stderr
    # Non-administrators may not manage policies at all.
    proc = subprocess.run([ALMANAC_BIN, "--server", server.address, "policy", "ls"],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, ALMANAC_PRINCIPAL="alice"))
    assert proc.returncode != 0 and "not authorized" in proc.stderr
    listed = json.loads(cli(server, "--json", "policy", "ls").stdout)
    assert sorted(p["target"] for p in listed) == sorted(
        _target_of(n) for n in os.listdir(POLICY_DIR))


def test_a_policy_change_takes_effect_at_once(enforced, tmp_path):
    server, _ = enforced
    channel = grpc.insecure_channel(server.address)
    bob = GrpcAs(pb_grpc.CatalogServiceStub(channel), "bob", [])
    try:
        assert _outcome(lambda: bob.run("get_database", ["default"]))[0] == "denied"
        doc = tmp_path / "bob.json"
        doc.write_text(json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "glue:GetDatabase",
            "Resource": [ARN + "catalog", ARN + "database/default"]}]}))
        cli(server, "policy", "put", "--identity", "user/bob", "--file", str(doc))
        assert _outcome(lambda: bob.run("get_database", ["default"]))[0] == "ok"
        cli(server, "policy", "rm", "--identity", "user/bob")
        assert _outcome(lambda: bob.run("get_database", ["default"]))[0] == "denied"
    finally:
        channel.close()


def test_audit_trail_records_changes_and_denials_and_detects_tampering(enforced):
    server, data_dir = enforced
    channel = grpc.insecure_channel(server.address)
    stub = pb_grpc.CatalogServiceStub(channel)
    alice = GrpcAs(stub, "alice", ["analysts"])
    assert _outcome(lambda: alice.run("update_table", ["sales.orders"]))[0] == "ok"
    assert _outcome(lambda: alice.run("update_table", ["sales.customers"]))[0] == "denied"
    channel.close()
    # Denials are appended in batches; audit ls asks after the writer's interval.
    import time
    deadline = time.time() + 30
    while True:
        denied = json.loads(cli(server, "--json", "audit", "ls", "--principal", "alice",
                                "--outcome", "denied", "--limit", "0").stdout)
        if any(r["resource"] == ARN + "table/sales/customers" for r in denied) or \
                time.time() > deadline:
            break
        time.sleep(0.2)
    assert any(r["resource"] == ARN + "table/sales/customers" and
               r["action"] == "glue:UpdateTable" and r["front_end"] == "grpc"
               for r in denied)
    changes = json.loads(cli(server, "--json", "audit", "ls", "--principal", "alice",
                             "--action", "glue:updatetable", "--outcome", "allowed").stdout)
    assert any(r["resource"] == ARN + "table/sales/orders" and
               r["detail"].startswith("alter_table sales.orders") for r in changes)
    verify = json.loads(cli(server, "--json", "audit", "verify").stdout)
    assert verify["intact"] is True and int(verify["records"]) > 10
    head = verify["head"]

    db = os.path.join(data_dir, "catalog.db")

    def tamper(sql):
        conn = sqlite3.connect(db, timeout=30)
        conn.executescript("DROP TRIGGER IF EXISTS audit_records_no_update;"
                           "DROP TRIGGER IF EXISTS audit_records_no_delete;" + sql)
        conn.commit()
        conn.close()

    # The triggers refuse edits through SQL while they exist.
    conn = sqlite3.connect(db, timeout=30)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_records SET principal = 'x' WHERE seq = 1")
    conn.close()

    # An edit, then the original value put back.
    conn = sqlite3.connect(db, timeout=30)
    original = conn.execute("SELECT principal FROM audit_records WHERE seq = 5").fetchone()[0]
    conn.close()
    tamper("UPDATE audit_records SET principal = 'mallory' WHERE seq = 5;")
    proc = cli(server, "audit", "verify", check=False)
    assert proc.returncode == 1 and "BROKEN at record 5" in proc.stdout, proc.stdout
    conn = sqlite3.connect(db, timeout=30)
    conn.execute("UPDATE audit_records SET principal = ? WHERE seq = 5", (original,))
    conn.commit()
    conn.close()
    assert json.loads(cli(server, "--json", "audit", "verify").stdout)["intact"]

    # A record deleted in the middle.
    conn = sqlite3.connect(db, timeout=30)
    saved = conn.execute("SELECT * FROM audit_records WHERE seq = 7").fetchone()
    conn.close()
    tamper("DELETE FROM audit_records WHERE seq = 7;")
    proc = cli(server, "audit", "verify", check=False)
    assert proc.returncode == 1 and "BROKEN at record 8" in proc.stdout, proc.stdout
    # Truncated in the middle, the rest renumbered to hide the gap.
    conn = sqlite3.connect(db, timeout=30)
    conn.execute("INSERT INTO audit_records VALUES (%s)" % ",".join("?" * len(saved)), saved)
    conn.commit()
    conn.close()
    assert json.loads(cli(server, "--json", "audit", "verify").stdout)["intact"]
    tamper("DELETE FROM audit_records WHERE seq BETWEEN 3 AND 6;"
           "UPDATE audit_records SET seq = seq - 4 WHERE seq > 6;")
    proc = cli(server, "audit", "verify", check=False)
    assert proc.returncode == 1 and "BROKEN at record 3" in proc.stdout, proc.stdout
    # Cutting records off the end is found with a head noted earlier.
    proc = cli(server, "audit", "verify", "--expected-head", head, check=False)
    assert proc.returncode == 1
