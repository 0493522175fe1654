"""Per-stage and per-team counts of a data set against a stage graph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pandas as pd

from . import _core
from ._dataset import DataSet
from ._graph import StageGraph

__all__ = ["Summary", "summarize"]


@dataclass(frozen=True, eq=False)
class Summary:
    """A data set counted against a stage graph.

    ``stages``: one row per graph stage (main path first): stage, teams,
    reached (distinct records with an event there), current (records whose
    latest event is there), events. ``teams``: team, reached (distinct
    records with an event at an open or won stage the team owns; lost and
    nurture stages do not count). A stage owned by several teams is credited
    to them jointly, in one row named like the funnel report's (``sdr|bdr``),
    never to each of them in full; rows follow the stages they own.
    ``unknown_stages``: stage names the graph lacks → their event counts.
    """

    records: int
    events: int
    records_without_events: int
    stages: pd.DataFrame
    teams: pd.DataFrame
    unknown_stages: dict[str, int]

    def __repr__(self) -> str:
        return (f"Summary(records={self.records}, events={self.events}, "
                f"records_without_events={self.records_without_events}, "
                f"stages={len(self.stages)}, unknown_stages={self.unknown_stages!r})")


def summarize(data: DataSet, graph: Optional[StageGraph] = None) -> Summary:
    """Counts ``data`` against ``graph`` (The Model's graph when None)."""
    if graph is None:
        graph = StageGraph.the_model()
    s = _core.summarize(data._data, graph._graph)
    stages = pd.DataFrame(s["stages"], columns=["stage", "teams", "reached", "current", "events"])
    stages = stages.astype({"reached": "int64", "current": "int64", "events": "int64"})
    teams = pd.DataFrame(s["teams"], columns=["team", "reached"]).astype({"reached": "int64"})
    return Summary(records=s["records"], events=s["events"],
                   records_without_events=s["records_without_events"], stages=stages,
                   teams=teams, unknown_stages=dict(s["unknown_stages"]))
