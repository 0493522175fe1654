"""Campaign attribution: which channels (or campaigns) brought the
conversions in, under nine models — first_touch, last_touch, linear,
u_shaped, w_shaped, full_path, time_decay, markov (removal effect solved
exactly) and shapley (exact). Each model's credits sum to the total
conversions and value. docs/attribution.md defines every model."""

from __future__ import annotations

import os
from typing import Any, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._dataset import DataSet
from ._errors import DataError
from ._threads import threads_arg

__all__ = ["Attribution", "attribute", "attribute_paths", "ATTRIBUTION_MODELS"]

ATTRIBUTION_MODELS = ("first_touch", "last_touch", "linear", "u_shaped", "w_shaped", "full_path", "time_decay",
                      "markov", "shapley")

_CREDIT_COLUMNS = ["model", "channel", "conversions", "value", "share", "ci_low", "ci_high", "removal_effect"]
_COST_COLUMNS = ["model", "campaign", "cost", "leads", "opportunities", "wins", "attributed_conversions",
                 "attributed_value", "cost_per_lead", "cost_per_opportunity", "cost_per_win", "roi"]


class Attribution:
    """Credits per model and channel, campaign costs, and the totals.

    ``credits``: model, channel, conversions, value, share, ci_low, ci_high
    (bootstrap interval on conversions), removal_effect (markov).
    ``costs``: per model and campaign (data sets whose touches name
    campaigns): cost, leads, opportunities, wins, attributed_conversions,
    attributed_value, cost_per_lead, cost_per_opportunity, cost_per_win, roi.
    ``totals``: journeys, conversions, value, nulls, touches, and what was
    dropped (touches_after_conversion, touches_outside_lookback,
    conversions_without_touches)."""

    __slots__ = ("by", "credits", "costs", "totals", "markov_conversion_probability", "shapley_method",
                 "shapley_standard_error")

    def __init__(self, raw: dict) -> None:
        self.by: str = str(raw["by"])
        credits = pd.DataFrame(list(raw["credits"]), columns=_CREDIT_COLUMNS)
        for column in ("conversions", "value", "share", "ci_low", "ci_high", "removal_effect"):
            credits[column] = credits[column].astype(float)
        self.credits: pd.DataFrame = credits
        self.costs: pd.DataFrame = pd.DataFrame(list(raw["costs"]), columns=_COST_COLUMNS)
        self.totals: dict[str, Any] = dict(raw["totals"])
        p = raw["markov_conversion_probability"]
        self.markov_conversion_probability: Optional[float] = None if p is None else float(p)
        self.shapley_method: str = str(raw["shapley_method"])
        self.shapley_standard_error: float = float(raw["shapley_standard_error"])

    def by_model(self, column: str = "conversions") -> pd.DataFrame:
        """``column`` as a channel x model table."""
        return self.credits.pivot(index="channel", columns="model", values=column)

    def __repr__(self) -> str:
        models = self.credits["model"].nunique() if len(self.credits) else 0
        return (f"<Attribution {models} models, {self.totals['channels']} {self.by}s, "
                f"{self.totals['conversions']:g} conversions>")


def _models(models: Union[str, Sequence[str], None]) -> list[str]:
    if models is None or models == "all":
        return []
    if isinstance(models, str):
        models = [models]
    out = []
    for m in models:
        if not isinstance(m, str) or m not in ATTRIBUTION_MODELS:
            raise DataError(f"models: unknown model {m!r} (one of {', '.join(ATTRIBUTION_MODELS)} or 'all')")
        out.append(m)
    return out


def _number(keyword: str, value: Any, low: float, inclusive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value) \
            or value < low or (not inclusive and value == low):
        sign = ">=" if inclusive else ">"
        raise DataError(f"{keyword}: expected a number {sign} {low:g}, not {value!r}")
    return float(value)


def _common(half_life_days: Any, bootstrap: Any, confidence: Any, seed: Any) -> tuple[float, int, float, int]:
    half = _number("half_life_days", half_life_days, 0, inclusive=False)
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, (int, np.integer)) or not 0 <= bootstrap <= 100_000:
        raise DataError(f"bootstrap: expected a whole number of replicates 0..100000, not {bootstrap!r}")
    conf = _number("confidence", confidence, 0, inclusive=False)
    if conf >= 1:
        raise DataError(f"confidence: expected a number in (0, 1), not {confidence!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"seed: expected a whole number >= 0, not {seed!r}")
    return half, int(bootstrap), conf, int(seed)


def attribute(data: DataSet, *, models: Union[str, Sequence[str], None] = "all", by: str = "channel",
              conversion_stage: str = "closed_won", lookback_days: Optional[float] = None,
              half_life_days: float = 7.0, account: Optional[str] = None, bootstrap: int = 0,
              confidence: float = 0.95, seed: int = 42, threads: Optional[int] = None) -> Attribution:
    """Credits the conversions of ``data``'s records (reaching
    ``conversion_stage``, worth its amount) to their touches (loaded by the
    mapping's touches tables). ``by``: 'channel' or 'campaign'.
    ``account``: a string attribute naming each record's account — buying
    groups, where all the account's touches credit its conversion.
    ``bootstrap`` replicates give ci_low / ci_high. Raises DataError for bad
    options."""
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    if by not in ("channel", "campaign"):
        raise DataError(f"by: expected 'channel' or 'campaign', not {by!r}")
    if not isinstance(conversion_stage, str) or not conversion_stage:
        raise DataError("conversion_stage: expected a stage id")
    lookback = None if lookback_days is None else _number("lookback_days", lookback_days, 0)
    if account is not None and not isinstance(account, str):
        raise DataError(f"account: expected an attribute name, not {type(account).__name__}")
    half, reps, conf, sd = _common(half_life_days, bootstrap, confidence, seed)
    raw = _core.attribute(data._data, _models(models), by, conversion_stage, lookback, half, account or "", reps,
                          conf, sd, threads_arg(threads))
    return Attribution(raw)


def attribute_paths(paths: Union[str, "os.PathLike[str]", pd.DataFrame], *,
                    models: Union[str, Sequence[str], None] = "all", half_life_days: float = 7.0,
                    bootstrap: int = 0, confidence: float = 0.95, seed: int = 42,
                    threads: Optional[int] = None) -> Attribution:
    """Credits aggregated paths as ChannelAttribution users keep them: a CSV
    path, or a DataFrame with ``path`` (channels joined by '>'; a list of
    channels also works), ``total_conversions`` and optionally
    ``total_conversion_value`` and ``total_null``. Bad rows raise DataError
    naming file:line:column."""
    half, reps, conf, sd = _common(half_life_days, bootstrap, confidence, seed)
    models_list = _models(models)
    if isinstance(paths, (str, os.PathLike)):
        raw = _core.attribute_paths((os.fspath(paths), True), [], models_list, half, reps, conf, sd,
                                    threads_arg(threads))
        return Attribution(raw)
    if not isinstance(paths, pd.DataFrame):
        raise DataError(f"paths: expected a path or a DataFrame, not {type(paths).__name__}")
    for column in ("path", "total_conversions"):
        if column not in paths.columns:
            raise DataError(f"paths: no column {column!r}")
    if len(paths) and isinstance(paths["path"].iloc[0], (list, tuple)):
        rows = []
        for i, row in enumerate(paths.itertuples(index=False)):
            d = row._asdict()
            rows.append(([str(c) for c in d["path"]], float(d["total_conversions"]),
                         float(d.get("total_conversion_value", 0) or 0), float(d.get("total_null", 0) or 0)))
        raw = _core.attribute_paths(None, rows, models_list, half, reps, conf, sd, threads_arg(threads))
    else:
        raw = _core.attribute_paths((paths.to_csv(index=False), False), [], models_list, half, reps, conf, sd,
                                    threads_arg(threads))
    return Attribution(raw)
