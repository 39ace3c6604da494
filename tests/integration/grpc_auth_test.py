"""gRPC authentication of the real `almanac serve` (port 0): bearer tokens from
a token file, TLS, mutual TLS and both together, driven through the generated
Python gRPC stub and the `almanac` CLI.

Who the gate saw is read from `--audit-log` (its JSON lines carry principal,
groups, authenticated, secure_transport). A refused call must answer with a
message that neither says why nor echoes the credential, must leave no audit
line (no handler ran), and must leave the server serving.

Certificates are made at run time with the `openssl` CLI: a CA, a server
certificate for localhost/127.0.0.1, a client certificate from that CA, one
from another CA, and one from the right CA whose validity ended in 2020.
"""

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import grpc
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from almanac_testlib import ALMANAC_BIN, Server, generate_clients  # noqa: E402

# The servers started here inherit it: their TLS layer's "Handshake failed"
# lines on stderr are how a test sees which side refused a connection.
os.environ["GRPC_VERBOSITY"] = "ERROR"

_modules = generate_clients(grpc=True)
pb = _modules.pb
pb_grpc = _modules.pb_grpc

REFUSED = "missing or invalid bearer token"
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 7


# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------

def _openssl(cwd, *args):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _new_key_and_csr(d, name, cn):
    _openssl(d, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn)


def _make_ca(d, name, cn):
    _openssl(d, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", name + ".key", "-out", name + ".pem", "-subj", "/CN=" + cn,
             "-days", "2")


def _make_leaf(d, name, cn, ca, usage, alt_names=None):
    _new_key_and_csr(d, name, cn)
    ext = ["basicConstraints=CA:FALSE", "keyUsage=digitalSignature,keyEncipherment",
           "extendedKeyUsage=" + usage]
    if alt_names:
        ext.append("subjectAltName=" + alt_names)
    with open(os.path.join(d, name + ".ext"), "w") as f:
        f.write("\n".join(ext) + "\n")
    _openssl(d, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
             "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext")


def _make_expired_leaf(d, name, cn, ca):
    """A client certificate from `ca` valid only on 2020-01-01 (`openssl ca`
    takes explicit start and end dates)."""
    _new_key_and_csr(d, name, cn)
    with open(os.path.join(d, "ca.cnf"), "w") as f:
        f.write("[ca]\ndefault_ca = test_ca\n"
                "[test_ca]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial.txt\n"
                "default_md = sha256\npolicy = any\nx509_extensions = client\n"
                "[any]\ncommonName = supplied\n"
                "[client]\nbasicConstraints = CA:FALSE\nextendedKeyUsage = clientAuth\n")
    open(os.path.join(d, "index.txt"), "w").close()
    with open(os.path.join(d, "serial.txt"), "w") as f:
        f.write("1000\n")
    _openssl(d, "ca", "-batch", "-config", "ca.cnf", "-cert", ca + ".pem", "-keyfile", ca + ".key",
             "-in", name + ".csr", "-out", name + ".pem", "-notext",
             "-startdate", "20200101000000Z", "-enddate", "20200102000000Z")


class Pki:
    def __init__(self, d):
        self.dir = d

    def path(self, name):
        return os.path.join(self.dir, name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()


@pytest.fixture(scope="module")
def pki():
    with tempfile.TemporaryDirectory(prefix="almanac_pki_") as d:
        _make_ca(d, "ca", "Almanac Test CA")
        _make_ca(d, "other_ca", "Some Other CA")
        _make_leaf(d, "server", "localhost", "ca", "serverAuth", "DNS:localhost,IP:127.0.0.1")
        _make_leaf(d, "carol", "carol", "ca", "clientAuth")
        _make_leaf(d, "mallory", "mallory", "other_ca", "clientAuth")
        _make_expired_leaf(d, "expired", "old-carol", "ca")
        yield Pki(d)


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------

def new_token(principal, *extra):
    """`almanac auth new-token`: (token, token file line)."""
    r = subprocess.run([ALMANAC_BIN, "auth", "new-token", "--principal", principal, *extra],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip(), r.stderr.strip()


class Tokens:
    """A token file with alice (groups etl, analysts), role/crawler, and bob
    whose token expired in 2020 (written by hand: the CLI refuses a past
    expiry)."""

    def __init__(self, d):
        self.alice, alice_line = new_token("alice", "--groups", "etl,analysts",
                                           "--expires", "2999-01-01T00:00:00Z")
        self.crawler, crawler_line = new_token("role/crawler")
        self.expired = "expired-token-0123456789abcdefghijklmnopqrstuvwxyz"
        expired_line = "%s:bob::expires=2020-01-01T00:00:00Z" % (
            hashlib.sha256(self.expired.encode()).hexdigest())
        self.path = os.path.join(d, "tokens")
        with open(self.path, "w") as f:
            f.write("# test tokens\n\n%s\n%s\n%s\n" % (alice_line, crawler_line, expired_line))
        self.alice_file = os.path.join(d, "alice.token")
        with open(self.alice_file, "w") as f:
            f.write("# alice's token for the tests\n\n" + self.alice + "\n")


@pytest.fixture(scope="module")
def tokens():
    with tempfile.TemporaryDirectory(prefix="almanac_tokens_") as d:
        yield Tokens(d)


# ---------------------------------------------------------------------------
# Servers and calls
# ---------------------------------------------------------------------------

class AuditLog:
    """The JSON lines an audit log gained since the last read (server-internal
    lines left out)."""

    def __init__(self, path):
        self.path = path
        self.offset = 0

    def new(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        end = data.rfind(b"\n") + 1
        self.offset += end
        lines = [json.loads(l) for l in data[:end].decode().splitlines() if l.strip()]
        return [l for l in lines if l.get("front_end") != "internal"]


class Secured:
    """`almanac serve` with `args`, an audit log, and debug logging (so that
    the log, too, can be searched for leaked credentials)."""

    def __init__(self, args):
        self.tmp = tempfile.TemporaryDirectory(prefix="almanac_auth_")
        self.audit = AuditLog(os.path.join(self.tmp.name, "audit.jsonl"))
        self.server = Server(os.path.join(self.tmp.name, "data"),
                             extra_args=["--audit-log", self.audit.path, "--log-level", "debug",
                                         *args])
        self.audit.new()
        self.address = self.server.address

    def close(self):
        code = self.server.stop()
        self.tmp.cleanup()
        assert code == 0

    def log_text(self):
        return "".join(self.server.lines)


def channel(address, root=None, key=None, cert=None):
    if root is None and cert is None:
        return grpc.insecure_channel(address)
    creds = grpc.ssl_channel_credentials(root_certificates=root, private_key=key,
                                         certificate_chain=cert)
    return grpc.secure_channel(address, creds)


def get_default(ch, metadata=()):
    """GetDatabase('default'); returns the grpc.RpcError or None."""
    stub = pb_grpc.CatalogServiceStub(ch)
    try:
        response = stub.GetDatabase(pb.GetDatabaseRequest(name="default"), metadata=metadata,
                                    timeout=20)
        assert response.database.name == "default"
        return None
    except grpc.RpcError as e:
        return e


def bearer(token):
    return [("authorization", "Bearer " + token)]


def who(lines):
    """(principal, groups, authenticated, secure_transport) of the one
    call-level decision in `lines`."""
    decisions = [l for l in lines if l["event"] == "decision" and "item" not in l]
    assert len(decisions) == 1, lines
    d = decisions[0]
    assert d["front_end"] == "grpc" and d["decision"] == "allow", d
    return (d["principal"], d.get("groups", []), d.get("authenticated", False),
            d.get("secure_transport", False))


def health(ch):
    """The standard health check, called without generated stubs: an empty
    HealthCheckRequest; SERVING is field 1 = 1."""
    check = ch.unary_unary("/grpc.health.v1.Health/Check")
    return check(b"", timeout=20)


def cli(address, *args, env_extra=None):
    env = dict(os.environ)
    env.pop("ALMANAC_SERVER", None)
    env.pop("ALMANAC_TOKEN", None)
    env.update(env_extra or {})
    return subprocess.run([ALMANAC_BIN, "--server", address, *args], capture_output=True,
                          text=True, env=env, timeout=120)


# ---------------------------------------------------------------------------
# almanac auth new-token
# ---------------------------------------------------------------------------

def test_new_token_prints_token_once_and_its_line():
    token, line = new_token("alice", "--groups", "etl,analysts",
                            "--expires", "2999-01-01T00:00:00+01:00")
    assert len(token) == 43
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    digest = hashlib.sha256(token.encode()).hexdigest()
    assert line == digest + ":alice:etl,analysts:expires=2998-12-31T23:00:00Z"
    assert token not in line

    other, _ = new_token("alice")
    assert other != token

    r = subprocess.run([ALMANAC_BIN, "auth", "new-token", "--principal", "role/etl", "--json"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    j = json.loads(r.stdout)
    assert j["principal"] == "role/etl" and j["groups"] == [] and j["expires"] == ""
    assert j["token_file_line"] == hashlib.sha256(j["token"].encode()).hexdigest() + ":role/etl"


@pytest.mark.parametrize("args,fragment", [
    (["--principal", "al ice"], "principal 'al ice'"),
    (["--principal", "alice", "--groups", "a,,b"], "group ''"),
    (["--principal", "alice", "--expires", "2020-01-01T00:00:00Z"], "is in the past"),
    (["--principal", "alice", "--expires", "tomorrow"], "not an RFC 3339 time"),
    ([], "--principal is required"),
])
def test_new_token_usage_errors(args, fragment):
    r = subprocess.run([ALMANAC_BIN, "auth", "new-token", *args], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == EXIT_USAGE, (r.returncode, r.stderr)
    assert fragment in r.stderr
    assert r.stdout == ""


# ---------------------------------------------------------------------------
# Bearer tokens
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def token_server(tokens):
    s = Secured(["--grpc-auth", "token", "--grpc-token-file", tokens.path])
    yield s
    s.close()


def test_token_names_principal_and_groups(token_server, tokens):
    with channel(token_server.address) as ch:
        # The unverified header is ignored once tokens are on.
        assert get_default(ch, bearer(tokens.alice) + [("x-almanac-principal", "root")]) is None
        assert who(token_server.audit.new()) == ("alice", ["etl", "analysts"], True, False)
        assert get_default(ch, [("authorization", "bearer  " + tokens.crawler + " ")]) is None
        assert who(token_server.audit.new()) == ("role/crawler", [], True, False)


@pytest.mark.parametrize("case", ["missing", "header only", "wrong", "expired", "the hash",
                                  "basic scheme", "empty bearer", "two tokens"])
def test_refused_tokens_say_nothing_and_leave_server_unharmed(token_server, tokens, case):
    wrong = "wrong-" + tokens.alice[6:]
    metadata = {
        "missing": [],
        "header only": [("x-almanac-principal", "alice")],
        "wrong": bearer(wrong),
        "expired": bearer(tokens.expired),
        "the hash": bearer(hashlib.sha256(tokens.alice.encode()).hexdigest()),
        "basic scheme": [("authorization", "Basic " + tokens.alice)],
        "empty bearer": [("authorization", "Bearer ")],
        "two tokens": bearer(tokens.alice) + bearer(tokens.crawler),
    }[case]
    with channel(token_server.address) as ch:
        error = get_default(ch, metadata)
        assert error is not None
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
        assert error.details() == REFUSED
        # No handler ran: the gate was never asked.
        assert token_server.audit.new() == []
        assert get_default(ch, bearer(tokens.alice)) is None
        assert who(token_server.audit.new())[0] == "alice"
    log = token_server.log_text()
    for secret in (wrong, tokens.alice, tokens.expired, tokens.crawler):
        assert secret not in log


def test_health_check_needs_no_token(token_server):
    with channel(token_server.address) as ch:
        assert health(ch) == b"\x08\x01"


def test_cli_with_token_file_and_env(token_server, tokens):
    r = cli(token_server.address, "--token-file", tokens.alice_file, "--json", "db", "show",
            "default")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["name"] == "default"
    assert who(token_server.audit.new())[0] == "alice"

    r = cli(token_server.address, "db", "ls", env_extra={"ALMANAC_TOKEN": tokens.crawler})
    assert r.returncode == 0, r.stderr
    assert "default" in r.stdout.split()
    assert who(token_server.audit.new())[0] == "role/crawler"

    r = cli(token_server.address, "db", "ls")
    assert r.returncode == 1, r.stderr
    assert r.stderr == ("almanac: %s (the server wants a token: --token-file FILE or "
                        "$ALMANAC_TOKEN)\n" % REFUSED)
    r = cli(token_server.address, "db", "ls", env_extra={"ALMANAC_TOKEN": "not-a-token"})
    assert r.returncode == 1, r.stderr
    assert r.stderr == "almanac: %s\n" % REFUSED

    r = cli(token_server.address, "--token-file", "/nonexistent/token", "db", "ls")
    assert r.returncode == EXIT_USAGE
    assert "cannot read --token-file '/nonexistent/token'" in r.stderr


def test_auth_none_keeps_the_clients_word():
    s = Secured([])
    try:
        with channel(s.address) as ch:
            assert get_default(ch, [("x-almanac-principal", "dora")]) is None
            assert who(s.audit.new()) == ("dora", [], False, False)
            # A token means nothing to a server without token auth.
            assert get_default(ch, bearer("anything")) is None
            assert who(s.audit.new()) == ("anonymous", [], False, False)
    finally:
        s.close()


# ---------------------------------------------------------------------------
# TLS and mutual TLS
# ---------------------------------------------------------------------------

def tls_args(pki, client_ca=None):
    args = ["--grpc-tls-cert", pki.path("server.pem"), "--grpc-tls-key", pki.path("server.key")]
    if client_ca:
        args += ["--grpc-tls-client-ca", pki.path(client_ca)]
    return args


def _handshake_failures(secured):
    return sum("Handshake failed" in line for line in list(secured.server.lines))


def assert_handshake_refused(secured, ch, by_server=True):
    """The call fails before reaching a handler; `by_server`: the server's
    side of the handshake refused it (rather than the client refusing the
    server's certificate)."""
    before = _handshake_failures(secured)
    error = get_default(ch, [("x-almanac-principal", "root")])
    assert error is not None
    # No RPC status from a handler: the connection never carried the call.
    assert error.code() == grpc.StatusCode.UNAVAILABLE, (error.code(), error.details())
    assert secured.audit.new() == []
    if not by_server:
        return
    # The server's TLS layer says so on stderr (kept in `lines`); the line may
    # trail the client's error by a moment.
    deadline = time.time() + 20
    while _handshake_failures(secured) == before:
        assert time.time() < deadline, "no handshake failure logged"
        time.sleep(0.05)


def test_tls_with_tokens(pki, tokens):
    s = Secured(["--grpc-auth", "token", "--grpc-token-file", tokens.path, *tls_args(pki)])
    try:
        with channel(s.address, root=pki.read("ca.pem")) as ch:
            assert get_default(ch, bearer(tokens.alice)) is None
            assert who(s.audit.new()) == ("alice", ["etl", "analysts"], True, True)
            error = get_default(ch, bearer(tokens.expired))
            assert error.code() == grpc.StatusCode.UNAUTHENTICATED
            assert error.details() == REFUSED
        # A client that does not trust the server's CA, and a plaintext one.
        with channel(s.address, root=pki.read("other_ca.pem")) as ch:
            assert_handshake_refused(s, ch, by_server=False)
        with channel(s.address) as ch:
            assert_handshake_refused(s, ch)

        r = cli(s.address, "--tls-ca", pki.path("ca.pem"), "--token-file", tokens.alice_file,
                "db", "ls")
        assert r.returncode == 0, r.stderr
        assert who(s.audit.new())[:1] == ("alice",)
        r = cli(s.address, "--token-file", tokens.alice_file, "db", "ls")
        assert r.returncode == EXIT_UNAVAILABLE, r.stderr
        assert "cannot reach almanac server at " + s.address in r.stderr
    finally:
        s.close()
    assert "grpc_tokens_in_clear" not in s.log_text()


@pytest.fixture(scope="module")
def mtls_server(pki):
    s = Secured(["--grpc-auth", "mtls", *tls_args(pki, client_ca="ca.pem")])
    yield s
    s.close()


def test_mtls_names_the_certificate_cn(mtls_server, pki):
    with channel(mtls_server.address, root=pki.read("ca.pem"), key=pki.read("carol.key"),
                 cert=pki.read("carol.pem")) as ch:
        assert get_default(ch, [("x-almanac-principal", "root")]) is None
        assert who(mtls_server.audit.new()) == ("carol", [], True, True)


@pytest.mark.parametrize("client", ["other CA", "expired", "no certificate"])
def test_mtls_refuses_at_the_handshake(mtls_server, pki, client):
    key, cert = {"other CA": ("mallory.key", "mallory.pem"),
                 "expired": ("expired.key", "expired.pem"),
                 "no certificate": (None, None)}[client]
    with channel(mtls_server.address, root=pki.read("ca.pem"),
                 key=pki.read(key) if key else None,
                 cert=pki.read(cert) if cert else None) as ch:
        assert_handshake_refused(mtls_server, ch)
    # The server still serves a good client.
    with channel(mtls_server.address, root=pki.read("ca.pem"), key=pki.read("carol.key"),
                 cert=pki.read("carol.pem")) as ch:
        assert get_default(ch) is None
        assert who(mtls_server.audit.new())[0] == "carol"


def test_cli_with_client_certificate(mtls_server, pki):
    r = cli(mtls_server.address, "--tls-ca", pki.path("ca.pem"), "--tls-cert",
            pki.path("carol.pem"), "--tls-key", pki.path("carol.key"), "--json", "db", "show",
            "default")
    assert r.returncode == 0, r.stderr
    assert who(mtls_server.audit.new())[:3] == ("carol", [], True)

    r = cli(mtls_server.address, "--tls-ca", pki.path("ca.pem"), "db", "ls")
    assert r.returncode == EXIT_UNAVAILABLE, r.stderr
    r = cli(mtls_server.address, "--tls-cert", pki.path("carol.pem"), "db", "ls")
    assert r.returncode == EXIT_USAGE
    assert "--tls-cert and --tls-key go together" in r.stderr


def test_tokens_and_client_certificates_together(pki, tokens):
    s = Secured(["--grpc-auth", "token", "--grpc-token-file", tokens.path,
                 *tls_args(pki, client_ca="ca.pem")])
    try:
        carol = dict(root=pki.read("ca.pem"), key=pki.read("carol.key"),
                     cert=pki.read("carol.pem"))
        with channel(s.address, **carol) as ch:
            # Both present: the token names the caller.
            assert get_default(ch, bearer(tokens.alice)) is None
            assert who(s.audit.new()) == ("alice", ["etl", "analysts"], True, True)
            error = get_default(ch)
            assert error.code() == grpc.StatusCode.UNAUTHENTICATED
            assert error.details() == REFUSED
        with channel(s.address, root=pki.read("ca.pem")) as ch:
            error = get_default(ch, bearer(tokens.alice))
            assert error.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        s.close()


# ---------------------------------------------------------------------------
# Serve flags
# ---------------------------------------------------------------------------

def serve_fails(args):
    listen = {"--grpc-listen": "127.0.0.1:0", "--thrift-listen": "127.0.0.1:0"}
    for flag in listen:
        if flag in args:
            listen[flag] = args[args.index(flag) + 1]
            args = args[:args.index(flag)] + args[args.index(flag) + 2:]
    with tempfile.TemporaryDirectory(prefix="almanac_auth_flags_") as d:
        r = subprocess.run([ALMANAC_BIN, "serve", "--data-dir", d,
                            *[x for kv in listen.items() for x in kv], *args],
                           capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    return r


@pytest.mark.parametrize("args,fragment", [
    (["--grpc-auth", "token"], "--grpc-auth token needs --grpc-token-file"),
    (["--grpc-auth", "mtls"], "--grpc-auth mtls needs --grpc-tls-cert"),
    (["--grpc-tls-cert", "x.pem"], "--grpc-tls-cert and --grpc-tls-key go together"),
    (["--grpc-token-file", "tokens"], "--grpc-token-file needs --grpc-auth token"),
])
def test_serve_refuses_incoherent_security_flags(args, fragment):
    r = serve_fails(args)
    assert r.returncode == EXIT_USAGE, r.stderr
    assert fragment in r.stderr


def test_serve_refuses_a_malformed_token_file(tmp_path):
    digest = hashlib.sha256(b"x").hexdigest()
    path = tmp_path / "tokens"
    path.write_text("# ok\n%s:alice\n%s:al ice\n" % (digest, digest))
    r = serve_fails(["--grpc-auth", "token", "--token-file", str(path)])
    assert "line 3: principal 'al ice'" in r.stderr
    assert digest not in r.stderr and digest not in r.stdout


def serve_until_ready(args):
    """Runs `almanac serve ARGS` until its "ready" line, then SIGTERM; returns
    (exit code, the parsed JSON log lines)."""
    with tempfile.TemporaryDirectory(prefix="almanac_auth_remote_") as d:
        proc = subprocess.Popen([ALMANAC_BIN, "serve", "--data-dir", d, *args],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        events = []
        try:
            for line in proc.stdout:
                try:
                    events.append(json.loads(line))
                except ValueError:
                    continue
                if events[-1].get("event") == "ready":
                    proc.send_signal(signal.SIGTERM)
            return proc.wait(timeout=60), events
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def test_unauthenticated_front_ends_stay_on_loopback(tokens):
    r = serve_fails(["--grpc-listen", "0.0.0.0:0"])
    assert r.returncode != 0
    assert "the grpc front end would listen on 0.0.0.0:0" in r.stderr
    assert "--allow-unauthenticated-remote" in r.stderr

    # With tokens the gRPC front end may face the network; Thrift stays local.
    code, events = serve_until_ready(["--grpc-listen", "0.0.0.0:0", "--thrift-listen",
                                      "127.0.0.1:0", "--grpc-auth", "token",
                                      "--grpc-token-file", tokens.path])
    assert code == 0, events
    assert not [e for e in events if e.get("event") == "unauthenticated_remote"]

    # The operator may accept the risk explicitly; the log says so.
    code, events = serve_until_ready(["--grpc-listen", "127.0.0.1:0", "--thrift-listen",
                                      "0.0.0.0:0", "--allow-unauthenticated-remote"])
    assert code == 0, events
    warnings = [e for e in events if e.get("event") == "unauthenticated_remote"]
    assert [w["front_end"] for w in warnings] == ["thrift"]
