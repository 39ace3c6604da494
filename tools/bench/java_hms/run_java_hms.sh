#!/usr/bin/env bash
# run_java_hms.sh PORT DATADIR
#
# Runs the real Apache Hive standalone metastore (Java) in the foreground on
# 127.0.0.1:PORT, with an embedded Derby database under DATADIR. It is the
# reference Almanac is compared with (tests/e2e with HMS_URI, tools/bench).
#
# Everything comes from Maven Central through Maven and is cached in ~/.m2:
# the server jar and its dependencies (pom.xml beside this script) and the
# server's binary distribution, used only for its Derby schema scripts.
# The first run of a DATADIR initialises the schema with Hive's schema tool.
# SIGTERM or SIGINT stops the server; the script then exits 0.
#
# Environment: JAVA_HOME (optional), HMS_HEAP (default 512m),
# HMS_LOG_LEVEL (default WARN).
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 PORT DATADIR" >&2
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
if [[ ! -d $DIST/scripts/metastore/upgrade/derby ]]; then
  TARBALL="$M2/org/apache/hive/hive-standalone-metastore-server/$HIVE_VERSION/hive-standalone-metastore-server-$HIVE_VERSION-bin.tar.gz"
  if [[ ! -f $TARBALL ]]; then
    log "fetching the Hive $HIVE_VERSION metastore distribution with Maven"
    mvn -q -B dependency:get -Dtransitive=false \
      -Dartifact="org.apache.hive:hive-standalone-metastore-server:$HIVE_VERSION:tar.gz:bin" >&2
  fi
  tar xzf "$TARBALL" -C "$CACHE" "apache-hive-metastore-$HIVE_VERSION-bin/scripts/metastore/upgrade/derby"
fi

# 3. Configuration: metastore-site.xml is read from the classpath.
CONF="$DATADIR/conf"
mkdir -p "$CONF" "$DATADIR/warehouse"
cat >"$CONF/metastore-site.xml" <<EOF
<?xml version="1.0"?>
<configuration>
  <property><name>javax.jdo.option.ConnectionURL</name>
    <value>jdbc:derby:;databaseName=$DATADIR/metastore_db;create=true</value></property>
  <property><name>javax.jdo.option.ConnectionDriverName</name>
    <value>org.apache.derby.jdbc.EmbeddedDriver</value></property>
  <property><name>javax.jdo.option.ConnectionUserName</name><value>APP</value></property>
  <property><name>javax.jdo.option.ConnectionPassword</name><value>mine</value></property>
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

# 4. Schema, once per DATADIR.
if [[ ! -f $DATADIR/.schema_initialised ]]; then
  log "initialising the Derby schema in $DATADIR/metastore_db"
  (cd "$DATADIR" && METASTORE_HOME="$DIST" "$JAVA" "${JAVA_OPTS[@]}" -cp "$CLASSPATH" \
    org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool \
    -initSchema -dbType derby >"$DATADIR/schematool.log" 2>&1) || {
    tail -40 "$DATADIR/schematool.log" >&2
    log "schema initialisation failed"
    exit 1
  }
  touch "$DATADIR/.schema_initialised"
fi

# 5. The server, in the foreground; SIGTERM/SIGINT are forwarded and end it.
log "starting the Hive $HIVE_VERSION metastore on 127.0.0.1:$PORT (data in $DATADIR)"
cd "$DATADIR"
"$JAVA" "${JAVA_OPTS[@]}" -cp "$CLASSPATH" org.apache.hadoop.hive.metastore.HiveMetaStore -p "$PORT" &
PID=$!
stop() {
  kill -TERM "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  log "stopped"
  exit 0
}
trap stop TERM INT
wait "$PID"
rc=$?
log "metastore exited with status $rc"
exit "$rc"
