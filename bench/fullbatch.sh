#!/usr/bin/env bash
# A full-batch epoch on a mid-sized graph: the product's synthetic graph (500k nodes, avg degree
# 10: 2.5M edges, 128 features, 20 words a node) written as a snapshot, then one full-batch trial
# alone in a JVM (GCN and GraphSAGE, hidden 64, 2 threads): the median epoch (forward, backward,
# step), the snapshot load, peak memory. Prints Markdown; raw rows in bench/results/fullbatch.tsv.
#   bench/fullbatch.sh [nodes] [avg-degree] [epochs]    # defaults: 500000 10 5
set -euo pipefail
cd "$(dirname "$0")/.."
NODES=${1:-500000}
DEGREE=${2:-10}
EPOCHS=${3:-5}
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

source bench/spark-java.sh
source bin/native-env.sh
spark_java -Xmx3g org.autoglm.bench.SnapshotBenchmark "$OUT" "$NODES" "$DEGREE" 20 0 \
  2> "$RESULTS/fullbatch.log"
settle_load
LOAD_TRAIN=$(cut -d' ' -f1-3 /proc/loadavg)
: > "$RESULTS/fullbatch.tsv"
for model in gcn sage; do
  printf "%s\t" "$model" >> "$RESULTS/fullbatch.tsv"
  spark_java -Xmx6g org.autoglm.bench.TrialMemoryBenchmark "$OUT/parts" "$model" full "$EPOCHS" \
    1024 10,5 2 16384 2>> "$RESULTS/fullbatch.log" >> "$RESULTS/fullbatch.tsv"
done
echo "Machine: $(nproc) cores, load $LOAD_TRAIN before training; $NODES nodes, avg degree $DEGREE, hidden 64, 2 threads, median of $EPOCHS epochs"
echo
echo "| model | nodes | edges | snapshot load s | epoch s (target <= 5) | peak RSS MB |"
echo "|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $5, $6, $9 }' "$RESULTS/fullbatch.tsv"
echo; load_line
