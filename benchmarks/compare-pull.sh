#!/usr/bin/env bash
# Pull of an OS image from a local registry into an OCI layout: skopeo copy vs bootc4j image copy
# (issue 5, Performance).
#
#   benchmarks/compare-pull.sh [TREE]      (TREE defaults to /var/cache/bootc4j/debian-bookworm)
#
# Builds, once, two OCI images of TREE next to it (TREE.oci-1layer: one tar+gzip layer;
# TREE.oci-20layers: the tree split into 20 tar+gzip layers of similar size, by top-level
# directories, descending into a directory while it is larger than 1/20 of the tree), starts a
# docker-registry on a free loopback port with temporary storage, pushes both with skopeo, then for
# each image alternates `skopeo copy docker://... oci:OUT` and `bootc4j image copy docker://...
# oci:OUT`: one warm-up pair, then N measured pairs, each into a fresh OUT. Prints the median wall
# time, the ratio bootc4j/skopeo, the median user+sys CPU time and the peak RSS, and checks that
# both tools wrote the same manifest digest and the same layer blobs.
#
# Environment:
#   N=5                   measured runs per tool and image (after one warm-up run)
#   SKOPEO=skopeo         the skopeo binary
#   BOOTC4J=bin/bootc4j   the bootc4j command (any command taking "image copy ARGS..."); bin/bootc4j
#                         rebuilds its jar when sources changed, so pin a jar for long runs:
#                         BOOTC4J="java -jar /path/bootc-cli-all.jar"
#   BOOTC4J_JAVA_OPTS=-Xmx256m   JVM options (bin/bootc4j honours it; added to BOOTC4J=java...)
#   BENCH_TMPDIR=$TMPDIR or /var/tmp   registry storage and pull targets; removed on exit
#   IMAGES="1layer 20layers"      which images to pull
#   RESULTS_TSV=FILE      also append one tab-separated line per image to FILE
#
# Caches are not dropped: the warm-up run brings the registry's blobs into the page cache for both.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$(cd "${1:-/var/cache/bootc4j/debian-bookworm}" && pwd)" || { echo "usage: $0 [TREE]" >&2; exit 2; }
N="${N:-5}"
SKOPEO="${SKOPEO:-skopeo}"
BOOTC4J="${BOOTC4J:-$root/bin/bootc4j}"
export BOOTC4J_JAVA_OPTS="${BOOTC4J_JAVA_OPTS:--Xmx256m}"
IMAGES="${IMAGES:-1layer 20layers}"
LAYERS=20
case "$N" in ''|*[!0-9]*|0) echo "N must be a positive integer, got '$N'" >&2; exit 2 ;; esac
for t in "$SKOPEO" docker-registry tar gzip sha256sum python3; do
    command -v "$t" >/dev/null || { echo "$t: not found" >&2; exit 1; }
done

# shellcheck source=benchmarks/timing.sh
. "$root/benchmarks/timing.sh"

work="$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/var/tmp}}/compare-pull.XXXXXX")"
registry_pid=""
cleanup() {
    if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Images (built once; a directory is only used when its .complete marker exists)

# blob_put LAYOUT FILE: moves FILE into LAYOUT's blob store, prints its digest "sha256:HEX".
blob_put() {
    local hex; hex="$(sha256sum "$2" | cut -d' ' -f1)"
    mv -f "$2" "$1/blobs/sha256/$hex"
    echo "sha256:$hex"
}

# make_image LAYOUT PLAN: PLAN has one line per layer: "LAYER<TAB>p|r<TAB>PATH" (p: the directory
# entry alone, r: recursively), paths relative to the tree. Writes an OCI layout tagged "latest".
make_image() {
    local layout="$1" plan="$2" n i
    rm -rf "$layout" "$layout.complete"
    mkdir -p "$layout/blobs/sha256"
    n="$(cut -f1 "$plan" | sort -un | wc -l)"
    local layers_json="" diffs_json=""
    for ((i = 0; i < n; i++)); do
        awk -F'\t' -v l="$i" '$1 == l && $2 == "p" {print $3}' "$plan" >"$work/parents"
        awk -F'\t' -v l="$i" '$1 == l && $2 == "r" {print $3}' "$plan" >"$work/members"
        tar -C "$tree" --sort=name --format=gnu --numeric-owner --xattrs -cf "$work/layer.tar" \
            --no-recursion -T "$work/parents" --recursion -T "$work/members"
        local diff_id; diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
        gzip -n -6 -c "$work/layer.tar" >"$work/layer.tar.gz"
        rm -f "$work/layer.tar"
        local size; size="$(stat -c %s "$work/layer.tar.gz")"
        local digest; digest="$(blob_put "$layout" "$work/layer.tar.gz")"
        layers_json+="${layers_json:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"$digest\",\"size\":$size}"
        diffs_json+="${diffs_json:+,}\"$diff_id\""
        echo "  $(basename "$layout"): layer $((i + 1))/$n $size bytes" >&2
    done
    printf '{"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z","config":{"Cmd":["/bin/bash"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
        "$diffs_json" >"$work/config.json"
    local csize; csize="$(stat -c %s "$work/config.json")"
    local cdigest; cdigest="$(blob_put "$layout" "$work/config.json")"
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[%s]}' \
        "$cdigest" "$csize" "$layers_json" >"$work/manifest.json"
    local msize; msize="$(stat -c %s "$work/manifest.json")"
    local mdigest; mdigest="$(blob_put "$layout" "$work/manifest.json")"
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' \
        "$mdigest" "$msize" >"$layout/index.json"
    printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
    touch "$layout.complete"
}

# plan_layers K: the split plan on stdout. Units are top-level entries; a directory larger than
# total/K is replaced by its children (its own entry goes to layer 0 as a bare directory), then
# units are dealt largest first to the currently smallest layer. Names sort for reproducibility.
plan_layers() {
    python3 - "$tree" "$1" <<'EOF'
import os, sys
root, k = sys.argv[1], int(sys.argv[2])
def size(p):
    st = os.lstat(p)
    if not os.path.isdir(p) or os.path.islink(p):
        return st.st_size
    total = st.st_size
    for dp, dns, fns in os.walk(p):
        for n in dns + fns:
            try:
                total += os.lstat(os.path.join(dp, n)).st_size
            except FileNotFoundError:
                pass
    return total
units = [(size(os.path.join(root, n)), n) for n in sorted(os.listdir(root))]
total = sum(s for s, _ in units)
parents = []
while True:
    big = [u for u in units if u[0] > total / k and os.path.isdir(os.path.join(root, u[1]))
           and not os.path.islink(os.path.join(root, u[1])) and os.listdir(os.path.join(root, u[1]))]
    if not big:
        break
    for u in big:
        units.remove(u)
        parents.append(u[1])
        d = os.path.join(root, u[1])
        units += [(size(os.path.join(d, n)), u[1] + "/" + n) for n in sorted(os.listdir(d))]
bins = [[0, i, []] for i in range(k)]
for s, n in sorted(units, key=lambda u: (-u[0], u[1])):
    b = min(bins, key=lambda b: (b[0], b[1]))
    b[0] += s
    b[2].append(n)
for p in sorted(parents):
    print(f"0\tp\t{p}")
for b in bins:
    for n in sorted(b[2]):
        print(f"{b[1]}\tr\t{n}")
EOF
}

build_images() {
    local img="$tree.oci-1layer"
    if [ ! -f "$img.complete" ]; then
        echo "building $img (once)..." >&2
        (cd "$tree" && ls -A) | sort | awk '{print "0\tr\t" $0}' >"$work/plan-1"
        make_image "$img" "$work/plan-1"
    fi
    img="$tree.oci-${LAYERS}layers"
    if [ ! -f "$img.complete" ]; then
        echo "building $img (once)..." >&2
        plan_layers "$LAYERS" >"$work/plan-$LAYERS"
        make_image "$img" "$work/plan-$LAYERS"
    fi
}

# ---------------------------------------------------------------------------------------------
# Registry

start_registry() {
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    mkdir -p "$work/registry"
    cat >"$work/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry/storage
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: compare-pull-$$
EOF
    docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 </dev/null &
    registry_pid=$!
    local i
    for ((i = 0; i < 100; i++)); do
        if curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then
            host="127.0.0.1:$port"
            return
        fi
        kill -0 "$registry_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "docker-registry did not start:" >&2
    cat "$work/registry/log" >&2
    exit 1
}

# ---------------------------------------------------------------------------------------------
# Timing

set_bootc4j_cmd
# Builds bin/bootc4j's jar now rather than inside the first timed run.
"${bootc4j_cmd[@]}" image --help >/dev/null

# layout_digest OUT: the manifest digest index.json points at, and a checksum over the blob names.
layout_summary() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' "$1/index.json"
    ls "$1/blobs/sha256" | sort | sha256sum | cut -c1-16
}

bench_image() {
    local name="$1" ref="docker://$host/debian:$1" i tool
    local -A times rsses cpus
    local mismatches=0 bytes
    times[s]=""; times[j]=""; rsses[s]=""; rsses[j]=""; cpus[s]=""; cpus[j]=""
    for ((i = 0; i <= N; i++)); do
        for tool in s j; do
            local out="$work/out-$tool"
            rm -rf "$out"
            if [ "$tool" = s ]; then
                run_timed "$work/stdout" "$SKOPEO" --insecure-policy copy -q --src-tls-verify=false "$ref" "oci:$out:latest"
            else
                # untimed: bin/bootc4j rebuilds its jar here, not in the timed run, if sources changed
                "${bootc4j_cmd[@]}" image --help >/dev/null
                run_timed "$work/stdout" "${bootc4j_cmd[@]}" image copy -q --src-tls-verify=false --insecure-policy "$ref" "oci:$out:latest"
            fi
            echo "  $name $([ "$i" = 0 ] && echo warm-up || echo "run $i") $([ "$tool" = s ] && echo skopeo || echo bootc4j): ${wall}s wall, ${cpu}s cpu, ${rss} KiB" >&2
            if ((i > 0)); then
                times[$tool]+="$wall "; rsses[$tool]+="$rss "; cpus[$tool]+="$cpu "
            fi
        done
        if [ "$(layout_summary "$work/out-s")" != "$(layout_summary "$work/out-j")" ]; then
            echo "WARNING: $name run $i: skopeo and bootc4j wrote different images" >&2
            mismatches=$((mismatches + 1))
        fi
    done
    bytes="$(du -sb "$work/out-j/blobs" | cut -f1)"
    local sm jm ratio scpu jcpu srss jrss
    sm="$(tr ' ' '\n' <<<"${times[s]}" | grep . | median)"
    jm="$(tr ' ' '\n' <<<"${times[j]}" | grep . | median)"
    ratio="$(awk -v s="$sm" -v j="$jm" 'BEGIN {if (s > 0) printf "%.2f", j/s; else print "inf"}')"
    scpu="$(tr ' ' '\n' <<<"${cpus[s]}" | grep . | median)"
    jcpu="$(tr ' ' '\n' <<<"${cpus[j]}" | grep . | median)"
    srss="$(mib "$(tr ' ' '\n' <<<"${rsses[s]}" | grep . | maxof)")"
    jrss="$(mib "$(tr ' ' '\n' <<<"${rsses[j]}" | grep . | maxof)")"
    local notes; notes="$(awk -v b="$bytes" 'BEGIN {printf "%.0f MB", b/1e6}'), images $( ((mismatches == 0)) && echo equal || echo "DIFFER ($mismatches runs)")"
    printf '%-10s %10s %10s %6s %17s %18s  %s\n' "$name" "$sm" "$jm" "$ratio" "$scpu / $jcpu" "$srss / $jrss" "$notes"
    if [ -n "${RESULTS_TSV:-}" ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$sm" "$jm" "$ratio" "$scpu" "$jcpu" "$srss" "$jrss" "$notes" \
            "${times[s]% }" "${times[j]% }" >>"$RESULTS_TSV"
    fi
}

build_images
start_registry
for name in $IMAGES; do
    echo "pushing $name to $host..." >&2
    "$SKOPEO" --insecure-policy copy -q --dest-tls-verify=false "oci:$tree.oci-$name:latest" "docker://$host/debian:$name" >&2
done
printf '%-10s %10s %10s %6s %17s %18s  %s\n' image "skopeo s" "bootc4j s" ratio "CPU s skopeo/J" "peak RSS MiB s/J" notes
for name in $IMAGES; do
    bench_image "$name"
done
echo "runs per tool: 1 warm-up + $N measured; registry docker-registry $(docker-registry --version 2>/dev/null | awk '{print $NF}') on $host; work dir $work"
echo "skopeo: $("$SKOPEO" --version | awk '{print $3}'); bootc4j: ${bootc4j_cmd[*]} with BOOTC4J_JAVA_OPTS=$BOOTC4J_JAVA_OPTS"
