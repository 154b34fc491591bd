#!/usr/bin/env bash
# Sampled GraphSAGE throughput against a PyTorch peer: the product's synthetic graph (1M nodes, avg
# degree 10, 128 features, 16 words a node, 2 % training nodes) written as a snapshot; one sampled
# trial alone in a JVM (its store built on local disk, then epochs of batch 1024, fan-outs 10,5,
# 2 threads; the median epoch: sampling, tensors, forward, backward, step, every batch), then
# bench/sampling_peer.py on the same store with the same batch size, fan-outs, threads and model.
# Prints Markdown; raw rows in bench/results/sampling.tsv.
#   bench/sampling.sh [nodes] [epochs] [batch-size] [fanouts]    # defaults: 1000000 3 1024 10,5
set -euo pipefail
cd "$(dirname "$0")/.."
NODES=${1:-1000000}
EPOCHS=${2:-3}
BATCH=${3:-1024}
FANOUTS=${4:-10,5}
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

source bench/spark-java.sh
source bin/native-env.sh
spark_java -Xmx3g org.autoglm.bench.SnapshotBenchmark "$OUT" "$NODES" 10 16 0 \
  data.synthetic.train_fraction=0.02 data.synthetic.val_fraction=0.01 \
  data.synthetic.homophily=0.7 data.synthetic.feature_signal=0.3 2> "$RESULTS/sampling.log"
settle_load
LOAD_TRAIN=$(cut -d' ' -f1-3 /proc/loadavg)
ours=$(spark_java -Xmx1g "-Djava.io.tmpdir=$OUT" org.autoglm.bench.TrialMemoryBenchmark \
  "$OUT/parts" sage neighbors "$EPOCHS" "$BATCH" "$FANOUTS" 2 4096 2>> "$RESULTS/sampling.log")
store=$(find "$OUT" -maxdepth 2 -name store.bin -printf '%h\n' | head -1)
peer=$(/usr/bin/python3 bench/sampling_peer.py "$store" "$BATCH" "$FANOUTS" 2 "$EPOCHS")
printf "ours\t%s\npeer\t%s\n" "$ours" "$peer" > "$RESULTS/sampling.tsv"

echo "Machine: $(nproc) cores, load $LOAD_TRAIN before training; $NODES nodes, batch $BATCH, fan-outs $FANOUTS, 2 threads, median of $EPOCHS epochs"
echo
echo "| side | epoch seconds | training nodes/s |"
echo "|---|---|---|"
ours_rate=$(cut -f6 <<< "$ours")
peer_rate=$(cut -f4 <<< "$peer")
echo "| Open-AutoGLM (DJL, local store) | $(cut -f5 <<< "$ours") | $ours_rate |"
echo "| PyTorch peer (numpy sampler, index_add_) | $(cut -f3 <<< "$peer") | $peer_rate |"
echo
awk -v a="$ours_rate" -v b="$peer_rate" 'BEGIN { printf "Ours / peer, training nodes per second: %.2fx (target >= 1.0)\n", a / b }'
echo; load_line
