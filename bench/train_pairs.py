"""Runs the training-speed benchmark in pairs: our worker (TrainBenchmark) and the PyTorch peer's
(torch_peer.py) take turns, one trial each per model and seed, the first to go alternating, so a
change in machine load falls on both sides alike. Prints a Markdown table: medians over the seeds
of each side's step and trial time, and the median of the per-pair ratios (ours / PyTorch).

Raw rows (side, model, seed, ms per step, s per trial) go to the file named by --raw.

Usage: train_pairs.py <repeats> --raw <file> --ours <command...> --peer <command...>
"""
import statistics
import subprocess
import sys

MODELS = ("gcn", "sage", "gat")
TARGETS = {"gcn": 1.0, "sage": 1.0, "gat": 1.5}


def parse(argv):
    repeats, rest = int(argv[0]), argv[1:]
    raw = rest[rest.index("--raw") + 1]
    ours = rest[rest.index("--ours") + 1:rest.index("--peer")]
    peer = rest[rest.index("--peer") + 1:]
    return repeats, raw, ours, peer


class Worker:
    def __init__(self, name, command):
        self.name = name
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)
        line = self.process.stdout.readline().strip()
        if line != "ready":
            sys.exit(f"{name} worker did not start (said {line!r}): {' '.join(command)}")

    def trial(self, model, seed):
        self.process.stdin.write(f"{model} {seed}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            sys.exit(f"{self.name} worker stopped during {model} seed {seed}")
        _, _, step, seconds = line.split("\t")
        return float(step), float(seconds)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def main():
    repeats, raw, ours_command, peer_command = parse(sys.argv[1:])
    print("[bench] starting and warming up both workers", file=sys.stderr)
    ours, peer = Worker("ours", ours_command), Worker("peer", peer_command)
    rows = []
    for model in MODELS:
        for seed in range(repeats):
            pair = (ours, peer) if seed % 2 == 0 else (peer, ours)
            for worker in pair:
                step, seconds = worker.trial(model, seed)
                rows.append((worker.name, model, seed, step, seconds))
            print(f"[bench] {model} seed {seed} done", file=sys.stderr)
    ours.close()
    peer.close()
    with open(raw, "w") as out:
        for row in rows:
            out.write("\t".join(str(v) for v in row) + "\n")

    print("| model | ours ms/step | PyTorch ms/step | ratio (target) | ours s/trial | PyTorch s/trial "
          "| trial ratio |")
    print("|---|---|---|---|---|---|---|")
    for model in MODELS:
        mine = {r[2]: r for r in rows if r[0] == "ours" and r[1] == model}
        theirs = {r[2]: r for r in rows if r[0] == "peer" and r[1] == model}
        step_ratio = statistics.median(mine[s][3] / theirs[s][3] for s in mine)
        trial_ratio = statistics.median(mine[s][4] / theirs[s][4] for s in mine)
        mark = "yes" if step_ratio <= TARGETS[model] else "**no**"
        print(f"| {model} | {statistics.median(r[3] for r in mine.values()):.2f} "
              f"| {statistics.median(r[3] for r in theirs.values()):.2f} "
              f"| {step_ratio:.2f} (<= {TARGETS[model]}) {mark} "
              f"| {statistics.median(r[4] for r in mine.values()):.2f} "
              f"| {statistics.median(r[4] for r in theirs.values()):.2f} | {trial_ratio:.2f} |")


if __name__ == "__main__":
    main()
