#!/usr/bin/env bash
# Graphs bigger than a trial: the product's synthetic graph at 1M and 4M nodes (avg degree 20:
# 10M and 40M edges; 128 features), each through the main job as a user runs it (bin/autoglm run: collect, clean,
# snapshot, a 4-trial GraphSAGE/GCN study with train.batching: auto, leaderboard) with the JVM
# capped (-Xmx3g; heap and native together stay under 4 GB); then one sampled trial alone in a JVM
# on each snapshot with its memory watched (peak RSS, private RssAnon, page-cache RssFile) — a
# GraphSAGE on neighbourhoods and an APPNP (10 hops) on random-walk subgraphs — and a full-batch
# trial at 4M, which must refuse with the estimate. Prints Markdown; raw rows in
# bench/results/scale-*.
# Where the cgroup v1 memory controller is writable (root), each JVM also runs under a hard memory
# limit that counts the page cache too (the job 4 GiB, the lone trial 2.5 GiB: its private memory and the store's pages;
# at 1.5 GiB the 4M trial thrashes on the store's page cache): the run must finish
# inside it, and the cgroup's peak usage is reported beside the process's RSS.
#   bench/scale.sh [small-nodes] [big-nodes] [heap]     # defaults: 1000000 4000000 3g
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL=${1:-1000000}
BIG=${2:-4000000}
HEAP=${3:-3g}
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

source bench/spark-java.sh
source bin/native-env.sh
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, load $LOAD_BEFORE at the start"
echo

CGROUP=/sys/fs/cgroup/memory
capped() { # limit-mb name command...: runs the command in a memory cgroup of that limit if it can
  local limit=$1 name=$2
  shift 2
  if [[ -w $CGROUP ]]; then
    local group=$CGROUP/autoglm-$name
    mkdir -p "$group"
    echo $((limit * 1024 * 1024)) > "$group/memory.limit_in_bytes"
    echo 0 > "$group/memory.max_usage_in_bytes"
    sh -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' sh "$group" "$@"
    local status=$?
    echo "$name $limit $(($(cat "$group/memory.max_usage_in_bytes") / 1048576)) $(cat "$group/memory.failcnt")" >> "$OUT/cgroups"
    return $status
  fi
  "$@"
}

experiment() { # nodes -> yaml: labelled nodes as a user's big graph has them (planetoid split)
  cat <<EOF
study: {name: scale, seed: 7}
data:
  source: synthetic
  synthetic: {nodes: $1, classes: 10, features: 128, avg_degree: 20.0, homophily: 0.7,
              words_per_node: 16, feature_signal: 0.3, partitions: 32}
split: {method: planetoid, per_class: 2000, val: 10000, test: 20000}
search:
  trials: 4
  space:
    model: {type: categorical, choices: [sage, gcn]}
    lr: {type: float, low: 0.003, high: 0.03, log: true}
train:
  hidden: 64
  batching: auto
  memory_budget_mb: 2048
  batch_size: 1024
  fanouts: 10,5
  epochs: 3
  patience: 3
  baseline: false
EOF
}

: > "$RESULTS/scale-jobs.tsv"
: > "$RESULTS/scale-trials.tsv"
for nodes in "$SMALL" "$BIG"; do
  experiment "$nodes" > "$OUT/scale-$nodes.yaml"
  AUTOGLM_DRIVER_MEMORY=$HEAP capped 4096 "job-$nodes" /usr/bin/time -f "%e %M" -o "$OUT/time-$nodes" \
    bin/autoglm run "$OUT/scale-$nodes.yaml" --set "output.path=$OUT/out-$nodes" \
    > "$RESULTS/scale-job-$nodes.log" 2>&1
  read -r seconds max_kb < "$OUT/time-$nodes"
  sampled=$(bin/autoglm sql "SELECT count(*) FROM trials WHERE batching <> 'full'" \
    --output "$OUT/out-$nodes" 2> /dev/null | grep -Eo '^[| ]*[0-9]+' | grep -Eo '[0-9]+' | tail -1)
  best=$(awk '/^ +[0-9]+ +COMPLETE/ { print $3; exit }' "$RESULTS/scale-job-$nodes.log")
  printf "%s\t%s\t%s\t%s\t%s\n" "$nodes" "$seconds" "$((max_kb / 1024))" "$sampled" "$best" \
    >> "$RESULTS/scale-jobs.tsv"
  snapshot="$OUT/out-$nodes/graphs/scale/snapshot"
  # One trial alone: the store is built in the JVM's temporary folder, as on an executor.
  capped 2560 "trial-$nodes" java $OPENS -cp "$CP" -Xmx1g "-Djava.io.tmpdir=$OUT" \
    org.autoglm.bench.TrialMemoryBenchmark "$snapshot" sage neighbors 2 1024 10,5 2 2048 2>> "$RESULTS/scale-trials.log" \
    >> "$RESULTS/scale-trials.tsv"
  capped 2560 "trial-subgraph-$nodes" java $OPENS -cp "$CP" -Xmx1g "-Djava.io.tmpdir=$OUT" \
    org.autoglm.bench.TrialMemoryBenchmark "$snapshot" appnp subgraph 2 1024 10,5 2 2048 2>> "$RESULTS/scale-trials.log" \
    >> "$RESULTS/scale-trials.tsv"
  rm -rf "$OUT"/autoglm-graph-*
  if [[ "$nodes" == "$BIG" ]]; then
    spark_java -Xmx1g org.autoglm.bench.TrialMemoryBenchmark \
      "$snapshot" gcn full 2 1024 10,5 2 4096 2>> "$RESULTS/scale-trials.log" \
      >> "$RESULTS/scale-trials.tsv"
  fi
done

echo "| nodes | edges | main job seconds | job peak RSS (MB) | trials sampled (auto) | best val acc. |"
echo "|---|---|---|---|---|---|"
while IFS=$'\t' read -r nodes seconds rss sampled best; do
  edges=$(grep -o "[0-9,]* nodes, [0-9,]* edges" "$RESULTS/scale-job-$nodes.log" | head -1 | cut -d' ' -f3)
  echo "| $nodes | $edges | $seconds | $rss | $sampled of 4 | $best |"
done < "$RESULTS/scale-jobs.tsv"
echo
echo "One sampled trial alone (-Xmx1g; batch 1024, 2 threads): GraphSAGE on neighbourhoods (fan-outs"
echo "10,5), APPNP on random-walk subgraphs (1024 roots, walk length 2; scored on 10,5 neighbourhoods):"
echo
echo "| trial | nodes | store build s | epoch s | training nodes/s | peak RSS MB | private (RssAnon) MB | page cache (RssFile) MB |"
echo "|---|---|---|---|---|---|---|---|"
awk -F'\t' '$3 != "refused" && $3 != "full" { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $3, $1, $4, $5, $6, $8, $9, $10 }' \
  "$RESULTS/scale-trials.tsv"
for mode in neighbors subgraph; do
  awk -F'\t' -v mode=$mode '$3 == mode { rss[++n] = $8; anon[n] = $9 }
    END { if (n == 2) printf "\n%s: peak RSS big / small: %.2fx; private memory: %.2fx (target <= 1.3x)\n", mode, rss[2] / rss[1], anon[2] / anon[1] }' \
    "$RESULTS/scale-trials.tsv"
done
echo
awk -F'\t' '$3 == "refused" { printf "Full-batch GCN at %s nodes (budget 4096 MiB): refused: %s\n", $1, $4 }' \
  "$RESULTS/scale-trials.tsv"
if [[ -f "$OUT/cgroups" ]]; then
  echo
  echo "| run | memory limit (cgroup, page cache counted) MB | peak usage MB | times the limit was hit (pages reclaimed) |"
  echo "|---|---|---|---|"
  while read -r name limit peak hits; do echo "| $name | $limit | $peak | $hits |"; done < "$OUT/cgroups"
fi
echo; load_line
