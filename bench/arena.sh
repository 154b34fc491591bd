#!/usr/bin/env bash
# Two GAT trials at once on Cora, one thread each, as a study on two cores runs them: a trial of
# each width beside one of the published 8 x 8; ours with glibc's default malloc arenas and with
# the one arena bin/native-env.sh sets (MALLOC_ARENA_MAX=1, see lib/.../train/NativeEnvironment.java),
# beside PyTorch doing the same on two Python threads. Milliseconds per epoch of the first trial
# (whole trial: tensors, steps, an evaluation each epoch), median over the rounds.
# Needs /usr/bin/python3 with Debian's python3-torch and the Cora files.
#   bench/arena.sh [cora-dir] [epochs] [rounds]      # defaults: ../shared/datasets/cora 60 3
set -euo pipefail
cd "$(dirname "$0")/.."
CORA=${1:-../shared/datasets/cora}
EPOCHS=${2:-60}
ROUNDS=${3:-3}
WIDTHS=(8x8 64x4 117x4 114x8)
RESULTS=bench/results
mkdir -p "$RESULTS"
: > "$RESULTS/arena-ours.log"  # the JVMs' stderr

mvn -q -B -DskipTests package -pl bench -am >&2
source bin/native-env.sh
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
ours() { # $1: MALLOC_ARENA_MAX, or nothing for glibc's default
  local run=(java -Xmx2g -cp "$CP" org.autoglm.bench.SideBySideGatBenchmark "$CORA" "$EPOCHS" "$ROUNDS" "${WIDTHS[@]}")
  if [[ -z "${1:-}" ]]; then env -u MALLOC_ARENA_MAX "${run[@]}"; else MALLOC_ARENA_MAX=$1 "${run[@]}"; fi 2>> "$RESULTS/arena-ours.log"
}
echo "Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the start, $(java -version 2>&1 | head -1)," \
  "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
echo
ours > "$RESULTS/arena-default.tsv"
ours 1 > "$RESULTS/arena-one.tsv"
/usr/bin/python3 -W ignore bench/arena_peer.py "$CORA" "$EPOCHS" "$ROUNDS" "${WIDTHS[@]}" > "$RESULTS/arena-pytorch.tsv"

echo "| GAT hidden x heads | ours, default arenas: ms/epoch | ours, one arena | PyTorch | one arena / default | one arena / PyTorch |"
echo "|---|---|---|---|---|---|"
paste "$RESULTS/arena-default.tsv" "$RESULTS/arena-one.tsv" "$RESULTS/arena-pytorch.tsv" |
  awk -F'\t' '{printf "| %s | %.1f | %.1f | %.1f | %.2f | %.2f |\n", $1, $2, $4, $6, $4 / $2, $4 / $6}'
