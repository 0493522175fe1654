"""Re-engagement of lost deals from their loss reasons: the records due at a
date under a policy file, ranked by expected value (past amount x re-win rate
of the reason x fit), with the learned windows, the counts per reason and the
recycled funnel. docs/reengage.md describes the policy file and every column."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Optional, Union

import pandas as pd

from . import _core
from ._dataset import DataSet, _to_micros
from ._errors import DataError
from ._graph import StageGraph
from ._threads import threads_arg

__all__ = ["Reengagement", "reengagement_queue"]

_QUEUE = ["rank", "record_id", "reason", "raw_reason", "lost_at", "due_at", "due_rule", "expected_value",
          "amount", "amount_source", "rewin_rate", "rate_source", "fit", "who", "channel", "track", "tier",
          "attempts", "lost_twice", "history"]
_REASONS = ["reason", "has_policy", "lost_records", "due", "not_yet_due", "cooling_down", "never",
            "skipped_lost_twice", "expired", "no_policy"]
_WINDOWS = ["reason", "segment", "lost", "reopened", "reopen_rate", "reopen_low", "reopen_high",
            "median_days_to_reopen", "rewon", "rewin_rate", "rewin_low", "rewin_high", "median_days_to_rewin",
            "small_sample"]


def _policy(value: Any) -> tuple[str, bool]:
    if isinstance(value, Mapping):
        return (json.dumps(value), False)
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        if text.lstrip().startswith(("{", "//")):
            return (text, False)
        return (text, True)
    raise DataError(f"policy: expected a path, JSON text or a dict, not {type(value).__name__}")


class Reengagement:
    """The queue at a date and the figures behind it.

    ``queue``: one row per record due, by expected value then record id.
    ``reasons``: lost records per reason and what became of them (a reason
    without a policy and ``(unmapped)`` included). ``unmapped``: loss texts
    the taxonomy does not know, with counts. ``windows``: learned time to
    re-open and re-win rate per reason (and segment) with 95% Wilson
    intervals. ``funnel``: recycled records as their own funnel. ``costs``:
    cost per win re-engaged vs new (a dict; ``known`` False without costs)."""

    __slots__ = ("as_of", "lost_records", "queue", "reasons", "unmapped", "windows", "funnel", "costs",
                 "median_won_amount")

    def __init__(self, doc: dict) -> None:
        self.as_of: pd.Timestamp = pd.Timestamp(doc["as_of"])
        self.lost_records: int = int(doc["lost_records"])
        queue = pd.DataFrame(doc["queue"], columns=_QUEUE)
        for col in ("lost_at", "due_at"):
            queue[col] = pd.to_datetime(queue[col], utc=True)
        self.queue: pd.DataFrame = queue
        self.reasons: pd.DataFrame = pd.DataFrame(doc["reasons"], columns=_REASONS)
        self.unmapped: pd.DataFrame = pd.DataFrame(doc["unmapped"], columns=["text", "count"])
        self.windows: pd.DataFrame = pd.DataFrame(doc["windows"], columns=_WINDOWS)
        self.funnel: pd.DataFrame = pd.DataFrame(doc["recycled_funnel"],
                                                 columns=["stage", "records", "conversion", "low", "high"])
        self.costs: dict = dict(doc["costs"])
        m = doc["median_won_amount"]
        self.median_won_amount: Optional[float] = None if m is None else float(m)

    def __len__(self) -> int:
        return len(self.queue)

    def __repr__(self) -> str:
        return f"<Reengagement as of {self.as_of:%Y-%m-%d}: {len(self)} due of {self.lost_records} lost>"


def reengagement_queue(data: DataSet, policy: Union[str, "os.PathLike[str]", Mapping], as_of: Any, *,
                       graph: Optional[StageGraph] = None, threads: Optional[int] = None) -> Reengagement:
    """The records of ``data`` due for re-engagement at ``as_of`` (a date,
    datetime or ISO text) under ``policy`` (a path, JSON text or a dict).

    ``graph`` names the lost and won stages (default The Model). A policy
    mistake raises DataError naming its JSON path and rule id; a policy column
    the data lacks raises DataError naming ``$.columns.<key>``."""
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    if as_of is None:
        raise DataError("as_of: expected a date, not None")
    try:
        as_of_us = int(_to_micros(as_of))
    except (TypeError, ValueError, OverflowError) as e:
        raise DataError(f"as_of: {e}") from None
    if graph is None:
        graph = StageGraph.the_model()
    elif not isinstance(graph, StageGraph):
        raise DataError(f"graph: expected a StageGraph, not {type(graph).__name__}")
    text, is_path = _policy(policy)
    doc = _core.reengage(data._data, text, is_path, graph._graph, as_of_us, threads_arg(threads))
    return Reengagement(json.loads(doc))
