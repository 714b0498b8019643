#!/usr/bin/env bash
# Export and import throughput of the `dynorm` CLI against DynamoDB Local,
# next to the AWS CLI (`awscli` from PyPI) on the same items and the same
# server, in interleaved rounds:
#
#   import:  dynorm import TABLE items.jsonl            (batch writes of 25, concurrent)
#            aws dynamodb batch-write-item, one call per 25 items (as a shell loop runs it)
#   export:  dynorm export TABLE --segments 4
#            aws dynamodb scan (one process; the CLI pages through the table itself)
#
# Prints items/s per round and the median of each; the numbers go to
# BENCHMARKS.md. The release binary is built first (compile time is not
# measured). DynamoDB Local is started and stopped as the tests do it.
#
# Usage: scripts/bench-cli.sh [ITEMS] [ROUNDS]   (defaults 10000 and 2)
set -euo pipefail
cd "$(dirname "$0")/.."

ITEMS=${1:-10000}
ROUNDS=${2:-2}
OUT=target/bench-cli
mkdir -p "$OUT"

echo "== building the release binary" >&2
cargo build --release -p dynorm-cli >&2
DYNORM=$PWD/target/release/dynorm

VENV=${DYNORM_CACHE:-$HOME/.cache/dynorm}/bench-cli/venv
if [[ ! -x "$VENV/bin/aws" ]]; then
    echo "== installing awscli into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check awscli==1.46.3
fi

stop() { scripts/dynamodb-local.sh stop >/dev/null 2>&1 || true; }
trap stop EXIT
eval "$(scripts/dynamodb-local.sh start)"
EP=$DYNORM_DYNAMODB_ENDPOINT
export AWS_ACCESS_KEY_ID=dynormlocal AWS_SECRET_ACCESS_KEY=dynormlocal AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent AWS_PAGER=

echo "== writing $ITEMS items" >&2
python3 - "$ITEMS" "$OUT" <<'EOF'
import json, sys, os
n, out = int(sys.argv[1]), sys.argv[2]
items = []
for i in range(n):
    items.append({
        "pk": {"S": f"USER#{i % 500}"}, "sk": {"S": f"ORDER#{i:08d}"},
        "status": {"S": "shipped" if i % 3 else "pending"},
        "total": {"N": str(i * 7 % 10000 / 100)}, "count": {"N": str(i % 17)},
        "email": {"S": f"user{i}@example.com"}, "tags": {"SS": ["a", "b", f"t{i % 9}"]},
        "address": {"M": {"street": {"S": f"{i} Main Street"}, "city": {"S": "Springfield"},
                          "zip": {"S": f"{10000 + i % 89999}"}}},
        "note": {"S": "x" * 300},
    })
with open(os.path.join(out, "items.jsonl"), "w") as f:
    for it in items:
        f.write(json.dumps(it) + "\n")
os.makedirs(os.path.join(out, "batches"), exist_ok=True)
for b in range(0, n, 25):
    with open(os.path.join(out, "batches", f"{b // 25:05d}.json"), "w") as f:
        json.dump({"T": [{"PutRequest": {"Item": it}} for it in items[b:b + 25]]}, f)
EOF

create() {
    "$DYNORM" --endpoint-url "$EP" create-table "$1" >/dev/null
}
drop() {
    "$DYNORM" --endpoint-url "$EP" delete-table "$1" --force >/dev/null
}
now() { date +%s.%N; }
rate() { python3 -c "import sys; print(f'{$ITEMS / ($2 - $1):.0f}')" ; }

declare -a DI DE AI AE
for round in $(seq 1 "$ROUNDS"); do
    t=cli_bench_${round}_$$
    create "$t"
    s=$(now); "$DYNORM" --endpoint-url "$EP" import "$t" "$OUT/items.jsonl" >/dev/null 2>&1; e=$(now)
    DI+=("$(rate "$s" "$e")")
    s=$(now); "$DYNORM" --endpoint-url "$EP" export "$t" --segments 4 --output "$OUT/export.jsonl" >/dev/null 2>&1; e=$(now)
    DE+=("$(rate "$s" "$e")")
    [[ $(wc -l <"$OUT/export.jsonl") -eq $ITEMS ]] || { echo "dynorm exported $(wc -l <"$OUT/export.jsonl") items" >&2; exit 1; }
    drop "$t"

    a=aws_bench_${round}_$$
    create "$a"
    s=$(now)
    for f in "$OUT"/batches/*.json; do
        sed "s/\"T\"/\"$a\"/" "$f" >"$OUT/batch.json"
        "$VENV/bin/aws" --endpoint-url "$EP" dynamodb batch-write-item \
            --request-items "file://$OUT/batch.json" >"$OUT/aws-out.json"
        grep -q '"UnprocessedItems": {}' "$OUT/aws-out.json" || { echo "aws left items unprocessed" >&2; exit 1; }
    done
    e=$(now)
    AI+=("$(rate "$s" "$e")")
    s=$(now); "$VENV/bin/aws" --endpoint-url "$EP" dynamodb scan --table-name "$a" >"$OUT/aws-scan.json"; e=$(now)
    AE+=("$(rate "$s" "$e")")
    drop "$a"
    echo "round $round: dynorm import ${DI[-1]}/s export ${DE[-1]}/s; aws batch-write-item ${AI[-1]}/s scan ${AE[-1]}/s" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
cat <<EOF | tee "$OUT/summary.md"
| $ITEMS items, DynamoDB Local, $ROUNDS rounds (median items/s) | dynorm | AWS CLI | ratio |
| --- | --- | --- | --- |
| import (dynorm import / batch-write-item per 25) | $(median "${DI[@]}") | $(median "${AI[@]}") | $(python3 -c "print(f'{$(median "${DI[@]}") / $(median "${AI[@]}"):.1f}x')") |
| export (dynorm export --segments 4 / scan) | $(median "${DE[@]}") | $(median "${AE[@]}") | $(python3 -c "print(f'{$(median "${DE[@]}") / $(median "${AE[@]}"):.1f}x')") |
EOF
