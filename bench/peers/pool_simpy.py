"""Workload B in SimPy: the 8 cores are a simpy.Resource(capacity=8) (its queue is FIFO);
each worker requests a core, holds it for its burst (timeout), releases it, then does its I/O
(a timeout that holds no resource, so the I/O of many workers overlaps), as many times as the
scenario says.

    target/peers-venv/bin/python pool_simpy.py pool.tl
"""

import sys

import simpy

from workload import read_pool, report


def main():
    cores, workers, rounds, cpu, io = read_pool(sys.argv[1])
    env = simpy.Environment()
    pool = simpy.Resource(env, capacity=cores)
    ends = [0] * workers

    def worker(w):
        for _ in range(rounds):
            with pool.request() as req:
                yield req
                yield env.timeout(cpu)
            yield env.timeout(io)
        ends[w] = env.now

    for w in range(workers):
        env.process(worker(w))
    env.run()
    report(makespan=env.now, end_sum=sum(ends))


if __name__ == "__main__":
    main()
