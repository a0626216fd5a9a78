"""Reads the two scenario files of `cargo xtask bench --peers` (written by gen.py) for the
Python implementations: only the few statements these workloads use, nothing more."""

import re

_JOB = re.compile(r"thread (\S+) \{ cpu (\d+) \}$")
_POOL = re.compile(r"thread (\S+) x (\d+) \{ repeat (\d+) \{ cpu (\d+); io (\d+) \} \}$")


def _lines(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def _setting(lines, word):
    for line in lines:
        if line.startswith(word + " "):
            return line.split()[1:]
    raise SystemExit("%s: no `%s` line" % (word, word))


def read_rr(path):
    """Workload A: the job lengths, in the order written (one core, rr quantum 1)."""
    lines = _lines(path)
    if _setting(lines, "cores") != ["1"] or _setting(lines, "scheduler") != ["rr", "quantum", "1"]:
        raise SystemExit("%s: expected `cores 1` and `scheduler rr quantum 1`" % path)
    lengths = [int(m.group(2)) for m in map(_JOB.match, lines) if m]
    if not lengths:
        raise SystemExit("%s: no `thread NAME { cpu N }` line" % path)
    return lengths


def read_pool(path):
    """Workload B: (cores, workers, rounds, cpu, io) of `thread W x N { repeat R { cpu C; io I } }`."""
    lines = _lines(path)
    if _setting(lines, "scheduler") != ["fifo"]:
        raise SystemExit("%s: expected `scheduler fifo`" % path)
    cores = int(_setting(lines, "cores")[0])
    pools = [m for m in map(_POOL.match, lines) if m]
    if len(pools) != 1:
        raise SystemExit("%s: expected one `thread W x N { repeat R { cpu C; io I } }` line" % path)
    m = pools[0]
    return cores, int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5))


def report(**numbers):
    """The one line the bench reads: `key=value` pairs."""
    print(" ".join("%s=%d" % (k, v) for k, v in numbers.items()))
