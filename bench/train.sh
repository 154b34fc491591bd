#!/usr/bin/env bash
# Training-speed benchmark: our DJL models beside a plain PyTorch peer (bench/torch_peer.py) on
# Cora, same models, sizes and threads, in one run. Prints Markdown; raw rows in bench/results/.
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
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
echo "[bench] ours (DJL $THREADS threads)" >&2
java -Xmx2g -cp "$CP" org.autoglm.bench.TrainBenchmark "$CORA" "$THREADS" "$REPEATS" > "$RESULTS/train-ours.tsv"
echo "[bench] peer (PyTorch $THREADS threads)" >&2
/usr/bin/python3 -W ignore bench/torch_peer.py "$CORA" "$THREADS" "$REPEATS" > "$RESULTS/train-torch.tsv"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
echo
/usr/bin/python3 - "$RESULTS/train-ours.tsv" "$RESULTS/train-torch.tsv" <<'PY'
import sys
def rows(path):
    return {(r[0], r[1]): float(r[3]) for r in (l.split("\t") for l in open(path)) if len(r) == 4}
ours, peer = rows(sys.argv[1]), rows(sys.argv[2])
targets = {"gcn": 1.0, "sage": 1.0, "gat": 1.5}
print("| model | ours ms/step | PyTorch ms/step | ratio (target) | ours s/trial | PyTorch s/trial |")
print("|---|---|---|---|---|---|")
for m in ("gcn", "sage", "gat"):
    o, p = ours[("step", m)], peer[("step", m)]
    mark = "yes" if o / p <= targets[m] else "**no**"
    print(f"| {m} | {o:.2f} | {p:.2f} | {o / p:.2f} (<= {targets[m]}) {mark} "
          f"| {ours[('trial', m)]:.2f} | {peer[('trial', m)]:.2f} |")
PY
