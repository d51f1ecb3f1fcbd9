#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs the Debian 12 packages dentryscope needs (if any are missing), configures the build
# tree once and builds it. Called by scripts/run.sh and scripts/test.sh; safe to run again:
# with nothing missing and nothing changed it only asks dpkg and make, which takes a second.
#
# Environment: DENTRYSCOPE_BUILD_DIR (default build), DENTRYSCOPE_JOBS (default 2),
# DENTRYSCOPE_SKIP_PACKAGES=1 (do not check or install packages: the libraries are there).
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
    fonts-dejavu-core
    clang-format
)
# Wanted, not needed to build: the GUI on a Wayland-only desktop and GNOME's dark mode; the man
# pages (help2man), the checks of what `cmake --install` installs (tst_install) and the
# translation template (lupdate, from qt6-l10n-tools); the real-kernel test (tests/qemu: qemu,
# busybox-static, cpio, trace-cmd); reading trace.dat files (libtracecmd-dev and the -dev
# packages its pkg-config file names). A user who
# cannot install them is told, and the build goes on.
optional_packages=(
    qt6-wayland qt6-gtk-platformtheme
    help2man desktop-file-utils appstream man-db
    qt6-l10n-tools
    qemu-system-x86 busybox-static cpio trace-cmd
    pkg-config libtracecmd-dev libtracefs-dev libtraceevent-dev
)

missing_packages() {
    local pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [[ $status == "install ok installed" ]] || printf '%s\n' "$pkg"
    done
}

install_packages() {
    if [[ ${DENTRYSCOPE_SKIP_PACKAGES:-} == 1 ]]; then
        echo "setup.sh: DENTRYSCOPE_SKIP_PACKAGES=1: not checking Debian packages" >&2
        return 0
    fi
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "setup.sh: dpkg-query not found; this is not Debian, so install the equivalents of" \
             "${packages[*]} ${optional_packages[*]} yourself" >&2
        return 0
    fi
    local missing missing_optional
    mapfile -t missing < <(missing_packages "${packages[@]}")
    mapfile -t missing_optional < <(missing_packages "${optional_packages[@]}")
    missing+=("${missing_optional[@]}")
    ((${#missing[@]} == 0)) && return 0

    if ((EUID != 0)); then
        echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
        echo "setup.sh: install them with:" >&2
        echo "sudo apt-get install -y --no-install-recommends ${missing[*]}"
        if ((${#missing[@]} == ${#missing_optional[@]})); then
            echo "setup.sh: (only optional ones are missing: building without them)" >&2
            return 0
        fi
        echo "setup.sh: or, if the libraries are installed some other way, skip this check" \
             "with DENTRYSCOPE_SKIP_PACKAGES=1" >&2
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
    # cache but no Makefile (or build.ninja), so check for both.
    if [[ -f $build_dir/CMakeCache.txt && (-f $build_dir/Makefile || -f $build_dir/build.ninja) ]]; then
        return 0
    fi
    # A folder already configured keeps its generator (Ninja, say): naming none lets CMake take
    # it from the cache, where naming another one would fail.
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
}

install_packages
configure
cmake --build "$build_dir" -j"$jobs"
