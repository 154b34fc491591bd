#!/usr/bin/env bash
# Search-engine benchmark: our samplers beside Optuna 3.1 on branin, hartmann6 and rosenbrock4,
# batch mode, suggestion overhead, and Hyperband time-to-target. Prints Markdown to stdout and
# keeps the raw rows in bench/results/. Needs /usr/bin/python3 with Debian's python3-optuna.
#   bench/search.sh            # 100 trials, 10 seeds (about 15 minutes on 2 cores)
#   SEEDS=3 bench/search.sh    # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-100}
SEEDS=${SEEDS:-10}
FUNCTIONS=branin,hartmann6,rosenbrock4
RESULTS=bench/results
mkdir -p "$RESULTS"

mvn -q -B -DskipTests package -pl bench -am >&2
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
ours() { java -Xmx2g -cp "$CP" org.autoglm.bench.SearchBenchmark "$@"; }
peer() { /usr/bin/python3 bench/optuna_peer.py "$@"; }

echo "[bench] regret, sequential" >&2
ours regret random,sobol,grid,tpe,gp,cmaes,evolution,nsga2 $FUNCTIONS "$TRIALS" "$SEEDS" 1 > "$RESULTS/ours.tsv"
peer regret random,tpe,cmaes $FUNCTIONS "$TRIALS" "$SEEDS" 1 > "$RESULTS/optuna.tsv"
echo "[bench] regret, batches of 8" >&2
ours regret tpe,gp,cmaes $FUNCTIONS "$TRIALS" "$SEEDS" 8 >> "$RESULTS/ours.tsv"
echo "[bench] suggestion overhead up to 1,000 trials" >&2
ours overhead random,tpe,gp,cmaes hartmann6 1000 1 1 >> "$RESULTS/ours.tsv"
peer overhead random,tpe,cmaes hartmann6 1000 1 1 >> "$RESULTS/optuna.tsv"
echo "[bench] hyperband time to target" >&2
java -cp "$CP" org.autoglm.bench.HyperbandBenchmark 20 1.0 8 > "$RESULTS/hyperband.tsv"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), Optuna $(/usr/bin/python3 -c 'import optuna; print(optuna.__version__)')"
echo
/usr/bin/python3 bench/compare.py "$RESULTS/ours.tsv" "$RESULTS/optuna.tsv" "$RESULTS/hyperband.tsv"
