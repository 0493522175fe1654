"""The revenue plan and forecast (docs/revenue.md): a target run back
through the funnel, and the open pipeline's expected won revenue, as
DataFrames.

>>> import modelfunnel as mf
>>> plan = mf.revenue_plan(scenario="examples/revenue/scenario.json",
...                        target=1_000_000, period="2027-Q1")  # doctest: +SKIP
>>> plan.stages[["stage", "required_p50", "enter_from", "enter_by"]]  # doctest: +SKIP
>>> data = mf.generate(leads=5000)
>>> mf.revenue_forecast(data, period="2025-Q3", as_of="2025-07-01").owners  # doctest: +SKIP
>>> mf.revenue_movement(data, start="2025-04-01", end="2025-05-15", period="2025-Q2").buckets  # doctest: +SKIP
"""

from __future__ import annotations

import json
import numbers
import os
from typing import Any, Literal, Optional, Union

import pandas as pd

from . import _core
from ._dataset import DataSet
from ._errors import DataError
from ._funnel import _time
from ._graph import StageGraph
from ._threads import threads_arg

__all__ = ["PipelineMovement", "RevenueBacktest", "RevenueForecast", "RevenuePlan", "SegmentedRevenuePlan",
           "revenue_backtest",
           "revenue_forecast", "revenue_movement", "revenue_plan"]


def _graph(graph: Any) -> StageGraph:
    if graph is None:
        return StageGraph.the_model()
    if not isinstance(graph, StageGraph):
        raise DataError(f"graph: expected a StageGraph, not {type(graph).__name__}")
    return graph


def _whole(keyword: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise DataError(f"{keyword}: expected a whole number, 0 or more, not {value!r}")
    return int(value)


def _text(keyword: str, value: Any) -> str:
    if not isinstance(value, str):
        raise DataError(f"{keyword}: expected a string, not {type(value).__name__}")
    return value


def _frame(rows: list, columns: list) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


class RevenuePlan:
    """A plan: ``stages`` (records required per stage, P10/P50/P90, the
    window to enter, pipeline and new), ``weeks`` (the window spread by
    week), ``teams`` (team targets), ``leverage`` (one point, and 10%, more
    conversion at each step) as DataFrames; the totals as attributes."""

    def __init__(self, document: Union[str, dict]) -> None:
        d = json.loads(document) if isinstance(document, str) else document
        self._doc = d
        self.target: float = d["target"]
        self.period: str = d["period"]
        self.source: str = d["source"]
        self.mean_deal_size: float = d["mean_deal_size"]
        self.wins_exact: float = d["wins_exact"]
        self.pipeline_expected_revenue: float = d["pipeline_expected_revenue"]
        self.p_target_pipeline_only: Optional[float] = d["p_target_pipeline_only"]
        self.p_target_with_plan: Optional[float] = d["p_target_with_plan"]
        self.notes: list = d["notes"]
        self.stages = _frame(d["stages"], ["stage", "team", "required_exact", "required_p10", "required_p50",
                                           "required_p90", "enter_from", "enter_by", "step_rate", "lag_p50_days",
                                           "open", "from_pipeline", "new_needed"])
        self.weeks = _frame(d["weeks"], ["stage", "week_start", "share", "records", "past"])
        self.teams = _frame(d["teams"], ["team", "stage", "measure", "required_p50", "new_needed"])
        self.leverage = _frame(d["leverage"], ["from", "to", "rate", "plus_point_leads", "plus_point_revenue",
                                               "plus_10pct_leads", "plus_10pct_revenue", "rank"])

    def to_json(self) -> str:
        """The engine's JSON document (as ``modelfunnel plan --format json``)."""
        return json.dumps(self._doc, indent=2)

    def __repr__(self) -> str:
        return f"RevenuePlan(target={self.target:,.0f}, period={self.period!r}, stages={len(self.stages)})"


class RevenueForecast:
    """A forecast: totals as attributes (``expected``, ``p10``, ``p50``,
    ``p90``, ``method``, ``cdf_error_bound``, ...), and ``stages``,
    ``owners``, ``teams``, ``categories``, ``rollups``, ``curve`` as
    DataFrames."""

    def __init__(self, document: str) -> None:
        d = json.loads(document)
        self._doc = d
        for key in ("as_of", "period", "open_deals", "amounts_imputed", "mean_deal_size", "won_so_far", "expected",
                    "sd", "p10", "p50", "p90", "method", "cdf_error_bound", "notes"):
            setattr(self, key, d[key])
        group = ["deals", "amount", "expected", "sd"]
        self.stages = _frame(d["stages"], ["stage"] + group)
        self.owners = _frame(d["owners"], ["owner"] + group)
        self.teams = _frame(d["teams"], ["team"] + group)
        self.categories = _frame(d["categories"], ["category"] + group)
        self.rollups = _frame(d["rollups"], ["category", "deals", "amount", "expected"])
        self.curve = _frame(d["curve"], ["stage", "age_days", "probability", "cohort"])

    def __repr__(self) -> str:
        return f"RevenueForecast(period={self.period!r}, expected={self.expected:,.0f}, open_deals={self.open_deals})"


class RevenueBacktest:
    """A backtest: ``periods`` (DataFrame), ``coverage``, ``bias``, ``mape``;
    with ``plan=True`` also ``plan`` (each period's plan by stage against the
    records that entered) and ``plan_stages`` (coverage, bias, error by
    stage) as DataFrames."""

    def __init__(self, d: dict) -> None:
        self.periods = _frame(d["periods"], ["period", "deals", "expected", "p10", "p90", "actual", "covered"])
        self.plan = _frame(d["plan"], ["period", "stage", "target", "required_p10", "required_p50", "required_p90",
                                       "enter_from", "enter_by", "entered", "entered_effective", "covered"])
        self.plan_stages = _frame(d["plan_stages"], ["stage", "periods", "coverage", "bias", "mape"])
        self.coverage: float = d["coverage"]
        self.bias: float = d["bias"]
        self.mape: float = d["mape"]

    def __repr__(self) -> str:
        return f"RevenueBacktest(periods={len(self.periods)}, coverage={self.coverage:.2f}, bias={self.bias:+.3f})"


class PipelineMovement:
    """The pipeline's movement between two dates: ``buckets`` (one row per
    bucket: new, pulled_in, increased, decreased, pushed_out, won, lost,
    carried — deals, count_change, amount_from, amount_to, amount_change),
    ``deals`` (each deal's bucket, stages, amounts, close dates and pushes),
    and the totals as attributes (``opening_deals``, ``opening_amount``,
    ``closing_deals``, ``closing_amount``, ``slip_rate``, ...).
    ``opening + buckets' changes = closing`` in deals and amount."""

    def __init__(self, document: str) -> None:
        d = json.loads(document)
        for key in ("from", "to", "period", "first_stage", "opening_deals", "opening_amount", "closing_deals",
                    "closing_amount", "opening_without_amount", "closing_without_amount", "pushes", "deals_pushed",
                    "deals_pushed_again", "slip_rate", "mean_push_days", "notes"):
            setattr(self, "start" if key == "from" else "end" if key == "to" else key, d[key])
        self.buckets = _frame(d["buckets"], ["bucket", "deals", "count_change", "amount_from", "amount_to",
                                             "amount_change"])
        self.deals = _frame(d["deals"], ["record", "bucket", "stage_from", "stage_to", "amount_from", "amount_to",
                                         "close_from", "close_to", "pushes"])

    def __repr__(self) -> str:
        return (f"PipelineMovement({self.start} -> {self.end}, opening={self.opening_deals}, "
                f"closing={self.closing_deals}, slip_rate={self.slip_rate})")


_STAGE_COLUMNS = ["stage", "team", "required_exact", "required_p10", "required_p50", "required_p90", "enter_from",
                  "enter_by", "step_rate", "lag_p50_days", "open", "from_pipeline", "new_needed"]


class SegmentedRevenuePlan:
    """A plan by segment (``revenue_plan(data, by=...)``): ``stages`` — every
    planned segment's stages with a ``segment`` column, then the combined
    rows (segment ``"*"``: volumes summed, P10/P50/P90 of the sum);
    ``segments`` — each segment's share, target, won revenue and ``status``
    (``ok``, ``no_share``, ``no_wins``, ``no_deal_size``, ``not_measured``);
    ``plans`` — each planned segment's own RevenuePlan, by segment."""

    def __init__(self, document: str) -> None:
        d = json.loads(document)
        self._doc = d
        self.target: float = d["target"]
        self.period: str = d["period"]
        self.historical_mix: bool = d["historical_mix"]
        self.notes: list = d["notes"]
        self.plans = {p["segment"]: RevenuePlan(p["plan"]) for p in d["plans"]}
        rows = [dict(segment=p["segment"], **r) for p in d["plans"] for r in p["plan"]["stages"]]
        rows += [dict(segment="*", **r) for r in d["combined"]]
        self.stages = _frame(rows, ["segment"] + _STAGE_COLUMNS)
        self.segments = _frame(d["segments"], ["segment", "share", "target", "won_deals", "won_revenue", "status",
                                               "mean_deal_size", "p_target_with_plan", "note"])
        self.combined = self.stages[self.stages["segment"] == "*"].reset_index(drop=True)

    def __repr__(self) -> str:
        return (f"SegmentedRevenuePlan(target={self.target:,.0f}, period={self.period!r}, "
                f"segments={len(self.segments)}, planned={len(self.plans)})")


def revenue_plan(data: Optional[DataSet] = None, *, target: float, period: str,
                 scenario: Union[None, str, os.PathLike, dict] = None, graph: Optional[StageGraph] = None,
                 as_of: Any = None, samples: int = 10_000, seed: int = 42, owner: str = "",
                 threads: Optional[int] = None, by: Optional[str] = None,
                 mix: Optional[dict] = None) -> Union[RevenuePlan, SegmentedRevenuePlan]:
    """Runs ``target`` (revenue to win in ``period``: ``"2027-Q1"``,
    ``"2027-03"``, ``"2027"``, ``"FROM..TO"``) back through the funnel.
    Rates, lags, deal sizes and the pipeline are measured on ``data`` and/or
    given by ``scenario`` (a file path, or the scenario as a dict), which
    overrides what was measured.

    With ``by`` (a string attribute of ``data``, e.g. ``"channel"``) each of
    its values is planned with its own measured model for its share of the
    target — ``mix`` (``{"web": 0.6, "partner": 0.4}``, shares summing to 1),
    the scenario's ``"mix"``, or by default its share of the won revenue —
    and a SegmentedRevenuePlan is returned."""
    if data is not None and not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet or None, not {type(data).__name__}")
    if data is None and scenario is None:
        raise DataError("give data, a scenario, or both")
    if isinstance(target, bool) or not isinstance(target, numbers.Real):
        raise DataError(f"target: expected a number, not {type(target).__name__}")
    path = json_text = None
    if isinstance(scenario, dict):
        json_text = json.dumps(scenario)
    elif scenario is not None:
        path = os.fspath(scenario)
    if mix is not None and by is None:
        raise DataError("mix: needs by= (the attribute the mix is of)")
    if by is not None:
        if data is None:
            raise DataError("by: needs data")
        if mix is not None and not isinstance(mix, dict):
            raise DataError(f"mix: expected a dict of segment: share, not {type(mix).__name__}")
        mix_json = json.dumps(mix) if mix is not None else None
        return SegmentedRevenuePlan(_core.revenue_plan_segments(
            path, json_text, data._data, _graph(graph)._graph, _text("by", by), mix_json, float(target),
            _text("period", period), _time("as_of", as_of), _whole("samples", samples), _whole("seed", seed),
            _text("owner", owner), threads_arg(threads)))
    document = _core.revenue_plan(path, json_text, data._data if data is not None else None, _graph(graph)._graph,
                                  float(target), _text("period", period), _time("as_of", as_of),
                                  _whole("samples", samples), _whole("seed", seed), _text("owner", owner),
                                  threads_arg(threads))
    return RevenuePlan(document)


def revenue_forecast(data: DataSet, *, period: str, as_of: Any = None, owner: str = "",
                     graph: Optional[StageGraph] = None, samples: int = 0, seed: int = 42,
                     threads: Optional[int] = None) -> RevenueForecast:
    """Forecasts the revenue the records open at ``as_of`` (default: just
    after the latest event) win inside ``period``."""
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    return RevenueForecast(_core.revenue_forecast(data._data, _graph(graph)._graph, _text("period", period),
                                                  _time("as_of", as_of), _text("owner", owner),
                                                  _whole("samples", samples), _whole("seed", seed),
                                                  threads_arg(threads)))


def revenue_backtest(data: DataSet, *, every: Literal["month", "quarter"] = "month", min_history_days: int = 180,
                     owner: str = "", graph: Optional[StageGraph] = None,
                     threads: Optional[int] = None, plan: bool = False, plan_samples: int = 2000,
                     seed: int = 42) -> RevenueBacktest:
    """The forecast made at the start of every past month (or quarter) from
    the events before it, against what those records then won; with
    ``plan=True`` also the plan made then for what the period won, against
    the records that entered each stage in the plan's window."""
    if not isinstance(plan, bool):
        raise DataError(f"plan: expected True or False, not {plan!r}")
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    return RevenueBacktest(_core.revenue_backtest(data._data, _graph(graph)._graph, _text("every", every),
                                                  _whole("min_history_days", min_history_days),
                                                  _text("owner", owner), threads_arg(threads), plan,
                                                  _whole("plan_samples", plan_samples), _whole("seed", seed)))


def revenue_movement(data: DataSet, *, start: Any, end: Any, period: Optional[str] = None, first_stage: str = "",
                     graph: Optional[StageGraph] = None, threads: Optional[int] = None) -> PipelineMovement:
    """The pipeline at ``start`` against the pipeline at ``end`` (any time
    :func:`pandas.Timestamp` reads; naive means UTC): the open deals from
    ``first_stage`` on (default: the first stage with a forecast category)
    whose expected close date, as it stood then, falls in ``period``
    (``"2025-Q2"``, ...; None: every open deal). Each deal gets one bucket."""
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    from_us, to_us = _time("start", start), _time("end", end)
    if from_us is None or to_us is None:
        raise DataError("start and end are required")
    return PipelineMovement(_core.revenue_movement(data._data, _graph(graph)._graph, from_us, to_us,
                                                   None if period is None else _text("period", period),
                                                   _text("first_stage", first_stage), threads_arg(threads)))
