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
