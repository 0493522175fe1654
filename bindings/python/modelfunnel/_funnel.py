"""The funnel report: reach, conversion, velocity, drop-off, team KPIs and
bottlenecks of a data set against a stage graph (docs/funnel-report.md
defines every figure)."""

from __future__ import annotations

import json
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, Callable, Literal, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._dataset import DataSet, _to_micros
from ._errors import DataError
from ._graph import StageGraph
from ._threads import threads_arg

__all__ = ["FunnelReport", "funnel_report"]

Passage = Literal["implied", "observed"]
Mode = Literal["cohort", "period"]
Bucket = Literal["week", "month", "quarter"]
Table = Literal["funnel", "stages", "dropoff", "reasons", "groups", "teams", "bottlenecks"]

_NAN = float("nan")


def _number(x: Optional[float]) -> float:
    """A JSON number, NaN for null (an undefined figure)."""
    return _NAN if x is None else x


def _rate_columns(prefix: str) -> list[str]:
    return [prefix, f"{prefix}_low", f"{prefix}_high", f"{prefix}_small_sample"]


def _rate(prefix: str, r: dict) -> dict[str, Any]:
    values = (_number(r["value"]), _number(r["low"]), _number(r["high"]), r["small_sample"])
    return dict(zip(_rate_columns(prefix), values))


def _durations_columns(prefix: str) -> list[str]:
    return [f"{prefix}_n", f"{prefix}_median_days", f"{prefix}_p90_days", f"{prefix}_mean_days"]


def _durations(prefix: str, d: Optional[dict]) -> dict[str, Any]:
    if d is None:  # left out with funnel_report(durations=...): NaN, count included
        return dict.fromkeys(_durations_columns(prefix), _NAN)
    values = (d["count"], _number(d["median_days"]), _number(d["p90_days"]),
              _number(d["mean_days"]))
    return dict(zip(_durations_columns(prefix), values))


def _median(d: Optional[dict]) -> float:
    return _NAN if d is None else _number(d["median_days"])


class FunnelReport:
    """A computed funnel report; immutable. Made by :func:`funnel_report`.

    Tables come as DataFrames with the columns of the CSV tables
    (:meth:`to_csv`): the breakdown attributes first (``"*"`` in the total
    group, None for a missing value), then ``bucket`` (the bucket's start,
    UTC) when the report is bucketed. Undefined figures (a rate with no
    denominator, a median of nothing) are NaN, and so are all the columns of
    a duration figure left out with ``funnel_report(durations=...)``, its
    count (``_n``) included; in :meth:`to_dict` such a figure is None.
    """

    __slots__ = ("_report", "_doc")

    def __init__(self, report: _core.FunnelReport) -> None:
        self._report = report
        self._doc: Optional[dict] = None

    # -- report-level facts ------------------------------------------------

    @property
    def by(self) -> list[str]:
        """The breakdown attributes."""
        return self._report.by

    @property
    def main_path(self) -> list[str]:
        """Stage ids of the main path: the stage rows of every group."""
        return self._report.main_path

    @property
    def passage(self) -> str:
        """``"implied"`` or ``"observed"``, as requested."""
        return self._report.passage

    @property
    def mode(self) -> str:
        """``"cohort"`` or ``"period"``, as requested."""
        return self._report.mode

    @property
    def as_of(self) -> pd.Timestamp:
        """The "now" used for aging and censoring (UTC)."""
        return pd.Timestamp(self._report.as_of_us * 1000, unit="ns", tz="UTC")

    @property
    def records_outside_funnel(self) -> int:
        """Records with no main-path event (counted nowhere else)."""
        return self._report.records_outside_funnel

    @property
    def events_unknown_stage(self) -> int:
        """Events at stages the graph lacks (ignored)."""
        return self._report.events_unknown_stage

    @property
    def events_without_time(self) -> int:
        """Events with no time (count for reach, not for durations or periods)."""
        return self._report.events_without_time

    # -- text ----------------------------------------------------------------

    def to_csv(self, table: Table = "funnel") -> str:
        """One table as CSV text: numbers as C ``%.6g``, empty fields for
        undefined values. ``"funnel"`` is byte for byte the report-spec.md
        format. DataError for an unknown table."""
        return self._report.csv(table)

    def to_json(self) -> str:
        """The whole report as one JSON document (full precision, null for
        undefined values)."""
        return self._report.json()

    def to_dict(self) -> dict:
        """The report as plain Python data (the parsed :meth:`to_json`)."""
        return json.loads(self.to_json())

    # -- DataFrames ----------------------------------------------------------

    def _document(self) -> dict:
        """The parsed JSON, kept: every table is read from it."""
        if self._doc is None:
            self._doc = self.to_dict()
        return self._doc

    def _key(self, group: dict, bucketed: bool) -> dict[str, Any]:
        key: dict[str, Any] = {}
        for i, name in enumerate(self.by):
            key[name] = "*" if group["total"] else group["key"][i]
        if bucketed:
            key["bucket"] = pd.Timestamp(group["bucket"]) if group["bucket"] else pd.NaT
        return key

    def _frame(self, rows: Callable[[dict, dict], Iterable[dict]],
               columns: list[str]) -> pd.DataFrame:
        groups = self._document()["groups"]
        bucketed = any(g["bucket"] is not None for g in groups)
        keys = list(self.by) + (["bucket"] if bucketed else [])
        records = [row for g in groups for row in rows(g, self._key(g, bucketed))]
        frame = pd.DataFrame.from_records(records, columns=keys + columns)
        if bucketed:
            frame["bucket"] = pd.to_datetime(frame["bucket"], utc=True)
        return frame

    def funnel(self) -> pd.DataFrame:
        """Per group and stage: reached, conversion from the previous stage,
        median days from the entry stage, and won revenue on the last stage
        (the report-spec.md table)."""
        entry = self.main_path[0] if self.main_path else "entry"
        last = len(self.main_path) - 1
        median = f"median_days_from_{entry}"

        def rows(g: dict, key: dict) -> Iterable[dict]:
            for i, s in enumerate(g["stages"]):
                yield {**key, "stage": s["stage"], "reached": s["reached"],
                       "conv_from_prev": _number(s["step"]["value"]),
                       median: _median(s["from_entry"]),
                       "won_revenue": float(g["won_revenue"]) if i == last else _NAN}

        return self._frame(rows, ["stage", "reached", "conv_from_prev", median, "won_revenue"])

    def stages(self) -> pd.DataFrame:
        """Per group and stage: every rate with its 95% Wilson interval and
        small-sample flag, every duration summary (days)."""
        columns = (["stage", "reached", "observed"] + _rate_columns("step") +
                   _rate_columns("overall") + _durations_columns("from_entry") +
                   _durations_columns("in_stage") + _durations_columns("aging"))

        def rows(g: dict, key: dict) -> Iterable[dict]:
            for s in g["stages"]:
                yield {**key, "stage": s["stage"], "reached": s["reached"],
                       "observed": s["observed"], **_rate("step", s["step"]),
                       **_rate("overall", s["overall"]),
                       **_durations("from_entry", s["from_entry"]),
                       **_durations("in_stage", s["in_stage"]),
                       **_durations("aging", s["aging"])}

        return self._frame(rows, columns)

    def dropoff(self) -> pd.DataFrame:
        """Per group and stage: of the records that reached it, how many
        advanced to a later main-path stage and, of those whose furthest
        stage it is, how many were lost, went to nurture, are still open
        (censored) or stalled past their window (expired)."""
        fates = ["advanced", "lost", "nurture", "open", "expired"]

        def rows(g: dict, key: dict) -> Iterable[dict]:
            for s in g["stages"]:
                yield {**key, "stage": s["stage"], "reached": s["reached"],
                       **{f: s[f] for f in fates}}

        return self._frame(rows, ["stage", "reached", *fates])

    def reasons(self) -> pd.DataFrame:
        """Per group and stage: the loss reasons ("" when none was recorded)
        and how many records each applies to, most frequent first."""

        def rows(g: dict, key: dict) -> Iterable[dict]:
            for s in g["stages"]:
                for r in s["loss_reasons"]:
                    yield {**key, "stage": s["stage"], "reason": r["reason"], "count": r["count"]}

        return self._frame(rows, ["stage", "reason", "count"])

    def groups(self) -> pd.DataFrame:
        """Per group: records, outcomes, win rate (closed records only), won
        revenue, sales cycle (days) and path facts."""
        paths = ["skipped", "moved_backwards", "reentered", "reopened", "nurtured"]
        columns = (["records", "won", "lost", "open", "nurture"] + _rate_columns("win_rate") +
                   ["won_revenue"] + _durations_columns("cycle") + paths)

        def rows(g: dict, key: dict) -> Iterable[dict]:
            yield {**key, **{c: g[c] for c in ("records", "won", "lost", "open", "nurture")},
                   **_rate("win_rate", g["win_rate"]), "won_revenue": float(g["won_revenue"]),
                   **_durations("cycle", g["cycle"]), **{p: g["paths"][p] for p in paths}}

        return self._frame(rows, columns)

    def teams(self) -> pd.DataFrame:
        """Per group and team: its stages (a list), input, output, conversion,
        velocity (days) and quality (share of the output that reached won)."""
        columns = (["team", "stages", "input", "output"] + _rate_columns("conversion") +
                   _durations_columns("velocity") + _rate_columns("quality"))

        def rows(g: dict, key: dict) -> Iterable[dict]:
            for t in g["teams"]:
                yield {**key, "team": t["team"], "stages": list(t["stages"]),
                       "input": t["input"], "output": t["output"],
                       **_rate("conversion", t["conversion"]),
                       **_durations("velocity", t["velocity"]), **_rate("quality", t["quality"])}

        return self._frame(rows, columns)

    def bottlenecks(self) -> pd.DataFrame:
        """The steps of the main path ranked by what one more point of
        conversion is worth, with baseline, target, flag, p-value (NaN when
        untested) and the reason in words."""
        columns = (["stage", "revenue_per_point"] + _rate_columns("rate") +
                   ["baseline_rate", "target", "flagged", "p_value", "reason"])
        records = [{"stage": b["stage"], "revenue_per_point": _number(b["revenue_per_point"]),
                    **_rate("rate", b["current"]),
                    "baseline_rate": _number(b["baseline"]["value"]) if b["baseline"] else _NAN,
                    "target": _number(b["target"]), "flagged": b["flagged"],
                    "p_value": _number(b["p_value"]), "reason": b["reason"]}
                   for b in self._document()["bottlenecks"]]
        return pd.DataFrame.from_records(records, columns=columns)

    # -- Python protocol -----------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FunnelReport):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"FunnelReport(by={self.by!r}, groups={self._report.group_count}, "
                f"records={self._report.records}, passage={self.passage!r}, "
                f"mode={self.mode!r})")


# -- keyword checks: each failure is a DataError naming the keyword ----------

def _time(keyword: str, value: Any) -> Optional[int]:
    if value is None:
        return None
    try:
        missing = pd.isna(value)
        micros = None if isinstance(missing, (bool, np.bool_)) and missing else _to_micros(value)
    except (TypeError, ValueError, OverflowError) as e:
        raise DataError(f"{keyword}: {e}") from None
    if micros is None:
        raise DataError(f"{keyword}: not a time: {value!r}")
    return int(micros)


def _integer(keyword: str, value: Any, *, minimum: Optional[int] = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise DataError(f"{keyword}: expected an integer, not {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise DataError(f"{keyword}: must be at least {minimum}, not {value}")
    return int(value)


def _real(keyword: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DataError(f"{keyword}: expected a number, not {type(value).__name__}")
    return float(value)


def _text(keyword: str, value: Any) -> str:
    if not isinstance(value, str):
        raise DataError(f"{keyword}: expected a string, not {type(value).__name__}")
    return value


def _texts(keyword: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable):
        raise DataError(f"{keyword}: expected a string or strings, not {type(value).__name__}")
    return [_text(f"{keyword}[{i}]", v) for i, v in enumerate(value)]


def _figures(durations: Union[None, str, Iterable[str]]) -> str:
    """``durations=`` as the C++ parse_duration_figures() list."""
    if durations is None:
        return "all"
    names = _texts("durations", durations)
    return ",".join(names) if names else "none"


def _pairs(keyword: str, value: Any) -> list[tuple[Any, Any]]:
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, Iterable) and not isinstance(value, str):
        pairs = list(value)
        if all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
            return pairs
    raise DataError(f"{keyword}: expected a mapping (or (key, value) pairs), "
                    f"not {type(value).__name__}")


def funnel_report(data: DataSet, graph: Optional[StageGraph] = None, *,
                  by: Union[str, Iterable[str]] = (), passage: Passage = "implied",
                  mode: Mode = "cohort", start: Any = None, end: Any = None,
                  window_days: Optional[int] = None, window_per_step: bool = False,
                  bucket: Optional[Bucket] = None, as_of: Any = None, min_sample: int = 30,
                  cycle_from: Optional[str] = None, team_by: Optional[str] = None,
                  team_map: Optional[Mapping[str, str]] = None,
                  team_default: Optional[str] = None,
                  baseline: Optional[tuple[Any, Any]] = None,
                  targets: Optional[Mapping[str, float]] = None,
                  significance: float = 0.05,
                  durations: Union[None, str, Iterable[str]] = None,
                  threads: Optional[int] = None) -> FunnelReport:
    """Computes the funnel report of ``data`` against ``graph`` (The Model's
    graph when None), without holding the GIL.

    ``by``: attributes to break the report down by, jointly (a string for
    one). ``passage``: ``"implied"`` (an event at the stage or a later
    main-path stage) or ``"observed"``. ``mode``: ``"cohort"`` (records whose
    funnel entry is in [start, end), followed forward) or ``"period"`` (stage
    entries made in [start, end)). Times (``start``, ``end``, ``as_of``, the
    two ends of ``baseline``) are datetimes, dates, numpy datetime64 or ISO
    text; naive ones are UTC. ``window_days``: conversion window (cohort
    mode), from the funnel entry or, with ``window_per_step``, from each
    stage's date (the earliest event there or at a later main-path stage).
    ``bucket``: ``"week"``, ``"month"`` or ``"quarter"``. ``as_of``: "now"
    for aging and censoring (default: the latest event at a known stage).
    ``min_sample``: smaller denominators are flagged small samples.
    ``cycle_from``: stage where the sales cycle starts (default: the entry
    stage). ``team_by``, ``team_map`` (attribute value → team) and
    ``team_default``: which team works a stage owned by several teams.
    ``baseline``: (start, end) period to compare steps against; ``targets``:
    stage → target step conversion; ``significance``: level of those tests.
    ``durations``: the duration figures to compute, ``"all"`` (None, the
    default), ``"none"``, or names from ``"from_entry"``, ``"in_stage"``,
    ``"aging"``, ``"cycle"``, ``"team_velocity"``. They are most of a
    report's time and memory; a figure left out reads NaN in every column.
    ``threads``: how many threads the computation may use; None or 0 (the
    default): as many as the hardware has.

    Every bad keyword raises DataError naming it.
    """
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    if graph is None:
        graph = StageGraph.the_model()
    elif not isinstance(graph, StageGraph):
        raise DataError(f"graph: expected a StageGraph, not {type(graph).__name__}")
    if not isinstance(window_per_step, bool):
        raise DataError(f"window_per_step: expected a bool, not {type(window_per_step).__name__}")
    if team_by is None and (team_map is not None or team_default is not None):
        raise DataError("team_map, team_default: need team_by")
    team_pairs = [(_text("team_map key", k), _text("team_map value", v))
                  for k, v in _pairs("team_map", team_map or {})]
    if baseline is None:
        baseline_start = baseline_end = None
    else:
        if isinstance(baseline, (str, bytes)) or not isinstance(baseline, Iterable):
            raise DataError("baseline: expected a (start, end) pair")
        ends = list(baseline)
        if len(ends) != 2 or ends[0] is None or ends[1] is None:
            raise DataError("baseline: expected a (start, end) pair")
        baseline_start, baseline_end = _time("baseline[0]", ends[0]), _time("baseline[1]", ends[1])
    target_pairs = [(_text("targets key", k), _real(f"targets[{k!r}]", v))
                    for k, v in _pairs("targets", targets or {})]
    report = _core.funnel_report(
        data._data, graph._graph,
        passage=_text("passage", passage), mode=_text("mode", mode),
        start_us=_time("start", start), end_us=_time("end", end),
        window_days=None if window_days is None else _integer("window_days", window_days),
        window_per_step=window_per_step, by=_texts("by", by),
        bucket="none" if bucket is None else _text("bucket", bucket),
        as_of_us=_time("as_of", as_of),
        min_sample=_integer("min_sample", min_sample, minimum=0),
        cycle_from="" if cycle_from is None else _text("cycle_from", cycle_from),
        team_by=None if team_by is None else _text("team_by", team_by),
        team_map=team_pairs,
        team_default="" if team_default is None else _text("team_default", team_default),
        baseline_start_us=baseline_start, baseline_end_us=baseline_end,
        targets=target_pairs, significance=_real("significance", significance),
        durations=_figures(durations), threads=threads_arg(threads))
    return FunnelReport(report)
