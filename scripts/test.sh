#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs the whole test suite:
# unit, integration, end-to-end (real Spark, Hive and Iceberg clients) and a
# bounded fuzzing run. The last lines are ctest's summary.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

# Python environment for the end-to-end clients, rebuilt only when the
# requirements change.
VENV="$ALMANAC_ROOT/.venv"
REQ="$ALMANAC_ROOT/tests/requirements.txt"
stamp="$VENV/.requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [[ ! -x $VENV/bin/python || ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  log "preparing the Python test environment in $VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r "$REQ"
  echo "$want" >"$stamp"
fi

configure_and_build -DALMANAC_BUILD_TESTS=ON -DALMANAC_PYTHON="$VENV/bin/python" --

# Fuzzers: a separate clang build with libFuzzer and sanitizers, each target
# run for a bounded time; a crash, hang or sanitizer report fails the suite.
FUZZ_DIR="${ALMANAC_FUZZ_BUILD_DIR:-$ALMANAC_ROOT/build-fuzz}"
FUZZ_SECONDS="${ALMANAC_FUZZ_SECONDS:-60}"
if [[ -f $ALMANAC_ROOT/tests/fuzz/CMakeLists.txt ]] && grep -q add_executable "$ALMANAC_ROOT/tests/fuzz/CMakeLists.txt"; then
  if [[ ! -f $FUZZ_DIR/build.ninja ]]; then
    cmake -S "$ALMANAC_ROOT" -B "$FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DALMANAC_BUILD_TESTS=OFF -DALMANAC_BUILD_FUZZERS=ON >/dev/null
  fi
  log "building fuzz targets"
  cmake --build "$FUZZ_DIR" -j "$JOBS" --target almanac_fuzzers
  for f in "$FUZZ_DIR"/tests/fuzz/*_fuzz; do
    # Each run starts from the checked-in seeds and a scratch corpus in the build dir.
    [[ -x $f ]] || continue
    corpus="$FUZZ_DIR/corpus/$(basename "$f")"
    mkdir -p "$corpus"
    name="$(basename "$f")"
    seeds="$ALMANAC_ROOT/tests/fuzz/corpus/${name%_fuzz}"
    log "fuzzing $(basename "$f") for ${FUZZ_SECONDS}s"
    "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
      "$corpus" $( [[ -d $seeds ]] && echo "$seeds" ) 2>"$FUZZ_DIR/$(basename "$f").log" || {
        tail -50 "$FUZZ_DIR/$(basename "$f").log"; log "fuzzer $(basename "$f") failed"; exit 1; }
  done
fi

cd "$BUILD_DIR"
ctest --output-on-failure -j "${ALMANAC_TEST_JOBS:-2}" --timeout 1200 "$@"
