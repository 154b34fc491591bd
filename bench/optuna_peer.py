"""Optuna 3.1 on the same problems as SearchBenchmark.java, printing the same rows.

Usage: optuna_peer.py regret|overhead <samplers> <functions> <trials> <seeds> <batch>
Samplers: random, tpe, cmaes (Optuna's RandomSampler, TPESampler, CmaEsSampler with defaults).
Batch > 1 asks that many trials before telling any (Optuna's ask/tell interface).
"""
import math
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(x):
    a, b, c = 1.0, 5.1 / (4 * math.pi ** 2), 5 / math.pi
    t = 1 / (8 * math.pi)
    u = x[1] - b * x[0] ** 2 + c * x[0] - 6
    return a * u * u + 10 * (1 - t) * math.cos(x[0]) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
     [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
     [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
     [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6)))
                for i in range(4))


def levy4(x):
    w = [1 + (v - 1) / 4 for v in x]
    total = math.sin(math.pi * w[0]) ** 2
    for v in w[:-1]:
        total += (v - 1) ** 2 * (1 + 10 * math.sin(math.pi * v + 1) ** 2)
    return total + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


def rosenbrock4(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


FUNCTIONS = {
    "branin": (branin, [(-5, 10), (0, 15)], 0.397887357729739),
    "hartmann6": (hartmann6, [(0, 1)] * 6, -3.322368011391339),
    "rosenbrock4": (rosenbrock4, [(-5, 10)] * 4, 0.0),
    "levy4": (levy4, [(-10, 10)] * 4, 0.0),
}


def sampler(name, seed):
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    raise SystemExit("unknown sampler " + name)


def run(name, function, trials, seed, batch, nanos):
    f, bounds, _ = FUNCTIONS[function]
    study = optuna.create_study(sampler=sampler(name, seed), direction="minimize")
    best = float("inf")
    done = 0
    while done < trials:
        asked = []
        for _ in range(min(batch, trials - done)):
            start = time.perf_counter_ns()
            trial = study.ask()
            x = [trial.suggest_float("x%d" % i, lo, hi) for i, (lo, hi) in enumerate(bounds)]
            if nanos is not None:
                nanos.append(time.perf_counter_ns() - start)
            asked.append((trial, x))
        for trial, x in asked:
            value = f(x)
            best = min(best, value)
            study.tell(trial, value)
        done += len(asked)
    return best


def main(argv):
    if len(argv) != 7:
        raise SystemExit(__doc__)
    mode, samplers, functions = argv[1], argv[2].split(","), argv[3].split(",")
    trials, seeds, batch = int(argv[4]), int(argv[5]), int(argv[6])
    for name in samplers:
        for function in functions:
            if mode == "regret":
                for seed in range(seeds):
                    best = run(name, function, trials, seed, batch, None)
                    print("regret\toptuna-%s\t%s\t%d\t%d\t%d\t%.6g" % (
                        name, function, batch, seed, trials, best - FUNCTIONS[function][2]),
                          flush=True)
            else:
                nanos = []
                run(name, function, trials, 0, batch, nanos)
                for at in (100, 1000):
                    if at <= trials:
                        ms = sum(nanos[at - 10:at]) / 10 / 1e6
                        print("overhead\toptuna-%s\t%s\t%d\t%d\t%.3f" % (
                            name, function, batch, at, ms), flush=True)


if __name__ == "__main__":
    main(sys.argv)
