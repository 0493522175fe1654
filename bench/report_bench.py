"""The funnel report's compute time from Python, to compare with the C++
call (modelfunnel_report_bench) on the same data: loads DIR once, then
computes the by-channel observed report and its funnel CSV REPS times.

    PYTHONPATH=build/release/python /usr/bin/python3 bench/report_bench.py DIR [REPS] [--funnel-only]

--funnel-only computes days from entry as the only duration figure (what
the funnel table shows, and what the CLI computes for it).

Prints: compute_s=<fastest> compute_median_s=<median>.
"""
import statistics
import sys
import time

import modelfunnel as mf


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: report_bench.py DIR [REPS]", file=sys.stderr)
        return 2
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    durations = "from_entry" if sys.argv[3:4] == ["--funnel-only"] else "all"
    data = mf.load_csv(sys.argv[1]).data
    graph = mf.StageGraph.the_model()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        report = mf.funnel_report(data, graph, by="channel", passage="observed",
                                  durations=durations)
        csv = report.to_csv("funnel")
        times.append(time.perf_counter() - t0)
    print(f"compute_s={min(times):.5f} compute_median_s={statistics.median(times):.5f} ({len(csv)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
