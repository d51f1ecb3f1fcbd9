#!/usr/bin/env bash
# Installs the Debian 12 packages dentryscope needs (if any are missing), configures the build
# tree once and builds it. Called by scripts/run.sh and scripts/test.sh; safe to run again:
# with nothing missing and nothing changed it only asks dpkg and make, which takes a second.
#
# Environment: DENTRYSCOPE_BUILD_DIR (default build), DENTRYSCOPE_JOBS (default 2).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${DENTRYSCOPE_BUILD_DIR:-build}
jobs=${DENTRYSCOPE_JOBS:-2}

# Everything the build, the tests, the headless render and the sanitizer build need.
# qt6-base-dev pulls in Qt Core/Gui/Widgets/Test and the offscreen platform plugin;
# libgl-dev is what Qt6Gui's CMake package looks for (WrapOpenGL).
packages=(
    cmake g++ make
    qt6-base-dev qt6-svg-dev libgl-dev
    nlohmann-json3-dev rapidjson-dev libbenchmark-dev
    xvfb xauth fonts-dejavu-core
    clang-format
)

missing_packages() {
    local pkg status
    for pkg in "${packages[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [[ $status == "install ok installed" ]] || printf '%s\n' "$pkg"
    done
}

install_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "setup.sh: dpkg-query not found; this is not Debian, so install the equivalents of" \
             "${packages[*]} yourself" >&2
        return 0
    fi
    local missing
    mapfile -t missing < <(missing_packages)
    ((${#missing[@]} == 0)) && return 0

    if ((EUID != 0)); then
        echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
        echo "setup.sh: install them with:" >&2
        echo "sudo apt-get install -y --no-install-recommends ${missing[*]}"
        exit 1
    fi

    echo "setup.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    local attempt
    for attempt in 1 2 3; do
        if apt-get -o DPkg::Lock::Timeout=300 update &&
            apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"; then
            return 0
        fi
        echo "setup.sh: apt-get failed (attempt $attempt of 3)" >&2
        sleep $((attempt * 10))
    done
    echo "setup.sh: could not install ${missing[*]}" >&2
    exit 1
}

configure() {
    # Configure only once: afterwards `cmake --build` re-runs CMake itself whenever a
    # CMakeLists.txt or a globbed directory changes. A configure that failed half-way leaves a
    # cache but no Makefile, so check for both.
    if [[ -f $build_dir/CMakeCache.txt && -f $build_dir/Makefile ]]; then
        return 0
    fi
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
}

install_packages
configure
cmake --build "$build_dir" -j"$jobs"
