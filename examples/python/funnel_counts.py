#!/usr/bin/env python3
"""Per-stage counts of a CRM export, as a pandas DataFrame.

    PYTHONPATH=build/dev/python /usr/bin/python3 examples/python/funnel_counts.py [mapping.json]

Loads the export a mapping describes (default: the Maven CRM example,
examples/maven-crm/mapping.json, whose data is in ../shared/data/maven-crm),
counts it against the mapping's stage graph (The Model's when it names
none) and prints, per stage, how many records reached it and how many are
there now.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import modelfunnel as mf

DEFAULT_MAPPING = Path(__file__).resolve().parents[1] / "maven-crm" / "mapping.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mapping", nargs="?", type=Path, default=DEFAULT_MAPPING)
    args = parser.parse_args()

    mapping = mf.Mapping.load(args.mapping)
    data, report = mf.load(mapping, policy="skip")
    graph = mf.StageGraph.load(mapping.graph_file) if mapping.graph_file else mf.StageGraph.the_model()
    summary = mf.summarize(data, graph)

    counts = summary.stages.set_index("stage")[["reached", "current", "events"]]
    counts["share_now"] = (counts["current"] / summary.records).round(3)
    print(f"{summary.records} records, {summary.events} events, "
          f"{report.rejected_count} rows rejected")
    with pd.option_context("display.width", 120):
        print(counts)


if __name__ == "__main__":
    main()
