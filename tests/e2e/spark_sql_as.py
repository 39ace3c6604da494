"""Runs SQL statements in one pyspark session (Hive support, Spark's built-in
Hive 2.3 metastore client) and prints one JSON line per statement:
{"sql": ..., "ok": true, "rows": [[...], ...]} or {"sql": ..., "ok": false,
"error": "<exception class>: <message>"}.

A separate process per identity: Spark's Hive client tells the metastore who
it is with set_ugi(<Hadoop user>, <groups>), and Hadoop reads the user
(HADOOP_USER_NAME, else the OS user) once per JVM. The caller sets
HADOOP_USER_NAME in this process's environment.

Usage: spark_sql_as.py THRIFT_URI WORK_DIR < statements (one per line)
"""

import json
import sys
from pathlib import Path

from pyspark.sql import SparkSession


def main():
    uri, work = sys.argv[1], Path(sys.argv[2])
    statements = [l.strip() for l in sys.stdin.read().splitlines() if l.strip()]
    local_derby = work / "local_derby"
    local_derby.mkdir(parents=True, exist_ok=True)
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("almanac-e2e-policies")
        .config("spark.driver.memory", "512m")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.sql.warehouse.dir", (work / "spark-warehouse").as_uri())
        .config("spark.hadoop.hive.metastore.uris", uri)
        # A refusal is an answer: do not retry it for seconds.
        .config("spark.hadoop.hive.metastore.failure.retries", "1")
        .config("spark.hadoop.hive.metastore.client.connect.retry.delay", "1s")
        .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                f"jdbc:derby:;databaseName={local_derby}/metastore_db;create=true")
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={local_derby}")
        .enableHiveSupport()
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for sql in statements:
            try:
                rows = [[None if v is None else str(v) for v in r] for r in spark.sql(sql).collect()]
                out = {"sql": sql, "ok": True, "rows": rows}
            except Exception as e:  # reported to the test, which decides
                out = {"sql": sql, "ok": False, "error": f"{type(e).__name__}: {e}"}
            print("RESULT " + json.dumps(out), flush=True)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
