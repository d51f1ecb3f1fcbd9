#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-or-later
# /init of the initramfs that tests/qemu/run.sh boots: records one scenario with
# `dentryscope-cli record` on the live kernel and writes everything the host checks to the second
# serial port (/dev/ttyS1), framed by "@@" lines. The scenario comes from the kernel command line
# (scen=S1 or scen=S3; the kernel hands unknown parameters to init as environment variables).
/bin/busybox mkdir -p /bin /sbin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
out=/dev/ttyS1
stty -F "$out" raw -echo 2>/dev/null
say() { echo "$*" >"$out"; }
send() { # send NAME FILE: a file's text between begin/end lines
    say "@@ begin $1"
    cat "$2" >"$out" 2>/dev/null
    say "@@ end $1"
}
T=/sys/kernel/tracing
ev=$T/events/sched

say "@@ kernel $(uname -r)"
scen=${scen:-} # from the kernel command line
case "$scen" in
S1) set -- /bin/sh -c "/usr/bin/ls $ev; /usr/bin/ls $ev" ;;
S3) set -- /bin/sh -c "/usr/bin/stat $ev/sched_switch/enable; /usr/bin/stat $ev/sched_switch/enable" ;;
*) say "@@ error: unknown scenario '$scen'"; set -- /bin/true ;;
esac

# 1. The recording. tracefs is not mounted yet: record mounts it, and unmounts it when done.
#    --drop-caches: every eventfs dentry starts uncached, as in the fixtures.
dentryscope-cli record --drop-caches -o "/tmp/$scen.trace" -- "$@" >/tmp/cmd.out 2>/tmp/record.err
say "@@ record-rc $?"
send record.err /tmp/record.err
send cmd.out /tmp/cmd.out
send "$scen.trace" "/tmp/$scen.trace"
if [ -e $T/trace ]; then say "@@ state still-mounted"; else say "@@ state unmounted"; fi

# 2. What record leaves behind when tracefs was mounted and tracing was on, also after Ctrl-C:
#    no probes, no group, tracing_on, set_event_pid and event-fork as they were.
mount -t tracefs nodev $T
echo 1 >$T/tracing_on
state() {
    say "@@ state tracing_on=$(cat $T/tracing_on) set_event_pid=[$(cat $T/set_event_pid)]" \
        "event-fork=$(cat $T/options/event-fork)" \
        "dynamic_events=[$(cat $T/dynamic_events)] group=$([ -d $T/events/dentryscope ] && echo present || echo absent)" \
        "syscall-enabled=$(cat $T/events/syscalls/sys_enter_openat/enable)"
}
state
# Ctrl-C while COMMAND runs: the trace so far is written, exit 130.
dentryscope-cli record -o /tmp/int.trace -- /bin/sleep 60 2>/tmp/int.err &
pid=$!
i=0
while ! pidof sleep >/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
say "@@ during $([ -d $T/events/dentryscope ] && echo group-present || echo group-absent)"
kill -INT $pid
wait $pid
say "@@ sigint-rc $?"
say "@@ int-trace $([ -s /tmp/int.trace ] && echo written || echo missing)"
send int.err /tmp/int.err
state
# Ctrl-C while the probes are being installed: nothing recorded, exit 130, nothing left behind.
dentryscope-cli record -o /tmp/early.trace -- /bin/true 2>/tmp/early.err &
pid=$!
i=0
while [ ! -d $T/events/dentryscope ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
kill -INT $pid
wait $pid
say "@@ early-rc $?"
say "@@ early-trace $([ -e /tmp/early.trace ] && echo written || echo missing)"
send early.err /tmp/early.err
state

# 3. The same scenario recorded by Debian's trace-cmd into a trace.dat, the probes installed by
#    the script `record --dry-run` prints (S1 only, where the initramfs has trace-cmd).
if [ "$scen" = S1 ] && [ -x /usr/bin/trace-cmd ]; then
    dentryscope-cli record --dry-run >/tmp/probes.sh
    sh /tmp/probes.sh 2>/tmp/tc.err
    # each probe with its s_magic filter again: trace-cmd's -F writes the event filters anew
    set --
    for name in $(sed -n "s|^echo 'f:dentryscope/\([^ ]*\) .*|\1|p" /tmp/probes.sh); do
        filter=$(sed -n "s|^echo '\(.*\)' > .*/events/dentryscope/$name/filter\$|\1|p" /tmp/probes.sh)
        set -- "$@" -e "dentryscope:$name"
        [ -z "$filter" ] || set -- "$@" -f "$filter"
    done
    for sc in openat getdents64 close newfstatat statx fstat access statfs write; do
        [ -d "$T/events/syscalls/sys_enter_$sc" ] || continue # no fstat on x86_64
        set -- "$@" -e "syscalls:sys_enter_$sc" -e "syscalls:sys_exit_$sc"
    done
    # System-wide (the VM runs nothing else): with -F -c trace-cmd follows the children through
    # events/sched's fork events, and its open files there pin the very dentries traced. The
    # caches are dropped inside the traced command: trace-cmd's own setup looks up every events/
    # directory.
    trace-cmd record -q -o "/tmp/$scen.dat" "$@" \
        /bin/sh -c "echo 2 >/proc/sys/vm/drop_caches; /usr/bin/ls $ev; /usr/bin/ls $ev" \
        >/dev/null 2>>/tmp/tc.err
    say "@@ trace-cmd-rc $?"
    send tc.err /tmp/tc.err
    say "@@ begin $scen.dat.b64"
    base64 "/tmp/$scen.dat" >"$out"
    say "@@ end $scen.dat.b64"
fi

# 4. The object sizes of this kernel's dentry and tracefs inode caches (slab_nomerge keeps them apart).
say "@@ begin slabinfo"
grep -E '^(dentry|tracefs_inode_cache) ' /proc/slabinfo >"$out"
say "@@ end slabinfo"
say "@@ done"
sync
poweroff -f
echo o >/proc/sysrq-trigger
