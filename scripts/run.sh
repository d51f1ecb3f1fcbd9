#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds dentryscope if needed and opens the GUI on the built-in d_instantiate crash scenario.
# Arguments, if any, go to build/app/dentryscope instead of the default scenario name.
# Without a display it renders the crash to build/dentryscope-crash.png and prints that path.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh >&2 # keep stdout for the PNG path (headless) or the app

app=${DENTRYSCOPE_BUILD_DIR:-build}/app/dentryscope

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    png="$PWD/${DENTRYSCOPE_BUILD_DIR:-build}/dentryscope-crash.png"
    echo "run.sh: no display (\$DISPLAY and \$WAYLAND_DISPLAY are empty), rendering the crash" \
         "scenario headless instead" >&2
    if (($# == 0)); then
        set -- d_instantiate-crash --at-bug
    fi
    # The user's own --render (or --help/--version) wins; otherwise render to the default file.
    for arg in "$@"; do
        case $arg in
        --render | --render=* | -h | --help | --help-all | -v | --version)
            exec env QT_QPA_PLATFORM=offscreen "$app" "$@" ;;
        esac
    done
    QT_QPA_PLATFORM=offscreen "$app" "$@" --render "$png"
    echo "$png"
    exit 0
fi

if (($# == 0)); then
    set -- d_instantiate-crash
fi
exec "$app" "$@"
