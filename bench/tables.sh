#!/usr/bin/env bash
# Journal write cost: one trial row appended as a Delta commit (the trials table now) against a
# plain Parquet append (before), taking turns, then the end-of-run compaction. Prints Markdown;
# raw rows in bench/results/tables.tsv.
#   bench/tables.sh [appends]    # default 60
set -euo pipefail
cd "$(dirname "$0")/.."
APPENDS=${1:-60}
RESULTS=bench/results
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$RESULTS"

# shellcheck source=bench/spark-java.sh
source bench/spark-java.sh
spark_java -Xmx2g org.autoglm.bench.TablesBenchmark "$OUT" "$APPENDS" 2>/dev/null \
  > "$RESULTS/tables.tsv"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1); local[2], local disk; $APPENDS appends each"
load_line
echo
/usr/bin/python3 - "$RESULTS/tables.tsv" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
t = {"delta": [], "parquet": []}
for r in rows:
    if r[0] == "append" and int(r[2]) >= 5:  # the first appends warm the JVM up
        t[r[1]].append(float(r[3]))
d, p = statistics.median(t["delta"]), statistics.median(t["parquet"])
print("| append of one trial row | median ms | p90 ms | ratio |")
print("|---|---|---|---|")
for name, v in (("Delta commit (now)", t["delta"]), ("plain Parquet (before)", t["parquet"])):
    q = statistics.quantiles(v, n=10)[-1]
    print(f"| {name} | {statistics.median(v):.0f} | {q:.0f} | {statistics.median(v) / p:.2f} |")
for r in rows:
    if r[0] == "compact":
        print()
        print(f"End-of-run compaction (OPTIMIZE of the partition, {r[2]} rows): {float(r[1]):.0f} ms")
PY
