"""Puts our search benchmark rows beside Optuna's and prints Markdown tables with ratios.

Usage: compare.py <ours.tsv> <optuna.tsv> <hyperband.tsv>
Rows are those printed by SearchBenchmark / optuna_peer.py / HyperbandBenchmark.
"""
import collections
import math
import statistics
import sys

PEER = {"random": "optuna-random", "tpe": "optuna-tpe", "cmaes": "optuna-cmaes", "gp": "optuna-tpe"}
FUNCTIONS = ["branin", "hartmann6", "rosenbrock4"]


def read(paths):
    regret = collections.defaultdict(list)
    overhead = {}
    hyperband = []
    for path in paths:
        for line in open(path):
            p = line.rstrip("\n").split("\t")
            if p[0] == "regret":
                regret[(p[1], p[2], int(p[3]))].append(float(p[6]))
            elif p[0] == "overhead":
                overhead[(p[1], p[2], int(p[4]))] = float(p[5])
            elif p[0] == "hyperband":
                hyperband.append((int(p[2]), int(p[3])))
    return regret, overhead, hyperband


def mann_whitney_p(a, b):
    """Two-sided p-value of the Mann-Whitney U test, normal approximation with tie correction."""
    pooled = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    ranks = [0.0] * len(pooled)
    i = 0
    ties = 0.0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        t = j - i + 1
        ties += t ** 3 - t
        i = j + 1
    n1, n2 = len(a), len(b)
    r1 = sum(r for r, (_, g) in zip(ranks, pooled) if g == 0)
    u = r1 - n1 * (n1 + 1) / 2
    n = n1 + n2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    z = (u - n1 * n2 / 2) / sigma if sigma > 0 else 0
    return math.erfc(abs(z) / math.sqrt(2))


def fmt(v):
    return "%.3g" % v


def main(ours_path, optuna_path, hyperband_path):
    regret, overhead, hyperband = read([ours_path, optuna_path, hyperband_path])
    samplers = ["random", "sobol", "grid", "tpe", "gp", "cmaes", "evolution", "nsga2"]
    seeds = max(len(v) for v in regret.values())
    print("### Simple regret after 100 trials (median of %d seeds; mean in brackets)\n" % seeds)
    print("| sampler | " + " | ".join(FUNCTIONS) + " |")
    print("|---|" + "---|" * len(FUNCTIONS))
    for s in samplers + ["optuna-random", "optuna-tpe", "optuna-cmaes"]:
        if (s, FUNCTIONS[0], 1) not in regret:
            continue
        cells = []
        for f in FUNCTIONS:
            v = regret[(s, f, 1)]
            cells.append("%s (%s)" % (fmt(statistics.median(v)), fmt(statistics.mean(v))))
        print("| %s | %s |" % (s, " | ".join(cells)))

    print("\n### Ours / Optuna, median regret (below 1 is better; target in brackets)\n")
    print("| ours vs peer | " + " | ".join(FUNCTIONS) + " |")
    print("|---|" + "---|" * len(FUNCTIONS))
    targets = {"tpe": "<= 1", "gp": "< 1", "cmaes": "<= 1", "random": "~1, U-test p"}
    for s in ["tpe", "gp", "cmaes", "random"]:
        cells = []
        for f in FUNCTIONS:
            ours, peer = regret.get((s, f, 1)), regret.get((PEER[s], f, 1))
            if not ours or not peer:
                cells.append("-")
                continue
            ratio = statistics.median(ours) / statistics.median(peer)
            if s == "random":
                cells.append("%.2f (p = %.2f)" % (ratio, mann_whitney_p(ours, peer)))
            else:
                ok = ratio <= 1 if s != "gp" else ratio < 1
                cells.append("%s %s" % (fmt(ratio), "yes" if ok else "**no**"))
        print("| %s vs %s (%s) | %s |" % (s, PEER[s], targets[s], " | ".join(cells)))

    batched = [s for s in samplers if (s, FUNCTIONS[0], 8) in regret]
    if batched:
        print("\n### Batches of 8 vs sequential, median regret after 100 trials (target <= 1.5)\n")
        print("| sampler | " + " | ".join(FUNCTIONS) + " |")
        print("|---|" + "---|" * len(FUNCTIONS))
        for s in batched:
            cells = []
            for f in FUNCTIONS:
                ratio = statistics.median(regret[(s, f, 8)]) / statistics.median(regret[(s, f, 1)])
                cells.append("%s / %s = %.2f" % (
                    fmt(statistics.median(regret[(s, f, 8)])),
                    fmt(statistics.median(regret[(s, f, 1)])), ratio))
            print("| %s | %s |" % (s, " | ".join(cells)))

    if overhead:
        print("\n### Milliseconds per suggestion on hartmann6 (mean of the 10 before the mark)\n")
        print("| sampler | at 100 trials | at 1,000 trials | Optuna at 100 | Optuna at 1,000 |")
        print("|---|---|---|---|---|")
        for s in samplers:
            if (s, "hartmann6", 100) not in overhead:
                continue
            peer = PEER.get(s)
            row = [fmt(overhead[(s, "hartmann6", 100)]),
                   fmt(overhead.get((s, "hartmann6", 1000), float("nan")))]
            row += [fmt(overhead[(peer, "hartmann6", k)]) if (peer, "hartmann6", k) in overhead
                    else "-" for k in (100, 1000)]
            print("| %s (peer %s) | %s |" % (s, peer or "-", " | ".join(row)))

    if hyperband:
        rand = statistics.median([r for r, _ in hyperband])
        hb = statistics.median([h for _, h in hyperband])
        print("\n### Hyperband: epochs to target on synthetic learning curves (%d seeds)\n"
              % len(hyperband))
        print("| random search at full budget | Hyperband | speed-up (target >= 3) |")
        print("|---|---|---|")
        print("| %d | %d | %.1fx |" % (rand, hb, rand / hb))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
