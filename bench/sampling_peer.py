"""The PyTorch peer of a sampled GraphSAGE epoch, as PyG's CPU path runs it.

Reads the same local graph store the product's sampled trials read (big-endian arrays: CSR of the
undirected adjacency and of the feature rows, labels, splits), holds it in memory as numpy/torch
CSR, and trains a 2-layer GraphSAGE (mean aggregation, root weight, hidden 64, ReLU, dropout 0.5,
Adam lr 0.01) on mini-batches of `batch_size` training seeds with per-hop fan-outs, the semantics
of PyG's NeighborLoader: each hop samples up to fanout[h] distinct neighbours of every node the
previous hop added, the batch is the subgraph of the nodes reached and the edges sampled, seeds
first, and the loss counts the seeds. Sampling is vectorised numpy (random keys, sort, first k per
node), aggregation is index_add_ (PyG's scatter-mean). No evaluation: an epoch is sampling,
feature assembly, forward, backward and the step, for every batch.

Prints one TSV row: training_nodes, batches, median_epoch_seconds, training_nodes_per_second.

    python3 bench/sampling_peer.py <store-dir> <batch-size> <fanouts> <threads> <epochs>
"""
import sys
import time

import numpy as np
import torch


def load(store):
    def read(name, dtype):
        return np.fromfile(f"{store}/{name}", dtype=dtype).astype(dtype.newbyteorder("="))

    return {
        "rowptr": read("neighbour-rows.bin", np.dtype(">i8")),
        "col": read("neighbours.bin", np.dtype(">i4")),
        "frow": read("feature-rows.bin", np.dtype(">i8")),
        "fcol": read("feature-columns.bin", np.dtype(">i4")),
        "fval": read("feature-values.bin", np.dtype(">f4")),
        "labels": read("labels.bin", np.dtype(">i4")),
        "splits": np.fromfile(f"{store}/splits.bin", dtype=np.uint8),
    }


def sample(graph, seeds, fanouts, rng, batch_id):
    """batch_id: node -> batch position, -1 elsewhere (PyG's C++ sampler keeps a hash map)."""
    rowptr, col = graph["rowptr"], graph["col"]
    nodes = seeds
    batch_id[seeds] = np.arange(len(seeds))
    src_all, dst_all = [], []
    frontier_start, frontier_end = 0, len(seeds)
    for fanout in fanouts:
        frontier = nodes[frontier_start:frontier_end]
        start = rowptr[frontier]
        degree = rowptr[frontier + 1] - start
        take = degree if fanout < 0 else np.minimum(degree, fanout)
        # Every neighbour slot of the frontier gets a random key; each node keeps its first `take`.
        total = int(degree.sum())
        owner = np.repeat(np.arange(len(frontier)), degree)
        offsets = np.arange(total) - np.repeat(np.cumsum(degree) - degree, degree)
        order = np.lexsort((rng.random(total), owner))
        rank = np.empty(total, dtype=np.int64)
        rank[order] = offsets  # owner is sorted, so offsets[p] is p's place in its node's order
        chosen = rank < np.repeat(take, degree)
        picked = col[np.repeat(start, degree)[chosen] + offsets[chosen]]
        # New nodes append in the order first seen; known ones keep their position.
        fresh = picked[batch_id[picked] < 0]
        _, first = np.unique(fresh, return_index=True)
        fresh = fresh[np.sort(first)]
        batch_id[fresh] = np.arange(len(nodes), len(nodes) + len(fresh))
        nodes = np.concatenate([nodes, fresh])
        src_all.append(batch_id[picked])
        dst_all.append(owner[chosen] + frontier_start)
        frontier_start, frontier_end = frontier_end, len(nodes)
    batch_id[nodes] = -1
    return nodes, np.concatenate(src_all).astype(np.int64), np.concatenate(dst_all)


def features(graph, nodes, width):
    frow = graph["frow"]
    start = frow[nodes]
    count = frow[nodes + 1] - start
    rows = np.repeat(np.arange(len(nodes)), count)
    at = np.repeat(start, count) + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count))
    x = torch.zeros(len(nodes), width)
    x[torch.from_numpy(rows), torch.from_numpy(graph["fcol"][at].astype(np.int64))] = torch.from_numpy(
        graph["fval"][at]
    )
    return x


class Sage(torch.nn.Module):
    def __init__(self, width, hidden, classes):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for i, (a, b) in enumerate([(width, hidden), (hidden, classes)]):
            self.layers.append(torch.nn.ModuleDict({"self": torch.nn.Linear(a, b), "neigh": torch.nn.Linear(a, b, bias=False)}))

    def forward(self, x, src, dst):
        n = x.shape[0]
        degree = torch.zeros(n).index_add_(0, dst, torch.ones(len(dst))).clamp_(min=1).unsqueeze(1)
        for i, layer in enumerate(self.layers):
            mean = torch.zeros(n, x.shape[1]).index_add_(0, dst, x[src]) / degree
            x = layer["self"](x) + layer["neigh"](mean)
            if i < len(self.layers) - 1:
                x = torch.nn.functional.dropout(torch.relu(x), 0.5, self.training)
        return x


def main():
    store, batch_size, fanouts, threads, epochs = sys.argv[1:6]
    batch_size, threads, epochs = int(batch_size), int(threads), int(epochs)
    fanouts = [int(f) for f in fanouts.split(",")]
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    rng = np.random.default_rng(1)
    graph = load(store)
    labels = graph["labels"]
    train = np.nonzero((graph["splits"] == 1) & (labels >= 0))[0]
    width = int(graph["fcol"].max()) + 1
    classes = int(labels.max()) + 1
    model = Sage(width, 64, classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
    batches = (len(train) + batch_size - 1) // batch_size
    batch_id = np.full(len(labels), -1, dtype=np.int64)
    seconds = []
    for epoch in range(epochs):
        started = time.perf_counter()
        model.train()
        order = train[rng.permutation(len(train))]
        for b in range(batches):
            seeds = order[b * batch_size:(b + 1) * batch_size]
            nodes, src, dst = sample(graph, seeds, fanouts, rng, batch_id)
            x = features(graph, nodes, width)
            optimizer.zero_grad()
            out = model(x, torch.from_numpy(src), torch.from_numpy(dst))
            loss = torch.nn.functional.cross_entropy(
                out[: len(seeds)], torch.from_numpy(labels[seeds].astype(np.int64))
            )
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - started)
    median = float(np.median(seconds))
    print(f"{len(train)}\t{batches}\t{median:.3f}\t{len(train) / median:.0f}")


if __name__ == "__main__":
    main()
