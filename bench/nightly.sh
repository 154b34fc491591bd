#!/usr/bin/env bash
# Warm start across nights: Cora's citations in two dated partitions; night 1 tunes cold, night 2
# runs from night 1's outputs twice, warm-started and cold, same seed. Prints Markdown; raw rows
# in bench/results/nightly.tsv.
#   bench/nightly.sh [cora-dir] [trials] [warm-start]    # defaults: ../shared/datasets/cora 12 3
set -euo pipefail
cd "$(dirname "$0")/.."
CORA=$(readlink -f "${1:-../shared/datasets/cora}")
TRIALS=${2:-12}
WARM=${3:-3}
RESULTS=bench/results
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$RESULTS"

# shellcheck source=bench/spark-java.sh
source bench/spark-java.sh
source bin/native-env.sh
spark_java -Xmx3g org.autoglm.bench.NightlyBenchmark "$CORA" "$OUT" "$TRIALS" "$WARM" \
  2>/dev/null > "$RESULTS/nightly.tsv"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1); Cora, TPE, $TRIALS trials a night, warm start $WARM"
load_line
echo
/usr/bin/python3 - "$RESULTS/nightly.tsv" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
target = next(float(r[1]) for r in rows if r[0] == "night1_best")
curves = {}
for r in rows:
    if r[0] == "night2":
        curves.setdefault(r[1], []).append(float(r[4]))
def reached(curve, goal):
    return next((i + 1 for i, b in enumerate(curve) if b >= goal), None)
print(f"Night 1's best validation accuracy: {target:.4f}")
print()
print("| night 2 | best after 1 / 3 / 6 / all trials | trials to reach night 1's best | within 0.5 pt |")
print("|---|---|---|---|")
for mode in ("warm", "cold"):
    c = curves[mode]
    at = " / ".join(f"{c[min(k, len(c)) - 1]:.4f}" for k in (1, 3, 6, len(c)))
    r1, r2 = reached(c, target), reached(c, target - 0.005)
    print(f"| {mode} | {at} | {r1 if r1 else 'not reached'} | {r2 if r2 else 'not reached'} |")
for r in rows:
    if r[0] == "gate":
        print()
        print(f"Gate on the warm night 2: {r[1]}")
PY
