#!/usr/bin/env bash
# The report of a 1,000-trial study (100 epochs each in trial_epochs), synthesised into real
# tables: read from the tables, rendered, written, against the peer, Optuna 3.1's plotly figures
# of the same trials (history, slice, parallel coordinates, importance, intermediate values) in
# one self-contained HTML file. Prints Markdown; raw rows in bench/results/report.tsv.
#   bench/report.sh [trials] [rounds]    # defaults: 1000 3
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${1:-1000}
ROUNDS=${2:-3}
RESULTS=bench/results
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$RESULTS"

# shellcheck source=bench/spark-java.sh
source bench/spark-java.sh
spark_java -Xmx2g org.autoglm.bench.ReportBenchmark "$OUT" "$TRIALS" 100 "$ROUNDS" 2>/dev/null \
  > "$RESULTS/report.tsv"
/usr/bin/python3 bench/report_peer.py "$OUT/trials.tsv" "$OUT/peer.html" "$ROUNDS" \
  >> "$RESULTS/report.tsv"

echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(/usr/bin/python3 -c 'import optuna, plotly; print("Optuna", optuna.__version__, "plotly", plotly.__version__)')"
echo "$TRIALS trials x 100 epochs; local[2]; medians of rounds 2..$ROUNDS (round 1 warms up)"
load_line
echo
/usr/bin/python3 - "$RESULTS/report.tsv" <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
def med(kind, col):
    vals = [float(r[col]) for r in rows if r[0] == kind and int(r[1]) > 1] or \
           [float(r[col]) for r in rows if r[0] == kind]
    return statistics.median(vals)
ours = {k: med("report", i) for k, i in [("read", 2), ("render", 3), ("write", 4), ("bytes", 5)]}
peer = {k: med("peer", i) for k, i in [("read", 2), ("render", 3), ("write", 4), ("bytes", 5)]}
t_ours = ours["read"] + ours["render"] + ours["write"]
t_peer = peer["read"] + peer["render"] + peer["write"]
print("| | read trials (ms) | figures / render (ms) | write (ms) | total (s) | file (MB) |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| autoglm report (Delta tables, ECharts) | {ours['read']:.0f} | {ours['render']:.0f} | {ours['write']:.0f} | {t_ours/1e3:.2f} | {ours['bytes']/1e6:.2f} |")
print(f"| Optuna 3.1 + plotly (in-memory study) | {peer['read']:.0f} | {peer['render']:.0f} | {peer['write']:.0f} | {t_peer/1e3:.2f} | {peer['bytes']/1e6:.2f} |")
print(f"\nours / peer: time {t_ours/t_peer:.2f}x, file size {ours['bytes']/peer['bytes']:.2f}x"
      f" (targets: <= 5 s and <= 5 MB)")
PY
