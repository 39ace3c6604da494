#!/usr/bin/env bash
# ab.sh BEFORE_BINARY AFTER_BINARY [HMS_BENCH_ARGS...]
#
# Compares two Almanac builds in one run: starts both (`almanac serve`, fresh
# temporary data directories, pinned to CPU 1) and runs hms_bench (pinned to
# CPU 0) against them, interleaved operation by operation, so that noise on a
# shared machine hits both alike. "after" is the base of the ratios printed
# (before/after above 1: after is faster). Stops both servers on exit.
#
# Environment: BUILD_DIR, the build directory holding
# tools/bench/hms_bench/hms_bench (default: build).
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 BEFORE_BINARY AFTER_BINARY [HMS_BENCH_ARGS...]" >&2; exit 1; }
BEFORE="$1"; AFTER="$2"; shift 2
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
HMS_BENCH="${BUILD_DIR:-$REPO/build}/tools/bench/hms_bench/hms_bench"
[[ -x $HMS_BENCH ]] || { echo "missing $HMS_BENCH (build the hms_bench target)" >&2; exit 1; }

TMP="$(mktemp -d /tmp/hms_ab.XXXXXX)"
# start runs inside $(...), a subshell: each server's pid goes to a file, not
# to a variable of this shell, so that cleanup finds it.
cleanup() {
  local pid
  for f in "$TMP"/*.pid; do
    [[ -f $f ]] || continue
    pid="$(cat "$f")"
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$TMP"
}
trap cleanup EXIT

# start NAME BINARY: prints the Thrift port once the server listens.
start() {
  mkdir -p "$TMP/$1"
  taskset -c 1 "$2" serve --data-dir "$TMP/$1" --thrift-listen 127.0.0.1:0 \
    --grpc-listen 127.0.0.1:0 >"$TMP/$1.log" 2>&1 &
  echo $! >"$TMP/$1.pid"
  for _ in $(seq 100); do
    grep -q '"front_end":"thrift"' "$TMP/$1.log" 2>/dev/null && break
    sleep 0.1
  done
  grep '"front_end":"thrift"' "$TMP/$1.log" | sed -E 's/.*"port":([0-9]+).*/\1/'
}

AFTER_PORT="$(start after "$AFTER")"
BEFORE_PORT="$(start before "$BEFORE")"
[[ -n $AFTER_PORT && -n $BEFORE_PORT ]] || { cat "$TMP"/*.log >&2; exit 1; }
taskset -c 0 "$HMS_BENCH" --target "after=thrift://127.0.0.1:$AFTER_PORT" \
  --target "before=thrift://127.0.0.1:$BEFORE_PORT" "$@"
