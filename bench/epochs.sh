#!/usr/bin/env bash
# What the trial_epochs table (and the live report) add to trial time: one study (8 trials x 200
# epochs on the quickstart's synthetic graph, one trial at a time) with output.trial_epochs off,
# on, and on with the report rewritten every 10 s, taking turns. Prints Markdown; raw rows in
# bench/results/epochs.tsv.
#   bench/epochs.sh [rounds]    # default 4
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-4}
RESULTS=bench/results
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$RESULTS"

# shellcheck source=bench/spark-java.sh
source bench/spark-java.sh
source bin/native-env.sh
spark_java -Xmx3g org.autoglm.bench.EpochsBenchmark "$OUT" "$ROUNDS" 2> >(grep -v '^\[W' >&2) \
  > "$RESULTS/epochs.tsv"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1); local[2], one trial at a time; $ROUNDS rounds after a warm-up"
load_line
echo
/usr/bin/python3 - "$RESULTS/epochs.tsv" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.startswith("epochs")]
def med(mode, col):
    return statistics.median(float(r[col]) for r in rows if r[1] == mode and int(r[2]) > 0)
def ratios(mode, col):  # paired: each round's run against that round's "off" run
    by = {(r[1], int(r[2])): float(r[col]) for r in rows if int(r[2]) > 0}
    rounds = sorted({k[1] for k in by})
    return [by[(mode, n)] / by[("off", n)] for n in rounds]
print("| mode | trial seconds (sum of 8, median) | vs off: median of paired rounds (min..max) | run seconds (median) | vs off |")
print("|---|---:|---:|---:|---:|")
for mode, label in [("off", "trial_epochs off, report at the end"),
                    ("on", "trial_epochs on, report at the end"),
                    ("live", "trial_epochs on, report every 10 s (defaults)")]:
    t, r = med(mode, 3), med(mode, 4)
    q, w = ratios(mode, 3), ratios(mode, 4)
    print(f"| {label} | {t:.2f} | {100 * (statistics.median(q) - 1):+.1f} % ({100 * (min(q) - 1):+.1f}..{100 * (max(q) - 1):+.1f}) | {r:.2f} | {100 * (statistics.median(w) - 1):+.1f} % |")
print("\ntarget: trial_epochs adds <= 2 % to trial time")
PY
