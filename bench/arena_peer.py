"""PyTorch's side of bench/arena.sh: two GAT trials at once on two Python threads, one PyTorch
thread each (as automl_peer.py's optimize(n_jobs=2) runs them), torch_peer.py's GAT: per width, a
trial of that width beside one of the published 8 x 8, one warm-up round, then the median
milliseconds per epoch of the first (tensors, steps and an evaluation each epoch) over the rounds.

Usage: arena_peer.py <cora-dir> <epochs> <rounds> <hidden>x<heads>...
"""
import statistics
import sys
import threading
import time

import torch

import torch_peer


def trial(g, hidden, heads, epochs, seed, out=None):
    torch.manual_seed(seed)
    start = time.perf_counter()
    t = torch_peer.tensors(g)
    model = torch_peer.Gat(g["f"], hidden, g["c"], heads)
    opt = torch.optim.Adam(model.groups(5e-4), lr=0.005)
    train, val = t["masks"]["train"], t["masks"]["val"]
    for _ in range(epochs):
        pred = torch_peer.epoch(model, opt, t, train)
        (pred[val] == t["y"][val]).float().mean().item()
    if out is not None:
        out.append(1000 * (time.perf_counter() - start) / epochs)


def side_by_side(g, hidden, heads, epochs, rounds):
    millis = []
    for _ in range(rounds):
        threads = [threading.Thread(target=trial, args=(g, hidden, heads, epochs, 0, millis)),
                   threading.Thread(target=trial, args=(g, 8, 8, epochs, 1))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return millis


def main(argv):
    folder, epochs, rounds = argv[0], int(argv[1]), int(argv[2])
    torch.set_num_threads(1)
    g = torch_peer.load(folder)
    for width in argv[3:]:
        hidden, heads = (int(v) for v in width.split("x"))
        side_by_side(g, hidden, heads, 10, 1)  # warm-up
        print(f"{width}\t{statistics.median(side_by_side(g, hidden, heads, epochs, rounds)):.1f}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
