#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CTest's tst_trace_consumer: exports every built-in scenario as Chrome trace JSON and JSON Lines
# and reads them through real consumers (check.mjs). Installs the pinned npm packages
# (package-lock.json) into the build folder itself; skips (exit 77) only when node is absent.
#   run.sh CLI SOURCE_DIR WORK_DIR
set -euo pipefail
cli=$1 src=$2 work=$3
here="$src/tests/trace_consumer"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "SKIP: node and npm are not installed (apt-get install nodejs npm); .ci/run installs them"
    exit 77
fi
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/check.mjs" "$work/"
if ! cmp -s "$here/package-lock.json" "$work/node_modules/.package-lock.json.installed" 2>/dev/null; then
    (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$here/package-lock.json" "$work/node_modules/.package-lock.json.installed"
fi
args=()
for scn in "$src"/resources/scenarios/*.scn; do
    name=$(basename "$scn" .scn)
    # exit 1 is a failed expectation: the export is written all the same
    "$cli" run "$name" --format chrome -o "$work/$name.json" || [[ $? == 1 ]]
    "$cli" run "$name" --format jsonl -o "$work/$name.jsonl" || [[ $? == 1 ]]
    args+=("$name" "$work/$name.json" "$work/$name.jsonl")
done
cd "$work" && node check.mjs "$src/docs/jsonl.schema.json" "${args[@]}"
