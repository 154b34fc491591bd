#!/usr/bin/env bash
# What the trial_epochs table adds to trial time: one study (8 trials x 200 epochs on the
# quickstart's synthetic graph, one trial at a time) with output.trial_epochs on and off, taking
# turns. Prints Markdown; raw rows in bench/results/epochs.tsv.
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
on_t, off_t = med("on", 3), med("off", 3)
on_r, off_r = med("on", 4), med("off", 4)
print("| output.trial_epochs | trial seconds (sum of 8, median) | run seconds (median) |")
print("|---|---:|---:|")
print(f"| on | {on_t:.2f} | {on_r:.2f} |")
print(f"| off | {off_t:.2f} | {off_r:.2f} |")
print(f"\ntrial time with the table: {100 * (on_t / off_t - 1):+.1f} % (target <= 2 %);"
      f" run wall time {100 * (on_r / off_r - 1):+.1f} %")
PY
