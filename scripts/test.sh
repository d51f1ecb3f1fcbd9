#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds dentryscope if needed and runs every test with CTest. Extra arguments go to ctest
# (e.g. -R tst_cli_args, -L core). GUI tests set QT_QPA_PLATFORM=offscreen themselves.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh
exec ctest --test-dir "${DENTRYSCOPE_BUILD_DIR:-build}" --output-on-failure "$@"
