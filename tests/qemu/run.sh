#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CTest's tst_qemu_kernel: boots Debian's own 6.12 kernel under qemu (TCG: no KVM needed) with an
# initramfs of busybox-static, GNU ls/stat and our dentryscope-cli, records the fixtures' S1
# (`ls events/sched` twice) and S3 (`stat …/sched_switch/enable` twice) with
# `dentryscope-cli record` on that live kernel (tests/qemu/init.sh), and on the host imports each
# trace (no unreadable line) and holds it against v6.8 with `conform` (a score at least the
# floor below). It also checks what record leaves behind (probes removed, tracing state restored,
# after Ctrl-C too), and, where the host has trace-cmd, that S1 recorded by trace-cmd into a
# trace.dat imports through libtracecmd as its `trace-cmd report` text does, with the same floor.
#   run.sh CLI SOURCE_DIR WORK_DIR
# The kernel package is fetched once (apt-get download) into WORK_DIR/cache and kept.
# Exit 77 (skip) with the reason when qemu, busybox-static, cpio or the kernel cannot be had;
# with DENTRYSCOPE_QEMU_REQUIRED=1 (.ci/run) a skip is a failure.
set -euo pipefail
cli=$1 src=$2 work=$3
here="$src/tests/qemu"
# The kernel the fixtures (shared data real-6.12) were recorded on; if the archive has moved on,
# the current image of the same series (linux-image-6.12-amd64's dependency).
pinned=${DENTRYSCOPE_QEMU_KERNEL:-linux-image-6.12.117+deb12-amd64}
meta=linux-image-6.12-amd64
boot_timeout=${DENTRYSCOPE_QEMU_TIMEOUT:-420} # seconds per boot; qemu is killed after that
# Floors: what the recorded traces scored on v6.8 when this test was written (S1 34/36, S3 26/26,
# as the fixtures); a lower score is a regression of the simulation, the importer or record.
declare -A floor=([S1]=34 [S3]=26)

skip() {
    echo "SKIP: $*"
    if [[ ${DENTRYSCOPE_QEMU_REQUIRED:-} == 1 ]]; then
        echo "FAIL: DENTRYSCOPE_QEMU_REQUIRED=1: this run must boot the kernel" >&2
        exit 1
    fi
    exit 77
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

command -v qemu-system-x86_64 >/dev/null ||
    skip "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"
command -v cpio >/dev/null || skip "cpio is not installed (apt-get install cpio)"
busybox=/bin/busybox
if [[ ! -x $busybox ]] || ldd "$busybox" >/dev/null 2>&1; then
    skip "no static $busybox (apt-get install busybox-static)"
fi
[[ $(uname -m) == x86_64 ]] || skip "the kernel image is amd64; this host is $(uname -m)"

# --- the kernel, fetched once -----------------------------------------------------------------
cache="$work/cache"
mkdir -p "$cache"
kernel=$(ls "$cache"/boot/vmlinuz-* 2>/dev/null | head -n1 || true)
if [[ -z $kernel ]]; then
    command -v apt-get >/dev/null || skip "no apt-get to fetch the Debian kernel"
    rm -rf "$cache/dl" && mkdir -p "$cache/dl"
    fetch() {
        local pkg
        for pkg in "$pinned" $(apt-cache depends "$meta" 2>/dev/null | sed -n 's/^ *Depends: //p'); do
            echo "fetching $pkg (apt-get download)"
            if (cd "$cache/dl" && timeout 600 apt-get download "$pkg" >download.log 2>&1); then
                return 0
            fi
            tail -n3 "$cache/dl/download.log"
        done
        return 1
    }
    fetched=
    if fetch; then
        fetched=yes
    elif ((EUID == 0)); then # perhaps the package lists are old or absent: update them once
        timeout 600 apt-get -o DPkg::Lock::Timeout=300 update >"$cache/dl/update.log" 2>&1 &&
            fetch && fetched=yes
    fi
    [[ -n $fetched ]] ||
        skip "cannot download $pinned nor $meta's image (run apt-get update; is bookworm-security in the sources?)"
    deb=$(ls "$cache"/dl/*.deb | head -n1)
    # unpacked beside, then moved in: an interrupted unpack leaves no half kernel in the cache
    rm -rf "$cache/new" && mkdir -p "$cache/new"
    (cd "$cache/new" && dpkg-deb --fsys-tarfile "$deb" | tar -x --wildcards './boot/vmlinuz-*' './boot/config-*') ||
        fail "cannot unpack $deb"
    mv "$cache/new/boot" "$cache/boot"
    rm -rf "$deb" "$cache/new"
    kernel=$(ls "$cache"/boot/vmlinuz-* | head -n1)
fi
config=$(ls "$cache"/boot/config-* | head -n1)
for opt in CONFIG_FPROBE_EVENTS CONFIG_DEBUG_INFO_BTF CONFIG_FTRACE_SYSCALLS CONFIG_BLK_DEV_INITRD; do
    grep -q "^$opt=y" "$config" || skip "$(basename "$kernel") lacks $opt=y"
done
echo "kernel: $kernel"

# --- the initramfs ----------------------------------------------------------------------------
root="$work/root"
rm -rf "$root" && mkdir -p "$root"/{bin,usr/bin,proc,sys,dev,tmp}
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$here/init.sh" "$root/init" && chmod 755 "$root/init"
objcopy --strip-debug "$cli" "$root/usr/bin/dentryscope-cli"
cp /usr/bin/ls /usr/bin/stat "$root/usr/bin/"
exes=("$cli" /usr/bin/ls /usr/bin/stat)
tracecmd=$(command -v trace-cmd || true) # optional: a trace.dat recorded by trace-cmd too
if [[ -n $tracecmd ]]; then
    cp "$tracecmd" "$root/usr/bin/trace-cmd"
    exes+=("$tracecmd")
else
    echo "note: trace-cmd is not installed (apt-get install trace-cmd): no trace.dat is recorded"
fi
# every library the programs load, at the path the loader looks for it
for exe in "${exes[@]}"; do
    ldd "$exe" | grep -o '/[^ ]*' | while read -r lib; do
        mkdir -p "$root$(dirname "$lib")"
        [[ -e $root$lib ]] || cp -L "$lib" "$root$lib"
    done
done
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$work/initramfs.cpio"
echo "initramfs: $(du -h "$work/initramfs.cpio" | cut -f1)"

# --- one boot per scenario, both at once (one vCPU each) --------------------------------------
boot() { # boot SCEN: writes WORK/SCEN.console (ttyS0) and WORK/SCEN.out (ttyS1)
    local s=$1
    rm -f "$work/$s.console" "$work/$s.out"
    timeout -k 10 "$boot_timeout" qemu-system-x86_64 -accel tcg -m 1536 -smp 1 \
        -nodefaults -display none -no-reboot \
        -kernel "$kernel" -initrd "$work/initramfs.cpio" \
        -append "console=ttyS0 quiet loglevel=3 slab_nomerge nokaslr no_timer_check panic=-1 scen=$s" \
        -serial "file:$work/$s.console" -serial "file:$work/$s.out"
}
start=$SECONDS
pids=()
for s in S1 S3; do
    boot "$s" &
    pids+=($!)
done
rc=0
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || rc=$?
done
echo "qemu: $((SECONDS - start)) s for both boots"

section() { # section SCEN NAME: the lines between "@@ begin NAME" and "@@ end NAME"
    sed -n "/^@@ begin $2\$/,/^@@ end $2\$/p" "$work/$1.lines" | sed '1d;$d'
}
has() { grep -qx -- "$2" "$work/$1.lines"; } # has SCEN LINE: the VM said exactly LINE
failed=0
check() { # check SCEN WHAT CONDITION-RESULT
    if [[ $3 == ok ]]; then echo "ok   $1: $2"; else
        echo "FAIL $1: $2 ($3)"
        failed=1
    fi
}
# import_and_conform SCEN FILE: WORK/FILE imports with 0 unreadable lines and scores at least
# SCEN's floor under v6.8; leaves WORK/FILE.import.txt for comparisons
import_and_conform() {
    local s=$1 f=$2 score
    if "$cli" import "$work/$f" >"$work/$f.import.txt" 2>"$work/$f.import.err"; then
        check "$s" "import $f: 0 unreadable lines" ok
    else
        check "$s" "import $f: 0 unreadable lines" "$(head -n5 "$work/$f.import.err")"
    fi
    sed "s/^/$f import: /" "$work/$f.import.txt"
    "$cli" conform "$work/$f" --design v6.8 >"$work/$f.conform.txt" 2>&1 || true
    sed "s/^/$f conform: /" "$work/$f.conform.txt"
    score=$(sed -n 's/.*facts equal: \([0-9]*\)\/\([0-9]*\).*/\1/p' "$work/$f.conform.txt" | tail -n1)
    check "$s" "conform $f --design v6.8 scores at least ${floor[$s]} (scored ${score:-nothing})" \
        "$([[ -n $score ]] && ((score >= floor[$s])) && echo ok || echo below)"
}
for s in S1 S3; do
    out="$work/$s.out"
    tr -d '\r' <"$out" >"$work/$s.lines" 2>/dev/null || true # (no grep -q in a pipe: pipefail)
    if [[ ! -s $out ]] || ! has "$s" '@@ done'; then
        echo "--- $s: the VM did not finish (qemu exit $rc); its console:"
        tail -n 40 "$work/$s.console" 2>/dev/null || true
        grep -a '^@@' "$work/$s.lines" || true
        fail "$s: no complete output from the VM within ${boot_timeout} s"
    fi
    grep -a '^@@ ' "$work/$s.lines" | grep -v '^@@ \(begin\|end\)' | sed "s/^/$s: /"
    section "$s" record.err | sed "s/^/$s record: /"
    section "$s" "$s.trace" >"$work/$s.trace.txt"
    r=$(sed -n 's/^@@ record-rc //p' "$work/$s.lines")
    check "$s" "record exits 0" "$([[ $r == 0 ]] && echo ok || echo "exit $r")"
    check "$s" "record unmounts the tracefs it mounted" \
        "$(has "$s" '@@ state unmounted' && echo ok || echo "still mounted")"
    mapfile -t states < <(sed -n 's/^@@ state tracing_on/tracing_on/p' "$work/$s.lines")
    check "$s" "Ctrl-C: record exits 130" \
        "$(has "$s" '@@ sigint-rc 130' && echo ok || echo "other exit")"
    check "$s" "the probes were installed while the command ran" \
        "$(has "$s" '@@ during group-present' && echo ok || echo "no group")"
    check "$s" "Ctrl-C: the trace so far is written" \
        "$(has "$s" '@@ int-trace written' && echo ok || echo missing)"
    check "$s" "Ctrl-C while installing: exit 130, no trace written" \
        "$(has "$s" '@@ early-rc 130' && has "$s" '@@ early-trace missing' && echo ok || echo "other")"
    check "$s" "after each Ctrl-C the tracing state is as before" \
        "$([[ ${#states[@]} == 3 && ${states[0]} == "${states[1]}" && ${states[0]} == "${states[2]}" ]] && echo ok || echo "${states[*]}")"
    check "$s" "nothing of record is left in tracefs" \
        "$([[ ${states[2]:-} == *"dynamic_events=[] group=absent syscall-enabled=0" ]] && echo ok || echo "${states[2]:-}")"
    lines=$(wc -l <"$work/$s.trace.txt")
    check "$s" "the trace has events ($lines lines)" "$( ((lines > 50)) && echo ok || echo few)"

    import_and_conform "$s" "$s.trace.txt" # on the host
done
# trace-cmd's trace.dat of S1: `trace-cmd report` text and the .dat itself import and conform
if [[ -n $tracecmd ]]; then
    s=S1
    r=$(sed -n 's/^@@ trace-cmd-rc //p' "$work/$s.lines")
    section "$s" tc.err | sed "s/^/$s trace-cmd: /"
    check "$s" "trace-cmd record exits 0" "$([[ $r == 0 ]] && echo ok || echo "exit $r")"
    section "$s" "$s.dat.b64" | base64 -d >"$work/$s.dat" || true
    "$tracecmd" report -i "$work/$s.dat" >"$work/$s.report.txt" 2>"$work/$s.report.err" || true
    import_and_conform "$s" "$s.report.txt"
    import_and_conform "$s" "$s.dat"
    # libtracecmd's reading and trace-cmd's own report are the same events, dentries and syscalls
    # (the report has one header line more: line numbers aside)
    same() { sed '1d; s/line [0-9]*/line N/g' "$work/$1.import.txt"; }
    check "$s" "the trace.dat reads as its trace-cmd report does" \
        "$(diff <(same "$s.dat") <(same "$s.report.txt") >/dev/null && echo ok || echo differ)"
fi
echo "slabinfo (name active num objsize ...):"
section S1 slabinfo
((failed == 0)) || fail "see the lines above; the VM's output is in $work"
echo "the live 6.12 kernel's traces import and conform"
