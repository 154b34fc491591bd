#!/usr/bin/env bash
# Training-speed benchmark: our DJL models beside a plain PyTorch peer (bench/torch_peer.py) on
# Cora, same models, sizes and threads, taking turns trial by trial (bench/train_pairs.py).
# Prints Markdown; raw rows in bench/results/train-pairs.tsv.
# Needs /usr/bin/python3 with Debian's python3-torch and the Cora files.
#   bench/train.sh [cora-dir] [threads] [repeats]    # defaults: ../shared/datasets/cora 2 5
set -euo pipefail
cd "$(dirname "$0")/.."
CORA=${1:-../shared/datasets/cora}
THREADS=${2:-2}
REPEATS=${3:-5}
RESULTS=bench/results
mkdir -p "$RESULTS"

mvn -q -B -DskipTests package -pl bench -am >&2
# Both workers run with the malloc settings our launcher uses (see the file).
source bin/native-env.sh
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
echo
/usr/bin/python3 -W ignore bench/train_pairs.py "$REPEATS" --raw "$RESULTS/train-pairs.tsv" \
  --ours java -Xmx2g -cp "$CP" org.autoglm.bench.TrainBenchmark "$CORA" "$THREADS" \
  --peer /usr/bin/python3 -W ignore bench/torch_peer.py "$CORA" "$THREADS"
