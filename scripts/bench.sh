#!/usr/bin/env bash
# Runs every dynorm benchmark in one go and prints a summary table:
#
#   1. codec:          dynorm vs serde_dynamo, encode and decode (criterion)
#   2. memory_backend: get / put / conditional update / query / batch / transaction (criterion)
#   3. dynamodb_local: dynorm vs the raw aws-sdk-dynamodb client over DynamoDB Local:
#                      single requests in adjacent pairs (dynamodb_local_paired, a bench
#                      binary), batch writes at the same concurrency (criterion)
#   4. test suite:     wall time of the conformance kit on memory and through dynorm-server
#                      vs DynamoDB Local
#                      (pre-built test binaries, 3 runs each)
#   5. memory_use:     resident bytes per stored item in the memory backend
#   6. vs_dynoxide:    the memory backend (model and raw paths) against Dynoxide,
#                      operation by operation in adjacent pairs, and resident bytes
#                      per stored item of each (the benches' `dynoxide` feature,
#                      which builds SQLite from C source)
#
# DynamoDB Local and moto_server are started and stopped the way the tests do
# it (scripts/dynamodb-local.sh, scripts/moto-server.sh); when one cannot
# start, what needs it is skipped with a message. Criterion writes its data under
# target/bench-run/criterion (emptied first, so the summary holds this run
# only); the logs and the summary (summary.md) go to target/bench-run.
#
# Usage: scripts/bench.sh [criterion options, e.g. --measurement-time 3]
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/bench-run
RUNS=${DYNORM_BENCH_RUNS:-3}
rm -rf "$OUT"
mkdir -p "$OUT"
export CRITERION_HOME="$PWD/$OUT/criterion"

echo "== building (benches in release, conformance tests in the test profile)" >&2
# Everything is built first and the built executables are run directly, so
# that compile time is never measured and a source edit during the run does
# not rebuild anything halfway through.
executables() {
    python3 -c 'import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["target"]["name"], m["executable"])'
}
cargo bench -p dynorm-benches --features dynoxide --no-run --message-format=json-render-diagnostics | executables >"$OUT/bench-binaries.txt"
cargo test -p dynorm-tests --test conformance_memory --test conformance_server --test conformance_dynamodb --no-run \
    --message-format=json-render-diagnostics | executables >"$OUT/test-binaries.txt"
binary() { awk -v n="$2" '$1 == n { print $2 }' "$OUT/$1" | tail -n 1; }
MEM_TESTS=$(binary test-binaries.txt conformance_memory)
SRV_TESTS=$(binary test-binaries.txt conformance_server)
DDB_TESTS=$(binary test-binaries.txt conformance_dynamodb)
for name in codec memory_backend dynamodb_local dynamodb_local_paired memory_use vs_dynoxide; do
    [[ -x "$(binary bench-binaries.txt "$name")" ]] || { echo "error: bench $name was not built" >&2; exit 1; }
done

stop() {
    scripts/moto-server.sh stop >/dev/null 2>&1 || true
    scripts/dynamodb-local.sh stop >/dev/null 2>&1 || true
}
trap stop EXIT
if exports=$(scripts/dynamodb-local.sh start); then
    eval "$exports"
    echo "== DynamoDB Local: $DYNORM_DYNAMODB_ENDPOINT" >&2
else
    echo "*** WARNING: DynamoDB Local did not start; its benches are SKIPPED ***" >&2
    unset DYNORM_DYNAMODB_ENDPOINT
fi
# The conformance kit's S3 scenarios run against moto_server on the DynamoDB
# side (on memory they use the in-process store), as in the tests.
if exports=$(scripts/moto-server.sh start); then
    eval "$exports"
    echo "== moto_server (S3): $DYNORM_S3_ENDPOINT" >&2
else
    echo "*** WARNING: moto_server did not start; the kit's S3 scenarios are skipped on DynamoDB Local ***" >&2
fi

for bench in codec memory_backend dynamodb_local; do
    echo "== bench $bench" >&2
    "$(binary bench-binaries.txt "$bench")" --bench "$@" 2>&1 | tee "$OUT/$bench.log"
done
echo "== bench dynamodb_local_paired" >&2
DYNORM_BENCH_OUT="$OUT" "$(binary bench-binaries.txt dynamodb_local_paired)" --bench 2>&1 \
    | tee "$OUT/dynamodb_local_paired.log"

# The conformance kit's wall time: each pre-built test binary, $RUNS runs.
time_runs() {
    local name=$1 binary=$2 i start end
    for i in $(seq 1 "$RUNS"); do
        start=$(date +%s%N)
        if ! "$binary" -q >"$OUT/$name-run$i.log" 2>&1; then
            echo "warning: $name run $i failed (see $OUT/$name-run$i.log)" >&2
        fi
        end=$(date +%s%N)
        echo "$name $(((end - start) / 1000)) $(grep -h '^test result' "$OUT/$name-run$i.log" | head -n 1)"
    done
}
echo "== conformance kit wall time ($RUNS runs each)" >&2
{
    time_runs conformance_memory "$MEM_TESTS"
    time_runs conformance_server "$SRV_TESTS"
    if [[ -n "${DYNORM_DYNAMODB_ENDPOINT:-}" ]]; then
        time_runs conformance_dynamodb "$DDB_TESTS"
    fi
} | tee "$OUT/test_suite.txt"

echo "== bench memory_use" >&2
"$(binary bench-binaries.txt memory_use)" --bench 2>&1 | tee "$OUT/memory_use.log"

echo "== bench vs_dynoxide" >&2
DYNORM_BENCH_OUT="$OUT" "$(binary bench-binaries.txt vs_dynoxide)" --bench 2>&1 | tee "$OUT/vs_dynoxide.log"

stop
trap - EXIT

python3 - "$OUT" <<'PY' | tee "$OUT/summary.md"
import json, os, statistics, sys

out = sys.argv[1]
root = os.path.join(out, "criterion")

def fmt(ns):
    if ns >= 1e9: return f"{ns / 1e9:.3f} s"
    if ns >= 1e6: return f"{ns / 1e6:.3f} ms"
    if ns >= 1e3: return f"{ns / 1e3:.3f} µs"
    return f"{ns:.1f} ns"

rows = {}
for dirpath, _, files in os.walk(root):
    if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
        continue
    bench = json.load(open(os.path.join(dirpath, "benchmark.json")))
    est = json.load(open(os.path.join(dirpath, "estimates.json")))
    sample = json.load(open(os.path.join(dirpath, "sample.json")))
    per_iter = sorted(t / n for t, n in zip(sample["times"], sample["iters"]))
    med = est["median"]
    rows.setdefault(bench["group_id"], []).append({
        "name": bench["function_id"] or bench["full_id"],
        "min": per_iter[0], "median": statistics.median(per_iter), "max": per_iter[-1],
        "est": med["point_estimate"],
        "lo": med["confidence_interval"]["lower_bound"],
        "hi": med["confidence_interval"]["upper_bound"],
        "samples": len(per_iter),
    })

# Targets: (group, function) -> (reference function or None, limit, kind)
#   ratio: median / reference median <= limit;  abs: median <= limit ns.
# Only like with like: the same input and output on both sides (the codec's
# `dynorm_item` rows stop at dynorm's own Item, which serde_dynamo has no
# counterpart of, so they get no ratio), the same concurrency for batches.
targets = {
    ("codec/encode", "dynorm_sdk"): ("serde_dynamo_sdk", 1.0, "ratio"),
    ("codec/decode", "dynorm_sdk"): ("serde_dynamo_sdk", 1.0, "ratio"),
    ("memory/item", "get"): (None, 2_000.0, "abs"),
    ("memory/item", "put"): (None, 4_000.0, "abs"),
    ("dynamodb_local/batch_write_10000", "dynorm_concurrent"): ("raw_sdk_concurrent", 1.05, "ratio"),
    ("dynamodb_local/batch_write_10000_rtt_10ms", "dynorm_concurrent"): ("raw_sdk_concurrent", 1.05, "ratio"),
}

print("| group | function | min | median | max | criterion median [low est high] | n | vs target |")
print("|---|---|---|---|---|---|---|---|")
for group in sorted(rows):
    by_name = {r["name"]: r for r in rows[group]}
    for r in sorted(rows[group], key=lambda r: r["name"]):
        verdict = ""
        t = targets.get((group, r["name"]))
        if t:
            ref, limit, kind = t
            if kind == "abs":
                verdict = f"{r['median'] / limit:.2f}x of ≤ {fmt(limit)}: " + ("met" if r["median"] <= limit else "MISSED")
            elif ref in by_name:
                ratio = r["median"] / by_name[ref]["median"]
                verdict = f"{ratio:.2f}x {ref} (target ≤ {limit}x): " + ("met" if ratio <= limit else "MISSED")
        print(f"| {group} | {r['name']} | {fmt(r['min'])} | {fmt(r['median'])} | {fmt(r['max'])} | "
              f"[{fmt(r['lo'])} {fmt(r['est'])} {fmt(r['hi'])}] | {r['samples']} | {verdict} |")

path = os.path.join(out, "paired.json")
if os.path.exists(path):
    print()
    print("DynamoDB Local, single requests in adjacent pairs (order alternating):")
    print()
    print("| operation | pairs | dynorm min / median / max | raw SDK min / median / max | median per-pair ratio [95%] | vs target |")
    print("|---|---|---|---|---|---|")
    for r in json.load(open(path)):
        d, w = r["dynorm"], r["raw_sdk"]
        ok = "met" if r["median_ratio"] <= 1.05 else "MISSED"
        print(f"| {r['op']} | {r['pairs']} | {fmt(d['min_ns'])} / {fmt(d['median_ns'])} / {fmt(d['max_ns'])} | "
              f"{fmt(w['min_ns'])} / {fmt(w['median_ns'])} / {fmt(w['max_ns'])} | "
              f"{r['median_ratio']:.3f}x [{r['ratio_low']:.3f} {r['ratio_high']:.3f}] | target ≤ 1.05x: {ok} |")

suite = {}
path = os.path.join(out, "test_suite.txt")
if os.path.exists(path):
    for line in open(path):
        parts = line.split()
        if len(parts) >= 2:
            suite.setdefault(parts[0], []).append(int(parts[1]) * 1e3)
if suite:
    print()
    print("| test binary | runs | min | median | max |")
    print("|---|---|---|---|---|")
    for name, times in sorted(suite.items()):
        print(f"| {name} | {len(times)} | {fmt(min(times))} | {fmt(statistics.median(times))} | {fmt(max(times))} |")
    if "conformance_memory" in suite and "conformance_dynamodb" in suite:
        speedup = statistics.median(suite["conformance_dynamodb"]) / statistics.median(suite["conformance_memory"])
        print(f"\nconformance kit: memory is {speedup:.1f}x faster than DynamoDB Local (target ≥ 50x): "
              + ("met" if speedup >= 50 else "MISSED"))
    if "conformance_server" in suite and "conformance_dynamodb" in suite:
        speedup = statistics.median(suite["conformance_dynamodb"]) / statistics.median(suite["conformance_server"])
        print(f"conformance kit: through dynorm-server is {speedup:.1f}x faster than DynamoDB Local (target ≥ 5x): "
              + ("met" if speedup >= 5 else "MISSED"))

path = os.path.join(out, "vs_dynoxide.md")
if os.path.exists(path):
    print()
    print("Memory backend against Dynoxide (Dynoxide / dynorm, median per-pair ratio):")
    print()
    print(open(path).read().rstrip())

path = os.path.join(out, "memory_use.log")
if os.path.exists(path):
    print()
    for line in open(path):
        if line.startswith("memory_use:"):
            print("    " + line.rstrip())
PY
