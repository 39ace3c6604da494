#!/usr/bin/env bash
# Installs what is missing, builds, and runs `almanac serve` on its embedded
# SQLite default. Extra arguments go to `almanac serve` (try --help).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_packages "${BUILD_PACKAGES[@]}"
configure_and_build -DALMANAC_BUILD_TESTS=OFF -- almanac
exec "$BUILD_DIR/tools/almanac" serve "$@"
