"""Account tiering: a fit score per account from a fit-model file, the exact
split into tiers (A 15% / B 25% / C 60% by default), and the A and B accounts
assigned to BDRs by a min-cost flow. docs/tiering.md describes the model file
and every column."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._errors import DataError
from ._threads import threads_arg

__all__ = ["Tiering", "tier"]

PathOrFrame = Union[str, "os.PathLike[str]", pd.DataFrame]


def _csv(keyword: str, value: Any) -> Optional[tuple[str, bool]]:
    """A CSV input as (path, True) or (CSV text, False)."""
    if value is None:
        return None
    if isinstance(value, pd.DataFrame):
        return (value.to_csv(index=False), False)
    if isinstance(value, (str, os.PathLike)):
        return (os.fspath(value), True)
    raise DataError(f"{keyword}: expected a path or a DataFrame, not {type(value).__name__}")


def _model(value: Any) -> tuple[str, bool]:
    if isinstance(value, Mapping):
        return (json.dumps(value), False)
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        if text.lstrip().startswith("{"):
            return (text, False)
        return (text, True)
    raise DataError(f"model: expected a path, JSON text or a dict, not {type(value).__name__}")


class Tiering:
    """Every account's score and tier (and rep, when reps were given).

    ``accounts``: one row per account in rank order (rank, id, tier, score,
    score_low, score_high, uncertain, research, reason, pin_reason,
    previous_tier, organisation, points_<attribute>…, rep, assignment).
    ``tiers``: target and count per tier. ``cutoffs``: the fit margin at each
    cut-off. ``reps``: what each rep got (empty without reps)."""

    __slots__ = ("accounts", "tiers", "cutoffs", "reps", "placed", "unplaced", "unknown_parents",
                 "previous_unknown", "rolled_up")

    def __init__(self, raw: dict) -> None:
        columns = dict(raw["accounts"])
        frame = pd.DataFrame(columns)
        frame["tier"] = frame["tier"].astype(object)
        frame["id"] = frame["id"].astype(object)
        self.accounts: pd.DataFrame = frame
        self.tiers: pd.DataFrame = pd.DataFrame(list(raw["tiers"]),
                                                columns=["tier", "share", "target", "count", "difference",
                                                         "pinned", "kept", "uncertain", "min_score", "max_score"])
        self.cutoffs: pd.DataFrame = pd.DataFrame(list(raw["cutoffs"]),
                                                  columns=["upper", "lower", "last_upper", "first_lower", "margin"])
        self.reps: pd.DataFrame = pd.DataFrame(list(raw["reps"]),
                                               columns=["rep_id", "territory", "max_a", "max_total", "first_tier",
                                                        "total", "fit_weight"])
        self.placed: int = int(raw["placed"])
        self.unplaced: int = int(raw["unplaced"])
        self.unknown_parents: int = int(raw["unknown_parents"])
        self.previous_unknown: int = int(raw["previous_unknown"])
        self.rolled_up: bool = bool(raw["rolled_up"])

    def __len__(self) -> int:
        return len(self.accounts)

    def __repr__(self) -> str:
        counts = ", ".join(f"{t} {c}" for t, c in zip(self.tiers["tier"], self.tiers["count"]))
        return f"<Tiering {len(self)} accounts: {counts}>"


def tier(accounts: PathOrFrame, model: Union[str, "os.PathLike[str]", Mapping], *,
         pins: Optional[PathOrFrame] = None, previous: Optional[PathOrFrame] = None,
         reps: Optional[PathOrFrame] = None, territory_by: Optional[str] = None,
         stability_margin: Optional[float] = None, rollup: Optional[bool] = None,
         threads: Optional[int] = None) -> Tiering:
    """Scores ``accounts`` (a CSV path or a DataFrame) with the fit ``model``
    (a path, JSON text or a dict) and splits them into its tiers.

    ``pins``: id, tier, reason (manual tiers, counted in the quotas).
    ``previous``: last run's id and tier (kept unless the score crosses the
    cut-off by ``stability_margin`` points, default the model's).
    ``reps``: rep_id, territory, max_a, max_total — assigns A and B accounts.
    ``rollup``: subsidiaries take their parent's tier (default: as the model
    says). Bad input raises DataError naming file:line:column or the JSON path."""
    if territory_by is not None and not isinstance(territory_by, str):
        raise DataError(f"territory_by: expected a column name, not {type(territory_by).__name__}")
    if territory_by is not None and reps is None:
        raise DataError("territory_by: needs reps")
    if stability_margin is not None:
        if isinstance(stability_margin, bool) or not isinstance(stability_margin, (int, float)) \
                or not np.isfinite(stability_margin) or stability_margin < 0:
            raise DataError(f"stability_margin: expected a number of points >= 0, not {stability_margin!r}")
    if rollup is not None and not isinstance(rollup, bool):
        raise DataError(f"rollup: expected True, False or None, not {type(rollup).__name__}")
    source = _csv("accounts", accounts)
    if source is None:
        raise DataError("accounts: expected a path or a DataFrame, not None")
    text, is_path = _model(model)
    raw = _core.tier(source, text, is_path, _csv("pins", pins), _csv("previous", previous), _csv("reps", reps),
                     territory_by or "", None if stability_margin is None else float(stability_margin), rollup,
                     threads_arg(threads))
    return Tiering(raw)
