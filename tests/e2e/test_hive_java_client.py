"""The Apache Hive 4 Java metastore client (HiveMetaStoreClient) against the
metastore under test: runs tests/e2e/java (HiveClientCheck), which prints one
PASS/FAIL line per call it checks.

The Maven build resolves from ~/.m2 offline when it can and goes online only
the first time (or when the pom changes what it needs).
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

JAVA_DIR = Path(__file__).resolve().parent / "java"
MAIN_CLASS = "dev.almanac.e2e.HiveClientCheck"


def _mvn(*extra):
    cmd = ["mvn", "-q", "-B", *extra, "package", "dependency:build-classpath",
           "-Dmdep.outputFile=target/classpath.txt"]
    return subprocess.run(cmd, cwd=JAVA_DIR, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def client_classpath():
    if shutil.which("mvn") is None or shutil.which("java") is None:
        pytest.fail("mvn and java are required (Debian: maven, openjdk-17-jdk-headless)")
    result = _mvn("-o")
    if result.returncode != 0:
        result = _mvn()  # first build: download the client and its dependencies
    assert result.returncode == 0, f"maven build failed:\n{result.stdout}\n{result.stderr}"
    deps = (JAVA_DIR / "target" / "classpath.txt").read_text().strip()
    return f"{JAVA_DIR / 'target' / 'classes'}{os.pathsep}{deps}"


def test_hive_java_client(metastore, client_classpath, e2e_tmp):
    local_dir = e2e_tmp / "java_client_data"
    local_dir.mkdir()
    result = subprocess.run(
        ["java", "-Xmx256m", "-cp", client_classpath, MAIN_CLASS, metastore.uri, str(local_dir)],
        capture_output=True, text=True, timeout=600)
    print(result.stdout)
    lines = result.stdout.splitlines()
    failed = [l for l in lines if l.startswith("FAIL ")]
    passed = [l for l in lines if l.startswith("PASS ")]
    assert result.returncode == 0 and not failed, (
        f"{len(failed)} of {len(failed) + len(passed)} Hive client checks failed "
        f"(exit {result.returncode}):\n" + "\n".join(failed)
        + ("" if passed or failed else "\nstderr:\n" + result.stderr[-4000:]))
    assert len(passed) >= 30


def _start_almanac(binary, data_dir, extra_args):
    """`almanac serve` on port 0 with `extra_args`; returns (process, thrift
    port). The process's output keeps draining into `data_dir`/almanac.log."""
    import json
    import threading
    proc = subprocess.Popen(
        [binary, "serve", "--data-dir", str(data_dir), "--thrift-listen", "127.0.0.1:0",
         "--grpc-listen", "127.0.0.1:0", *extra_args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    port = None
    log = open(Path(data_dir) / "almanac.log", "a", buffering=1)
    for line in proc.stdout:
        log.write(line)
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "listening" and event.get("front_end") == "thrift":
            port = int(event["port"])
            break
    assert port is not None, "almanac did not start; see " + str(Path(data_dir) / "almanac.log")

    def drain():
        for line in proc.stdout:
            log.write(line)
    threading.Thread(target=drain, daemon=True).start()
    return proc, port


def _run_plain_check(binary, client_classpath, e2e_tmp, name, tls):
    """Starts almanac with --thrift-auth plain (and TLS when `tls`), runs
    PlainAuthCheck as alice, and checks the audit log names her."""
    import json
    password = "correct horse battery staple"
    line = subprocess.run([binary, "auth", "hash-password", "--user", "alice", "--groups",
                           "analysts"], input=password + "\n", capture_output=True, text=True,
                          check=True).stdout.strip()
    data_dir = e2e_tmp / f"{name}_data"
    data_dir.mkdir()
    password_file = e2e_tmp / f"{name}_users"
    password_file.write_text("# e2e\n" + line + "\n")
    audit = data_dir / "audit.jsonl"
    args = ["--thrift-auth", "plain", "--password-file", str(password_file),
            "--audit-log", str(audit)]
    java_tls_args = []
    if tls:
        cert, key = e2e_tmp / f"{name}_cert.pem", e2e_tmp / f"{name}_key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key),
                        "-out", str(cert)], check=True, capture_output=True)
        truststore = e2e_tmp / f"{name}_truststore.jks"
        subprocess.run(["keytool", "-importcert", "-noprompt", "-alias", "almanac", "-file",
                        str(cert), "-keystore", str(truststore), "-storetype", "jks",
                        "-storepass", "changeit"], check=True, capture_output=True)
        args += ["--thrift-tls-cert", str(cert), "--thrift-tls-key", str(key)]
        java_tls_args = [str(truststore), "changeit"]
    proc, port = _start_almanac(binary, data_dir, args)
    try:
        result = subprocess.run(
            ["java", "-Xmx256m", "-cp", client_classpath, "dev.almanac.e2e.PlainAuthCheck",
             f"thrift://127.0.0.1:{port}", "alice", password, str(e2e_tmp / f"{name}_work"),
             f"e2e_{name}_db", *java_tls_args], capture_output=True, text=True, timeout=600)
        print(result.stdout)
        passed = [l for l in result.stdout.splitlines() if l.startswith("PASS ")]
        assert result.returncode == 0 and len(passed) == 2, (
            result.stdout + "\nstderr:\n" + result.stderr[-4000:])
        decisions = [json.loads(l) for l in audit.read_text().splitlines()
                     if "glue:CreateDatabase" in l]
        assert decisions and decisions[-1]["principal"] == "alice"
        assert decisions[-1]["authenticated"] is True
        assert decisions[-1].get("secure_transport", False) is tls
        log = (data_dir / "almanac.log").read_text()
        assert password not in log and "$argon2id$" not in log
    finally:
        proc.terminate()
        assert proc.wait(timeout=60) == 0


def test_hive_java_client_sasl_plain(client_classpath, e2e_tmp):
    """The Hive 4 client with metastore.client.auth.mode=PLAIN: alice with
    her password works (and is the principal of the calls), a wrong password
    is refused with an authentication error."""
    binary = os.environ.get("ALMANAC_BIN")
    if not binary:
        pytest.skip("needs ALMANAC_BIN: starts its own almanac with --thrift-auth plain")
    _run_plain_check(binary, client_classpath, e2e_tmp, "plain", tls=False)


def test_hive_java_client_sasl_plain_over_tls(client_classpath, e2e_tmp):
    """The same with metastore.use.SSL=true and a truststore holding the
    server's certificate (--thrift-tls-cert/--thrift-tls-key)."""
    binary = os.environ.get("ALMANAC_BIN")
    if not binary:
        pytest.skip("needs ALMANAC_BIN: starts its own almanac with --thrift-auth plain")
    _run_plain_check(binary, client_classpath, e2e_tmp, "tls", tls=True)


def test_hive_java_client_sasl_plain_under_policies(client_classpath, e2e_tmp):
    """The Hive 4 client logged in as alice (SASL PLAIN; the password file
    puts her in group analysts) against `--enforce-policies`: the policy of
    tests/e2e/policies/catalog.json lets alice and the analysts read sales.
    PolicyCheck lists and reads sales' tables (and a table's column
    statistics), does not see hr, is refused
    creating and altering a table (MetaException "... is not authorized to
    perform: glue:CreateTable ..."), and a wrong password is refused."""
    import policy_setup as ps
    from conftest import start_almanac
    ms = start_almanac(e2e_tmp / "policy_java")
    if ms is None:
        pytest.skip("needs ALMANAC_BIN: starts its own almanac with --enforce-policies")
    password = "correct horse battery staple"
    line = subprocess.run([ms.binary, "auth", "hash-password", "--user", "alice", "--groups",
                           "analysts"], input=password + "\n", capture_output=True, text=True,
                          check=True).stdout.strip()
    password_file = e2e_tmp / "policy_java_users"
    password_file.write_text(line + "\n")
    try:
        ps.create_sales(ms, e2e_tmp / "policy_java_warehouse")
        ps.put_policy(ms, "catalog", ps.POLICY_DIR / "catalog.json")
        ps.enforce(ms, "--thrift-auth", "plain", "--password-file", str(password_file))
        result = subprocess.run(
            ["java", "-Xmx256m", "-cp", client_classpath, "dev.almanac.e2e.PolicyCheck", ms.uri,
             "alice", password, str(e2e_tmp / "policy_java_work")],
            capture_output=True, text=True, timeout=600)
        print(result.stdout)
        lines = result.stdout.splitlines()
        failed = [l for l in lines if l.startswith("FAIL ")]
        passed = [l for l in lines if l.startswith("PASS ")]
        assert result.returncode == 0 and not failed and len(passed) == 9, (
            result.stdout + "\nstderr:\n" + result.stderr[-4000:])
        denied = ps.audit(ms, "--outcome", "denied", wait_for=lambda rs: len(rs) >= 3)
        got = {(r["principal"], r["action"], r["resource"][len(ps.ARN):]) for r in denied}
        # Refused exactly what PolicyCheck tried beyond the policy; every call
        # the client made on its way (connect, list, get) was allowed.
        assert got == {("alice", "glue:CreateTable", "table/sales/x"),
                       ("alice", "glue:UpdateTable", "table/sales/orders"),
                       ("alice", "glue:GetTable", "table/hr/salaries")}, sorted(got)
        # Her groups are the password file's (the PLAIN login), not a claim.
        assert all(r.get("groups", "").split(",") == ["analysts"] for r in denied), denied
        stats = ps.audit(ms, "--principal", "alice", "--action",
                         "glue:GetColumnStatisticsForTable", wait_for=bool)
        assert [(r["resource"][len(ps.ARN):], r["outcome"]) for r in stats] == [
            ("table/sales/orders", "allowed")]
        assert ms.cli("audit", "verify", principal=ps.ADMIN)["intact"] is True
    finally:
        assert ms.stop() == 0
