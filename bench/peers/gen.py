"""Writes the scenarios of `cargo xtask bench --peers` (issue 12, item 6) into a directory.

    python3 bench/peers/gen.py OUT_DIR

- rr2000.tl: workload A, 2,000 jobs under round robin with quantum 1 on one core; the job
  lengths are random.Random(7).randint(1, 500), drawn in order (rr2000.jobs has them, one a
  line, for the other implementations).
- pool.tl: workload B, a FIFO pool of 1,000 workers on 8 cores, each 100 x (cpu 3; io 5).
- lone.tl: one thread of cpu 9,000,000 on 4 cores under the default scheduler (rr quantum 4).

Deterministic: the same files on every machine and every run.
"""

import os
import random
import sys

JOBS = 2000
MAX_LEN = 500
SEED = 7

POOL_CORES = 8
POOL_WORKERS = 1000
POOL_ROUNDS = 100
POOL_CPU = 3
POOL_IO = 5


def job_lengths():
    rng = random.Random(SEED)
    return [rng.randint(1, MAX_LEN) for _ in range(JOBS)]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    lengths = job_lengths()
    rr = ["cores 1", "scheduler rr quantum 1", "limit 10000000"]
    rr += ["thread j%d { cpu %d }" % (i, n) for i, n in enumerate(lengths)]
    pool = [
        "cores %d" % POOL_CORES,
        "scheduler fifo",
        "limit 10000000",
        "thread w x %d { repeat %d { cpu %d; io %d } }" % (POOL_WORKERS, POOL_ROUNDS, POOL_CPU, POOL_IO),
    ]
    lone = ["cores 4", "limit 10000000", "thread a { cpu 9000000 }"]
    files = {
        "rr2000.tl": rr,
        "rr2000.jobs": [str(n) for n in lengths],
        "pool.tl": pool,
        "lone.tl": lone,
    }
    for name, lines in files.items():
        with open(os.path.join(out, name), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
