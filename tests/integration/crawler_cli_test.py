"""Crawlers and custom classifiers through the real CLI against `almanac
serve` on port 0 (a real SQLite file): create, ls, show, update and rm for
both, human and --json output, refusals that say what is wrong (bad globs,
unknown classifiers, grok patterns the server cannot compile, per-kind flags
on the wrong kind), the in-use and kind guards, and `crawler start --wait`
following real runs to their end: one that succeeds over a small folder, a
second that finds nothing new, and one whose target is gone (exit 1, the
reason and the file errors printed).

The binary comes from $ALMANAC_BIN (set by ctest).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almanac_testlib  # noqa: E402

ALMANAC = almanac_testlib.ALMANAC_BIN

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_ALREADY_EXISTS = 4
EXIT_INVALID_ARGUMENT = 5
EXIT_FAILED_PRECONDITION = 6


@pytest.fixture(scope="module")
def server():
    with tempfile.TemporaryDirectory(prefix="almanac_crawler_test_") as d:
        s = almanac_testlib.Server(d, capture_stderr=False)
        yield s
        if s.proc.poll() is None:
            assert s.stop() == 0


def run(server, *args):
    env = dict(os.environ)
    env.pop("ALMANAC_SERVER", None)
    return subprocess.run([ALMANAC, "--server", server.address, *args], capture_output=True,
                          text=True, env=env, timeout=120)


def ok(server, *args):
    r = run(server, *args)
    assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r.stdout


def js(server, *args):
    return json.loads(ok(server, "--json", *args))


def refused(server, code, *args):
    """The one-line error of a refused command, checked for its exit code."""
    r = run(server, *args)
    assert r.returncode == code, (args, r.returncode, r.stdout, r.stderr)
    assert r.stdout == ""
    assert r.stderr.startswith("almanac: "), r.stderr
    return r.stderr.strip()


def test_classifiers_of_each_kind(server):
    grok = js(server, "classifier", "create", "access_log", "--kind", "grok",
              "--classification", "apache-log",
              "--grok-pattern", "%{IP:client} %{WORD:verb} %{NUMBER:bytes:int}",
              "--custom-patterns", "MYWORD [a-z]+")
    assert grok["name"] == "access_log" and grok["kind"] == "GROK"
    assert grok["grok"] == {"classification": "apache-log",
                            "grok_pattern": "%{IP:client} %{WORD:verb} %{NUMBER:bytes:int}",
                            "custom_patterns": "MYWORD [a-z]+"}
    assert grok["version"] == "1" and int(grok["create_time"]) > 0

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("SHOUT [A-Z]+\n")
    try:
        ok(server, "classifier", "create", "shouts", "--kind", "grok", "--classification",
           "shouts", "--grok-pattern", "%{SHOUT:word}", "--custom-patterns-file", f.name)
    finally:
        os.unlink(f.name)
    assert js(server, "classifier", "show", "shouts")["grok"]["custom_patterns"] == "SHOUT [A-Z]+\n"

    out = ok(server, "classifier", "create", "rows", "--kind", "xml", "--classification",
             "xml", "--row-tag", "row")
    assert out == "created XML classifier rows (version 1)\n"
    assert js(server, "classifier", "create", "records", "--kind", "json",
              "--json-path", "$.records[*]")["json"] == {"json_path": "$.records[*]"}

    csv = js(server, "classifier", "create", "pipes", "--kind", "csv", "--delimiter", "|",
             "--quote", "'", "--header", "present", "--columns", "id, name,price",
             "--no-trim", "--allow-single-column", "--custom-datatypes", "int,STRING")
    assert csv["csv"] == {"delimiter": "|", "quote_symbol": "'", "contains_header": "PRESENT",
                          "header": ["id", "name", "price"], "disable_value_trimming": True,
                          "allow_single_column": True, "custom_datatype_configured": True,
                          "custom_datatypes": ["INT", "STRING"]}
    # CSV defaults when the flags are left out.
    plain = js(server, "classifier", "create", "plain_csv", "--kind", "csv")
    assert plain["csv"]["delimiter"] == "," and plain["csv"]["quote_symbol"] == '"'
    assert plain["csv"]["contains_header"] == "UNKNOWN"

    listed = js(server, "classifier", "ls")
    assert [c["name"] for c in listed] == ["access_log", "pipes", "plain_csv", "records",
                                           "rows", "shouts"]
    table = ok(server, "classifier", "ls").splitlines()
    assert table[0].split() == ["CLASSIFIER", "KIND", "VERSION", "UPDATED", "DEFINITION"]
    assert any(l.startswith("pipes") and "CSV" in l and "delimiter '|'" in l for l in table)

    shown = ok(server, "classifier", "show", "pipes")
    assert "delimiter       |" in shown and "columns         id,name,price" in shown
    assert "custom types    INT,STRING" in shown and "version         1" in shown


def test_classifier_update_keeps_what_is_not_given_and_counts_versions(server):
    ok(server, "classifier", "create", "tabs", "--kind", "csv", "--delimiter", "\t",
       "--header", "absent")
    updated = js(server, "classifier", "update", "tabs", "--header", "present")
    assert updated["version"] == "2"
    assert updated["csv"]["delimiter"] == "\t" and updated["csv"]["contains_header"] == "PRESENT"
    again = js(server, "classifier", "update", "tabs", "--trim", "--columns", "a,b")
    assert again["version"] == "3" and again["csv"]["header"] == ["a", "b"]
    assert again["create_time"] == updated["create_time"]

    # The kind stays: refused by the server, naming both kinds.
    assert refused(server, EXIT_INVALID_ARGUMENT, "classifier", "update", "tabs", "--kind",
                   "json", "--json-path", "$[*]") == (
        "almanac: classifier 'tabs' is of kind CSV, not JSON (delete it and create a new one)")
    assert refused(server, EXIT_NOT_FOUND, "classifier", "update", "nope", "--header",
                   "present") == "almanac: no classifier 'nope'"


def test_bad_classifiers_are_refused_saying_why(server):
    # The server compiles grok patterns when they are stored.
    msg = refused(server, EXIT_INVALID_ARGUMENT, "classifier", "create", "broken", "--kind",
                  "grok", "--classification", "x", "--grok-pattern", "%{NOSUCHPATTERN:x}")
    assert msg.startswith("almanac: classifier 'broken': unknown grok pattern 'NOSUCHPATTERN'")
    refused(server, EXIT_INVALID_ARGUMENT, "classifier", "create", "broken", "--kind", "csv",
            "--delimiter", "ab")
    refused(server, EXIT_NOT_FOUND, "classifier", "show", "broken")

    # Flags of another kind, and unknown kinds, are usage errors.
    assert refused(server, EXIT_USAGE, "classifier", "create", "x", "--kind", "csv",
                   "--row-tag", "row") == "almanac: --row-tag applies to --kind xml, not csv"
    assert refused(server, EXIT_USAGE, "classifier", "create", "x", "--kind", "parquet") == (
        "almanac: unknown --kind 'parquet' (grok, xml, json, csv)")
    refused(server, EXIT_USAGE, "classifier", "create", "x", "--kind", "grok",
            "--custom-patterns", "A a", "--custom-patterns-file", "/nonexistent")
    assert refused(server, EXIT_USAGE, "classifier", "create", "x") == (
        "almanac: --kind is required (see almanac --help)")
    refused(server, EXIT_ALREADY_EXISTS, "classifier", "create", "rows", "--kind", "xml",
            "--classification", "xml", "--row-tag", "row")


def test_crawler_definitions(server):
    ok(server, "classifier", "create", "nightly_csv", "--kind", "csv", "--header", "present")
    info = js(server, "crawler", "create", "sales_crawler",
              "--target", "file:///srv/data/sales", "--target", "file:///srv/data/returns",
              "--exclude", "**.tmp", "--exclude", "logs/{a,b}/*",
              "--database", "sales", "--table-prefix", "raw_", "--classifier", "nightly_csv",
              "--sample-size", "20", "--partition-threshold", "0.8",
              "--description", "the shop's exports")
    c = info["crawler"]
    assert info["state"] == "READY" and "last_run" not in info
    assert c["name"] == "sales_crawler"
    assert c["arn"] == "arn:aws:glue:us-east-1:123456789012:crawler/sales_crawler"
    # The exclusions and the sample size apply to every target.
    assert c["targets"] == [
        {"url": "file:///srv/data/sales", "exclusions": ["**.tmp", "logs/{a,b}/*"],
         "sample_size": "20", "connection_name": ""},
        {"url": "file:///srv/data/returns", "exclusions": ["**.tmp", "logs/{a,b}/*"],
         "sample_size": "20", "connection_name": ""}]
    assert c["database"] == "sales" and c["table_prefix"] == "raw_"
    assert c["classifiers"] == ["nightly_csv"]
    assert c["combine_compatible_schemas"] is False and c["partition_threshold"] == 0.8
    assert c["description"] == "the shop's exports" and c["version"] == "1"
    # The principal defaults to the caller (anonymous on an unauthenticated wire).
    assert c["principal"] != ""

    out = ok(server, "crawler", "create", "logs_crawler", "--target", "file:///srv/logs",
             "--database", "logs", "--combine-compatible-schemas")
    assert out == ("created crawler logs_crawler "
                   "(arn:aws:glue:us-east-1:123456789012:crawler/logs_crawler, version 1)\n")
    logs = js(server, "crawler", "show", "logs_crawler")["crawler"]
    assert logs["partition_threshold"] == 0.7 and logs["combine_compatible_schemas"] is True
    assert logs["targets"] == [{"url": "file:///srv/logs", "exclusions": [], "sample_size": "0",
                                "connection_name": ""}]

    listed = js(server, "crawler", "ls")
    assert [(i["crawler"]["name"], i["state"]) for i in listed] == [
        ("logs_crawler", "READY"), ("sales_crawler", "READY")]
    table = ok(server, "crawler", "ls").splitlines()
    assert table[0].split() == ["CRAWLER", "STATE", "DATABASE", "TARGETS", "LAST", "RUN",
                                "NEXT", "SCHEDULED"]
    assert table[2].split()[:3] == ["sales_crawler", "READY", "sales"]
    assert table[2].split()[-1] == "-"  # no schedule

    # A schedule: Glue's cron(...) or the five-field form, the next run shown.
    sched = js(server, "crawler", "update", "logs_crawler", "--schedule", "cron(15 3 * * ? *)")
    assert sched["crawler"]["schedule"] == "cron(15 3 * * ? *)"
    nxt = int(sched["next_scheduled_run"])
    assert nxt % 86400 == 3 * 3600 + 15 * 60 and nxt > time.time(), sched
    assert "schedule       cron(15 3 * * ? *), UTC (next run " in ok(
        server, "crawler", "show", "logs_crawler")
    assert js(server, "crawler", "update", "logs_crawler", "--schedule", "*/10 * * * 1-5")[
        "crawler"]["schedule"] == "*/10 * * * 1-5"
    assert refused(server, EXIT_INVALID_ARGUMENT, "crawler", "update", "logs_crawler",
                   "--schedule", "cron(0 12 * * * *)").startswith(
        "almanac: crawler 'logs_crawler': ")
    cleared = js(server, "crawler", "update", "logs_crawler", "--schedule", "")
    assert cleared["crawler"].get("schedule", "") == ""
    assert int(cleared.get("next_scheduled_run", 0)) == 0  # none
    # Partition schema and the recrawl policy with the behaviors it needs.
    own = js(server, "crawler", "update", "logs_crawler", "--partition-schema", "OWN",
             "--recrawl-policy", "CRAWL_NEW_FOLDERS_ONLY", "--update-behavior", "LOG",
             "--delete-behavior", "LOG")["crawler"]
    assert own["partition_schema"] == "OWN" and own["recrawl_policy"] == "CRAWL_NEW_FOLDERS_ONLY"

    shown = ok(server, "crawler", "show", "sales_crawler")
    assert "state          READY" in shown
    assert "target         file:///srv/data/returns (sample size 20; exclude **.tmp, " \
           "logs/{a,b}/*)" in shown
    assert "classifiers    nightly_csv" in shown and "last run       never" in shown

    # Update: the flags given replace, the rest stays.
    updated = js(server, "crawler", "update", "sales_crawler", "--exclude", "*.bak",
                 "--no-combine-compatible-schemas", "--description", "changed")
    u = updated["crawler"]
    assert u["version"] == "2" and u["description"] == "changed"
    assert [t["exclusions"] for t in u["targets"]] == [["*.bak"], ["*.bak"]]
    assert [t["sample_size"] for t in u["targets"]] == ["20", "20"]
    assert u["classifiers"] == ["nightly_csv"] and u["table_prefix"] == "raw_"
    assert u["create_time"] == c["create_time"]
    u = js(server, "crawler", "update", "sales_crawler", "--target", "file:///srv/new")["crawler"]
    assert u["targets"] == [{"url": "file:///srv/new", "exclusions": [], "sample_size": "0",
                             "connection_name": ""}]
    assert u["version"] == "3"

    # A classifier in use is not deleted; once the crawler is gone it is.
    assert refused(server, EXIT_FAILED_PRECONDITION, "classifier", "rm", "nightly_csv") == (
        "almanac: classifier 'nightly_csv' is used by crawlers: sales_crawler")
    assert js(server, "crawler", "rm", "sales_crawler") == {"deleted": "sales_crawler"}
    assert refused(server, EXIT_NOT_FOUND, "crawler", "show", "sales_crawler") == (
        "almanac: no crawler 'sales_crawler'")
    assert ok(server, "classifier", "rm", "nightly_csv") == "deleted classifier nightly_csv\n"
    assert ok(server, "crawler", "rm", "logs_crawler") == (
        "deleted crawler logs_crawler (its tables stay)\n")
    assert js(server, "crawler", "ls") == []


def test_bad_crawlers_are_refused_saying_why(server):
    def create(*extra, code=EXIT_INVALID_ARGUMENT):
        return refused(server, code, "crawler", "create", "bad", *extra)

    base = ("--database", "sales")
    assert create("--target", "file:///srv/x", "--exclude", "logs/[ab", *base) == (
        "almanac: target 'file:///srv/x': glob 'logs/[ab': an unclosed '[' at position 6")
    assert create("--target", "file:///srv/x", "--classifier", "nope", *base) == (
        "almanac: crawler 'bad': no custom classifier 'nope'")
    assert create("--target", "http://example.com/x", *base) == (
        "almanac: target 'http://example.com/x': expected file:///absolute/path or "
        "s3://bucket/prefix")
    assert create("--target", "s3a://bucket/x", *base, code=EXIT_INVALID_ARGUMENT) == (
        "almanac: target 's3a://bucket/x': write S3 targets as s3://bucket/prefix")
    assert create("--target", "file:///srv/x", "--delete-behavior", "FORGET", *base,
                  code=EXIT_INVALID_ARGUMENT) == (
        "almanac: unknown delete behavior 'FORGET' (behaviors: DEPRECATE_IN_DATABASE, "
        "DELETE_FROM_DATABASE, LOG)")
    assert create("--target", "file:///srv/x", "--sample-size", "250", *base) == (
        "almanac: target 'file:///srv/x': sample size 250 is outside 0 (every file) to 249 "
        "(Glue's range)")
    assert create("--target", "file:///srv/x", "--database", "Bad Name").startswith(
        "almanac: invalid database name 'Bad Name'")
    assert create("--target", "file:///srv/x", "--partition-threshold", "1.5", *base) == (
        "almanac: partition threshold 1.5 is outside (0, 1]")
    assert create("--database", "sales", code=EXIT_USAGE) == (
        "almanac: --target is required (see almanac --help)")
    refused(server, EXIT_NOT_FOUND, "crawler", "update", "bad", "--description", "x")
    refused(server, EXIT_NOT_FOUND, "crawler", "rm", "bad")
    assert js(server, "crawler", "ls") == []


def test_start_and_wait_follow_real_runs(server):
    """`crawler start --wait` follows a run to its end and prints a summary
    (exit 0); `runs` and `run` show the record; a run over a folder that is
    gone fails (exit 1) naming why; an unknown crawler is NOT_FOUND."""
    with tempfile.TemporaryDirectory(prefix="almanac_crawl_data_") as data:
        for day, rows in (("2024-01-01", "1,apple,2.5\n2,pear,3.0\n"),
                          ("2024-01-02", "3,plum,1.5\n4,fig,4.0\n")):
            os.makedirs(os.path.join(data, "sales", f"dt={day}"))
            with open(os.path.join(data, "sales", f"dt={day}", "part-0.csv"), "w") as f:
                f.write("id,name,price\n" + rows)
        with open(os.path.join(data, "sales", "dt=2024-01-02", "broken.parquet"), "wb") as f:
            f.write(b"PAR1 not a footer PAR1")
        ok(server, "crawler", "create", "idle", "--target", "file://" + data, "--database", "d")
        out = ok(server, "crawler", "start", "idle", "--wait")
        assert out.startswith("started crawler idle: run "), out
        assert "SUCCEEDED" in out, out
        [first] = js(server, "crawler", "runs", "idle")
        # int64 counters are strings in protobuf's JSON mapping.
        assert (first["status"], first["files_seen"], first["tables_created"],
                first["partitions_added"], first["error_count"]) == (
                    "SUCCEEDED", "3", "1", "2", "1"), first
        detail = js(server, "crawler", "run", "idle", first["id"])
        assert detail["errors"][0]["path"].endswith("broken.parquet"), detail
        assert js(server, "crawler", "show", "idle")["state"] == "READY"
        # Again: nothing new, the table found unchanged.
        again = js(server, "crawler", "start", "idle", "--wait")
        assert (again["status"], again["tables_created"], again["tables_unchanged"],
                again["partitions_added"]) == ("SUCCEEDED", "0", "1", "0"), again
    # The folder is gone now: the run fails and says why.
    r = run(server, "crawler", "start", "idle", "--wait")
    assert r.returncode == EXIT_FAILURE, (r.stdout, r.stderr)
    assert "FAILED: no target could be read (see the errors)" in r.stderr, r.stderr
    assert "cannot read" in r.stderr or "No such file" in r.stderr, r.stderr
    assert refused(server, EXIT_NOT_FOUND, "crawler", "start", "missing") == (
        "almanac: no crawler 'missing'")
    assert [x["status"] for x in js(server, "crawler", "runs", "idle")] == [
        "FAILED", "SUCCEEDED", "SUCCEEDED"]
    assert ok(server, "crawler", "runs", "idle").split()[:9] == [
        "RUN", "STARTED", "ENDED", "STATUS", "FILES", "CREATED", "UPDATED", "PARTITIONS", "ERRORS"]
    refused(server, EXIT_NOT_FOUND, "crawler", "run", "idle", "00000000-0000-4000-8000-000000000000")
    refused(server, EXIT_NOT_FOUND, "crawler", "runs", "missing")
    ok(server, "crawler", "rm", "idle")
