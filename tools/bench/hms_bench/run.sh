#!/usr/bin/env bash
# run.sh [HMS_BENCH_ARGS...]
#
# Runs the hms_bench suite against Almanac and the real Java Hive metastore in
# one run, with the same C++ client, and prints per operation both servers'
# mean/median/p99 and the ratio java/almanac (above 1: Almanac is faster).
#
# Starts, each on a fresh temporary data directory:
#   almanac serve --thrift-listen 127.0.0.1:0 --grpc-listen 127.0.0.1:0
#     (the Thrift port is read from its JSON "listening" line)
#   tools/bench/java_hms/run_java_hms.sh on a free port (waits until the port
#     accepts connections), on the database JAVA_DB names:
#       derby (default, zero set-up): embedded Derby, schema created on the
#         fresh directory;
#       postgres: the Java metastore's production configuration. Debian's
#         PostgreSQL (installed with apt-get if absent) started by
#         run_java_hms.sh on 127.0.0.1 on a free port in a fresh temporary
#         cluster with a fresh database, schema from Hive's schema tool
#         (-dbType postgres), PostgreSQL JDBC driver, direct SQL on.
#         PostgreSQL runs beside the Java server (same PLACEMENT CPU).
# and stops both (SIGTERM to the processes it started; PostgreSQL stops with
# run_java_hms.sh) on exit.
#
# Environment:
#   BUILD_DIR      build directory with tools/almanac (the server) and
#                  tools/bench/hms_bench/hms_bench (default: build-hmsbench)
#   ALMANAC        the almanac binary (default: $BUILD_DIR/tools/almanac)
#   HMS_BENCH      the hms_bench binary
#                  (default: $BUILD_DIR/tools/bench/hms_bench/hms_bench)
#   JAVA_DB        the Java metastore's database: derby (default) or postgres
#   JAVA_PG_LOCALE the PostgreSQL cluster's locale (default C; see
#                  tools/bench/java_hms/README.md)
#   JAVA_DATA_DIR  reuse this Java metastore data directory (Derby: schema
#                  kept; PostgreSQL: a fresh cluster and schema every run)
#   HMS_HEAP       Java heap (default here 1g)
#   KEEP_TMP=1     keep the temporary directory (server logs) at the end
#   PLACEMENT      where the processes run: "free" (default: the scheduler
#                  decides), "same" (client and both servers on CPU 0) or
#                  "split" (client on CPU 0, each server on CPU 1). On a VM a
#                  wakeup across CPUs costs tens of microseconds, which is
#                  most of a small call's round trip (BENCHMARKS.md, session 3).
# Extra arguments go to hms_bench, e.g. --iterations 20 --only 'Partitions'.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build-hmsbench}"
ALMANAC="${ALMANAC:-$BUILD_DIR/tools/almanac}"
HMS_BENCH="${HMS_BENCH:-$BUILD_DIR/tools/bench/hms_bench/hms_bench}"
export HMS_HEAP="${HMS_HEAP:-1g}"
export JAVA_DB="${JAVA_DB:-derby}"
[[ $JAVA_DB == derby || $JAVA_DB == postgres ]] || { echo "[run.sh] JAVA_DB must be derby or postgres" >&2; exit 1; }

log() { printf '[run.sh] %s\n' "$*" >&2; }

SERVER_CPUS=()
CLIENT_CPUS=()
case "${PLACEMENT:-free}" in
  free) ;;
  same) SERVER_CPUS=(taskset -c 0); CLIENT_CPUS=(taskset -c 0) ;;
  split) SERVER_CPUS=(taskset -c 1); CLIENT_CPUS=(taskset -c 0) ;;
  *) log "PLACEMENT must be free, same or split"; exit 1 ;;
esac

for bin in "$ALMANAC" "$HMS_BENCH"; do
  [[ -x $bin ]] || { log "missing $bin (build the almanac and hms_bench targets)"; exit 1; }
done

TMP="$(mktemp -d /tmp/hms_bench.XXXXXX)"
ALMANAC_PID=""
JAVA_PID=""
cleanup() {
  [[ -n $ALMANAC_PID ]] && kill -TERM "$ALMANAC_PID" 2>/dev/null && wait "$ALMANAC_PID" 2>/dev/null
  [[ -n $JAVA_PID ]] && kill -TERM "$JAVA_PID" 2>/dev/null && wait "$JAVA_PID" 2>/dev/null
  if [[ ${KEEP_TMP:-0} == 1 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# 1. Almanac.
"${SERVER_CPUS[@]}" "$ALMANAC" serve --thrift-listen 127.0.0.1:0 --grpc-listen 127.0.0.1:0 \
  --data-dir "$TMP/almanac" >"$TMP/almanac.log" 2>&1 &
ALMANAC_PID=$!
ALMANAC_PORT=""
for _ in $(seq 1 300); do
  ALMANAC_PORT="$(grep '"listening"' "$TMP/almanac.log" | grep '"thrift"' |
    sed -nE 's/.*"port": *([0-9]+).*/\1/p' | head -1 || true)"
  [[ -n $ALMANAC_PORT ]] && break
  kill -0 "$ALMANAC_PID" 2>/dev/null || { cat "$TMP/almanac.log" >&2; log "almanac exited"; exit 1; }
  sleep 0.1
done
[[ -n $ALMANAC_PORT ]] || { cat "$TMP/almanac.log" >&2; log "almanac never listened"; exit 1; }
log "almanac (pid $ALMANAC_PID) on 127.0.0.1:$ALMANAC_PORT"

# 2. The Java metastore.
JAVA_PORT="$(free_port)"
JAVA_DATA="${JAVA_DATA_DIR:-$TMP/java}"
# get_current_notificationEventId needs the notification API authorisation
# off; the metastore-site.xml of run_java_hms.sh names the key without its
# doubled "metastore." prefix, so it is set here as a system property, which
# MetastoreConf reads for every one of its keys. Derby compiles the statement
# for a 1,000-partition batch recursively and overflowed the default 1 MiB
# thread stack in some runs (addPartitions.1000 then failed with "Exception
# rolling back to savepoint"), hence the larger stack.
JAVA_TOOL_OPTIONS="-Dmetastore.metastore.event.db.notification.api.auth=false -Xss16m" \
  "${SERVER_CPUS[@]}" "$REPO/tools/bench/java_hms/run_java_hms.sh" "$JAVA_PORT" "$JAVA_DATA" >"$TMP/java.log" 2>&1 &
JAVA_PID=$!
log "java metastore (pid $JAVA_PID) on $JAVA_DB starting on 127.0.0.1:$JAVA_PORT (schema + start take a minute or more)"
for _ in $(seq 1 600); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$JAVA_PORT") 2>/dev/null; then break; fi
  kill -0 "$JAVA_PID" 2>/dev/null || { tail -40 "$TMP/java.log" >&2; log "java metastore exited"; exit 1; }
  sleep 1
done
(exec 3<>"/dev/tcp/127.0.0.1/$JAVA_PORT") 2>/dev/null ||
  { tail -40 "$TMP/java.log" >&2; log "java metastore never listened"; exit 1; }
log "java metastore listening"
if [[ $JAVA_DB == postgres ]]; then
  log "java metastore database: $(grep -m1 -o 'PostgreSQL [0-9].*database metastore' "$TMP/java.log" || echo PostgreSQL), JDBC driver $(grep -o 'postgresql-[0-9.]*\.jar' "$REPO/tools/bench/java_hms/target/classpath.txt" | head -1)"
fi

# 3. The suite, both targets interleaved per operation; Almanac is the base.
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); placement ${PLACEMENT:-free}"
"${CLIENT_CPUS[@]}" "$HMS_BENCH" --target "almanac=thrift://127.0.0.1:$ALMANAC_PORT" \
  --target "java=thrift://127.0.0.1:$JAVA_PORT" "$@"
