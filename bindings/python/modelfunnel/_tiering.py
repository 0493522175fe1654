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

__all__ = ["LearnedWeights", "Tiering", "TieringColumns", "learn_weights", "tier", "tier_columns"]

_COVERAGE_COLUMNS = ["id", "tier", "rep", "contacts", "key_contacts", "contacts_reached", "min_contacts", "touches",
                     "first_touch", "last_touch", "cadence_days", "min_cadence_months", "cadence_running",
                     "touches_per_month", "target_touches_per_month", "channels", "missing_channels",
                     "campaign_touches", "gaps"]
_REP_GAP_COLUMNS = ["rep", "accounts", "with_gaps", "gap_contacts", "gap_cadence", "gap_channel", "gap_campaign",
                    "contacts_to_reach"]

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


def _summary(kind: str, result: Any) -> str:
    """`<Kind N accounts: A 13, B 21, C 51>` for a tiering result."""
    counts = ", ".join(f"{t} {c}" for t, c in zip(result.tiers["tier"], result.tiers["count"]))
    return f"<{kind} {len(result)} accounts: {counts}>"


class Tiering:
    """Every account's score and tier (and rep, when reps were given).

    ``accounts``: one row per account in rank order (rank, id, tier, score,
    score_low, score_high, uncertain, research, reason, pin_reason,
    previous_tier, organisation, points_<attribute>…, rep, assignment).
    ``tiers``: target and count per tier. ``cutoffs``: the fit margin at each
    cut-off. ``reps``: what each rep got (empty without reps).

    With contacts: ``coverage``, one row per account against its tier's play
    (id, tier, rep, contacts, key_contacts, contacts_reached, min_contacts,
    touches, first_touch, last_touch, cadence_days, min_cadence_months,
    cadence_running, touches_per_month, target_touches_per_month, channels,
    missing_channels, campaign_touches, gaps — lists joined by ``;``);
    ``rep_gaps``, the gaps per rep (rep None: accounts without one);
    ``left_out``, the rows counted and left out (and ``as_of``). Empty
    without contacts."""

    __slots__ = ("accounts", "tiers", "cutoffs", "reps", "placed", "unplaced", "unknown_parents",
                 "previous_unknown", "rolled_up", "coverage", "rep_gaps", "left_out", "as_of")

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
        cov = raw.get("coverage")
        self.coverage: pd.DataFrame = (pd.DataFrame(dict(cov["accounts"]), columns=_COVERAGE_COLUMNS) if cov
                                       else pd.DataFrame(columns=_COVERAGE_COLUMNS))
        self.rep_gaps: pd.DataFrame = pd.DataFrame(list(cov["reps"]) if cov else [], columns=_REP_GAP_COLUMNS)
        self.left_out: dict = dict(cov["counts"]) if cov else {}
        self.as_of: Optional[str] = cov["as_of"] if cov else None

    def __len__(self) -> int:
        return len(self.accounts)

    def __repr__(self) -> str:
        return _summary("Tiering", self)


def tier(accounts: PathOrFrame, model: Union[str, "os.PathLike[str]", Mapping], *,
         pins: Optional[PathOrFrame] = None, previous: Optional[PathOrFrame] = None,
         reps: Optional[PathOrFrame] = None, territory_by: Optional[str] = None,
         stability_margin: Optional[float] = None, rollup: Optional[bool] = None,
         contacts: Optional[PathOrFrame] = None, activities: Optional[PathOrFrame] = None,
         as_of: Optional[str] = None, owner_by: Optional[str] = None,
         threads: Optional[int] = None) -> Tiering:
    """Scores ``accounts`` (a CSV path or a DataFrame) with the fit ``model``
    (a path, JSON text or a dict) and splits them into its tiers.

    ``pins``: id, tier, reason (manual tiers, counted in the quotas).
    ``previous``: last run's id and tier (kept unless the score crosses the
    cut-off by ``stability_margin`` points, default the model's).
    ``reps``: rep_id, territory, max_a, max_total — assigns A and B accounts.
    ``rollup``: subsidiaries take their parent's tier (default: as the model
    says). ``contacts`` (account_id, contact_id, role) and ``activities``
    (contact_id, time, channel, campaign): check each account against its
    tier's play (``coverage``, ``rep_gaps``); ``as_of``: the day cadences are
    judged on (default: the latest touch); ``owner_by``: the accounts column
    naming each account's rep when no ``reps`` are given (default: the
    model's ``owner``). Bad input raises DataError naming file:line:column
    or the JSON path."""
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
    for name, value in (("as_of", as_of), ("owner_by", owner_by)):
        if value is not None and not isinstance(value, str):
            raise DataError(f"{name}: expected a string, not {type(value).__name__}")
    if contacts is None and (activities is not None or as_of is not None or owner_by is not None):
        raise DataError("activities, as_of and owner_by need contacts")
    if owner_by is not None and reps is not None:
        raise DataError("owner_by and reps: the reps come from one of them")
    source = _csv("accounts", accounts)
    if source is None:
        raise DataError("accounts: expected a path or a DataFrame, not None")
    text, is_path = _model(model)
    raw = _core.tier(source, text, is_path, _csv("pins", pins), _csv("previous", previous), _csv("reps", reps),
                     territory_by or "", None if stability_margin is None else float(stability_margin), rollup,
                     threads_arg(threads), _csv("contacts", contacts), _csv("activities", activities), as_of or "",
                     owner_by or "")
    return Tiering(raw)


class TieringColumns:
    """Every account's score and tier as arrays, for millions of accounts
    (docs/tiering.md, "Millions of accounts"): no Python object per account.

    ``accounts``: one row per account in file order (index: the 0-based data
    row), with rank (1 = best), tier, reason, research and previous_tier as
    pandas Categoricals, score, score_low, score_high, uncertain,
    organisation (the data row of its top parent) and points_<attribute>
    (NaN: missing). ``ids``: the ids as a numpy fixed-width bytes array in the
    same order (``ids.astype(str)`` makes strings). ``tiers`` and ``cutoffs``
    as :class:`Tiering`'s."""

    __slots__ = ("accounts", "ids", "tiers", "cutoffs", "unknown_parents", "previous_unknown", "rolled_up")

    def __init__(self, raw: dict) -> None:
        columns = dict(raw["accounts"])
        self.ids: np.ndarray = columns.pop("id")
        tier_names = list(raw["tier_names"])
        reason_names = list(raw["reason_names"])
        attributes = list(raw["attributes"])
        frame = pd.DataFrame({
            "rank": columns["rank"],
            "tier": pd.Categorical.from_codes(columns["tier"].astype(np.int16), tier_names),
            "score": columns["score"],
            "score_low": columns["score_low"],
            "score_high": columns["score_high"],
            "uncertain": columns["uncertain"],
            "research": pd.Categorical.from_codes(columns["research"], attributes),
            "reason": pd.Categorical.from_codes(columns["reason"].astype(np.int16), reason_names),
            "previous_tier": pd.Categorical.from_codes(columns["previous_tier"].astype(np.int16), tier_names),
            "organisation": columns["organisation"].astype(np.int64),
        })
        for name in attributes:
            frame["points_" + name] = columns["points_" + name]
        self.accounts: pd.DataFrame = frame
        self.tiers: pd.DataFrame = pd.DataFrame(list(raw["tiers"]),
                                                columns=["tier", "share", "target", "count", "difference",
                                                         "pinned", "kept", "uncertain", "min_score", "max_score"])
        self.cutoffs: pd.DataFrame = pd.DataFrame(list(raw["cutoffs"]),
                                                  columns=["upper", "lower", "last_upper", "first_lower", "margin"])
        self.unknown_parents: int = int(raw["unknown_parents"])
        self.previous_unknown: int = int(raw["previous_unknown"])
        self.rolled_up: bool = bool(raw["rolled_up"])

    def __len__(self) -> int:
        return len(self.accounts)

    def __repr__(self) -> str:
        return _summary("TieringColumns", self)


def tier_columns(accounts: PathOrFrame, model: Union[str, "os.PathLike[str]", Mapping], *,
                 pins: Optional[PathOrFrame] = None, previous: Optional[PathOrFrame] = None,
                 stability_margin: Optional[float] = None, rollup: Optional[bool] = None,
                 threads: Optional[int] = None) -> TieringColumns:
    """:func:`tier` without reps or contacts, returning arrays: the same
    scores, tiers, reasons and errors, with no Python object per account —
    for millions of accounts. See :class:`TieringColumns`."""
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
    raw = _core.tier_columns(source, text, is_path, _csv("pins", pins), _csv("previous", previous),
                             None if stability_margin is None else float(stability_margin), rollup,
                             threads_arg(threads))
    return TieringColumns(raw)


class LearnedWeights:
    """Points per attribute value learned from won deals, with the evidence.

    ``values``: one row per attribute value (attribute, value, accounts,
    cases, wins, win_rate, smoothed_rate, log_odds, points, model_points;
    value ``(missing)`` counts blanks and is not learned). ``model``: the fit
    model with the learned points (a dict; ``model_json`` its text) — edit it
    and pass it to :func:`tier`. ``kept``: attributes not learned (lines)."""

    __slots__ = ("values", "model", "model_json", "kept", "unit", "accounts", "cases", "wins", "deals",
                 "won_deals", "deals_unknown_account", "deals_open")

    def __init__(self, raw: dict) -> None:
        self.values: pd.DataFrame = pd.DataFrame(list(raw["values"]),
                                                 columns=["attribute", "value", "accounts", "cases", "wins",
                                                          "win_rate", "smoothed_rate", "log_odds", "points",
                                                          "model_points"])
        self.model_json: str = raw["model_json"]
        self.model: dict = json.loads(self.model_json)
        self.kept: list[str] = list(raw["kept"])
        self.unit: str = raw["unit"]
        for key in ("accounts", "cases", "wins", "deals", "won_deals", "deals_unknown_account", "deals_open"):
            setattr(self, key, int(raw[key]))

    def __repr__(self) -> str:
        return f"<LearnedWeights {len(self.values)} values from {self.wins} of {self.cases} {self.unit} won>"


def learn_weights(accounts: PathOrFrame, model: Union[str, "os.PathLike[str]", Mapping], deals: PathOrFrame, *,
                  by: str = "accounts", deal_account: Optional[str] = None, stage_column: str = "deal_stage",
                  won_value: str = "Won", lost_value: str = "Lost", prior: float = 5.0,
                  points_per_logit: float = 10.0) -> LearnedWeights:
    """Learns points per value of the model's categorical, bucket and boolean
    attributes from ``deals`` (a CSV path or a DataFrame with the account and
    the stage): each value's win rate, smoothed toward the overall rate by
    ``prior`` cases, as log-odds against the overall rate, ``points_per_logit``
    points per unit above the lowest value. ``by="accounts"``: an account is
    won when it has a won deal; ``by="deals"``: each won or lost deal is a
    case (open deals are left out). docs/tiering.md, "Learned weights"."""
    if by not in ("accounts", "deals"):
        raise DataError(f"by: expected 'accounts' or 'deals', not {by!r}")
    for name, value in (("prior", prior), ("points_per_logit", points_per_logit)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value) or value <= 0:
            raise DataError(f"{name}: expected a number above 0, not {value!r}")
    for name, value in (("deal_account", deal_account), ("stage_column", stage_column), ("won_value", won_value),
                        ("lost_value", lost_value)):
        if value is not None and not isinstance(value, str):
            raise DataError(f"{name}: expected a string, not {type(value).__name__}")
    source = _csv("accounts", accounts)
    deal_source = _csv("deals", deals)
    if source is None or deal_source is None:
        raise DataError("accounts and deals: expected a path or a DataFrame, not None")
    text, is_path = _model(model)
    raw = _core.learn_weights(source, text, is_path, deal_source, by, deal_account or "", stage_column, won_value,
                              lost_value, float(prior), float(points_per_logit))
    return LearnedWeights(raw)
