#!/usr/bin/env bash
# Trial dispatch benchmark on Cora: (1) throughput of trials sharing one JVM, (2) slot use of
# asynchronous dispatch against waves on a space mixing slow and fast models, (3) dispatch
# overhead with 8 trials in flight. Prints Markdown; raw rows in bench/results/dispatch.tsv.
#   bench/dispatch.sh [cora-dir] [throughput-rounds]    # defaults: ../shared/datasets/cora 3
set -euo pipefail
cd "$(dirname "$0")/.."
CORA=$(readlink -f "${1:-../shared/datasets/cora}")
ROUNDS=${2:-3}
RESULTS=bench/results
RAW="$RESULTS/dispatch.tsv"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$RESULTS"

# shellcheck source=bench/spark-java.sh
source bench/spark-java.sh
source bin/native-env.sh
bench() {
  spark_java -Xmx3g org.autoglm.bench.DispatchBenchmark "$@" 2> >(grep -v '^\[W' >&2)
}

# A space mixing slow and fast models: GAT with 8 heads beside SGC and an MLP.
MIXED='study: {name: mixed, seed: 11}
search:
  space:
    model: {type: categorical, choices: [gat, sgc, mlp]}
    lr: {type: float, low: 0.005, high: 0.05, log: true}
    dropout: {type: float, low: 0.2, high: 0.7}
train: {epochs: 200, patience: 200, hidden: 8, heads: 8}'
GCN='study: {name: gcn, seed: 5}
search:
  space:
    lr: {type: float, low: 0.005, high: 0.05, log: true}
    weight_decay: {type: float, low: 1.0e-5, high: 1.0e-3, log: true}
train: {epochs: 200, patience: 200}'

: > "$RAW"
bench throughput "$CORA" "$ROUNDS" >> "$RAW"
for sampler in random tpe; do
  for dispatch in waves async; do
    bench study "$CORA" "$OUT/$sampler-$dispatch" 'local[2]' "$dispatch" 24 2 "$MIXED" \
      "search.sampler=$sampler" | sed "s/^study/study-$sampler/" >> "$RAW"
  done
done
bench study "$CORA" "$OUT/overhead" 'local[8]' async 16 8 "$GCN" | sed 's/^study/overhead/' >> "$RAW"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1); Cora"
load_line
echo
/usr/bin/python3 - "$RAW" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
tp = {}
for r in rows:
    if r[0] == "throughput":
        tp.setdefault(r[1], []).append(int(r[3]) / float(r[4]) * 60)
one, two = statistics.median(tp["one_at_a_time_2_threads"]), statistics.median(tp["two_at_once_1_thread"])
print("### Trials per minute in one JVM (4 GCN + 4 GAT per round, 200 epochs; median of rounds)")
print()
print("| one at a time, 2 threads | two at once, 1 thread each | ratio (target >= 1.5) |")
print("|---|---|---|")
print(f"| {one:.1f} | {two:.1f} | {two / one:.2f} |")
print()
print("### Asynchronous dispatch vs waves: 24 trials of GAT (8 heads) / SGC / MLP, 2 slots")
print()
print("| sampler | dispatch | wall s | slot use | best val | wall waves / async (target >= 1.2) |")
print("|---|---|---|---|---|---|")
studies = {}
for r in rows:
    if r[0].startswith("study-"):
        sampler = r[0][len("study-"):]
        slots, wall, busy, best = int(r[2]), float(r[4]), float(r[5]), float(r[7])
        studies[(sampler, r[1])] = (wall, busy / (slots * wall), best)
for sampler in ("random", "tpe"):
    for dispatch in ("waves", "async"):
        wall, use, best = studies[(sampler, dispatch)]
        ratio = f"{studies[(sampler, 'waves')][0] / wall:.2f}" if dispatch == "async" else ""
        print(f"| {sampler} | {dispatch} | {wall:.1f} | {use:.1%} | {best:.4f} | {ratio} |")
print()
for r in rows:
    if r[0] == "overhead":
        slots, trials, busy, dispatch = int(r[2]), int(r[3]), float(r[5]), float(r[6])
        print(f"### Dispatch overhead, {slots} trials in flight ({trials} GCN trials, local[{slots}])")
        print()
        print("| task seconds | dispatch seconds | share (target <= 5 %) |")
        print("|---|---|---|")
        print(f"| {busy:.1f} | {dispatch:.2f} | {dispatch / busy:.1%} |")
PY
