"""The peer of the report benchmark: Optuna 3.1's visualisation of the same trials (plotly), the
figures a study report shows, written as one self-contained HTML file (plotly.js inlined once).

usage: report_peer.py <trials.tsv> <out.html> <rounds>
prints TSV rows: peer, round, load_ms, figures_ms, write_ms, bytes
"""
import json
import os
import sys
import time

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

optuna.logging.set_verbosity(optuna.logging.ERROR)
DISTRIBUTIONS = {
    "lr": FloatDistribution(1e-4, 0.1, log=True),
    "model": CategoricalDistribution(["gcn", "gat", "sage"]),
    "hidden": IntDistribution(8, 127),
    "dropout": FloatDistribution(0.0, 0.8),
    "weight_decay": FloatDistribution(1e-6, 1e-2, log=True),
    "heads": IntDistribution(1, 8),
}


def load(path):
    study = optuna.create_study(direction="maximize")
    trials = []
    for line in open(path):
        tid, value, params, curve = line.rstrip("\n").split("\t")
        params = json.loads(params)
        trials.append(optuna.trial.create_trial(
            params=params, distributions={k: DISTRIBUTIONS[k] for k in params}, value=float(value),
            intermediate_values={i + 1: float(v) for i, v in enumerate(curve.split(","))}))
    study.add_trials(trials)
    return study


def main():
    path, out, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    from optuna import visualization as vis
    for r in range(1, rounds + 1):
        t0 = time.perf_counter()
        study = load(path)
        t1 = time.perf_counter()
        figures = [vis.plot_optimization_history(study), vis.plot_slice(study),
                   vis.plot_parallel_coordinate(study), vis.plot_param_importances(study),
                   vis.plot_intermediate_values(study)]
        t2 = time.perf_counter()
        with open(out, "w") as f:
            f.write("<html><body>")
            for i, fig in enumerate(figures):
                f.write(fig.to_html(full_html=False, include_plotlyjs=(i == 0)))
            f.write("</body></html>")
        t3 = time.perf_counter()
        print(f"peer\t{r}\t{(t1 - t0) * 1e3:.1f}\t{(t2 - t1) * 1e3:.1f}\t{(t3 - t2) * 1e3:.1f}"
              f"\t{os.path.getsize(out)}", flush=True)


if __name__ == "__main__":
    main()
