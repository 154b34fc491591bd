#!/usr/bin/env bash
# End-to-end AutoML benchmark on Cora: our study (bench/automl.yaml, through bin/autoglm: Spark,
# DJL, the Delta tables and the report) beside the study a graph-ML user would otherwise write,
# Optuna 3.1 TPE driving PyTorch models (bench/automl_peer.py): same space, same three published
# configurations first, same budget, Hyperband and early stopping, 2 trials at a time with one
# thread each. Per study seed: each side's wall time (the whole command), its study loop's (from
# the first trial's start to the last's end: ours from its progress line, the peer's optimize()),
# and its chosen model's validation and test accuracy; the side that goes first alternates with
# the seed.
# Prints Markdown; raw rows and logs in bench/results/automl-*.
# Needs /usr/bin/python3 with Debian's python3-optuna and python3-torch, and the Cora files.
#   bench/automl.sh [cora-dir]        # SEEDS="0 1 2" TRIALS=60 by default; about 20 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
CORA=$(readlink -f "${1:-../shared/datasets/cora}")
SEEDS=${SEEDS:-0 1 2}
TRIALS=${TRIALS:-60}
RESULTS=bench/results
RAW="$RESULTS/automl.tsv"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$RESULTS"
: > "$RAW"

bin/autoglm help > /dev/null # builds the jar when sources changed, outside the timed runs
# Both sides run with the native settings our launcher uses (see the file).
source bin/native-env.sh

ours() {
  local seed=$1 log="$RESULTS/automl-ours-$1.log" start end
  start=$(date +%s.%N)
  bin/autoglm run bench/automl.yaml --set data.path="$CORA" --set study.seed="$seed" \
    --set search.trials="$TRIALS" --set output.path="$WORK/ours-$seed" > "$log" 2>&1
  end=$(date +%s.%N)
  # The last "[autoglm] trials 60/60  best val_accuracy 0.8260  elapsed 1:59  eta 0:00": the loop.
  local loop
  loop=$(sed -n 's/^\[autoglm\] trials .* elapsed \([0-9:]*\) .*/\1/p' "$log" | tail -n 1 |
    awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = 60 * s + $i; print s}')
  # "Best model (trial 25, the study's pick, val 82.60%, test 84.80%, saved ...": the saved model.
  sed -n 's/^Best model (\([^,]*\), the study.s pick, val \([0-9.]*\)%, test \([0-9.]*\)%.*/\1\t\2\t\3/p' "$log" |
    awk -v seed="$seed" -v start="$start" -v end="$end" -v loop="$loop" -F'\t' \
      '{printf "ours\t%s\t%.1f\t%s\t%.4f\t%.4f\t%s\n", seed, end - start, $1, $2 / 100, $3 / 100, loop}' >> "$RAW"
}

peer() {
  local seed=$1 line start end
  start=$(date +%s.%N)
  line=$(/usr/bin/python3 -W ignore bench/automl_peer.py "$CORA" "$seed" "$TRIALS" 2 \
    2> "$RESULTS/automl-peer-$seed.log")
  end=$(date +%s.%N)
  # the whole command's wall time, as ours: the interpreter's start and imports included
  awk -v start="$start" -v end="$end" -F'\t' \
    '{printf "optuna+pytorch\t%s\t%.1f\ttrial %s (%s)\t%s\t%s\t%s\n", $1, end - start, $5, $6, $7, $8, $9}' \
    <<< "$line" >> "$RAW"
}

echo "Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the start, $(java -version 2>&1 | head -1)," \
  "Optuna $(/usr/bin/python3 -c 'import optuna; print(optuna.__version__)')," \
  "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
echo
for seed in $SEEDS; do
  if (( seed % 2 == 0 )); then ours "$seed"; peer "$seed"; else peer "$seed"; ours "$seed"; fi
  echo "[bench] seed $seed done" >&2
done

/usr/bin/python3 - "$RAW" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
by = {}
for side, seed, wall, chosen, val, test, loop in rows:
    by.setdefault(seed, {})[side] = (float(wall), chosen, float(val), float(test), float(loop))
print("| study seed | ours: wall (loop) | chosen model | val / test | Optuna + PyTorch: wall (loop) "
      "| chosen model | val / test | wall ratio (target <= 0.7) | loop ratio |")
print("|---|---|---|---|---|---|---|---|---|")
ratios, loops, ours_test, peer_test = [], [], [], []
for seed, sides in sorted(by.items()):
    o, p = sides.get("ours"), sides.get("optuna+pytorch")
    if not o or not p:
        continue
    ratios.append(o[0] / p[0]); loops.append(o[4] / p[4]); ours_test.append(o[3]); peer_test.append(p[3])
    print(f"| {seed} | {o[0]:.0f} s ({o[4]:.0f} s) | {o[1]} | {100 * o[2]:.1f} / {100 * o[3]:.1f} % "
          f"| {p[0]:.0f} s ({p[4]:.0f} s) | {p[1]} | {100 * p[2]:.1f} / {100 * p[3]:.1f} % "
          f"| {ratios[-1]:.2f} | {loops[-1]:.2f} |")
if ratios:
    print(f"| **mean** | | | test {100 * statistics.mean(ours_test):.2f} % | | | "
          f"test {100 * statistics.mean(peer_test):.2f} % | median {statistics.median(ratios):.2f} "
          f"| median {statistics.median(loops):.2f} |")
PY
