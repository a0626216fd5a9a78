"""Workload A in plain Python: the round-robin loop of OSTEP's scheduler.py (`-p RR`, here
quantum 1 on one core) as that script writes it (a list of [job, runtime] popped at its head,
dicts of per-job response, turnaround, wait and last-ran times, float times). Adds only a
count of context switches (the job changes between two slices). With `--trace PATH` it also
writes scheduler.py's execution trace (`-c`: one line per slice) to PATH, as that script prints
it; without, it prints nothing but the numbers.

    python3 rr_plain.py rr2000.tl [--trace /dev/null]
"""

import sys

from workload import read_rr, report


def scheduler_rr(joblist, quantum, out=None):
    turnaround = {}
    response = {}
    lastran = {}
    wait = {}
    quantum = float(quantum)
    jobcount = len(joblist)
    for i in range(0, jobcount):
        lastran[i] = 0.0
        wait[i] = 0.0
        turnaround[i] = 0.0
        response[i] = -1

    runlist = []
    for e in joblist:
        runlist.append(e)

    thetime = 0.0
    switches = 0
    last = -1
    while jobcount > 0:
        job = runlist.pop(0)
        jobnum = job[0]
        runtime = float(job[1])
        if response[jobnum] == -1:
            response[jobnum] = thetime
        currwait = thetime - lastran[jobnum]
        wait[jobnum] += currwait
        if last != -1 and last != jobnum:
            switches += 1
        last = jobnum
        if runtime > quantum:
            runtime -= quantum
            ranfor = quantum
            if out:
                print("  [ time %3d ] Run job %3d for %.2f secs" % (thetime, jobnum, ranfor), file=out)
            runlist.append([jobnum, runtime])
        else:
            ranfor = runtime
            if out:
                print(
                    "  [ time %3d ] Run job %3d for %.2f secs ( DONE at %.2f )"
                    % (thetime, jobnum, ranfor, thetime + ranfor),
                    file=out,
                )
            turnaround[jobnum] = thetime + ranfor
            jobcount -= 1
        thetime += quantum
        lastran[jobnum] = thetime
    return thetime, turnaround, response, switches


def main():
    joblist = [[i, n] for i, n in enumerate(read_rr(sys.argv[1]))]
    out = None
    if len(sys.argv) == 4 and sys.argv[2] == "--trace":
        out = open(sys.argv[3], "w")
        print("Execution trace:", file=out)
    # scheduler.py advances the clock by a whole quantum even for a job's last, shorter slice;
    # with quantum 1 and whole-tick lengths there is no shorter slice, so it is the makespan.
    makespan, turnaround, response, switches = scheduler_rr(joblist, 1, out)
    if out:
        out.close()
    report(
        makespan=int(makespan),
        turnaround_sum=int(sum(turnaround.values())),
        response_sum=int(sum(response.values())),
        switches=switches,
    )


if __name__ == "__main__":
    main()
