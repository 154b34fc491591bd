#!/usr/bin/env bash
# Scoring millions of nodes: predict as its tasks run (PredictBenchmark: the session up, every
# scored column materialised) on the product's synthetic graph (avg degree 20, 128 features).
#  1. At SMALL nodes (default 1M): a study's saved GraphSAGE (2 layers, exact 2-hop neighbourhoods)
#     on Spark's local-cluster, one executor of 1 core, then two of 1 core: does predict scale
#     with the cluster?
#  2. At SMALL nodes on the same two executors: the GraphSAGE against an MLP of the distilled
#     student's shape (hidden 256), which scores row by row with no graph: cost per node.
#  3. At BIG nodes (default 4M): the GraphSAGE's predict in one JVM whose heap is capped (-Xmx2g):
#     it must complete, and its peak RSS is reported (memory bounded by tasks, not the graph).
# Prints Markdown; raw rows in bench/results/predict-*.
#   bench/predict.sh [small-nodes] [big-nodes]     # defaults: 1000000 4000000; 0 skips that size's steps
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${1:-1000000}
BIG=${2:-4000000}
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
source bench/spark-java.sh
source bin/native-env.sh predict # the scoring JVMs get what bin/autoglm predict gives them
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, load $LOAD_BEFORE at the start"
echo

experiment() { # nodes model hidden -> yaml
  cat <<EOF
study: {name: predict, seed: 7}
data:
  source: synthetic
  synthetic: {nodes: $1, classes: 10, features: 128, avg_degree: 20.0, homophily: 0.7,
              words_per_node: 16, feature_signal: 0.3, partitions: 32}
split: {method: planetoid, per_class: 2000, val: 10000, test: 20000}
search: {trials: 1, space: {model: $2, lr: 0.01}}
train: {hidden: $3, batching: auto, memory_budget_mb: 2048, batch_size: 1024, fanouts: '10,5',
        epochs: 1, patience: 1, baseline: false}
EOF
}
train() { # nodes model hidden -> the saved model's folder
  experiment "$1" "$2" "$3" > "$OUT/$2-$1.yaml"
  AUTOGLM_DRIVER_MEMORY=3g bin/autoglm run "$OUT/$2-$1.yaml" --set "output.path=$OUT/out-$1" \
    > "$RESULTS/predict-train-$2-$1.log" 2>&1
  grep -o 'saved to predict with): .*' "$RESULTS/predict-train-$2-$1.log" | sed 's/.*: //'
}

# Executors of local-cluster take their classpath from $SPARK_HOME/jars.
export SPARK_HOME="$OUT/spark-home" SPARK_SCALA_VERSION=2.12
mkdir -p "$SPARK_HOME/jars"
touch "$SPARK_HOME/RELEASE"
for jar in ${CP//:/ }; do
  [[ $jar == *.jar ]] && ln -sf "$(realpath "$jar")" "$SPARK_HOME/jars/"
done
ln -sf "$(realpath bench/target/autoglm-bench-0.1.0-SNAPSHOT.jar)" "$SPARK_HOME/jars/"

TSV=$RESULTS/predict.tsv
: > "$TSV"
if (( SMALL > 0 )); then
  gnn=$(train "$SMALL" sage 64)
  mlp=$(train "$SMALL" mlp 256)
  # One call each, as a nightly predict is one: the snapshot packed, each executor's store built, every
  # node scored.
  for run in "local-cluster[1,1,3072] $gnn" "local-cluster[2,1,3072] $gnn" "local-cluster[2,1,3072] $mlp"; do
    read -r master model <<< "$run"
    settle_load
    spark_java -Xmx2g -Dspark.executor.memory=2g org.autoglm.bench.PredictBenchmark "$master" \
      "$OUT/out-$SMALL" predict "$model" 1 2>> "$RESULTS/predict.log" >> "$TSV"
  done
  rm -rf "$OUT/out-$SMALL"
fi
if (( BIG > 0 )); then
  big=$(train "$BIG" sage 64)
  settle_load
  line=$(/usr/bin/time -f "%M" -o "$OUT/rss" java $OPENS -cp "$CP" -Xmx2g org.autoglm.bench.PredictBenchmark \
    "local[2]" "$OUT/out-$BIG" predict "$big" 1 2>> "$RESULTS/predict.log")
  printf "%s\t%s\n" "$line" "$(( $(tail -1 "$OUT/rss") / 1024 ))" >> "$TSV"
fi

echo "| master | model | nodes | seconds | nodes per second | peak RSS of the JVM (MB) |"
echo "|---|---|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %.0f | %s |\n", $1, $2, $3, $4, $3 / $4, NF == 5 ? $5 : "-" }' "$TSV"
awk -F'\t' '$1 ~ /local-cluster\[1/ { one = $4 } $1 ~ /local-cluster\[2/ && $2 == "sage" { two = $4 }
  END { if (one && two) printf "\nGraphSAGE predict, 2 executor cores against 1: %.2fx faster (target >= 1.7x)\n", one / two }' "$TSV"
awk -F'\t' '$1 ~ /local-cluster\[2/ && $2 == "sage" { gnn = $4 / $3 } $1 ~ /local-cluster\[2/ && $2 == "mlp" { mlp = $4 / $3 }
  END { if (gnn && mlp) printf "MLP of the student'"'"'s shape against GraphSAGE, per node on the same 2 executor cores: %.1fx faster (target >= 20x)\n", gnn / mlp }' "$TSV"
echo; load_line
