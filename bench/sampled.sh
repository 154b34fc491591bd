#!/usr/bin/env bash
# Sampled against full-batch on a LINQS graph (Cora by default), 10 seeds each, trained
# full-batch and sampled: GCN and GraphSAGE with neighbour sampling (batch size, fan-outs per hop),
# or with MODE=subgraph APPNP, GCNII and JKNet on random-walk subgraphs (batch size = walk roots,
# WALK_LENGTH; fan-outs for validation and test). Prints Markdown: mean test accuracy of each mode
# and the gap, and the sampled runs' weights scored exactly; raw rows in
# bench/results/sampled-accuracy[-synthetic][-subgraph].tsv.
#   [MODE=subgraph WALK_LENGTH=4] [MODELS=gcn] bench/sampled.sh [linqs-dir] [name] [seeds] [batch-size] [fanouts] [epochs] [patience]
#   defaults: ../shared/datasets/cora cora 10 32 10,10 200 100
#   bench/sampled.sh synthetic 200000 3 1024 10,5 100 30   # the product's synthetic graph (avg
#     degree 5, 128 features, 20 words a node; 1 % train, 2 % validation), written as a snapshot
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-../shared/datasets/cora}
NAME=${2:-cora}
SEEDS=${3:-10}
BATCH=${4:-32}
FANOUTS=${5:-10,10}
EPOCHS=${6:-200}
PATIENCE=${7:-100}
MODE=${MODE:-neighbors}
WALK_LENGTH=${WALK_LENGTH:-2}
MODELS=${MODELS:-}
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
TSV=$RESULTS/sampled-accuracy.tsv
[[ "$DIR" == synthetic ]] && TSV=$RESULTS/sampled-accuracy-synthetic.tsv
[[ "$MODE" == subgraph ]] && TSV=${TSV%.tsv}-subgraph.tsv

source bench/spark-java.sh
source bin/native-env.sh
echo "Machine: $(nproc) cores, load $LOAD_BEFORE at the start; $MODE, batch $BATCH, fan-outs $FANOUTS, walk length $WALK_LENGTH, $SEEDS seeds, $EPOCHS epochs (patience $PATIENCE)"
echo
if [[ "$DIR" == synthetic ]]; then
  echo "The product's synthetic graph: $NAME nodes"
  spark_java -Xmx3g org.autoglm.bench.SnapshotBenchmark "$OUT" "$NAME" 5 20 0 \
    data.synthetic.train_fraction=0.01 data.synthetic.val_fraction=0.02 2> "$RESULTS/sampled-snapshot.log"
  DIR=$OUT/parts
  NAME=snapshot
fi
spark_java -Xmx6g org.autoglm.bench.SampledAccuracyBenchmark "$DIR" "$NAME" "$SEEDS" "$BATCH" "$FANOUTS" \
  "$EPOCHS" "$PATIENCE" "$MODE" "$WALK_LENGTH" $MODELS > "$TSV"
echo "| model | full-batch test acc. (mean +/- sd) | sampled | gap (points) | sampled, scored exactly | s/trial full | s/trial sampled |"
echo "|---|---|---|---|---|---|---|"
awk -F'\t' -v mode="$MODE" '
  { k = $1 SUBSEP $2; n[k]++; s[k] += $4; q[k] += $4 * $4; t[k] += $6; x[k] += $7; models[$1] = 1 }
  END {
    for (m in models) {
      f = m SUBSEP "full"; p = m SUBSEP mode
      mf = s[f] / n[f]; mp = s[p] / n[p]
      sf = sqrt(q[f] / n[f] - mf * mf); sp = sqrt(q[p] / n[p] - mp * mp)
      printf "| %s | %.2f %% +/- %.2f | %.2f %% +/- %.2f | %+.2f | %.2f %% | %.1f | %.1f |\n",
        m, 100 * mf, 100 * sf, 100 * mp, 100 * sp, 100 * (mp - mf), 100 * x[p] / n[p], t[f] / n[f], t[p] / n[p]
    }
  }' "$TSV"
echo; load_line
