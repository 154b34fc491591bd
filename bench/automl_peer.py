"""The AutoML study a graph-ML user would otherwise write, for bench/automl.sh: Optuna 3.1 TPE
driving the PyTorch peer models of torch_peer.py (GCN, GraphSAGE, GAT) on Cora.

Same study as bench/automl.yaml on our side: the same space (those three families and their
knobs, same ranges), the same three published configurations tried first (enqueue_trial), the
same trial budget, Hyperband from 50 epochs with eta 3 up to 500, early stopping after 100 epochs
without a better validation accuracy, and the same threads: <jobs> trials at once with one
PyTorch thread each (`optimize(n_jobs=...)`, in-memory storage). Two other ways to run trials in
parallel were tried and were slower or broke: two processes sharing an SQLite study (each epoch's
report is a transaction: about 3x the time) and sharing 3.1's journal file (a worker died reading a
half-written line). The chosen model is the best trial by validation accuracy, as Optuna reports it.

Prints one tab-separated line:

  seed  wall_seconds  complete  pruned  chosen_trial  chosen_model  val_accuracy  test_accuracy
  loop_seconds

wall_seconds from main's start (after the imports; bench/automl.sh times the whole command),
loop_seconds the study's optimize() alone.

Usage: automl_peer.py <cora-dir> <seed> <trials> <jobs>
"""
import sys
import time

import optuna
import torch

import torch_peer

EPOCHS, PATIENCE = 500, 100
PORTFOLIO = [
    dict(model="gat", hidden=8, heads=8, lr=0.005, dropout=0.6, attention_dropout=0.6,
         weight_decay=5e-4, decay_scope="all", activation="elu"),
    dict(model="gcn", hidden=16, lr=0.01, dropout=0.5, weight_decay=5e-4, decay_scope="first",
         activation="relu"),
    dict(model="sage", hidden=64, lr=0.01, dropout=0.5, weight_decay=5e-4, decay_scope="all",
         activation="relu"),
]


def build(trial, g):
    name = trial.suggest_categorical("model", ["gcn", "gat", "sage"])
    lr = trial.suggest_float("lr", 0.002, 0.05, log=True)
    hidden = trial.suggest_int("hidden", 8, 128, log=True)
    dropout = trial.suggest_float("dropout", 0.1, 0.8)
    decay = trial.suggest_float("weight_decay", 1e-5, 1e-2, log=True)
    decay_all = trial.suggest_categorical("decay_scope", ["first", "all"]) == "all"
    activation = trial.suggest_categorical("activation", ["relu", "elu"])
    if name == "gat":
        heads = trial.suggest_int("heads", 4, 8, step=4)
        attention_dropout = trial.suggest_float("attention_dropout", 0.0, 0.7)
        model = torch_peer.Gat(g["f"], hidden, g["c"], heads, dropout, attention_dropout,
                               activation, decay_all)
    elif name == "sage":
        model = torch_peer.Sage(g["f"], hidden, g["c"], dropout, activation, decay_all)
    else:
        model = torch_peer.Gcn(g["f"], hidden, g["c"], dropout, activation, decay_all)
    return model, torch.optim.Adam(model.groups(decay), lr=lr)


def objective(trial, g, t, seed):
    torch.manual_seed(seed * 100_003 + trial.number)
    model, opt = build(trial, g)
    train, val, test = (t["masks"][r] for r in ("train", "val", "test"))
    best_val, best_test, since = -1.0, 0.0, 0
    start = time.perf_counter()
    for epoch in range(1, EPOCHS + 1):
        pred = torch_peer.epoch(model, opt, t, train)
        acc = (pred[val] == t["y"][val]).float().mean().item()
        if acc > best_val:
            best_val, since = acc, 0
            best_test = (pred[test] == t["y"][test]).float().mean().item()
            trial.set_user_attr("test_accuracy", best_test)
        else:
            since += 1
        trial.report(best_val, epoch)
        if since >= PATIENCE:
            break
        if trial.should_prune():
            log(trial, epoch, start, "pruned")
            raise optuna.TrialPruned()
    log(trial, epoch, start, "complete")
    return best_val


def log(trial, epochs, start, state):
    """One stderr line per trial, to compare where each side's time goes."""
    print(f"trial\t{trial.number}\t{trial.params['model']}\t{epochs}\t"
          f"{time.perf_counter() - start:.2f}\t{state}", file=sys.stderr, flush=True)


def sampler(seed):
    return optuna.samplers.TPESampler(seed=seed)


def pruner():
    return optuna.pruners.HyperbandPruner(min_resource=50, max_resource=EPOCHS, reduction_factor=3)


def main(argv):
    folder, seed, trials, jobs = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    start = time.perf_counter()
    torch.set_num_threads(1)  # per trial: jobs trials run at once, as ours on `jobs` cores
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    g = torch_peer.load(folder)
    t = torch_peer.tensors(g)
    study = optuna.create_study(direction="maximize", sampler=sampler(seed), pruner=pruner())
    for params in PORTFOLIO:
        study.enqueue_trial(params)
    loop_start = time.perf_counter()
    study.optimize(lambda trial: objective(trial, g, t, seed), n_trials=trials, n_jobs=jobs)
    loop = time.perf_counter() - loop_start
    wall = time.perf_counter() - start
    states = [t.state for t in study.get_trials()]
    best = study.best_trial
    print(f"{seed}\t{wall:.1f}\t{states.count(optuna.trial.TrialState.COMPLETE)}\t"
          f"{states.count(optuna.trial.TrialState.PRUNED)}\t{best.number}\t{best.params['model']}\t"
          f"{best.value:.4f}\t{best.user_attrs['test_accuracy']:.4f}\t{loop:.1f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
