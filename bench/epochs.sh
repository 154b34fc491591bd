#!/usr/bin/env bash
# What the trial_epochs table (and the live report) add to trial time: one study (16 trials x 200
# epochs on the quickstart's synthetic graph, one trial at a time) with output.trial_epochs off,
# on, and on with the report rewritten every 10 s, taking turns. Prints Markdown; raw rows in
# bench/results/epochs.tsv.
#   bench/epochs.sh [rounds] [cora-dir]    # defaults: 4 ../shared/datasets/cora
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-4}
CORA=$(readlink -f "${2:-../shared/datasets/cora}")
RESULTS=bench/results
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$RESULTS"

# shellcheck source=bench/spark-java.sh
source bench/spark-java.sh
source bin/native-env.sh
spark_java -Xmx2g org.autoglm.bench.GradientNormBenchmark "$CORA" 16 2> >(grep -v '^\[W' >&2) \
  > "$RESULTS/gradient_norm.tsv"
spark_java -Xmx3g org.autoglm.bench.EpochsBenchmark "$OUT" "$ROUNDS" 2> >(grep -v '^\[W' >&2) \
  > "$RESULTS/epochs.tsv"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1); local[2], one trial at a time; $ROUNDS rounds after a warm-up"
load_line
echo
/usr/bin/python3 - "$RESULTS/gradient_norm.tsv" <<'PY'
import sys, statistics
rows = [l.split("\t") for l in open(sys.argv[1])]
by = {(r[0], int(r[1])): (float(r[2]), float(r[3])) for r in rows if int(r[1]) > 0}
rounds = sorted({k[1] for k in by})
time = statistics.median(by[("norm", n)][0] / by[("none", n)][0] for n in rounds)
step = statistics.median(by[("norm", n)][1] / by[("none", n)][1] for n in rounds)
print(f"Trainer alone (Cora GCN, 200 epochs, 1 thread, {len(rounds)} pairs): the per-epoch gradient norm"
      f" adds {100 * (time - 1):+.1f} % to training time, {100 * (step - 1):+.1f} % to the median step.\n")
PY
/usr/bin/python3 - "$RESULTS/epochs.tsv" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
runs = [r for r in rows if r[0] == "epochs" and int(r[2]) > 0]
trials = {(r[1], int(r[2]), int(r[3])): float(r[4]) for r in rows if r[0] == "trial" and int(r[2]) > 0}
def q(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]
print("| mode | trial seconds (median of runs, sum of 16) | each trial against itself with the table off: median (quartiles) | run seconds (median) |")
print("|---|---:|---:|---:|")
for mode, label in [("off", "trial_epochs off, report at the end"),
                    ("on", "trial_epochs on, report at the end"),
                    ("live", "trial_epochs on, report every 10 s (defaults)")]:
    t = statistics.median(float(r[3]) for r in runs if r[1] == mode)
    w = statistics.median(float(r[4]) for r in runs if r[1] == mode)
    ratios = [v / trials[("off", n, i)] for (m, n, i), v in trials.items() if m == mode]
    print(f"| {label} | {t:.2f} | {100 * (statistics.median(ratios) - 1):+.1f} % ({100 * (q(ratios, .25) - 1):+.1f} / {100 * (q(ratios, .75) - 1):+.1f}) | {w:.2f} |")
print("\ntarget: trial_epochs adds <= 2 % to trial time")
PY
