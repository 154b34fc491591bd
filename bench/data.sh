#!/usr/bin/env bash
# Data-pipeline scale benchmark: the synthetic graph at 1M nodes / 10M edges on local[2] with a
# 1 GB heap (-Xmx1g: in local mode driver and executors share it), collect + clean + augment
# (3 views), clean again with the near-duplicate rule, the feature pipeline [tfidf, standardize,
# pca: 64], beside a plain Spark SQL baseline on the same raw Parquet. Prints Markdown.
#   bench/data.sh [nodes] [avg-degree] [views] [partitions]   # defaults: 1000000 20 3 16
set -euo pipefail
cd "$(dirname "$0")/.."
NODES=${1:-1000000}
DEGREE=${2:-20}
VIEWS=${3:-3}
PARTITIONS=${4:-16}
RESULTS=bench/results
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$RESULTS"

# shellcheck source=bench/spark-java.sh
source bench/spark-java.sh
spark_java -Xmx1g org.autoglm.bench.DataBenchmark "$OUT" "$NODES" "$DEGREE" "$VIEWS" "$PARTITIONS" \
  > "$RESULTS/data.tsv"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), local[2], -Xmx1g; $NODES nodes, avg degree $DEGREE, $VIEWS views"
load_line
echo
/usr/bin/python3 - "$RESULTS/data.tsv" <<'PY'
import sys
rows = {}
heap = None
for line in open(sys.argv[1]):
    r = line.rstrip("\n").split("\t")
    if r[0] == "peak_heap_mb":
        heap = (int(r[1]), int(r[3]))
    else:
        rows[r[0]] = (float(r[1]), int(r[2]), float(r[3]))
base = rows["baseline"][0]
print("| stage | seconds | edges in | edges/s | time / baseline |")
print("|---|---|---|---|---|")
for stage in ("collect", "clean", "augment", "clean_near_duplicates", "features", "baseline"):
    s, e, rate = rows[stage]
    ratio = f"{s / base:.2f}" + (" (target <= 2.0)" if stage == "clean" else "")
    print(f"| {stage} | {s:.1f} | {e:,} | {rate:,.0f} | {ratio} |")
clean = rows["clean"][0]
print()
print(f"The near-duplicate rule (clean.near_duplicate_jaccard: 0.9) adds {rows['clean_near_duplicates'][0] - clean:.1f} s to clean "
      f"({rows['clean_near_duplicates'][0] / clean:.2f}x clean without it); the feature pipeline "
      f"[tfidf, standardize, pca: 64] takes {rows['features'][0]:.1f} s.")
print()
print(f"Heap: old-generation peak {heap[0]} MB; limit (-Xmx) {heap[1]} MB, driver and executors together.")
PY
