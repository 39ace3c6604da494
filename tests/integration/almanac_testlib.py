"""Shared pieces of the Python integration tests of `almanac serve`.

Provides: SOURCE_DIR and ALMANAC_BIN discovery ($ALMANAC_SOURCE_DIR,
$ALMANAC_BIN), generate_clients() which generates the Thrift Python client from
thrift/*.thrift (and, on request, the gRPC stubs from proto/) once per process
and returns the imported modules, a Server running the real binary on port 0
for both front ends (ports read from the JSON "listening" log lines, every log
line kept, stop and restart on the same data directory), and a Client over a
fresh Thrift connection.

Thread safety: generate_clients() is meant for import time (one thread). A
Server's log lines are appended by its reader thread; readers take a copy
(list(server.lines)), which is safe under the GIL. A Client is one connection,
for one thread.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import types

SOURCE_DIR = os.environ.get(
    "ALMANAC_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
ALMANAC_BIN = os.environ.get("ALMANAC_BIN", "almanac")

# One output directory per process: generating is slow enough to do only once
# when several test files run in one pytest session.
_gen_dir = None
_generated = {"thrift": False, "grpc": False}


def _out_dir():
    global _gen_dir
    if _gen_dir is None:
        _gen_dir = tempfile.mkdtemp(prefix="almanac_py_")
        sys.path.insert(0, _gen_dir)
    return _gen_dir


def generate_clients(grpc=False):
    """Generates (once) and imports the Thrift client, and the gRPC stubs if
    `grpc`. Returns a namespace: ThriftHiveMetastore, ttypes (the metastore
    types), fb303_ttypes, and with grpc also pb and pb_grpc. The generated
    packages (almanac_hms, almanac_fb303, almanac.v1) are importable after."""
    out_dir = _out_dir()
    if not _generated["thrift"]:
        for idl in ("fb303.thrift", "hive_metastore.thrift"):
            subprocess.run(["thrift", "--gen", "py", "-out", out_dir,
                            os.path.join(SOURCE_DIR, "thrift", idl)], check=True)
        _generated["thrift"] = True
    if grpc and not _generated["grpc"]:
        # Imported here: only the tests that drive the gRPC wire need grpc_tools.
        from grpc_tools import protoc
        proto_root = os.path.join(SOURCE_DIR, "proto")
        rc = protoc.main(["grpc_tools.protoc", "-I" + proto_root,
                          "-I" + os.path.join(os.path.dirname(protoc.__file__), "_proto"),
                          "--python_out=" + out_dir, "--grpc_python_out=" + out_dir,
                          os.path.join(proto_root, "almanac", "v1", "catalog.proto")])
        assert rc == 0, "grpc_tools.protoc failed"
        _generated["grpc"] = True

    from almanac_hms import ThriftHiveMetastore, ttypes
    from almanac_fb303 import ttypes as fb303_ttypes
    modules = types.SimpleNamespace(ThriftHiveMetastore=ThriftHiveMetastore, ttypes=ttypes,
                                    fb303_ttypes=fb303_ttypes)
    if grpc:
        from almanac.v1 import catalog_pb2, catalog_pb2_grpc
        modules.pb = catalog_pb2
        modules.pb_grpc = catalog_pb2_grpc
    return modules


def text_sd(location="", cols=(("id", "bigint"),)):
    """The StorageDescriptor of a text table (LazySimpleSerDe) with `cols`
    ((name, type) pairs); needs generate_clients() first."""
    from almanac_hms.ttypes import FieldSchema, SerDeInfo, StorageDescriptor
    return StorageDescriptor(
        cols=[FieldSchema(name=n, type=t, comment="") for n, t in cols], location=location,
        inputFormat="org.apache.hadoop.mapred.TextInputFormat",
        outputFormat="org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        compressed=False, numBuckets=-1,
        serdeInfo=SerDeInfo(name="", serializationLib=
                            "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", parameters={}),
        bucketCols=[], sortCols=[], parameters={})


def parse_json(line):
    """The JSON object of a log line, or {} for a line that is not JSON."""
    try:
        return json.loads(line)
    except ValueError:
        return {}


class Server:
    """`almanac serve` over `data_dir` with both front ends on 127.0.0.1:0.

    `extra_args` are appended to the command line (kept for restart()).
    `capture_stderr` merges stderr into the kept log lines; when False stderr
    goes to the test's own stderr and `lines` holds only stdout.
    """

    def __init__(self, data_dir, extra_args=(), capture_stderr=True):
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.capture_stderr = capture_stderr
        self._start()

    def _start(self):
        self.lines = []
        self._queue = queue.Queue()
        self.proc = subprocess.Popen(
            [ALMANAC_BIN, "serve", "--data-dir", self.data_dir, "--grpc-listen", "127.0.0.1:0",
             "--thrift-listen", "127.0.0.1:0", *self.extra_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if self.capture_stderr else None, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.ports = {}
        deadline = time.time() + 60
        while len(self.ports) < 2:
            line = self._queue.get(timeout=max(0.1, deadline - time.time()))
            if line is None:
                raise RuntimeError("almanac serve exited:\n" + "".join(self.lines))
            event = parse_json(line)
            if event.get("event") == "listening":
                self.ports[event.get("front_end")] = int(event["port"])
        self.thrift_port = self.ports["thrift"]
        self.grpc_port = self.ports["grpc"]
        # What `almanac --server` takes.
        self.address = "127.0.0.1:%d" % self.grpc_port

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def events(self, name):
        """The parsed log lines whose "event" is `name`, in order."""
        return [e for e in map(parse_json, list(self.lines)) if e.get("event") == name]

    def wait_for_events(self, name, done, timeout_s=10):
        """events(name) once done(events) holds: the server writes a call's log
        line after its reply, so a client can be ahead of the log. Returns the
        last events seen when the time runs out (the caller's asserts then say
        what is missing)."""
        deadline = time.monotonic() + timeout_s
        while True:
            found = self.events(name)
            if done(found) or time.monotonic() > deadline:
                return found
            time.sleep(0.02)

    def stop(self):
        """SIGTERM (unless already exited); returns the exit code once every
        log line, down to the last, is in `lines`."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=60)
        self._reader.join(timeout=60)
        return code

    def restart(self):
        """Stops the server and starts it again on the same data directory
        and arguments (new ports, fresh `lines`). Returns the stop's exit code."""
        code = self.stop()
        self._start()
        return code


class Client:
    """A generated Thrift client over a fresh connection; `hms` is the stub."""

    def __init__(self, port, framed=False, compact=False, timeout_ms=30000):
        from thrift.protocol import TBinaryProtocol, TCompactProtocol
        from thrift.transport import TSocket, TTransport
        hms_modules = generate_clients()
        self.socket = TSocket.TSocket("127.0.0.1", port)
        self.socket.setTimeout(timeout_ms)
        self.transport = (TTransport.TFramedTransport(self.socket) if framed
                          else TTransport.TBufferedTransport(self.socket))
        self.protocol = (TCompactProtocol.TCompactProtocol(self.transport) if compact
                         else TBinaryProtocol.TBinaryProtocol(self.transport))
        self.hms = hms_modules.ThriftHiveMetastore.Client(self.protocol)
        self.transport.open()

    def close(self):
        self.transport.close()


# Thrift's SASL negotiation status bytes (Java Thrift's TSaslTransport).
SASL_START, SASL_OK, SASL_BAD, SASL_ERROR, SASL_COMPLETE = 1, 2, 3, 4, 5


class SaslRefused(Exception):
    """The server answered the SASL negotiation with BAD or ERROR."""

    def __init__(self, status, message):
        super().__init__("sasl status %d: %s" % (status, message))
        self.status = status
        self.message = message


def sasl_message(status, payload):
    """One negotiation message: status byte, 4-byte big-endian length, payload."""
    import struct
    return bytes([status]) + struct.pack(">I", len(payload)) + payload


def _sasl_transport_class():
    from thrift.transport import TTransport

    class SaslPlainTransport(TTransport.TTransportBase):
        """The client side of Thrift's SASL framing with the PLAIN mechanism,
        as Hive's metastore client speaks it with metastore.client.auth.mode=
        PLAIN (no Python SASL library needed): START with the mechanism,
        COMPLETE with `authzid NUL user NUL password`, then every message in
        a 4-byte length frame. open() raises SaslRefused on BAD or ERROR."""

        def __init__(self, inner, user, password, mechanism="PLAIN", authzid=""):
            self.inner = inner
            self.user, self.password = user, password
            self.mechanism, self.authzid = mechanism, authzid
            self._rbuf = b""
            self._wbuf = []

        def isOpen(self):
            return self.inner.isOpen()

        def open(self):
            import struct
            if not self.inner.isOpen():
                self.inner.open()
            response = b"\0".join(s.encode() for s in (self.authzid, self.user, self.password))
            self.inner.write(sasl_message(SASL_START, self.mechanism.encode())
                             + sasl_message(SASL_COMPLETE, response))
            self.inner.flush()
            header = self.inner.readAll(5)
            status, length = header[0], struct.unpack(">I", header[1:])[0]
            payload = self.inner.readAll(length) if length else b""
            if status != SASL_COMPLETE:
                raise SaslRefused(status, payload.decode("utf-8", "replace"))

        def close(self):
            self.inner.close()

        def read(self, sz):
            import struct
            if not self._rbuf:
                length = struct.unpack(">I", self.inner.readAll(4))[0]
                self._rbuf = self.inner.readAll(length)
            out, self._rbuf = self._rbuf[:sz], self._rbuf[sz:]
            return out

        def write(self, buf):
            self._wbuf.append(buf)

        def flush(self):
            import struct
            data = b"".join(self._wbuf)
            self._wbuf = []
            self.inner.write(struct.pack(">I", len(data)) + data)
            self.inner.flush()

    return SaslPlainTransport


class SaslClient(Client):
    """A generated Thrift client over a SASL PLAIN connection as `user`.
    With `tls_context` (an ssl.SSLContext) the connection is TLS first."""

    def __init__(self, port, user, password, mechanism="PLAIN", tls_context=None,
                 timeout_ms=30000, compact=False):
        from thrift.protocol import TBinaryProtocol, TCompactProtocol
        from thrift.transport import TSocket
        hms_modules = generate_clients()
        if tls_context is not None:
            from thrift.transport import TSSLSocket
            self.socket = TSSLSocket.TSSLSocket("127.0.0.1", port, ssl_context=tls_context)
        else:
            self.socket = TSocket.TSocket("127.0.0.1", port)
        self.socket.setTimeout(timeout_ms)
        self.transport = _sasl_transport_class()(self.socket, user, password, mechanism)
        self.protocol = (TCompactProtocol.TCompactProtocol(self.transport) if compact
                         else TBinaryProtocol.TBinaryProtocol(self.transport))
        self.hms = hms_modules.ThriftHiveMetastore.Client(self.protocol)
        self.transport.open()
