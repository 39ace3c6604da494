# Shared by scripts/serve.sh and scripts/test.sh: idempotent installation of
# what Almanac needs on Debian, and the incremental build. Sourced, not run.
set -euo pipefail

ALMANAC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${ALMANAC_BUILD_DIR:-$ALMANAC_ROOT/build}"
JOBS="${ALMANAC_JOBS:-$(nproc)}"

log() { printf '[almanac] %s\n' "$*" >&2; }

# Packages needed to build and run the server.
BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libabsl-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libcli11-dev libre2-dev
  libprotobuf-dev libprotoc-dev protobuf-compiler libgrpc++-dev protobuf-compiler-grpc
  libthrift-dev thrift-compiler libboost-dev libssl-dev zlib1g-dev libsodium-dev
  libbz2-dev libzstd-dev libsnappy-dev liblz4-dev libexpat1-dev libcurl4-openssl-dev
)
# Extra packages for the test suite: GoogleTest, clang for the fuzzers, Python
# for the end-to-end clients, Java for Spark and the Hive client.
TEST_PACKAGES=(
  libgtest-dev libgmock-dev clang libclang-rt-14-dev
  python3 python3-venv python3-pip python3-thrift
  openssl
  openjdk-17-jdk-headless maven
)

# install_packages PKG...: apt-get installs only what is missing.
install_packages() {
  local missing=()
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
      log "missing Debian packages: ${missing[*]} (run as root, or install them)"
      exit 1
    fi
    log "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# configure_and_build [cmake args...] -- [targets...]
configure_and_build() {
  local cmake_args=() targets=()
  while (($#)) && [[ $1 != -- ]]; do cmake_args+=("$1"); shift; done
  (($#)) && shift
  targets=("$@")
  if [[ ! -f $BUILD_DIR/build.ninja ]] || ((${#cmake_args[@]})); then
    cmake -S "$ALMANAC_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      "${cmake_args[@]}" >/dev/null
  fi
  local t=()
  for x in "${targets[@]}"; do t+=(--target "$x"); done
  log "building in $BUILD_DIR (${JOBS} jobs)"
  cmake --build "$BUILD_DIR" -j "$JOBS" "${t[@]}"
}
