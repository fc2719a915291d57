# Shared by the side-by-side scripts (compare-ostree.sh, compare-pull.sh); source it, don't run it.
# Sourcing finds GNU time (installing the `time` package as root when missing). The functions
# expect $work (a scratch directory) to exist when they run.

# GNU time gives wall time and peak RSS of the child; busybox/BSD time do not understand -f.
gnu_time=/usr/bin/time
if ! "$gnu_time" -f '%e %M' true >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing GNU time (package 'time')..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 || true
    fi
    "$gnu_time" -f '%e %M' true >/dev/null 2>&1 || gnu_time=""
fi
[ -n "$gnu_time" ] || echo "warning: GNU time missing: wall time from date(1), peak RSS not measured" >&2

# set_bootc4j_cmd: $BOOTC4J as the argv array bootc4j_cmd; "java ..." commands get
# $BOOTC4J_JAVA_OPTS themselves (bin/bootc4j reads it on its own).
set_bootc4j_cmd() {
    read -r -a bootc4j_cmd <<<"$BOOTC4J"
    if [ "$(basename "${bootc4j_cmd[0]}")" = java ]; then
        local jopts
        read -r -a jopts <<<"$BOOTC4J_JAVA_OPTS"
        bootc4j_cmd=("${bootc4j_cmd[0]}" "${jopts[@]}" "${bootc4j_cmd[@]:1}")
    fi
}

# run_timed OUTFILE CMD... : runs CMD, stdout to OUTFILE; sets $wall (s), $cpu (user+sys s) and
# $rss (KiB). CPU time is reported too because it is less disturbed by other load on the machine.
run_timed() {
    local out="$1"; shift
    local tf="$work/time.out"
    if [ -n "$gnu_time" ]; then
        if ! "$gnu_time" -o "$tf" -f '%e %M %U %S' "$@" >"$out" 2>"$work/stderr"; then
            echo "FAILED: $*" >&2; cat "$work/stderr" >&2; exit 1
        fi
        local usr sys
        read -r wall rss usr sys < <(tail -n 1 "$tf")
        cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN {printf "%.2f", u+s}')
    else
        local t0 t1
        t0=$(date +%s.%N)
        if ! "$@" >"$out" 2>"$work/stderr"; then
            echo "FAILED: $*" >&2; cat "$work/stderr" >&2; exit 1
        fi
        t1=$(date +%s.%N)
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b-a}'); rss=0; cpu=0
    fi
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { sort -g | tail -n 1; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k/1024}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b/1e6}'; }
