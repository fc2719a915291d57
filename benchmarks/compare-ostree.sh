#!/usr/bin/env bash
# Side-by-side timing of C ostree and bootc4j on one tree (issue 4).
#
#   benchmarks/compare-ostree.sh TREE
#
# For each operation -- commit into a bare repo (--fsync=false), commit into an archive repo,
# checkout -H, checkout -C, fsck -- both tools run with identical arguments, alternating
# (C, bootc4j, C, bootc4j, ...): one warm-up pair, then N measured pairs, each on a fresh repo or
# a fresh checkout target. Prints the median wall time of each tool, the ratio bootc4j/C and the
# peak RSS (and the median user+sys CPU time), and checks after every commit pair that both tools produced the same commit checksum.
#
# Environment:
#   N=5                   measured runs per tool and operation (after one warm-up run)
#   OSTREE=ostree         the C ostree binary
#   BOOTC4J=bin/bootc4j   the bootc4j command (any command taking "ostree ARGS..."); bin/bootc4j
#                         rebuilds its jar when sources changed, so pin a jar for long runs:
#                         BOOTC4J="java -jar /path/bootc-cli-all.jar"
#   BOOTC4J_JAVA_OPTS=-Xmx256m   JVM options (bin/bootc4j honours it; added to BOOTC4J=java...)
#   BENCH_TMPDIR=$TMPDIR or /var/tmp   where repos and checkouts go (checkouts need the same
#                         filesystem as the repo for -H); removed on exit
#   OPS="commit-bare commit-archive checkout-H checkout-C fsck"   the operations to run
#   RESULTS_TSV=FILE      also append one tab-separated line per operation to FILE
#   KEEP_RUNS=1           keep every run's repo or checkout until the end (see below)
#
# Runs as the invoking user; as root both tools record and restore real owners. Caches are not
# dropped: the warm-up run brings TREE and the repo into the page cache for both tools alike.
#
# Nothing is deleted until the script ends: every run writes a repo or checkout of its own. On an
# ext4 without a journal (as on the machine of benchmarks/RESULTS.md), allocating an inode skips,
# one by one, every inode of its group deleted in the last 1-5 minutes, so a run right after an
# `rm -rf` of the previous run's 13k files paid for that deletion, by an amount that depended on
# everything deleted in the minutes before (a bare commit by C ostree took 5.9 s in one pair and
# 14.5 s in another). Keeping the runs' output needs room for about 2*(N+1) copies of TREE (for
# commit-bare and checkout-C) at once, and each run's data is written out (`sync`, untimed) before
# the next starts, so that no run competes with an earlier run's writeback. KEEP_RUNS=0 deletes
# each run's output before the next instead, as earlier versions of this script did.
set -euo pipefail

usage() {
    echo "usage: $0 TREE   (env: N, OSTREE, BOOTC4J, BOOTC4J_JAVA_OPTS, BENCH_TMPDIR, OPS, RESULTS_TSV)" >&2
    exit 2
}
[ $# -eq 1 ] || usage
tree="$(cd "$1" && pwd)" || usage
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

N="${N:-5}"
OSTREE="${OSTREE:-ostree}"
BOOTC4J="${BOOTC4J:-$root/bin/bootc4j}"
export BOOTC4J_JAVA_OPTS="${BOOTC4J_JAVA_OPTS:--Xmx256m}"
OPS="${OPS:-commit-bare commit-archive checkout-H checkout-C fsck}"
KEEP_RUNS="${KEEP_RUNS:-1}"
case "$N" in ''|*[!0-9]*|0) echo "N must be a positive integer, got '$N'" >&2; exit 2 ;; esac

command -v "$OSTREE" >/dev/null || { echo "$OSTREE: not found (apt-get install ostree)" >&2; exit 1; }

# shellcheck source=benchmarks/timing.sh
. "$root/benchmarks/timing.sh"

work="$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/var/tmp}}/compare-ostree.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

set_bootc4j_cmd
c_cmd=("$OSTREE")

# Builds bin/bootc4j's jar now rather than inside the first timed run.
"${bootc4j_cmd[@]}" ostree --help >/dev/null

commit_args=(-b bench -s "compare-ostree" --timestamp=@1700000000 --fsync=false "--tree=dir=$tree")

# fresh_repo MODE PATH: an empty repository. Both tools commit into one made by `ostree init` (the
# same config file either way), which keeps an extra JVM start per run out of the untimed part.
fresh_repo() {
    rm -rf "$2"
    "${c_cmd[@]}" init "--repo=$2" "--mode=$1"
}

tool_cmd() { if [ "$1" = c ]; then echo "${c_cmd[@]}"; else echo "${bootc4j_cmd[@]} ostree"; fi; }

# Reference repos (written by C ostree) that checkout and fsck read from.
ref_bare="$work/ref-bare"

declare -A times rsses cpus
printf '%-15s %9s %9s %6s %15s %16s  %s\n' operation "C med s" "bootc4j s" ratio "CPU s C/bootc4j" "peak RSS MiB C/J" notes
results=()

bench_op() {
    local op="$1" i tool notes="" c_sum="" j_sum="" mismatches=0
    times[c]=""; times[j]=""; rsses[c]=""; rsses[j]=""; cpus[c]=""; cpus[j]=""
    local -A size
    for ((i = 0; i <= N; i++)); do
        for tool in c j; do
            local -a cmd
            if [ "$tool" = c ]; then cmd=("${c_cmd[@]}"); else cmd=("${bootc4j_cmd[@]}" ostree); fi
            local repo="$work/repo-$tool" dest="$work/co-$tool"
            if [ "$KEEP_RUNS" = 1 ]; then
                repo="$work/$op-$i-repo-$tool" dest="$work/$op-$i-co-$tool"
            fi
            rm -rf "$dest"
            case "$op" in
                commit-bare|commit-archive)
                    local mode=bare; [ "$op" = commit-archive ] && mode=archive
                    fresh_repo "$mode" "$repo"
                    run_timed "$work/out-$tool" "${cmd[@]}" commit "--repo=$repo" "${commit_args[@]}"
                    local sum; sum="$(tail -n 1 "$work/out-$tool")"
                    if [ "$tool" = c ]; then c_sum="$sum"; else j_sum="$sum"; fi
                    size[$tool]="$(du -sb "$repo" | cut -f1)"
                    ;;
                checkout-H) run_timed /dev/null "${cmd[@]}" checkout "--repo=$ref_bare" -H bench "$dest" ;;
                checkout-C) run_timed /dev/null "${cmd[@]}" checkout "--repo=$ref_bare" -C bench "$dest" ;;
                fsck) run_timed /dev/null "${cmd[@]}" fsck "--repo=$ref_bare" ;;
                *) echo "unknown operation $op" >&2; exit 2 ;;
            esac
            # untimed: the next run must not share the disk with this one's writeback
            [ "$KEEP_RUNS" = 1 ] && sync
            echo "  $op $([ "$i" = 0 ] && echo warm-up || echo "run $i") $([ "$tool" = c ] && echo ostree || echo bootc4j): ${wall}s wall, ${cpu}s cpu, ${rss} KiB" >&2
            if ((i > 0)); then
                times[$tool]+="$wall "
                rsses[$tool]+="$rss "
                cpus[$tool]+="$cpu "
            fi
        done
        [ "$KEEP_RUNS" = 1 ] || rm -rf "$work/co-c" "$work/co-j"
        if [[ "$op" == commit-* ]] && [ "$c_sum" != "$j_sum" ]; then
            echo "WARNING: $op run $i: commit checksums differ: ostree $c_sum, bootc4j $j_sum" >&2
            mismatches=$((mismatches + 1))
        fi
    done
    local cm jm ratio crss jrss ccpu jcpu
    cm="$(tr ' ' '\n' <<<"${times[c]}" | grep . | median)"
    jm="$(tr ' ' '\n' <<<"${times[j]}" | grep . | median)"
    ratio="$(awk -v c="$cm" -v j="$jm" 'BEGIN {if (c > 0) printf "%.2f", j/c; else print "inf"}')"
    ccpu="$(tr ' ' '\n' <<<"${cpus[c]}" | grep . | median)"
    jcpu="$(tr ' ' '\n' <<<"${cpus[j]}" | grep . | median)"
    crss="$(mib "$(tr ' ' '\n' <<<"${rsses[c]}" | grep . | maxof)")"
    jrss="$(mib "$(tr ' ' '\n' <<<"${rsses[j]}" | grep . | maxof)")"
    if [[ "$op" == commit-* ]]; then
        notes="commits $( ((mismatches == 0)) && echo equal || echo "DIFFER ($mismatches runs)")"
        if [ "$op" = commit-archive ]; then
            notes+="; repo size C $(mb "${size[c]}") MB, bootc4j $(mb "${size[j]}") MB, ratio $(awk -v c="${size[c]}" -v j="${size[j]}" 'BEGIN {printf "%.3f", j/c}')"
        fi
    fi
    printf '%-15s %9s %9s %6s %15s %16s  %s\n' "$op" "$cm" "$jm" "$ratio" "$ccpu / $jcpu" "$crss / $jrss" "$notes"
    if [ -n "${RESULTS_TSV:-}" ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$op" "$cm" "$jm" "$ratio" "$ccpu" "$jcpu" "$crss" "$jrss" "$notes" \
            "${times[c]% }" "${times[j]% }" >>"$RESULTS_TSV"
    fi
}

for op in $OPS; do
    if [[ "$op" == checkout-* || "$op" == fsck ]] && [ ! -d "$ref_bare/objects" ]; then
        "${c_cmd[@]}" init "--repo=$ref_bare" --mode=bare
        "${c_cmd[@]}" commit "--repo=$ref_bare" "${commit_args[@]}" >/dev/null
    fi
    bench_op "$op"
done
echo "runs per tool: 1 warm-up + $N measured; tree $tree; work dir $work (same filesystem: $(df -T "$work" | awk 'NR==2 {print $2}'))"
echo "C: $("${c_cmd[@]}" --version | sed -n 's/^ *Version: *//p' | tr -d "'") ; bootc4j: $(tool_cmd j) with BOOTC4J_JAVA_OPTS=$BOOTC4J_JAVA_OPTS"
