"""Plain PyTorch peer for bench/train.sh: GCN, GraphSAGE and GAT on Cora with the same sizes,
threads and sparse features as TrainBenchmark, written as a PyTorch user would (torch.sparse.mm,
index_select / index_add_ / scatter_reduce). A worker with TrainBenchmark's protocol: after a
warm-up it prints "ready"; then for each line "<model> <seed>" on standard input it trains one
trial and prints

  model  seed  median_ms_per_step  trial_seconds

(a step is forward + backward + update; a trial is 200 epochs from arrays, evaluating each epoch),
and the trial's test accuracy at the best validation epoch on standard error.

Usage: torch_peer.py <cora-dir> <threads>
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

EPOCHS = 200


def load(folder):
    content = [l.rstrip("\n").split("\t") for l in open(f"{folder}/cora.content")]
    ids = {row[0]: i for i, row in enumerate(content)}
    classes = sorted({row[-1] for row in content})
    rows, cols, vals = [], [], []
    for i, row in enumerate(content):
        for j, v in enumerate(row[1:-1]):
            if v != "0":
                rows.append(i)
                cols.append(j)
                vals.append(float(v))
    labels = [classes.index(row[-1]) for row in content]
    edges = []
    for line in open(f"{folder}/cora.cites"):
        a, b = line.split()
        edges.append((ids[b], ids[a]))
    split = {}
    for line in open(f"{folder}/cora.split"):
        key, role = line.split()
        split[ids[key]] = role
    return dict(n=len(content), f=len(content[0]) - 2, c=len(classes), rows=rows, cols=cols,
                vals=vals, labels=labels, edges=edges, split=split)


def tensors(g):
    """Arrays to tensors, as the trial does: row-normalised sparse features, undirected edges."""
    n = g["n"]
    x = torch.sparse_coo_tensor([g["rows"], g["cols"]], g["vals"], (n, g["f"])).coalesce()
    rowsum = torch.sparse.sum(x, 1).to_dense()
    scale = torch.where(rowsum > 0, 1 / rowsum, torch.ones_like(rowsum))
    xi = x.indices()
    x = torch.sparse_coo_tensor(xi, x.values() * scale[xi[0]], x.shape).coalesce()
    e = torch.tensor(g["edges"]).t()
    e = e[:, e[0] != e[1]]
    pairs = torch.unique(torch.cat([e, e.flip(0)], 1), dim=1)
    loops = torch.arange(n).repeat(2, 1)
    with_loops = torch.cat([pairs, loops], 1)
    deg = torch.zeros(n).index_add_(0, with_loops[0], torch.ones(with_loops.shape[1]))
    gcn = torch.sparse_coo_tensor(
        with_loops, (deg[with_loops[0]] * deg[with_loops[1]]).rsqrt(), (n, n)).coalesce()
    deg0 = torch.zeros(n).index_add_(0, pairs[0], torch.ones(pairs.shape[1]))
    mean = torch.sparse_coo_tensor(pairs, 1 / deg0[pairs[0]], (n, n)).coalesce()
    y = torch.tensor(g["labels"])
    masks = {r: torch.tensor([g["split"].get(i) == r for i in range(n)]) for r in ("train", "val", "test")}
    return dict(x=x, gcn=gcn, mean=mean, edges=with_loops, y=y, masks=masks)


def glorot(*shape):
    w = torch.empty(*shape)
    torch.nn.init.xavier_uniform_(w)
    return w.requires_grad_()


def sparse_dropout(x, p, training):
    if not training:
        return x
    return torch.sparse_coo_tensor(x.indices(), F.dropout(x.values(), p, True), x.shape)


ACTIVATIONS = {"relu": torch.relu, "elu": F.elu}


class Gcn(torch.nn.Module):
    """Kipf and Welling's two-layer GCN; weight decay on the first layer, or on all weights."""

    def __init__(s, f, h, c, dropout=0.5, activation="relu", decay_all=False):
        super().__init__()
        s.dropout, s.act, s.decay_all = dropout, ACTIVATIONS[activation], decay_all
        s.w1, s.b1 = torch.nn.Parameter(glorot(f, h)), torch.nn.Parameter(torch.zeros(h))
        s.w2, s.b2 = torch.nn.Parameter(glorot(h, c)), torch.nn.Parameter(torch.zeros(c))

    def forward(s, t):
        x = sparse_dropout(t["x"], s.dropout, s.training)
        h = s.act(torch.sparse.mm(t["gcn"], torch.sparse.mm(x, s.w1)) + s.b1)
        h = F.dropout(h, s.dropout, s.training)
        return torch.sparse.mm(t["gcn"], h @ s.w2) + s.b2

    def groups(s, decay):
        decayed = [s.w1, s.w2] if s.decay_all else [s.w1]
        rest = [p for p in (s.b1, s.w2, s.b2) if all(p is not d for d in decayed)]
        return [dict(params=decayed, weight_decay=decay), dict(params=rest, weight_decay=0)]


class Sage(torch.nn.Module):
    def __init__(s, f, h, c, dropout=0.5, activation="relu", decay_all=True):
        super().__init__()
        s.dropout, s.act, s.decay_all = dropout, ACTIVATIONS[activation], decay_all
        s.r1, s.n1, s.b1 = (torch.nn.Parameter(glorot(f, h)), torch.nn.Parameter(glorot(f, h)),
                            torch.nn.Parameter(torch.zeros(h)))
        s.r2, s.n2, s.b2 = (torch.nn.Parameter(glorot(h, c)), torch.nn.Parameter(glorot(h, c)),
                            torch.nn.Parameter(torch.zeros(c)))

    def forward(s, t):
        x = sparse_dropout(t["x"], s.dropout, s.training)
        h = torch.sparse.mm(x, s.r1) + torch.sparse.mm(t["mean"], torch.sparse.mm(x, s.n1)) + s.b1
        h = F.dropout(s.act(h), s.dropout, s.training)
        return h @ s.r2 + torch.sparse.mm(t["mean"], h @ s.n2) + s.b2

    def groups(s, decay):
        decayed = [s.r1, s.n1, s.r2, s.n2] if s.decay_all else [s.r1, s.n1]
        rest = [p for p in (s.b1, s.r2, s.n2, s.b2) if all(p is not d for d in decayed)]
        return [dict(params=decayed, weight_decay=decay), dict(params=rest, weight_decay=0)]


class GatLayer(torch.nn.Module):
    def __init__(s, f, h, heads, concat, attention_dropout=0.6):
        super().__init__()
        s.heads, s.h, s.concat, s.attention_dropout = heads, h, concat, attention_dropout
        s.w = torch.nn.Parameter(glorot(f, heads * h))
        s.a_src = torch.nn.Parameter(glorot(1, heads, h))
        s.a_dst = torch.nn.Parameter(glorot(1, heads, h))
        s.b = torch.nn.Parameter(torch.zeros(heads * h if concat else h))

    def forward(s, x, edges, training):
        n = x.shape[0]
        wh = (torch.sparse.mm(x, s.w) if x.is_sparse else x @ s.w).view(n, s.heads, s.h)
        src, dst = edges[1], edges[0]
        e = F.leaky_relu((wh * s.a_src).sum(-1)[src] + (wh * s.a_dst).sum(-1)[dst], 0.2)
        emax = torch.full((n, s.heads), -1e30).scatter_reduce(0, dst[:, None].expand_as(e), e, "amax")
        ex = (e - emax[dst]).exp()
        denom = torch.zeros(n, s.heads).index_add_(0, dst, ex)
        alpha = F.dropout(ex / denom[dst], s.attention_dropout, training)
        out = torch.zeros(n, s.heads, s.h).index_add_(0, dst, wh[src] * alpha[..., None])
        return (out.reshape(n, -1) if s.concat else out.mean(1)) + s.b


class Gat(torch.nn.Module):
    def __init__(s, f, h, c, heads=8, dropout=0.6, attention_dropout=0.6, activation="elu",
                 decay_all=True):
        super().__init__()
        s.dropout, s.act, s.decay_all = dropout, ACTIVATIONS[activation], decay_all
        s.l1 = GatLayer(f, h, heads, True, attention_dropout)
        s.l2 = GatLayer(heads * h, c, 1, False, attention_dropout)

    def forward(s, t):
        x = sparse_dropout(t["x"], s.dropout, s.training)
        h = s.act(s.l1(x, t["edges"], s.training))
        h = F.dropout(h, s.dropout, s.training)
        return s.l2(h, t["edges"], s.training)

    def groups(s, decay):
        if not s.decay_all:
            return [dict(params=list(s.l1.parameters()), weight_decay=decay),
                    dict(params=list(s.l2.parameters()), weight_decay=0)]
        return [dict(params=list(s.parameters()), weight_decay=decay)]


SETTINGS = {"gcn": (Gcn, 16, 0.01), "sage": (Sage, 64, 0.01), "gat": (Gat, 8, 0.005)}


def epoch(model, opt, t, train):
    """One training step on the training nodes, then every node's predicted class."""
    model.train()
    opt.zero_grad()
    F.cross_entropy(model(t)[train], t["y"][train]).backward()
    opt.step()
    model.eval()
    with torch.no_grad():
        return model(t).argmax(1)


def trial(g, name, seed):
    """One 200-epoch trial from arrays: tensors, model, training with evaluation each epoch."""
    torch.manual_seed(seed)
    start = time.perf_counter()
    t = tensors(g)
    cls, hidden, lr = SETTINGS[name]
    model = cls(g["f"], hidden, g["c"])
    opt = torch.optim.Adam(model.groups(5e-4), lr=lr)
    train, val, test = (t["masks"][r] for r in ("train", "val", "test"))
    steps, best = [], (-1.0, 0.0)
    for _ in range(EPOCHS):
        s = time.perf_counter()
        model.train()
        opt.zero_grad()
        loss = F.cross_entropy(model(t)[train], t["y"][train])
        loss.backward()
        opt.step()
        steps.append((time.perf_counter() - s) * 1000)
        model.eval()
        with torch.no_grad():
            pred = model(t).argmax(1)
        acc = (pred[val] == t["y"][val]).float().mean().item()
        if acc > best[0]:
            best = (acc, (pred[test] == t["y"][test]).float().mean().item())
    return statistics.median(steps), time.perf_counter() - start, best[1]


def main():
    folder, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    g = load(folder)
    for _ in range(3):  # every model three times before any is timed, as TrainBenchmark
        for name in ("gcn", "sage", "gat"):
            trial(g, name, 0)
    print("ready", flush=True)
    for line in sys.stdin:
        name, seed = line.split()
        step, seconds, accuracy = trial(g, name, int(seed))
        print(f"{name}\t{seed}\t{step:.3f}\t{seconds:.3f}", flush=True)
        print(f"# {name} seed {seed} test accuracy at best val: {accuracy:.4f}", file=sys.stderr)


if __name__ == "__main__":
    main()
