"""The crawler over S3: `almanac serve` started with the AWS SDK environment
variables pointing at moto (a real S3-compatible server on a free port),
files written there by pyarrow and boto3, a crawler over s3://data: tables
with s3:// locations and their partitions, more than 1,000 keys under one
prefix (paging), exclusions; then wrong credentials (the run fails saying
why, the secret in no log line or error) and an endpoint that goes away (the
run fails cleanly)."""

import io
import json
import os
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402
from s3_file_system_test import KEY_ID, SECRET, start_moto  # noqa: E402

ALMANAC = almanac_testlib.ALMANAC_BIN


def serve(tmp, endpoint, secret=SECRET):
    for k in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[k]
    os.environ.update(AWS_ENDPOINT_URL_S3=endpoint, AWS_ACCESS_KEY_ID=KEY_ID,
                      AWS_SECRET_ACCESS_KEY=secret, AWS_REGION="us-east-1")
    return almanac_testlib.Server(tmp)


def cli(server, *args, check=True):
    r = subprocess.run([ALMANAC, "--server", server.address, "--json", *args],
                       capture_output=True, text=True, timeout=300)
    if check:
        assert r.returncode == 0, (args, r.stderr)
    return r


def numbers(run):
    return {k: int(v) if isinstance(v, str) and v.isdigit() else v for k, v in run.items()}


@pytest.fixture(scope="module")
def moto():
    proc, url = start_moto()
    import boto3
    import pyarrow as pa
    import pyarrow.parquet as pq
    s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                      aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
    s3.create_bucket(Bucket="data")
    for year in (2023, 2024):
        buf = io.BytesIO()
        pq.write_table(pa.table({"id": [1, 2], "price": [1.5, 2.5], "name": ["a", "b"]}), buf)
        s3.put_object(Bucket="data", Key=f"sales/year={year}/part-0.parquet", Body=buf.getvalue())
    s3.put_object(Bucket="data", Key="sales/_SUCCESS", Body=b"")
    for i in range(1100):  # more than one ListObjectsV2 page in one folder
        s3.put_object(Bucket="data", Key=f"logs/dt=1/f{i:04d}.csv", Body=b"id,msg\n1,x\n2,y\n")
    s3.put_object(Bucket="data", Key="logs/dt=2/f.csv", Body=b"id,msg\n3,z\n4,w\n")
    s3.put_object(Bucket="data", Key="tmp/skip.csv", Body=b"id,msg\n1,x\n2,y\n")
    yield proc, url
    proc.kill()
    proc.wait()


def test_a_crawler_over_s3_registers_tables_with_s3_locations(moto):
    _, url = moto
    with tempfile.TemporaryDirectory(prefix="almanac_s3_crawl_") as tmp:
        server = serve(tmp, url)
        try:
            cli(server, "crawler", "create", "lake", "--target", "s3://data",
                "--exclude", "tmp/**", "--database", "lake")
            run = numbers(json.loads(cli(server, "crawler", "start", "lake", "--wait").stdout))
            assert run["status"] == "SUCCEEDED", run
            assert run["files_seen"] == 1103, run
            assert run["tables_created"] == 2 and run["partitions_added"] == 4, run
            sales = json.loads(cli(server, "table", "show", "lake.sales").stdout)
            text = json.dumps(sales)
            assert "s3://data/sales" in text and "parquet" in text, text
        finally:
            assert server.stop() == 0
        assert SECRET not in "".join(server.lines)


def test_wrong_credentials_fail_the_run_and_the_secret_stays_out():
    # A moto that checks credentials from the first call (it knows none of ours).
    proc, url = start_moto({"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    wrong = "not-the-secret-9c1e"
    with tempfile.TemporaryDirectory(prefix="almanac_s3_crawl_") as tmp:
        server = serve(tmp, url, secret=wrong)
        try:
            cli(server, "crawler", "create", "lake", "--target", "s3://data/sales",
                "--database", "lake")
            r = cli(server, "crawler", "start", "lake", "--wait", check=False)
            assert r.returncode == 1, (r.stdout, r.stderr)
            run = json.loads(r.stdout)
            assert run["status"] == "FAILED", run
            assert "s3://data" in json.dumps(run["errors"]), run
            assert wrong not in r.stdout + r.stderr
        finally:
            assert server.stop() == 0
            proc.kill()
            proc.wait()
        assert wrong not in "".join(server.lines)


def test_an_endpoint_that_goes_away_fails_the_run_cleanly(moto):
    proc, url = moto
    with tempfile.TemporaryDirectory(prefix="almanac_s3_crawl_") as tmp:
        server = serve(tmp, url)
        try:
            cli(server, "crawler", "create", "lake", "--target", "s3://data/sales",
                "--database", "lake")
            proc.kill()
            proc.wait()
            r = cli(server, "crawler", "start", "lake", "--wait", check=False)
            assert r.returncode == 1, (r.stdout, r.stderr)
            run = json.loads(r.stdout)
            assert run["status"] == "FAILED", run
            assert "cannot reach the S3 endpoint" in json.dumps(run["errors"]), run
        finally:
            assert server.stop() == 0


def test_named_connections_from_a_file():
    """No AWS_* environment at all: the server's --s3-connections-file names
    the endpoint and credentials; a target names its connection."""
    proc, url = start_moto()  # its own: the module's moto is stopped by the test above
    import boto3
    import pyarrow as pa
    import pyarrow.parquet as pq
    s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                      aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
    s3.create_bucket(Bucket="data")
    for year in (2023, 2024):
        buf = io.BytesIO()
        pq.write_table(pa.table({"id": [1, 2], "name": ["a", "b"]}), buf)
        s3.put_object(Bucket="data", Key=f"sales/year={year}/part-0.parquet", Body=buf.getvalue())
        for month in (1, 2):  # a prefix with nested partitions
            s3.put_object(Bucket="data", Key=f"events/year={year}/month={month}/e.json",
                          Body=b'{"user": "a", "n": 1}\n{"user": "b", "n": 2}\n')
    try:
        named_connections(url)
    finally:
        proc.kill()
        proc.wait()


def named_connections(url):
    with tempfile.TemporaryDirectory(prefix="almanac_s3_crawl_") as tmp:
        conns = os.path.join(tmp, "s3.ini")
        with open(conns, "w") as f:
            f.write(f"# the lake on moto\n[lake]\nendpoint_url = {url}\nregion = us-east-1\n"
                    f"aws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
                    "addressing_style = path\n")
        for k in [k for k in os.environ if k.startswith("AWS_")]:
            del os.environ[k]
        server = almanac_testlib.Server(os.path.join(tmp, "catalog"),
                                        extra_args=["--s3-connections-file", conns])
        try:
            cli(server, "crawler", "create", "named", "--target", "s3://data/sales",
                "--connection", "lake", "--database", "lake")
            shown = json.loads(cli(server, "crawler", "show", "named").stdout)
            assert shown["crawler"]["targets"][0]["connection_name"] == "lake"
            r = cli(server, "crawler", "start", "named", "--wait", check=False)
            run = numbers(json.loads(r.stdout))
            assert run["status"] == "SUCCEEDED", (run.get("errors"), run.get("message"))
            assert run["tables_created"] == 1 and run["partitions_added"] == 2, run
            cli(server, "crawler", "create", "nested", "--target", "s3://data/events",
                "--connection", "lake", "--database", "lake")
            r = cli(server, "crawler", "start", "nested", "--wait", check=False)
            run = numbers(json.loads(r.stdout))
            assert run["status"] == "SUCCEEDED", (run.get("errors"), run.get("message"))
            assert run["partitions_added"] == 4, run
            events = json.loads(cli(server, "table", "show", "lake.events").stdout)
            keys = [k["name"] for k in events["partition_keys"]]
            assert keys == ["year", "month"], events

            # No [default] and no environment: a target without a connection
            # goes to AWS itself (unreachable here, and the run says where it
            # tried); a connection the server does not have fails saying so.
            cli(server, "crawler", "create", "plain", "--target", "s3://data/sales",
                "--database", "lake2")
            r = cli(server, "crawler", "start", "plain", "--wait", check=False)
            assert r.returncode == 1 and "s3.us-east-1.amazonaws.com" in r.stdout, r.stdout
            cli(server, "crawler", "update", "plain", "--connection", "nope")
            r = cli(server, "crawler", "start", "plain", "--wait", check=False)
            assert r.returncode == 1 and "no S3 connection 'nope'" in r.stdout, r.stdout
            # A connection is for s3:// targets only.
            r = cli(server, "crawler", "create", "local", "--target", "file:///tmp",
                    "--connection", "lake", "--database", "x", check=False)
            assert r.returncode != 0
            assert "a connection name is for s3:// targets only" in r.stderr, r.stderr
        finally:
            assert server.stop() == 0
        assert SECRET not in "".join(server.lines)
        assert any('"s3_connection"' in l and '"lake"' in l for l in server.lines)

    # A file the server cannot use stops it at start, naming the line.
    with tempfile.TemporaryDirectory(prefix="almanac_s3_crawl_") as tmp:
        conns = os.path.join(tmp, "s3.ini")
        with open(conns, "w") as f:
            f.write("[lake]\nsecret = x\n")
        r = subprocess.run([ALMANAC, "serve", "--data-dir", tmp, "--grpc-listen", "127.0.0.1:0",
                            "--thrift-listen", "127.0.0.1:0", "--s3-connections-file", conns],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode != 0
        assert "S3 connections, line 2: unknown key 'secret'" in r.stdout + r.stderr
