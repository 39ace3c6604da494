"""Fixtures shared by the end-to-end tests: the metastore under test.

The `metastore` fixture (one per test module) is either
  * Almanac, when ALMANAC_BIN names the `almanac` binary: started as
    `almanac serve` on port 0 with a fresh data directory, its bound Thrift
    port read from the JSON "listening" line it prints; it can be stopped and
    restarted on the same data directory and port; or
  * an already running Hive metastore, when HMS_URI is set
    (thrift://host:port), e.g. the real Java one from
    tools/bench/java_hms/run_java_hms.sh. It cannot be restarted from here, so
    restart() only checks it still answers.
ALMANAC_BIN wins when both are set. With neither, the tests are skipped.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30
# Calls every metastore client makes early on (see method_calls()).
_FIRST_CALLS = ("get_database", "get_databases", "get_all_databases", "get_table",
                "get_table_req", "set_ugi")


def unique_name(prefix):
    """A database/table name unique to this run, so reruns against a
    long-lived external metastore never collide with leftovers."""
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def _hms_client(host, port, timeout_s=30):
    """A raw Thrift client (the bindings pyiceberg ships) for fb303 calls."""
    from hive_metastore import ThriftHiveMetastore
    from thrift.protocol import TBinaryProtocol
    from thrift.transport import TSocket, TTransport

    sock = TSocket.TSocket(host, port)
    sock.setTimeout(timeout_s * 1000)
    transport = TTransport.TBufferedTransport(sock)
    transport.open()
    return transport, ThriftHiveMetastore.Client(TBinaryProtocol.TBinaryProtocol(transport))


class Metastore:
    """The metastore under test; see the module docstring."""

    def __init__(self, kind, host, port, binary=None, data_dir=None, log_path=None,
                 extra_args=()):
        self.kind = kind  # "almanac" or "external"
        # More `almanac serve` flags (e.g. --enforce-policies); a test may
        # change them before restart().
        self.extra_args = list(extra_args)
        self.host = host
        self.port = port
        self.binary = binary
        self.data_dir = data_dir
        self.log_path = log_path
        self._proc = None
        self._log_file = None
        self._lines = []
        self._lines_lock = threading.Lock()

    @property
    def uri(self):
        return f"thrift://{self.host}:{self.port}"

    @property
    def is_almanac(self):
        return self.kind == "almanac"

    # ---- Almanac process control ----

    def start(self, port=0):
        """Starts `almanac serve`; returns once its Thrift port is listening."""
        assert self.is_almanac
        self._log_file = open(self.log_path, "a", buffering=1)
        args = [
            self.binary, "serve",
            "--data-dir", str(self.data_dir),
            "--thrift-listen", f"127.0.0.1:{port}",
            "--grpc-listen", "127.0.0.1:0",
            "--log-level", "debug",
            *self.extra_args,
        ]
        self._log_file.write(f"# {' '.join(args)}\n")
        self._proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True, bufsize=1)
        found = threading.Event()
        result = {}

        def pump(proc, log_file):
            # Keeps the pipe drained for the life of the process and records
            # every line, so that tests can look for per-call log events.
            for line in proc.stdout:
                log_file.write(line)
                with self._lines_lock:
                    self._lines.append(line)
                if not found.is_set():
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    if event.get("event") == "listening" and event.get("front_end") == "grpc":
                        result["grpc_port"] = int(event["port"])
                    if event.get("event") == "listening" and event.get("front_end") == "thrift":
                        result["port"] = int(event["port"])
                        found.set()
            found.set()  # process ended: wake the waiter

        threading.Thread(target=pump, args=(self._proc, self._log_file), daemon=True).start()
        if not found.wait(STARTUP_TIMEOUT_S) or "port" not in result:
            self.stop()
            raise RuntimeError(f"almanac did not report a thrift listening line; see {self.log_path}")
        self.port = result["port"]
        self.grpc_port = result.get("grpc_port")
        self.host = "127.0.0.1"

    def stop(self):
        """SIGTERM, then waits for a clean exit (status 0 expected)."""
        if self._proc is None:
            return None
        proc, self._proc = self._proc, None
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = proc.wait()
        if self._log_file:
            self._log_file.write(f"# exited with status {rc}\n")
        return rc

    def restart(self):
        """Stops and starts Almanac on the same data directory and port (clients
        keep their URI). For an external metastore only checks it answers."""
        if not self.is_almanac:
            self.wait_answering()
            return
        rc = self.stop()
        assert rc == 0, f"almanac exited with status {rc} on SIGTERM; see {self.log_path}"
        self.start(port=self.port)
        self.wait_answering()

    def wait_answering(self, timeout_s=STARTUP_TIMEOUT_S):
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                transport, client = _hms_client(self.host, self.port)
                try:
                    client.get_all_databases()
                    return
                finally:
                    transport.close()
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    # ---- Almanac's own admin CLI (gRPC front end) ----

    def cli(self, *args, principal=None):
        """Runs `almanac --json ARGS` against this server; the parsed JSON.
        `principal` sets ALMANAC_PRINCIPAL (who the CLI says it is), e.g. an
        --admin of a server that enforces policies."""
        assert self.is_almanac and self.grpc_port, "needs Almanac's gRPC front end"
        env = dict(os.environ)
        if principal:
            env["ALMANAC_PRINCIPAL"] = principal
        r = subprocess.run([self.binary, "--server", f"127.0.0.1:{self.grpc_port}", "--json",
                            *args], capture_output=True, text=True, timeout=60, env=env)
        assert r.returncode == 0, (args, r.returncode, r.stderr)
        out = r.stdout.strip()
        return json.loads(out) if out else None

    def versions(self, db, table):
        """The table's versions, newest first (`almanac table versions`)."""
        return self.cli("table", "versions", f"{db}.{table}", "--limit", "0")["versions"]

    # ---- observing what the metastore was asked ----

    def counters(self):
        """fb303 getCounters(); {} when the server has none."""
        transport, client = _hms_client(self.host, self.port)
        try:
            return dict(client.getCounters())
        finally:
            transport.close()

    def log_lines(self):
        with self._lines_lock:
            return list(self._lines)

    def method_calls(self, method):
        """How many times `method` was called, or None if this server offers
        no way to tell. Sources, in order: an fb303 counter named after the
        method (the Java HMS counts every call so), then Almanac's per-RPC
        debug log lines naming the method."""
        counters = self.counters()
        # A server counts per method if some counter is named after a call
        # every client makes first; a method not yet called has no counter.
        for prefix in ("", "hms.calls.", "hms.method.", "api_"):
            if any(prefix + m in counters for m in _FIRST_CALLS):
                return int(counters.get(prefix + method, 0))
        if self.is_almanac:
            lines = [l for l in self.log_lines() if method in l]
            if lines:
                return len(lines)
            rpc_logged = any('"method"' in l or '"rpc"' in l for l in self.log_lines())
            return 0 if rpc_logged else None
        return None



def start_almanac(work_dir, extra_args=()):
    """A separate `almanac serve` (own data directory under `work_dir`) with
    `extra_args`, for tests that must not share the module's metastore
    (policies); None without ALMANAC_BIN. The caller stop()s it."""
    binary = os.environ.get("ALMANAC_BIN")
    if not binary:
        return None
    work_dir = Path(work_dir)
    data_dir = work_dir / "almanac_data"
    data_dir.mkdir(parents=True)
    ms = Metastore("almanac", "127.0.0.1", 0, binary=binary, data_dir=data_dir,
                   log_path=work_dir / "almanac.log", extra_args=extra_args)
    ms.start()
    return ms


@pytest.fixture(scope="module")
def e2e_tmp(request):
    """A temporary directory per test module, kept on failure for inspection."""
    path = Path(tempfile.mkdtemp(prefix=f"almanac_e2e_{request.module.__name__}_"))
    yield path
    if not os.environ.get("ALMANAC_E2E_KEEP"):
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def metastore(e2e_tmp):
    binary = os.environ.get("ALMANAC_BIN")
    uri = os.environ.get("HMS_URI")
    if binary:
        data_dir = e2e_tmp / "almanac_data"
        data_dir.mkdir()
        ms = Metastore("almanac", "127.0.0.1", 0, binary=binary, data_dir=data_dir,
                       log_path=e2e_tmp / "almanac.log")
        ms.start()
        ms.wait_answering()
        yield ms
        rc = ms.stop()
        assert rc == 0, f"almanac exited with status {rc} on SIGTERM"
    elif uri:
        assert uri.startswith("thrift://"), f"HMS_URI must be thrift://host:port, got {uri}"
        host, port = uri[len("thrift://"):].rsplit(":", 1)
        ms = Metastore("external", host, int(port))
        ms.wait_answering()
        yield ms
    else:
        pytest.skip("set ALMANAC_BIN (almanac binary) or HMS_URI (thrift://host:port)")
