"""The S3 file system (catalog/crawler/s3) against a real S3-compatible
server: moto in server mode on a free port, driven through s3_fs_probe with
the AWS SDK environment variables pointing at it. Data is written by boto3
and by pyarrow's own S3 file system."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

PROBE = os.environ.get("S3_FS_PROBE")
SECRET = "moto-secret-do-not-print-7f3a"
KEY_ID = "AKIDMOTOTEST0001"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto(extra_env=None):
    port = free_port()
    env = dict(os.environ, **(extra_env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                             "-p", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:  # readiness: the server answers
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1).read()
            return proc, url
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("moto_server did not start")
            time.sleep(0.1)


def probe(endpoint, *args, key_id=KEY_ID, secret=SECRET):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ENDPOINT_URL_S3=endpoint, AWS_ACCESS_KEY_ID=key_id,
               AWS_SECRET_ACCESS_KEY=secret, AWS_REGION="us-east-1")
    r = subprocess.run([PROBE, *args], env=env, capture_output=True, text=True, timeout=120)
    return r.returncode, json.loads(r.stdout.strip().splitlines()[-1]), r.stderr


@pytest.fixture(scope="module")
def moto():
    proc, url = start_moto()
    yield url
    proc.kill()
    proc.wait()


@pytest.fixture(scope="module")
def bucket(moto):
    import boto3
    s3 = boto3.client("s3", endpoint_url=moto, region_name="us-east-1",
                      aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
    s3.create_bucket(Bucket="data")
    for i in range(1203):
        s3.put_object(Bucket="data", Key=f"many/f{i:05d}.csv", Body=b"a,b\n1,2\n")
    s3.put_object(Bucket="data", Key="sales/", Body=b"")  # a folder marker
    for year in (2023, 2024):
        for month in (1, 2):
            s3.put_object(Bucket="data", Key=f"sales/year={year}/month={month}/part-0.csv",
                          Body=f"id,amount\n{year},{month}\n".encode())
    s3.put_object(Bucket="data", Key="odd/a&b <c> d+e.json", Body=b'{"x": 1}\n')
    return s3


def test_lists_more_than_a_thousand_keys(moto, bucket):
    rc, out, err = probe(moto, "list", "s3://data/many")
    assert rc == 0, err
    paths = [f["path"] for f in out["files"]]
    assert len(paths) == 1203
    assert paths == sorted(paths)
    assert paths[0] == "s3://data/many/f00000.csv"
    assert all(f["size"] == 8 and f["mtime"] > 1_600_000_000 for f in out["files"])


def test_nested_partitions_and_markers(moto, bucket):
    rc, out, err = probe(moto, "list", "s3://data/sales/")
    assert rc == 0, err
    assert [f["path"] for f in out["files"]] == [
        f"s3://data/sales/year={y}/month={m}/part-0.csv" for y in (2023, 2024) for m in (1, 2)]
    rc, out, err = probe(moto, "list", "s3://data/odd")
    assert rc == 0, err
    assert [f["path"] for f in out["files"]] == ["s3://data/odd/a&b <c> d+e.json"]
    rc, out, _ = probe(moto, "read", "s3://data/odd/a&b <c> d+e.json", "0", "100")
    assert rc == 0 and bytes.fromhex(out["hex"]) == b'{"x": 1}\n'


def test_missing_folder_and_object(moto, bucket):
    rc, out, _ = probe(moto, "list", "s3://data/nope")
    assert rc == 2 and out["code"] == "NOT_FOUND"
    rc, out, _ = probe(moto, "read", "s3://data/nope.csv", "0", "1")
    assert rc == 2 and out["code"] == "NOT_FOUND" and "s3://data/nope.csv" in out["message"]
    rc, out, _ = probe(moto, "list", "s3://no-such-bucket/x")
    assert rc == 2 and out["code"] == "NOT_FOUND" and "NoSuchBucket" in out["message"]


def test_parquet_footer_written_by_pyarrow(moto, bucket, tmp_path):
    import pyarrow as pa
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq
    table = pa.table({"id": list(range(5000)), "name": [f"n{i}" for i in range(5000)]})
    local = tmp_path / "t.parquet"
    pq.write_table(table, local)
    fs = pafs.S3FileSystem(endpoint_override=moto.removeprefix("http://"), scheme="http",
                           access_key=KEY_ID, secret_key=SECRET, region="us-east-1")
    with fs.open_output_stream("data/pq/dt=2024-01-01/t.parquet") as f:
        f.write(local.read_bytes())
    data = local.read_bytes()
    rc, out, err = probe(moto, "tail", "s3://data/pq/dt=2024-01-01/t.parquet", "8")
    assert rc == 0, err
    assert out["size"] == len(data)
    footer = bytes.fromhex(out["hex"])
    assert footer == data[-8:] and footer.endswith(b"PAR1")
    meta_len = int.from_bytes(footer[:4], "little")
    rc, out, err = probe(moto, "read", "s3://data/pq/dt=2024-01-01/t.parquet",
                         str(len(data) - 8 - meta_len), str(meta_len))
    assert rc == 0, err
    assert bytes.fromhex(out["hex"]) == data[-8 - meta_len:-8]
    rc, out, _ = probe(moto, "list", "s3://data/pq")
    assert [f["path"] for f in out["files"]] == ["s3://data/pq/dt=2024-01-01/t.parquet"]


def test_wrong_credentials_are_a_clear_error_without_the_secret():
    # moto checks credentials only when told to; no key exists in its IAM.
    proc, url = start_moto({"INITIAL_NO_AUTH_ACTION_COUNT": "0"})
    try:
        rc, out, err = probe(url, "list", "s3://data/x")
    finally:
        proc.kill()
        proc.wait()
    assert rc == 2
    assert out["code"] in ("UNAUTHENTICATED", "PERMISSION_DENIED"), out
    assert "InvalidAccessKeyId" in out["message"] or "AccessDenied" in out["message"], out
    assert SECRET not in err and SECRET not in out["message"]
    assert "Signature=" not in err


def test_endpoint_gone_is_unavailable():
    proc, url = start_moto()
    proc.kill()
    proc.wait()
    rc, out, err = probe(url, "list", "s3://data/x")
    assert rc == 2 and out["code"] == "UNAVAILABLE", out
    assert out["message"].startswith(f"cannot reach the S3 endpoint {url}: "), out
    assert SECRET not in err
