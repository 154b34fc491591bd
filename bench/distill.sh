#!/usr/bin/env bash
# A GCN teacher distilled into an MLP student that needs no graph, against the MLP on the labels
# alone, seed by seed (DistillationBenchmark). Students: the product's distill.* defaults, with any
# overrides given. Prints Markdown: mean test accuracy of teacher, MLP and student; raw rows in
# bench/results/distill.tsv.
#   bench/distill.sh [linqs-dir] [name] [seeds] [distill.key=value ...]
#   defaults: ../shared/datasets/cora cora 10; e.g. distill.alpha=0 distill.student.dropout=0.6;
#   structure=rp:3:64,lp:3 gives the students structural features (StructureFeatures)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/datasets/cora}
NAME=${2:-cora}
SEEDS=${3:-10}
shift $(( $# < 3 ? $# : 3 ))  # the rest: distill.* overrides
RESULTS=bench/results
mkdir -p "$RESULTS"
TSV=$RESULTS/distill.tsv
source bench/spark-java.sh
source bin/native-env.sh
echo "Machine: $(nproc) cores, load $LOAD_BEFORE at the start; $NAME, $SEEDS seeds; distill.* defaults${*:+ with $*}"
echo
spark_java -Xmx3g org.autoglm.bench.DistillationBenchmark "$DIR" "$NAME" "$SEEDS" "$@" > "$TSV"
echo "| GCN teacher | MLP on the labels | MLP student | student - teacher | student - MLP |"
echo "|---|---|---|---|---|"
awk -F'\t' '{ n++; t += $2; m += $3; s += $4 }
  END { printf "| %.2f %% | %.2f %% | %.2f %% | %+.2f | %+.2f |\n", 100*t/n, 100*m/n, 100*s/n, 100*(s-t)/n, 100*(s-m)/n }' "$TSV"
echo; load_line
