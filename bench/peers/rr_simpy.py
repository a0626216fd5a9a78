"""Workload A in SimPy: one core is a simpy.Resource(capacity=1); each job requests it for one
quantum, releases it and requests it again (to the end of the queue) until its CPU is spent.
Keeps per-job response and turnaround, and counts context switches.

    target/peers-venv/bin/python rr_simpy.py rr2000.tl
"""

import sys

import simpy

from workload import read_rr, report

QUANTUM = 1


def main():
    lengths = read_rr(sys.argv[1])
    env = simpy.Environment()
    core = simpy.Resource(env, capacity=1)
    response = [-1] * len(lengths)
    turnaround = [0] * len(lengths)
    last = [-1, 0]  # the job that ran the last slice, context switches

    def job(i, remaining):
        while remaining > 0:
            with core.request() as req:
                yield req
                if response[i] == -1:
                    response[i] = env.now
                if last[0] != -1 and last[0] != i:
                    last[1] += 1
                last[0] = i
                ran = min(QUANTUM, remaining)
                yield env.timeout(ran)
                remaining -= ran
        turnaround[i] = env.now

    for i, n in enumerate(lengths):
        env.process(job(i, n))
    env.run()
    report(makespan=env.now, turnaround_sum=sum(turnaround), response_sum=sum(response), switches=last[1])


if __name__ == "__main__":
    main()
