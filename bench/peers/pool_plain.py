"""Workload B in plain Python: a discrete-event loop (heapq) of the FIFO worker pool, with
Threadlab's rules for what happens at one tick (SCENARIO.md, "Scheduling"):

- a burst that ends at tick t frees its core at t, and its thread starts its I/O at t (I/O
  needs no core; the I/O of many threads overlaps);
- threads whose I/O ends at t join the end of the one ready queue at t, in the order they are
  written (workers `w.1` … `w.N`, so by number);
- then every free core takes the head of the queue at t (FIFO: a thread keeps its core until
  its burst ends);
- a thread ends when its last I/O ends; the makespan is the last end.

    python3 pool_plain.py pool.tl
"""

import heapq
import sys
from collections import deque

from workload import read_pool, report

CPU_END = 0  # at one tick, bursts end (cores are freed) before I/O ends (threads queue)
IO_END = 1


def pool(cores, workers, rounds, cpu, io):
    left = [rounds] * workers  # bursts still to start
    ends = [0] * workers
    ready = deque(range(workers))  # all start at 0, in the order written
    events = []  # (tick, kind, worker): one heap for both kinds
    free = cores
    now = 0
    while True:
        while free and ready:  # dispatch: free cores take the head of the queue
            w = ready.popleft()
            free -= 1
            left[w] -= 1
            heapq.heappush(events, (now + cpu, CPU_END, w))
        if not events:
            break
        now, kind, w = heapq.heappop(events)
        while True:
            if kind == CPU_END:
                free += 1
                heapq.heappush(events, (now + io, IO_END, w))
            elif left[w]:
                ready.append(w)  # popped by (tick, kind, worker): in worker order
            else:
                ends[w] = now
            if not events or events[0][0] != now:
                break
            _, kind, w = heapq.heappop(events)
    return max(ends), ends


def main():
    makespan, ends = pool(*read_pool(sys.argv[1]))
    report(makespan=makespan, end_sum=sum(ends))


if __name__ == "__main__":
    main()
