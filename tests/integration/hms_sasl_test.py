"""Integration tests of authentication on the Hive Metastore (Thrift) front end
of the real `almanac serve` ($ALMANAC_BIN, port 0): SASL PLAIN against a
password file made with `almanac auth hash-password`, optional TLS, and the
rule that an unauthenticated front end may not listen beyond loopback unless
told to.

Identity is observed where it matters: the owner the service fills in from
the caller, and the principal of each gate decision in the --audit-log file.
Refusals are checked on the raw socket: the SASL answer (BAD or ERROR and its
text), then a clean end of stream (not a reset), nothing secret in the answer
or the server's log, and the server still serving the next client.
"""

import json
import os
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402
from almanac_testlib import (  # noqa: E402
    ALMANAC_BIN, SASL_BAD, SASL_COMPLETE, SASL_ERROR, SASL_START, SaslClient, SaslRefused,
    Server, generate_clients, parse_json, sasl_message)

generate_clients()
from almanac_hms.ttypes import Database  # noqa: E402

PASSWORDS = {"alice": "correct horse battery", "bob": "hunter2-staple"}
SECRETS = list(PASSWORDS.values()) + ["wrong-password-123"]


def hash_line(user, password, groups=None):
    args = [ALMANAC_BIN, "auth", "hash-password", "--user", user]
    if groups:
        args += ["--groups", groups]
    r = subprocess.run(args, input=password + "\n", capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    line = r.stdout.strip()
    assert line.startswith(user + ":$argon2id$"), line
    assert password not in r.stdout + r.stderr
    return line


def test_hash_password_cli():
    def run(*args, stdin="pw\n"):
        return subprocess.run([ALMANAC_BIN, "auth", "hash-password", *args], input=stdin,
                              capture_output=True, text=True, timeout=60)
    r = run()
    assert r.returncode == 0 and r.stdout.startswith("$argon2id$") and ":" not in r.stdout
    r = run("--user", "carol", "--groups", "a,b")
    assert r.returncode == 0 and r.stdout.startswith("carol:$argon2id$")
    assert r.stdout.strip().endswith(":a,b")
    assert run("--groups", "a").returncode == 2
    assert run("--user", "c:d").returncode == 2
    r = run("--user", "carol", stdin="")
    assert r.returncode == 2 and "no password" in r.stderr


@pytest.fixture(scope="module")
def password_file():
    path = os.path.join(tempfile.mkdtemp(prefix="hms_sasl_pw_"), "users")
    with open(path, "w") as f:
        f.write("# test users\n\n")
        f.write(hash_line("alice", PASSWORDS["alice"], "analysts,admins") + "\n")
        f.write(hash_line("bob", PASSWORDS["bob"]) + "\n")
    os.chmod(path, 0o600)
    return path


@pytest.fixture(scope="module")
def server(password_file):
    data_dir = tempfile.mkdtemp(prefix="hms_sasl_data_")
    audit = os.path.join(data_dir, "audit.jsonl")
    s = Server(data_dir, ["--thrift-auth", "plain", "--password-file", password_file,
                          "--audit-log", audit])
    s.audit_path = audit
    yield s
    if s.proc.poll() is None:
        assert s.stop() == 0


def audit_lines(server):
    with open(server.audit_path) as f:
        return [json.loads(line) for line in f if line.strip()]


def assert_nothing_secret(server, answer=b""):
    log = "".join(server.lines)
    with open(server.audit_path) as f:
        log += f.read()
    for secret in SECRETS:
        assert secret not in log
        assert secret.encode() not in answer
    assert "$argon2id$" not in log
    assert b"$argon2id$" not in answer


def wait_for_events(server, name, count, timeout_s=10):
    """The server's `name` events once there are at least `count` (the log
    line is written as the connection closes, and read by another thread)."""
    deadline = time.monotonic() + timeout_s
    while True:
        events = server.events(name)
        if len(events) >= count or time.monotonic() > deadline:
            return events
        time.sleep(0.02)


def raw_negotiation(port, messages):
    """Sends `messages` (bytes) on a fresh connection; returns the server's
    SASL answer (status, payload text) and what followed it: b"" for a clean
    end of stream."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(messages)
        header = _recv_exactly(sock, 5)
        status, length = header[0], struct.unpack(">I", header[1:])[0]
        payload = _recv_exactly(sock, length)
        rest = sock.recv(100)  # a reset would raise ConnectionResetError
        return status, payload.decode(), rest


def _recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        assert chunk, "connection closed after %d of %d bytes" % (len(data), n)
        data += chunk
    return data


def plain_response(user, password, authzid=""):
    return sasl_message(SASL_COMPLETE, b"\0".join(
        s.encode() for s in (authzid, user, password)))


def assert_still_serves(server):
    c = SaslClient(server.thrift_port, "bob", PASSWORDS["bob"])
    try:
        assert "default" in c.hms.get_all_databases()
    finally:
        c.close()


def test_plain_login_identity_reaches_the_gate(server):
    c = SaslClient(server.thrift_port, "alice", PASSWORDS["alice"])
    try:
        c.hms.create_database(Database(name="alice_db", description="", locationUri="",
                                       parameters={}))
        # The service fills the owner from the caller's principal.
        assert c.hms.get_database("alice_db").ownerName == "alice"
    finally:
        c.close()
    decisions = [a for a in audit_lines(server)
                 if a.get("event") == "decision" and a.get("action") == "glue:CreateDatabase"]
    assert decisions, audit_lines(server)
    assert decisions[-1]["principal"] == "alice"
    assert decisions[-1]["groups"] == ["analysts", "admins"]
    assert decisions[-1]["authenticated"] is True
    assert decisions[-1]["decision"] == "allow"
    assert_nothing_secret(server)
    assert not server.events("password_file_world_readable")  # the fixture's is 0600


def test_compact_protocol_inside_sasl(server):
    c = SaslClient(server.thrift_port, "bob", PASSWORDS["bob"], compact=True)
    try:
        assert "default" in c.hms.get_all_databases()
    finally:
        c.close()


def test_set_ugi_does_not_change_an_authenticated_identity(server):
    c = SaslClient(server.thrift_port, "bob", PASSWORDS["bob"])
    try:
        # Answers as before...
        assert c.hms.set_ugi("mallory", ["root"]) == ["root"]
        c.hms.create_database(Database(name="bob_db", description="", locationUri="",
                                       parameters={}))
        # ...but the caller is still bob.
        assert c.hms.get_database("bob_db").ownerName == "bob"
    finally:
        c.close()
    principals = {a["principal"] for a in audit_lines(server) if a.get("resource", "").endswith(
        "database/bob_db")}
    assert principals == {"bob"}


@pytest.mark.parametrize("user,password", [("alice", "wrong-password-123"),
                                           ("nobody", "wrong-password-123"),
                                           ("alice", "")])
def test_wrong_password_and_unknown_user_are_refused_alike(server, user, password):
    before = len(server.events("hms_authentication_failed"))
    status, message, rest = raw_negotiation(
        server.thrift_port, sasl_message(SASL_START, b"PLAIN") + plain_response(user, password))
    assert (status, message, rest) == (SASL_BAD, "authentication failed", b"")
    failures = wait_for_events(server, "hms_authentication_failed", before + 1)
    assert len(failures) == before + 1 and failures[-1]["user"] == user
    assert_nothing_secret(server, message.encode())
    assert_still_serves(server)


def test_wrong_password_through_the_client_transport(server):
    with pytest.raises(SaslRefused) as refused:
        SaslClient(server.thrift_port, "alice", PASSWORDS["bob"])
    assert (refused.value.status, refused.value.message) == (SASL_BAD, "authentication failed")


def test_another_authorization_identity_is_refused(server):
    status, message, rest = raw_negotiation(
        server.thrift_port,
        sasl_message(SASL_START, b"PLAIN") + plain_response("bob", PASSWORDS["bob"], "alice"))
    assert (status, message, rest) == (SASL_BAD, "authentication failed", b"")
    assert_still_serves(server)


def test_other_mechanisms_are_refused(server):
    status, message, rest = raw_negotiation(
        server.thrift_port,
        sasl_message(SASL_START, b"GSSAPI") + sasl_message(SASL_COMPLETE, b"\x60\x82token"))
    assert status == SASL_BAD and message.startswith("unsupported mechanism"), message
    assert rest == b""
    assert_still_serves(server)


def test_plain_thrift_client_is_refused(server):
    before = len(server.events("hms_connection_refused"))
    c = almanac_testlib.Client(server.thrift_port)
    from thrift.transport.TTransport import TTransportException
    with pytest.raises(TTransportException):
        c.hms.get_all_databases()
    c.close()
    refused = wait_for_events(server, "hms_connection_refused", before + 1)
    assert len(refused) == before + 1
    assert "sasl PLAIN is required" in refused[-1]["reason"]
    # Framed plain Thrift is refused the same way.
    c = almanac_testlib.Client(server.thrift_port, framed=True)
    with pytest.raises(TTransportException):
        c.hms.get_all_databases()
    c.close()
    assert_still_serves(server)


def test_oversized_negotiation_message_is_refused(server):
    with socket.create_connection(("127.0.0.1", server.thrift_port), timeout=30) as sock:
        sock.sendall(bytes([SASL_START]) + struct.pack(">I", 1 << 20) + b"PLAIN")
        header = _recv_exactly(sock, 5)
        payload = _recv_exactly(sock, struct.unpack(">I", header[1:])[0]).decode()
        assert header[0] == SASL_ERROR
        assert "exceeds the limit" in payload
        assert sock.recv(100) == b""
    assert_still_serves(server)


def test_not_starting_with_start_is_refused(server):
    status, message, rest = raw_negotiation(
        server.thrift_port, sasl_message(SASL_START, b"PLAIN") + sasl_message(SASL_START, b"x"))
    assert status == SASL_ERROR and rest == b""
    assert_still_serves(server)


def test_sasl_client_on_a_server_without_authentication_is_told():
    s = Server(tempfile.mkdtemp(prefix="hms_sasl_off_"))
    try:
        with pytest.raises(SaslRefused) as refused:
            SaslClient(s.thrift_port, "alice", PASSWORDS["alice"])
        assert refused.value.status == SASL_BAD
        assert "not enabled" in refused.value.message
        # Without authentication set_ugi still names the caller.
        c = almanac_testlib.Client(s.thrift_port)
        c.hms.set_ugi("carol", [])
        c.hms.create_database(Database(name="carol_db", description="", locationUri="",
                                       parameters={}))
        assert c.hms.get_database("carol_db").ownerName == "carol"
        c.close()
        # And without set_ugi the caller is the anonymous user.
        c = almanac_testlib.Client(s.thrift_port)
        c.hms.create_database(Database(name="anon_db", description="", locationUri="",
                                       parameters={}))
        assert c.hms.get_database("anon_db").ownerName == "anonymous"
        c.close()
    finally:
        assert s.stop() == 0


def test_anonymous_user_is_configurable():
    s = Server(tempfile.mkdtemp(prefix="hms_sasl_anon_"), ["--anonymous-user", "guest"])
    try:
        c = almanac_testlib.Client(s.thrift_port)
        c.hms.create_database(Database(name="guest_db", description="", locationUri="",
                                       parameters={}))
        assert c.hms.get_database("guest_db").ownerName == "guest"
        c.close()
    finally:
        assert s.stop() == 0


def run_serve(*args):
    data_dir = tempfile.mkdtemp(prefix="hms_sasl_remote_")
    return subprocess.run([ALMANAC_BIN, "serve", "--data-dir", data_dir, *args],
                          capture_output=True, text=True, timeout=60)


def test_unauthenticated_remote_listening_needs_the_flag():
    r = run_serve("--thrift-listen", "0.0.0.0:0", "--grpc-listen", "127.0.0.1:0")
    assert r.returncode != 0
    assert "--allow-unauthenticated-remote" in r.stderr
    assert "thrift front end" in r.stderr
    r = run_serve("--thrift-listen", "127.0.0.1:0", "--grpc-listen", "[::]:0")
    assert r.returncode != 0
    assert "grpc front end" in r.stderr


def test_unauthenticated_remote_listening_with_the_flag_warns():
    data_dir = tempfile.mkdtemp(prefix="hms_sasl_remote_ok_")
    proc = subprocess.Popen(
        [ALMANAC_BIN, "serve", "--data-dir", data_dir, "--thrift-listen", "0.0.0.0:0",
         "--grpc-listen", "127.0.0.1:0", "--allow-unauthenticated-remote"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        warned = False
        for line in proc.stdout:
            event = parse_json(line)
            if event.get("event") == "unauthenticated_remote":
                assert event["front_end"] == "thrift"
                warned = True
            if event.get("event") == "ready":
                break
        assert warned
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_remote_listening_with_plain_needs_no_flag(password_file):
    data_dir = tempfile.mkdtemp(prefix="hms_sasl_remote_plain_")
    # A copy every local user may read: the server warns about it.
    readable = os.path.join(data_dir, "users")
    with open(password_file) as src, open(readable, "w") as dst:
        dst.write(src.read())
    os.chmod(readable, 0o644)
    proc = subprocess.Popen(
        [ALMANAC_BIN, "serve", "--data-dir", data_dir, "--thrift-listen", "0.0.0.0:0",
         "--grpc-listen", "127.0.0.1:0", "--thrift-auth", "plain", "--password-file",
         readable], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        events = []
        for line in proc.stdout:
            event = parse_json(line)
            events.append(event.get("event"))
            if event.get("event") in ("ready", "start_failed"):
                break
        assert "ready" in events and "unauthenticated_remote" not in events
        assert "password_file_world_readable" in events
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_bad_password_file_stops_the_start_naming_the_line():
    path = os.path.join(tempfile.mkdtemp(prefix="hms_sasl_badpw_"), "users")
    with open(path, "w") as f:
        f.write("# ok\nalice:$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$notahash\n")
    r = run_serve("--thrift-listen", "127.0.0.1:0", "--grpc-listen", "127.0.0.1:0",
                  "--thrift-auth", "plain", "--password-file", path)
    assert r.returncode != 0
    assert "line 2" in r.stderr and "notahash" not in r.stderr + r.stdout
    r = run_serve("--thrift-auth", "plain")
    assert r.returncode == 2 and "--password-file" in r.stderr


@pytest.fixture(scope="module")
def tls_files():
    d = tempfile.mkdtemp(prefix="hms_sasl_tls_")
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


def test_tls_with_sasl_plain(password_file, tls_files):
    cert, key = tls_files
    data_dir = tempfile.mkdtemp(prefix="hms_sasl_tls_data_")
    audit = os.path.join(data_dir, "audit.jsonl")
    s = Server(data_dir, ["--thrift-auth", "plain", "--password-file", password_file,
                          "--thrift-tls-cert", cert, "--thrift-tls-key", key,
                          "--audit-log", audit])
    try:
        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False
        c = SaslClient(s.thrift_port, "alice", PASSWORDS["alice"], tls_context=context)
        c.hms.create_database(Database(name="tls_db", description="", locationUri="",
                                       parameters={}))
        assert c.hms.get_database("tls_db").ownerName == "alice"
        c.close()
        with open(audit) as f:
            created = [json.loads(l) for l in f if "glue:CreateDatabase" in l]
        assert created[-1]["secure_transport"] is True
        assert created[-1]["authenticated"] is True
        # A wrong password inside TLS is refused the same way.
        with pytest.raises(SaslRefused) as refused:
            SaslClient(s.thrift_port, "alice", "wrong-password-123", tls_context=context)
        assert refused.value.message == "authentication failed"
        # Plain TCP on the TLS port gets nowhere, and the server goes on.
        with pytest.raises(Exception):
            SaslClient(s.thrift_port, "alice", PASSWORDS["alice"], timeout_ms=5000)
        c = SaslClient(s.thrift_port, "bob", PASSWORDS["bob"], tls_context=context)
        assert "default" in c.hms.get_all_databases()
        c.close()
    finally:
        assert s.stop() == 0


def test_tls_without_authentication(tls_files):
    cert, key = tls_files
    s = Server(tempfile.mkdtemp(prefix="hms_tls_only_"),
               ["--thrift-tls-cert", cert, "--thrift-tls-key", key])
    try:
        from thrift.protocol import TBinaryProtocol
        from thrift.transport import TSSLSocket, TTransport
        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False
        sock = TSSLSocket.TSSLSocket("127.0.0.1", s.thrift_port, ssl_context=context)
        transport = TTransport.TBufferedTransport(sock)
        hms = generate_clients().ThriftHiveMetastore.Client(
            TBinaryProtocol.TBinaryProtocol(transport))
        transport.open()
        assert "default" in hms.get_all_databases()
        transport.close()
    finally:
        assert s.stop() == 0
