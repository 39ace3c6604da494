"""Crawler schedules in real time, against the real `almanac serve` (port 0,
a real SQLite file): a crawler on a one-minute schedule runs at the top of
each minute and never twice for one minute, even with two servers on one
database file; a scheduled run over a slow target (moto, a real S3-compatible
server) is stopped and ends CANCELLED with what it did so far; and the fire
times missed while no server ran are caught up by one run at start, not one
per missed minute. A run belongs to the server that runs it: another server
sharing the catalog neither fails it while that server lives nor runs the
crawler beside it, and ends it only once that server is gone.

These tests wait for the wall clock (about four minutes in all); they make
no timing assertion beyond "this minute's run started within its minute".
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402

ALMANAC = almanac_testlib.ALMANAC_BIN
EVERY_MINUTE = "cron(* * * * ? *)"
# A scheduled run starts within this many seconds of its minute on a loaded
# CI machine (the scheduler wakes at the minute; the rest is one transaction).
LATE_S = 20


def cli(server, *args, check=True):
    env = dict(os.environ)
    env.pop("ALMANAC_SERVER", None)
    r = subprocess.run([ALMANAC, "--server", server.address, "--json", *args],
                       capture_output=True, text=True, timeout=120, env=env)
    if check:
        assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


def js(server, *args):
    return json.loads(cli(server, *args).stdout)


def runs(server, name):
    """The crawler's runs, oldest first, with integer times."""
    out = js(server, "crawler", "runs", name, "--limit", "0")
    for r in out:
        for k in ("start_time", "end_time", "files_seen"):
            r[k] = int(r.get(k, 0) or 0)
    return sorted(out, key=lambda r: (r["start_time"], r["id"]))


def wait_until(what, done, timeout_s):
    deadline = time.time() + timeout_s
    while True:
        value = what()
        if done(value):
            return value
        assert time.time() < deadline, f"timed out; last seen: {value}"
        time.sleep(0.2)


def sleep_to_second(lo, hi):
    """Sleeps until the wall clock's second within the minute is in [lo, hi)."""
    while not lo <= time.time() % 60 < hi:
        time.sleep(0.2)


def write_folder(root):
    os.makedirs(os.path.join(root, "events", "dt=2026-01-01"))
    with open(os.path.join(root, "events", "dt=2026-01-01", "part-0.csv"), "w") as f:
        f.write("id,name\n1,a\n2,b\n")


def scheduled_starts(server):
    return [e for e in server.events("crawl_schedule") if "started by its schedule" in
            e.get("message", "")]


def test_a_one_minute_schedule_runs_each_minute_once_even_with_two_servers():
    with tempfile.TemporaryDirectory(prefix="almanac_sched_") as tmp:
        data = os.path.join(tmp, "data")
        write_folder(data)
        catalog = os.path.join(tmp, "catalog")
        first = almanac_testlib.Server(catalog)
        second = almanac_testlib.Server(catalog)  # the same SQLite file
        try:
            sleep_to_second(5, 40)  # not create and fire in one second
            made = js(first, "crawler", "create", "minutely", "--target", "file://" + data,
                      "--database", "sched", "--schedule", EVERY_MINUTE)
            assert made["crawler"]["schedule"] == EVERY_MINUTE
            now = time.time()
            shown = js(second, "crawler", "show", "minutely")
            nxt = int(shown["next_scheduled_run"])
            assert nxt % 60 == 0 and now < nxt <= now + 60, (now, shown)

            # Two fire times: each starts one run, from one of the two servers.
            done = wait_until(lambda: runs(first, "minutely"),
                              lambda rs: len(rs) >= 2 and rs[1]["status"] != "RUNNING",
                              timeout_s=2 * 60 + 3 * LATE_S)
            assert len(done) == 2, done
            assert [r["status"] for r in done] == ["SUCCEEDED", "SUCCEEDED"], done
            assert done[0]["start_time"] - nxt in range(0, LATE_S), (nxt, done)
            assert done[1]["start_time"] - (nxt + 60) in range(0, LATE_S), (nxt, done)
            assert done[0]["end_time"] <= done[1]["start_time"], done
            assert int(done[0]["tables_created"]) == 1, done[0]
            assert int(done[1]["tables_created"]) == 0, done[1]
            # Each fire time was taken by exactly one server, as its log says.
            starts = scheduled_starts(first) + scheduled_starts(second)
            assert len(starts) == 2, starts
            assert sorted(r["id"] for r in done) == sorted(
                s["message"].split("(run ")[1].rstrip(")") for s in starts)

            # Removing the schedule stops the runs (no next run shown).
            cli(first, "crawler", "update", "minutely", "--schedule", "")
            shown = js(second, "crawler", "show", "minutely")
            assert int(shown.get("next_scheduled_run", 0) or 0) == 0, shown
        finally:
            assert first.stop() == 0
            assert second.stop() == 0


def test_missed_fire_times_run_once_at_start():
    with tempfile.TemporaryDirectory(prefix="almanac_sched_") as tmp:
        data = os.path.join(tmp, "data")
        write_folder(data)
        catalog = os.path.join(tmp, "catalog")
        server = almanac_testlib.Server(catalog)
        try:
            sleep_to_second(5, 30)
            # Five-field form, once a day at a time twelve hours from now (so
            # that no real fire time falls inside the test).
            fire = time.gmtime(time.time() + 12 * 3600)
            daily = f"{fire.tm_min} {fire.tm_hour} * * *"
            cli(server, "crawler", "create", "daily", "--target", "file://" + data, "--database",
                "sched", "--schedule", daily)
            assert runs(server, "daily") == []
            assert server.stop() == 0
            # The server was down for three days: the crawler was defined
            # (and last handled) then; three fire times were missed.
            db = sqlite3.connect(os.path.join(catalog, "catalog.db"))
            with db:
                db.execute("UPDATE crawlers SET update_time = update_time - 3 * 86400, "
                           "create_time = create_time - 3 * 86400 WHERE name = 'daily'")
            db.close()
            sleep_to_second(5, 30)
            started = time.time()
            server.restart()
            done = wait_until(lambda: runs(server, "daily"),
                              lambda rs: rs and rs[-1]["status"] != "RUNNING", timeout_s=60)
            # One run, at start (not at the next fire time), for all three.
            assert len(done) == 1, done
            assert done[0]["status"] == "SUCCEEDED", done
            assert started - 2 <= done[0]["start_time"] <= started + LATE_S, (started, done)
            # Nothing more (one run per missed fire time would have started the
            # next at once), watched here for the rest of this minute and the next.
            time.sleep(max(0.0, 60 - time.time() % 60) + 5)
            assert len(runs(server, "daily")) == 1
            shown = js(server, "crawler", "show", "daily")
            nxt = int(shown["next_scheduled_run"])
            assert nxt % 60 == 0 and time.time() + 11 * 3600 < nxt < time.time() + 13 * 3600, shown
        finally:
            assert server.stop() == 0


@pytest.mark.skipif(os.environ.get("ALMANAC_SKIP_MOTO") == "1", reason="moto disabled")
@contextlib.contextmanager
def slow_bucket():
    """A slow target: many small objects on moto, where every read is an
    HTTP request to a Python server. Yields how many objects; the servers
    started inside reach it through the AWS_* environment."""
    from s3_file_system_test import KEY_ID, SECRET, start_moto
    import boto3
    proc, url = start_moto()
    try:
        s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
        s3.create_bucket(Bucket="slow")
        total = 0
        for day in range(40):
            for i in range(60):
                s3.put_object(Bucket="slow", Key=f"events/dt={day:02d}/f{i:03d}.json",
                              Body=b'{"id": 1, "msg": "x"}\n{"id": 2, "msg": "y"}\n')
                total += 1
        saved = {k: os.environ[k] for k in os.environ if k.startswith("AWS_")}
        for k in saved:
            del os.environ[k]
        os.environ.update(AWS_ENDPOINT_URL_S3=url, AWS_ACCESS_KEY_ID=KEY_ID,
                          AWS_SECRET_ACCESS_KEY=SECRET, AWS_REGION="us-east-1")
        try:
            yield total
        finally:
            for k in [k for k in os.environ if k.startswith("AWS_")]:
                del os.environ[k]
            os.environ.update(saved)
    finally:
        proc.kill()
        proc.wait()


def test_stop_cancels_a_scheduled_run():
    with slow_bucket() as total:
        with tempfile.TemporaryDirectory(prefix="almanac_sched_") as tmp:
            server = almanac_testlib.Server(tmp)
            try:
                sleep_to_second(5, 40)
                cli(server, "crawler", "create", "slow", "--target", "s3://slow",
                    "--database", "sched", "--schedule", EVERY_MINUTE)
                running = wait_until(lambda: runs(server, "slow"), lambda rs: bool(rs),
                                     timeout_s=60 + LATE_S)
                assert running[0]["status"] == "RUNNING", running
                # A start while it runs is refused, saying why.
                r = cli(server, "crawler", "start", "slow", check=False)
                assert r.returncode != 0 and "running" in r.stderr, r.stderr
                assert js(server, "crawler", "show", "slow")["state"] == "RUNNING"
                cli(server, "crawler", "stop", "slow")
                done = wait_until(lambda: runs(server, "slow"),
                                  lambda rs: rs[0]["status"] != "RUNNING", timeout_s=60)
                assert done[0]["status"] == "CANCELLED", done
                # What it did before the stop is kept, and it did not finish:
                # stopped while listing or sampling, before the 40 partitions
                # were all written.
                assert 0 < done[0]["files_seen"] <= total, done
                assert int(done[0].get("partitions_added", 0)) < 40, done
                assert "stopped" in done[0].get("message", ""), done
                assert js(server, "crawler", "show", "slow")["state"] == "READY"
            finally:
                assert server.stop() == 0


def test_a_run_belongs_to_its_server_while_it_lives():
    """Two servers on one catalog: a server starting up leaves the other's
    run alone, a stop through either server cancels it, and once its server
    is killed the other ends the run FAILED (at its next scheduler pass) and
    can run the crawler again."""
    with slow_bucket():
        with tempfile.TemporaryDirectory(prefix="almanac_owner_") as tmp:
            first = almanac_testlib.Server(tmp)
            second = None
            try:
                cli(first, "crawler", "create", "slow", "--target", "s3://slow",
                    "--database", "owned")
                run = js(first, "crawler", "start", "slow")
                assert run["status"] == "RUNNING", run
                # The run names its server, as that server's log does.
                instance = first.events("store_opened")[0]["instance"]
                assert len(instance) == 32 and run["server"] == instance, (run, instance)
                second = almanac_testlib.Server(tmp)  # starts while the run goes
                assert second.events("crawls_abandoned") == [], second.lines
                shown = js(second, "crawler", "show", "slow")
                assert shown["state"] == "RUNNING", shown
                r = cli(second, "crawler", "start", "slow", check=False)
                assert r.returncode != 0 and "running" in r.stderr, r.stderr

                # A stop through the other server reaches the run's own.
                cli(second, "crawler", "stop", "slow")
                done = wait_until(lambda: runs(second, "slow"),
                                  lambda rs: rs[-1]["status"] != "RUNNING", timeout_s=60)
                assert done[-1]["id"] == run["id"], done
                assert done[-1]["status"] == "CANCELLED", done

                # Its server dies mid-run (no chance to record anything).
                run = js(first, "crawler", "start", "slow")
                wait_until(lambda: runs(second, "slow")[-1],
                           lambda r: r["files_seen"] > 0, timeout_s=60)
                first.proc.kill()
                first.proc.wait(timeout=60)
                # Any crawler change wakes the other server's scheduler, which
                # finds the run's owner gone.
                cli(second, "crawler", "create", "poke", "--target", "s3://slow",
                    "--database", "owned")
                ended = wait_until(lambda: [r for r in runs(second, "slow")
                                            if r["id"] == run["id"]][0],
                                   lambda r: r["status"] != "RUNNING", timeout_s=30)
                assert ended["status"] == "FAILED", ended
                assert ended["message"] == "the server stopped during the run", ended
                assert js(second, "crawler", "show", "slow")["state"] == "READY"
                again = js(second, "crawler", "start", "slow")
                assert again["status"] == "RUNNING" and again["id"] != run["id"], again
                cli(second, "crawler", "stop", "slow")
                wait_until(lambda: runs(second, "slow")[-1],
                           lambda r: r["status"] == "CANCELLED", timeout_s=60)
            finally:
                first.stop()
                if second is not None:
                    assert second.stop() == 0
