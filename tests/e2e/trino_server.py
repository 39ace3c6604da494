"""A real single-node Trino for the end-to-end tests, and a small client for
Trino's HTTP protocol (POST /v1/statement, then follow nextUri).

Trino 476 needs a JDK 24 or newer; find_jdk() looks in TRINO_JAVA_HOME,
JAVA_HOME and /usr/lib/jvm. The server is Maven Central's
io.trino:trino-server:476:tar.gz, fetched with `mvn dependency:get` into the
ordinary Maven cache once; only bin/, lib/ and plugin/hive/ are unpacked (once,
under ~/.cache/almanac). The tarball stores jars shared between plugins as hard
links to a first copy that may lie outside those folders, so the unpacking
resolves each link to its target's bytes.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tarfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

TRINO_VERSION = "476"
MIN_JAVA = 24
ARTIFACT = f"io.trino:trino-server:{TRINO_VERSION}:tar.gz"
WANTED = ("bin/", "lib/", "plugin/hive/")
STARTUP_TIMEOUT_S = 180
QUERY_TIMEOUT_S = 300


class TrinoError(Exception):
    """A query that Trino answered with an error: `name` (e.g.
    GENERIC_INTERNAL_ERROR, PERMISSION_DENIED) and `message`."""

    def __init__(self, name, message, error_type=None):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.error_type = error_type


def _java_major(java_home):
    release = Path(java_home) / "release"
    if release.is_file():
        m = re.search(r'^JAVA_VERSION="(\d+)', release.read_text(), re.M)
        if m:
            return int(m.group(1))
    java = Path(java_home) / "bin" / "java"
    if not java.is_file():
        return None
    out = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "(\d+)', out)
    return int(m.group(1)) if m else None


def find_jdk():
    """The home of a JDK >= 24, or raises RuntimeError naming what is missing."""
    candidates = [os.environ.get("TRINO_JAVA_HOME"), os.environ.get("JAVA_HOME")]
    jvm = Path("/usr/lib/jvm")
    if jvm.is_dir():
        candidates += sorted((str(p) for p in jvm.iterdir() if p.is_dir()), reverse=True)
    seen = []
    for home in candidates:
        if not home or home in seen:
            continue
        seen.append(home)
        major = _java_major(home)
        if major is not None and major >= MIN_JAVA and (Path(home) / "bin" / "java").is_file():
            return Path(home)
    raise RuntimeError(
        f"Trino {TRINO_VERSION} needs a JDK {MIN_JAVA} or newer and none was found "
        f"(looked at TRINO_JAVA_HOME, JAVA_HOME and /usr/lib/jvm: {', '.join(seen) or 'nothing'}); "
        f"install one, e.g. a Temurin 25 JDK in /usr/lib/jvm/temurin-25-jdk-amd64, "
        f"or set TRINO_JAVA_HOME")


def maven_repo():
    return Path(os.environ.get("MAVEN_REPO", Path.home() / ".m2" / "repository"))


def fetch_tarball():
    """The server tarball in the Maven cache, fetched with Maven the first time."""
    path = (maven_repo() / "io" / "trino" / "trino-server" / TRINO_VERSION /
            f"trino-server-{TRINO_VERSION}.tar.gz")
    if not path.is_file():
        if shutil.which("mvn") is None:
            raise RuntimeError("mvn is required to fetch Trino (Debian: maven)")
        result = subprocess.run(
            ["mvn", "-q", "-B", "dependency:get", "-Dtransitive=false", f"-Dartifact={ARTIFACT}"],
            capture_output=True, text=True, timeout=1800)
        if result.returncode != 0 or not path.is_file():
            raise RuntimeError(f"mvn dependency:get {ARTIFACT} failed:\n"
                               f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return path


def _wanted(name, prefix):
    rel = name[len(prefix):] if name.startswith(prefix) else None
    return rel is not None and any(rel == w.rstrip("/") or rel.startswith(w) for w in WANTED)


def unpack(tarball, cache_root=None):
    """Unpacks bin/, lib/ and plugin/hive/ of `tarball` once; returns the
    Trino home. A marker file says the unpacking finished."""
    cache_root = Path(cache_root or os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "almanac"
    home = cache_root / f"trino-server-{TRINO_VERSION}"
    marker = home / ".unpacked"
    if marker.is_file():
        return home
    prefix = f"trino-server-{TRINO_VERSION}/"
    # Pass 1: which hard links we keep, and which files they point at.
    links = {}
    with tarfile.open(tarball, "r|gz") as tar:
        for m in tar:
            if m.islnk() and _wanted(m.name, prefix):
                links[m.name] = m.linkname
    targets = set(links.values())
    # Pass 2: the wanted files, and the targets of kept links wherever they are.
    staging = cache_root / f".trino-server-{TRINO_VERSION}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    link_store = staging / ".link-targets"
    with tarfile.open(tarball, "r|gz") as tar:
        for m in tar:
            keep = _wanted(m.name, prefix)
            if m.isdir() and keep:
                (staging / m.name[len(prefix):]).mkdir(parents=True, exist_ok=True)
            elif m.isfile():
                if not (keep or m.name in targets):
                    continue
                out = (staging / m.name[len(prefix):]) if keep else (link_store / m.name)
                out.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(m) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                os.chmod(out, m.mode & 0o777)
                if keep and m.name in targets:
                    link_store.joinpath(m.name).parent.mkdir(parents=True, exist_ok=True)
                    os.link(out, link_store / m.name)
            elif m.issym() and keep:
                out = staging / m.name[len(prefix):]
                out.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(m.linkname, out)
    for name, target in links.items():
        out = staging / name[len(prefix):]
        out.parent.mkdir(parents=True, exist_ok=True)
        os.link(link_store / target, out)
    shutil.rmtree(link_store)
    shutil.rmtree(home, ignore_errors=True)
    staging.rename(home)
    marker.write_text(ARTIFACT + "\n")
    return home


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Trino:
    """One Trino server process (coordinator and worker in one) on loopback."""

    def __init__(self, home, java_home, work_dir, catalogs, heap="1G"):
        self.home = Path(home)
        self.java_home = Path(java_home)
        self.work_dir = Path(work_dir)
        self.catalogs = catalogs  # name -> {property: value}
        self.heap = heap
        self.port = None
        self._proc = None
        self.log_path = self.work_dir / "trino.log"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _write_config(self):
        etc = self.work_dir / "etc"
        (etc / "catalog").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        (etc / "config.properties").write_text("\n".join([
            "coordinator=true",
            "node-scheduler.include-coordinator=true",
            f"http-server.http.port={self.port}",
            f"discovery.uri=http://127.0.0.1:{self.port}",
            f"plugin.dir={self.home / 'plugin'}",
            f"catalog.config-dir={etc / 'catalog'}",
            "query.max-memory=400MB",
            "query.max-memory-per-node=400MB",
            "task.concurrency=2",
            # One node, which is its own worker: when the shared machine is
            # busy its heartbeats to itself can miss, and the failure detector
            # then takes the only worker away (NO_NODES_AVAILABLE mid-test).
            "failure-detector.enabled=false",
            "",
        ]))
        (etc / "log.properties").write_text("io.trino=WARN\nio.airlift=WARN\n")
        for name, props in self.catalogs.items():
            (etc / "catalog" / f"{name}.properties").write_text(
                "".join(f"{k}={v}\n" for k, v in props.items()))
        return etc

    def start(self):
        etc = self._write_config()
        data = self.work_dir / "data"
        data.mkdir(exist_ok=True)
        args = [
            str(self.java_home / "bin" / "java"),
            f"-Xmx{self.heap}", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
            "-Djdk.attach.allowAttachSelf=true", "-Dfile.encoding=UTF-8",
            "--enable-native-access=ALL-UNNAMED",
            "-Dnode.environment=almanac_e2e", f"-Dnode.id={uuid.uuid4()}",
            f"-Dnode.data-dir={data}", "-Dnode.internal-address=127.0.0.1",
            f"-Dconfig={etc / 'config.properties'}",
            f"-Dlog.levels-file={etc / 'log.properties'}",
            "-cp", f"{self.home / 'lib'}/*", "io.trino.server.TrinoServer",
        ]
        log = open(self.log_path, "a")
        log.write("# " + " ".join(args) + "\n")
        log.flush()
        self._proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                      cwd=self.work_dir)
        log.close()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"trino exited with status {self._proc.returncode}; "
                                   f"see {self.log_path}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/v1/info", timeout=5) as r:
                    if not json.load(r).get("starting", True):
                        self._wait_for_active_node(deadline)
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"trino did not start in {STARTUP_TIMEOUT_S}s; see {self.log_path}")

    def _wait_for_active_node(self, deadline):
        """The coordinator answers /v1/info before it has announced itself as a
        worker; a query scheduled in between fails with NO_NODES_AVAILABLE.
        Waits until the node list shows an active node."""
        while time.monotonic() < deadline:
            try:
                rows = self.query("SELECT count(*) FROM system.runtime.nodes "
                                  "WHERE state = 'active'").rows
                if rows and rows[0][0] >= 1:
                    return
            except (TrinoError, urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"trino has no active node after {STARTUP_TIMEOUT_S}s; "
                           f"see {self.log_path}")

    def log_tail(self, n=60):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self):
        if self._proc is None:
            return
        proc, self._proc = self._proc, None
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def query(self, sql, user="alice", catalog=None, schema=None):
        """Runs one statement; returns a Result or raises TrinoError.

        A statement refused with NO_NODES_AVAILABLE is sent again, for up to
        a minute: the coordinator learns which catalogs its node serves from
        the node's announcements, a few seconds after the node is active, and
        refuses to schedule a catalog's splits before that. The refusal
        comes before any split runs, so nothing was read or written."""
        deadline = time.monotonic() + 60
        while True:
            try:
                return self._query_once(sql, user, catalog, schema)
            except TrinoError as e:
                if e.name != "NO_NODES_AVAILABLE" or time.monotonic() > deadline:
                    raise
            time.sleep(1)

    def _query_once(self, sql, user, catalog, schema):
        headers = {"X-Trino-User": user, "Content-Type": "text/plain"}
        if catalog:
            headers["X-Trino-Catalog"] = catalog
        if schema:
            headers["X-Trino-Schema"] = schema
        req = urllib.request.Request(f"{self.url}/v1/statement", data=sql.encode(),
                                     headers=headers, method="POST")
        deadline = time.monotonic() + QUERY_TIMEOUT_S
        columns, rows, doc = None, [], None
        while True:
            with urllib.request.urlopen(req, timeout=QUERY_TIMEOUT_S) as r:
                doc = json.load(r)
            if doc.get("columns") and columns is None:
                columns = [c["name"] for c in doc["columns"]]
            rows.extend(doc.get("data") or [])
            if "error" in doc:
                e = doc["error"]
                raise TrinoError(e.get("errorName"), e.get("message"), e.get("errorType"))
            nxt = doc.get("nextUri")
            if not nxt:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"query did not finish in {QUERY_TIMEOUT_S}s: {sql}")
            req = urllib.request.Request(nxt, headers={"X-Trino-User": user})
        return Result(doc.get("id"), columns or [], rows, doc.get("stats", {}),
                      doc.get("updateType"), doc.get("updateCount"))


class Result:
    def __init__(self, query_id, columns, rows, stats, update_type, update_count):
        self.query_id = query_id
        self.columns = columns
        self.rows = rows
        self.stats = stats
        self.update_type = update_type
        self.update_count = update_count

    def __repr__(self):
        return f"Result({self.columns}, {self.rows[:10]}, update={self.update_type})"
