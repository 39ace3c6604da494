#!/usr/bin/env bash
# run_java_hms.sh [--db derby|postgres] PORT DATADIR
#
# Runs the real Apache Hive standalone metastore (Java) in the foreground on
# 127.0.0.1:PORT. It is the reference Almanac is compared with (tests/e2e with
# HMS_URI, tools/bench). Two backing databases:
#
#   derby (default, zero set-up): embedded Derby under DATADIR/metastore_db.
#     The first run of a DATADIR initialises the schema; later runs reuse it.
#   postgres: the metastore's production configuration. Debian's PostgreSQL
#     (package "postgresql", installed with apt-get when absent and the script
#     runs as root) is started by this script on 127.0.0.1 on a free port, in
#     a fresh temporary cluster (initdb; run as the user "postgres" when the
#     script runs as root), with a fresh database "metastore" whose schema
#     Hive's schema tool creates (-dbType postgres). The metastore reaches it
#     through the PostgreSQL JDBC driver with direct SQL on (reads and DDL).
#     The cluster is stopped and removed when the script ends: every start is
#     a fresh database; DATADIR keeps the configuration, logs
#     (DATADIR/postgres.log, DATADIR/schematool.log) and warehouse.
#
# Everything Java comes from Maven Central through Maven and is cached in
# ~/.m2: the server jar and its dependencies, both JDBC drivers included
# (pom.xml beside this script), and the server's binary distribution, used
# only for its schema scripts.
# SIGTERM or SIGINT stops the server (and PostgreSQL); the script then exits 0.
#
# Environment: JAVA_DB (derby or postgres; --db wins), JAVA_PG_LOCALE (the
# PostgreSQL cluster's locale, default C), JAVA_HOME (optional), HMS_HEAP
# (default 512m), HMS_LOG_LEVEL (default WARN).
set -euo pipefail

DB="${JAVA_DB:-derby}"
if [[ ${1:-} == --db ]]; then
  DB="${2:-}"
  shift 2 || true
elif [[ ${1:-} == --db=* ]]; then
  DB="${1#--db=}"
  shift
fi
if (($# != 2)) || [[ $DB != derby && $DB != postgres ]]; then
  echo "usage: $0 [--db derby|postgres] PORT DATADIR" >&2
  exit 2
fi
PORT="$1"
DATADIR="$(mkdir -p "$2" && cd "$2" && pwd)"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HIVE_VERSION=4.0.0
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"

log() { printf '[java_hms] %s\n' "$*" >&2; }

# 1. Classpath, resolved once per pom.xml (online the first time, then from ~/.m2).
CACHE="$HERE/target"
mkdir -p "$CACHE"
CP_FILE="$CACHE/classpath.txt"
if [[ ! -s $CP_FILE || $HERE/pom.xml -nt $CP_FILE ]]; then
  log "resolving the Hive $HIVE_VERSION metastore classpath with Maven"
  mvn -q -B -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE.tmp" >&2
  mv "$CP_FILE.tmp" "$CP_FILE"
fi

# 2. Schema scripts from the binary distribution (a Maven Central artifact).
DIST="$CACHE/apache-hive-metastore-$HIVE_VERSION-bin"
if [[ ! -d $DIST/scripts/metastore/upgrade/$DB ]]; then
  TARBALL="$M2/org/apache/hive/hive-standalone-metastore-server/$HIVE_VERSION/hive-standalone-metastore-server-$HIVE_VERSION-bin.tar.gz"
  if [[ ! -f $TARBALL ]]; then
    log "fetching the Hive $HIVE_VERSION metastore distribution with Maven"
    mvn -q -B dependency:get -Dtransitive=false \
      -Dartifact="org.apache.hive:hive-standalone-metastore-server:$HIVE_VERSION:tar.gz:bin" >&2
  fi
  tar xzf "$TARBALL" -C "$CACHE" "apache-hive-metastore-$HIVE_VERSION-bin/scripts/metastore/upgrade/$DB"
fi

# 3. PostgreSQL (postgres mode only): a fresh cluster on a free loopback port.
PG_DIR=""
PG_PID=""
if [[ $DB == postgres ]]; then
  pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
  PG_BIN="$(pg_bin)"
  if [[ -z $PG_BIN || ! -x $PG_BIN/initdb ]]; then
    ((EUID == 0)) || { log "PostgreSQL is not installed (apt-get install postgresql, as root)"; exit 1; }
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
    PG_BIN="$(pg_bin)"
  fi
  # As root, PostgreSQL runs as the user "postgres" (it refuses to run as
  # root); its cluster directory is then owned by that user.
  as_pg() { (cd / && if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi); }
  PG_DIR="$(mktemp -d /tmp/java_hms_pg.XXXXXX)"
  if ((EUID == 0)); then chown postgres: "$PG_DIR"; fi
  stop_pg() {
    if [[ -n $PG_PID ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || kill -TERM "$PG_PID" 2>/dev/null || true
      wait "$PG_PID" 2>/dev/null || true
      PG_PID=""
    fi
    [[ -n $PG_DIR ]] && rm -rf "$PG_DIR"
    PG_DIR=""
  }
  trap stop_pg EXIT
  trap 'exit 143' TERM INT  # until the server runs: stop PostgreSQL on the way out
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  log "initialising a PostgreSQL cluster in $PG_DIR"
  # The C collation lets PostgreSQL answer the metastore's PART_NAME LIKE
  # 'k=v/%' prefixes from its (TBL_ID, PART_NAME) index; under any other
  # collation such a LIKE filters every partition of the table instead.
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U hive --auth=trust -E UTF8 \
    --locale="${JAVA_PG_LOCALE:-C}" >"$DATADIR/initdb.log" 2>&1 ||
    { cat "$DATADIR/initdb.log" >&2; log "initdb failed"; exit 1; }
  # Loopback TCP only (the socket directory is the cluster's own); every
  # other setting is PostgreSQL's default (fsync, synchronous_commit on).
  as_pg "$PG_BIN/postgres" -D "$PG_DIR/data" -c listen_addresses=127.0.0.1 -c port="$PG_PORT" \
    -c unix_socket_directories="$PG_DIR" >"$DATADIR/postgres.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 100); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
    kill -0 "$PG_PID" 2>/dev/null || { cat "$DATADIR/postgres.log" >&2; log "postgres exited"; exit 1; }
    sleep 0.2
  done
  "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U hive -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE metastore" >&2
  log "PostgreSQL $("$PG_BIN/postgres" --version | sed 's/^.*) //') (pid $PG_PID) on 127.0.0.1:$PG_PORT, database metastore"
fi

# 4. Configuration: metastore-site.xml is read from the classpath.
CONF="$DATADIR/conf"
mkdir -p "$CONF" "$DATADIR/warehouse"
if [[ $DB == derby ]]; then
  DB_PROPERTIES="
  <property><name>javax.jdo.option.ConnectionURL</name>
    <value>jdbc:derby:;databaseName=$DATADIR/metastore_db;create=true</value></property>
  <property><name>javax.jdo.option.ConnectionDriverName</name>
    <value>org.apache.derby.jdbc.EmbeddedDriver</value></property>
  <property><name>javax.jdo.option.ConnectionUserName</name><value>APP</value></property>
  <property><name>javax.jdo.option.ConnectionPassword</name><value>mine</value></property>"
else
  # Direct SQL for reads and inside writing transactions (both Hive's
  # defaults, stated here because they are the point of this mode); the
  # schema comes from the schema tool, never from DataNucleus; column info
  # not initialised (Hive's template: "set to NONE at least on Postgres").
  DB_PROPERTIES="
  <property><name>javax.jdo.option.ConnectionURL</name>
    <value>jdbc:postgresql://127.0.0.1:$PG_PORT/metastore</value></property>
  <property><name>javax.jdo.option.ConnectionDriverName</name>
    <value>org.postgresql.Driver</value></property>
  <property><name>javax.jdo.option.ConnectionUserName</name><value>hive</value></property>
  <property><name>javax.jdo.option.ConnectionPassword</name><value>hive</value></property>
  <property><name>metastore.try.direct.sql</name><value>true</value></property>
  <property><name>metastore.try.direct.sql.ddl</name><value>true</value></property>
  <property><name>datanucleus.schema.autoCreateAll</name><value>false</value></property>
  <property><name>datanucleus.rdbms.initializeColumnInfo</name><value>NONE</value></property>
  <property><name>datanucleus.autoStartMechanismMode</name><value>ignored</value></property>"
fi
cat >"$CONF/metastore-site.xml" <<EOF
<?xml version="1.0"?>
<configuration>$DB_PROPERTIES
  <property><name>metastore.thrift.port</name><value>$PORT</value></property>
  <property><name>metastore.thrift.bind.host</name><value>127.0.0.1</value></property>
  <property><name>metastore.warehouse.dir</name><value>file://$DATADIR/warehouse</value></property>
  <property><name>metastore.warehouse.external.dir</name><value>file://$DATADIR/warehouse</value></property>
  <property><name>metastore.schema.verification</name><value>true</value></property>
  <property><name>metastore.metastore.event.db.notification.api.auth</name><value>false</value></property>
  <property><name>metastore.metrics.enabled</name><value>false</value></property>
  <property><name>metastore.server.max.message.size</name><value>1073741824</value></property>
  <property><name>hive.metastore.disallow.incompatible.col.type.changes</name><value>false</value></property>
  <!-- The default list also names HiveProtoEventsCleanerTask, which lives in
       hive-exec, not in the standalone server: leave it out. -->
  <property><name>metastore.task.threads.always</name>
    <value>org.apache.hadoop.hive.metastore.events.EventCleanerTask,org.apache.hadoop.hive.metastore.RuntimeStatsCleanerTask,org.apache.hadoop.hive.metastore.metrics.AcidMetricService,org.apache.hadoop.hive.metastore.metrics.AcidMetricLogger,org.apache.hadoop.hive.metastore.ScheduledQueryExecutionsMaintTask,org.apache.hadoop.hive.metastore.ReplicationMetricsMaintTask</value></property>
</configuration>
EOF
cat >"$CONF/log4j2.properties" <<EOF
status = WARN
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n
rootLogger.level = ${HMS_LOG_LEVEL:-WARN}
rootLogger.appenderRef.console.ref = console
EOF

CLASSPATH="$CONF:$(cat "$CP_FILE")"
JAVA_OPTS=(
  "-Xmx${HMS_HEAP:-512m}"
  "-Dderby.system.home=$DATADIR"
  "-Dlog4j2.configurationFile=$CONF/log4j2.properties"
  "-Dlog4j.configurationFile=$CONF/log4j2.properties"
  # Hive 4.0 targets Java 8; these let its reflection work on Java 17.
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.regex=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.sql/java.sql=ALL-UNNAMED
)

# 5. Schema: once per DATADIR on Derby, on every start on PostgreSQL.
if [[ $DB == postgres || ! -f $DATADIR/.schema_initialised ]]; then
  log "initialising the $DB schema with Hive's schema tool"
  (cd "$DATADIR" && METASTORE_HOME="$DIST" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CLASSPATH" \
    org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool \
    -initSchema -dbType "$DB" >"$DATADIR/schematool.log" 2>&1) || {
    tail -40 "$DATADIR/schematool.log" >&2
    log "schema initialisation failed"
    exit 1
  }
  if [[ $DB == derby ]]; then touch "$DATADIR/.schema_initialised"; fi
fi

# 6. The server, in the foreground; SIGTERM/SIGINT are forwarded and end it.
log "starting the Hive $HIVE_VERSION metastore on 127.0.0.1:$PORT (data in $DATADIR)"
cd "$DATADIR"
"$JAVA" "${JAVA_OPTS[@]}" -cp "$CLASSPATH" org.apache.hadoop.hive.metastore.HiveMetaStore -p "$PORT" &
PID=$!
stop() {
  kill -TERM "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  log "stopped"
  exit 0  # the EXIT trap then stops PostgreSQL
}
trap stop TERM INT
wait "$PID"
rc=$?
log "metastore exited with status $rc"
exit "$rc"
