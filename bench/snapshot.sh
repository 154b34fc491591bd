#!/usr/bin/env bash
# The snapshot stage: one task writing it against the parts many tasks write, on the product's
# synthetic graph (collected and cleaned once), on an embedded local[2] Spark. Prints Markdown;
# raw rows in bench/results/snapshot.tsv.
#   bench/snapshot.sh [nodes] [avg-degree] [words-per-node] [rounds]   # defaults: 1000000 10 20 3
set -euo pipefail
cd "$(dirname "$0")/.."
NODES=${1:-1000000}
DEGREE=${2:-10}
WORDS=${3:-20}
ROUNDS=${4:-3}
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

source bench/spark-java.sh
source bin/native-env.sh
echo "Machine: $(nproc) cores, load $LOAD_BEFORE at the start; $NODES nodes, degree $DEGREE, $WORDS words a node"
echo
spark_java -Xmx8g org.autoglm.bench.SnapshotBenchmark "$OUT" "$NODES" "$DEGREE" "$WORDS" "$ROUNDS" \
  2> "$RESULTS/snapshot.log" > "$RESULTS/snapshot.tsv"
echo "| writer | median seconds | parts (nodes, edges) |"
echo "|---|---|---|"
for mode in one_task parts; do
  awk -F'\t' -v m="$mode" '$1 == m { print $3 "\t" $4 ", " $5 }' "$RESULTS/snapshot.tsv" | sort -n |
    awk -F'\t' -v m="$mode" '{ v[NR] = $1; p = $2 } END { printf "| %s | %.1f | %s |\n", m, v[int((NR + 1) / 2)], p }'
done
awk -F'\t' '{ s[$1] += $3; n[$1]++ } END { printf "\nOne task / parts (mean): %.2fx\n", (s["one_task"] / n["one_task"]) / (s["parts"] / n["parts"]) }' "$RESULTS/snapshot.tsv"
echo; load_line
