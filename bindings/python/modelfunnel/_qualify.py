"""Lead qualification: BANT and company rules deciding, lead by lead, whether
a lead is qualified (to field sales now), nurtured (a track, a re-check date
and the questions to ask next) or disqualified (and by which rule).
docs/qualify.md describes the rule file and every column."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._dataset import DataSet, _to_micros
from ._errors import DataError, NotFoundError
from ._graph import StageGraph
from ._threads import threads_arg

__all__ = ["QualifyRules", "Qualification", "qualify"]

Table = Literal["decisions", "summary"]
Method = Literal["round_robin", "least_loaded", "territory", "optimal"]
AttributeTypeName = Literal["string", "int64", "double", "bool", "timestamp"]

_DECISIONS = ["qualified", "nurture", "disqualified", "no_rule_set"]
_CHOICES = ["matched", "fallback", "fallback_unknown", "none"]
_TRUTHS = ["fail", "unknown", "pass"]
_UTC = pd.DatetimeTZDtype(tz="UTC")


def _categorical(codes: np.ndarray, labels: Sequence[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(labels), dtype=object))


def _time_us(keyword: str, value: Any) -> Optional[int]:
    if value is None:
        return None
    try:
        return int(_to_micros(value))
    except (TypeError, ValueError, OverflowError) as e:
        raise DataError(f"{keyword}: {e}") from None


class QualifyRules:
    """A rule file, checked against a data set's attributes (or a list of
    fields) and compiled. Immutable; make one with :meth:`load` or
    :meth:`from_json`. Every mistake in the file raises DataError naming its
    JSON path and rule id, before anything is decided."""

    __slots__ = ("_rules", "_info")

    def __init__(self, rules: _core.QualifyRules) -> None:
        self._rules = rules
        self._info: Optional[dict] = None

    @classmethod
    def load(cls, path: Union[str, os.PathLike], data: DataSet) -> "QualifyRules":
        """Reads and checks the rule file at ``path`` against ``data``'s attributes."""
        if not isinstance(data, DataSet):
            raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
        return cls(_core.QualifyRules.load_file(os.fspath(path), data._data))

    @classmethod
    def from_json(cls, text: str, data: Optional[DataSet] = None, *,
                  schema: Optional[Mapping[str, AttributeTypeName]] = None) -> "QualifyRules":
        """Checks the rule file ``text`` against ``data``'s attributes, or
        against ``schema`` (attribute name → type name) — a CRM's own record
        layout, for :meth:`evaluate` without a data set."""
        if not isinstance(text, str):
            raise DataError(f"text: expected a string, not {type(text).__name__}")
        if (data is None) == (schema is None):
            raise DataError("data, schema: give exactly one")
        if data is not None:
            if not isinstance(data, DataSet):
                raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
            return cls(_core.QualifyRules.parse(text, data._data))
        if not isinstance(schema, Mapping):
            raise DataError(f"schema: expected a mapping of name to type, not {type(schema).__name__}")
        return cls(_core.QualifyRules.parse_schema(text, [(str(k), str(v)) for k, v in schema.items()]))

    def _doc(self) -> dict:
        if self._info is None:
            self._info = self._rules.info()
        return self._info

    @property
    def rule_sets(self) -> list[dict]:
        """The rule sets in file order, each a dict: id, description,
        fallback (no ``when``), criteria (id, bant, description), and the
        disqualify, qualify and nurture rules (id, description; track and
        recheck_days for nurture)."""
        return self._doc()["rule_sets"]

    @property
    def criterion_columns(self) -> list[str]:
        """Distinct criterion ids over all sets: the criterion columns of
        :meth:`Qualification.decisions`."""
        return list(self._doc()["criterion_columns"])

    @property
    def schema(self) -> dict[str, str]:
        """The attributes the rules were checked against, name → type, in order."""
        return dict(self._rules.schema())

    @property
    def uses_score(self) -> bool:
        """Whether a criterion tests the lead score."""
        return bool(self._doc()["uses_score"])

    @property
    def warnings(self) -> list[str]:
        """Checks that could not be made (too many combinations to search)."""
        return list(self._doc()["warnings"])

    def evaluate(self, values: Mapping[str, Any], *, score: Optional[float] = None,
                 as_of: Any = None) -> dict:
        """Decides one record from its attribute ``values`` (name → value;
        a name left out, None or NaN is missing) and lead ``score``. Returns
        a dict: decision, rule_set, set_choice, reason, track, recheck (a
        UTC Timestamp, or None), criteria (id → "pass" / "fail" /
        "unknown") and ask (the criteria to ask about next)."""
        if not isinstance(values, Mapping):
            raise DataError(f"values: expected a mapping, not {type(values).__name__}")
        schema = self._rules.schema()
        known = {name for name, _ in schema}
        unknown = [k for k in values if k not in known]
        if unknown:
            raise DataError(f"values: no attribute named {unknown[0]!r} in the rules' schema")
        row: list[Any] = []
        for name, kind in schema:
            v = values.get(name)
            if v is not None and not isinstance(v, str) and pd.isna(v):
                v = None
            if v is not None and kind == "timestamp":
                v = _time_us(f"values[{name!r}]", v)
            row.append(v)
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float, np.floating))):
            raise DataError(f"score: expected a number, not {type(score).__name__}")
        d = self._rules.evaluate(row, None if score is None else float(score), _time_us("as_of", as_of))
        us = d.pop("recheck_us")
        d["recheck"] = None if us is None else pd.Timestamp(us * 1000, unit="ns", tz="UTC")
        return d

    def __repr__(self) -> str:
        return f"QualifyRules(rule_sets={[s['id'] for s in self.rule_sets]!r})"


class Qualification:
    """The decisions about every record of a data set; made by :func:`qualify`."""

    __slots__ = ("_result", "_rules")

    def __init__(self, result: _core.QualifyResult) -> None:
        self._result = result
        self._rules = QualifyRules(result.rules)

    @property
    def rules(self) -> QualifyRules:
        """The rules that decided."""
        return self._rules

    @property
    def as_of(self) -> Optional[pd.Timestamp]:
        """"Now" for re-check dates (UTC), or None."""
        us = self._result.as_of_us
        return None if us is None else pd.Timestamp(us * 1000, unit="ns", tz="UTC")

    def __len__(self) -> int:
        return self._result.record_count

    def decisions(self) -> pd.DataFrame:
        """One row per record: record_id, rule_set, set_choice, decision,
        reason (the rule that decided), track and recheck (nurtured records),
        ask (the criteria to ask about next, joined by ";"), then one
        categorical column per criterion id with "pass", "fail", "unknown"
        (NaN where the record's set has no such criterion)."""
        c = self._result.columns()
        set_ids = [s["id"] for s in self._rules.rule_sets]
        frame: dict[str, Any] = {
            "record_id": self._result.record_ids(),
            "rule_set": _categorical(c["rule_set"], set_ids),
            "set_choice": _categorical(c["set_choice"], _CHOICES),
            "decision": _categorical(c["decision"], _DECISIONS),
            "reason": _categorical(c["reason"], c["reasons"]),
            "track": _categorical(c["track"], c["tracks"]),
        }
        days = c["recheck_days"]
        as_of = self._result.as_of_us
        ns = np.full(len(days), np.iinfo(np.int64).min, dtype=np.int64)
        if as_of is not None:
            nurtured = days >= 0
            ns[nurtured] = (as_of + days[nurtured] * 86_400_000_000) * 1000
        frame["recheck"] = pd.arrays.DatetimeArray(ns.view("M8[ns]"), dtype=_UTC)
        frame["ask"] = _categorical(c["ask"], c["asks"])
        values = c["values"]
        for i, name in enumerate(c["columns"]):
            frame[name] = _categorical(values[:, i], _TRUTHS)
        return pd.DataFrame(frame)

    def summary(self) -> pd.DataFrame:
        """Records per rule set, decision and deciding rule (``reason``)."""
        return pd.DataFrame(self._result.summary(), columns=["rule_set", "decision", "reason", "records"])

    def lift(self, graph: Optional[StageGraph] = None, *, min_sample: int = 30,
             threads: Optional[int] = None) -> pd.DataFrame:
        """Which criteria predict contracts: per rule set, criterion and value
        ("pass", "fail", "unknown"), the records, how many closed (won or
        lost, read from the events against ``graph``, The Model by default)
        and won, the win rate (won / closed) with its 95% Wilson interval
        and small-sample flag (fewer than ``min_sample`` closed), ``lift``
        (the win rate over the same criterion's win rate when it failed) and
        the won revenue."""
        doc = self._lift(graph, min_sample, threads)
        rows = [{"rule_set": r["rule_set"], "criterion": r["criterion"], "bant": r["bant"] or "",
                 "value": r["value"], **_outcome(r), "lift": _number(r["lift"])}
                for r in doc["criteria"]]
        return pd.DataFrame(rows, columns=["rule_set", "criterion", "bant", "value", *_OUTCOME, "lift"])

    def outcomes(self, graph: Optional[StageGraph] = None, *, min_sample: int = 30,
                 threads: Optional[int] = None) -> pd.DataFrame:
        """Per rule set and decision: records, closed, won, win rate (with its
        interval) and won revenue — do qualified leads win more?"""
        doc = self._lift(graph, min_sample, threads)
        rows = [{"rule_set": r["rule_set"], "decision": r["decision"], **_outcome(r)} for r in doc["decisions"]]
        return pd.DataFrame(rows, columns=["rule_set", "decision", *_OUTCOME])

    def diff(self, other: "Qualification", graph: Optional[StageGraph] = None, *, min_sample: int = 30,
             threads: Optional[int] = None) -> pd.DataFrame:
        """How ``other`` (another rule file over the same records) decides
        them: one row per (before, after) pair with records, closed, won,
        win rate and won revenue — the deals on each side of each move.
        Rows with before == after are the records that stayed."""
        if not isinstance(other, Qualification):
            raise DataError(f"other: expected a Qualification, not {type(other).__name__}")
        doc = json.loads(_core.qualify_diff(self._result, other._result, _graph(graph),
                                            _min_sample(min_sample), threads_arg(threads)))
        rows = [{"before": m["before"], "after": m["after"], **_outcome(m)} for m in doc["moves"]]
        return pd.DataFrame(rows, columns=["before", "after", *_OUTCOME])

    def route(self, reps: Union[pd.DataFrame, str, os.PathLike], *, method: Method = "round_robin",
              territory_by: Optional[str] = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Gives the qualified leads an owner among ``reps`` (a DataFrame or
        the path of a CSV with rep_id, team, territory — ``*`` for all,
        several joined by ``;`` — and capacity). ``method``: "round_robin",
        "least_loaded", "territory" or "optimal" (the most leads placed,
        highest priority first); ``territory_by``: a string attribute
        matched against the reps' territories. Leads are routed by score
        (the scores given to :func:`qualify`), then record order.

        Returns (leads, reps): one row per qualified lead in priority order
        (record_id, rule_set, priority, score, territory, owner, owner_team,
        routing — "placed" or why not), and one per rep with the leads it got."""
        if isinstance(reps, pd.DataFrame):
            text = reps.to_csv(index=False)
        elif isinstance(reps, (str, os.PathLike)):
            try:
                with open(reps, encoding="utf-8", newline="") as f:
                    text = f.read()
            except FileNotFoundError:
                raise NotFoundError(f"{os.fspath(reps)}: no such file") from None
        else:
            raise DataError(f"reps: expected a DataFrame or a path, not {type(reps).__name__}")
        if territory_by is not None and not isinstance(territory_by, str):
            raise DataError(f"territory_by: expected a string, not {type(territory_by).__name__}")
        leads, team = _core.qualify_route(self._result, text, method if isinstance(method, str) else "",
                                          territory_by or "")
        lead_frame = pd.read_csv(io.StringIO(leads), dtype={"record_id": str, "rule_set": str, "territory": str,
                                                            "owner": str, "owner_team": str, "routing": str},
                                 keep_default_na=False, na_values={"score": [""]})
        for column in ("territory", "owner", "owner_team"):
            lead_frame[column] = lead_frame[column].replace("", None)
        team_frame = pd.read_csv(io.StringIO(team), dtype={"rep_id": str, "team": str, "territory": str},
                                 keep_default_na=False)
        return lead_frame, team_frame

    def _lift(self, graph: Optional[StageGraph], min_sample: int, threads: Optional[int]) -> dict:
        return json.loads(_core.qualify_lift(self._result, _graph(graph), _min_sample(min_sample),
                                             threads_arg(threads)))

    def to_csv(self, table: Table = "decisions") -> str:
        """One table as CSV text (docs/qualify.md); DataError for an unknown table."""
        return self._result.csv(table)

    def to_json(self) -> str:
        """Everything as one JSON document: the rule sets, the summary and
        every decision with its explanation."""
        return self._result.json()

    def to_dict(self) -> dict:
        """The parsed :meth:`to_json`."""
        return json.loads(self.to_json())

    def __repr__(self) -> str:
        return f"Qualification(records={len(self)}, rule_sets={[s['id'] for s in self._rules.rule_sets]!r})"


_OUTCOME = ["records", "closed", "won", "win_rate", "win_rate_low", "win_rate_high", "small_sample",
            "won_revenue"]


def _number(x: Optional[float]) -> float:
    return float("nan") if x is None else x


def _outcome(r: dict) -> dict[str, Any]:
    rate = r["win_rate"]
    return {"records": r["records"], "closed": r["closed"], "won": r["won"],
            "win_rate": _number(rate["value"]), "win_rate_low": _number(rate["low"]),
            "win_rate_high": _number(rate["high"]), "small_sample": rate["small_sample"],
            "won_revenue": float(r["won_revenue"])}


def _graph(graph: Optional[StageGraph]) -> _core.StageGraph:
    if graph is None:
        return StageGraph.the_model()._graph
    if not isinstance(graph, StageGraph):
        raise DataError(f"graph: expected a StageGraph, not {type(graph).__name__}")
    return graph._graph


def _min_sample(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DataError(f"min_sample: expected a whole number >= 0, not {value!r}")
    return value


def _scores(data: DataSet, scores: Any) -> Optional[list[float]]:
    if scores is None:
        return None
    if isinstance(scores, pd.Series) and not isinstance(scores.index, pd.RangeIndex):
        scores = scores.reindex(pd.Index(data._data.record_ids()))
    try:
        values = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise DataError(f"scores: {e}") from None
    if values.ndim != 1:
        raise DataError("scores: expected one number per record")
    return values.tolist()


def qualify(data: DataSet, rules: Union[QualifyRules, str, os.PathLike], *, scores: Any = None,
            score_attribute: Optional[str] = None, as_of: Any = None,
            threads: Optional[int] = None) -> Qualification:
    """Decides every record of ``data`` by ``rules`` (a :class:`QualifyRules`
    or the path of a rule file).

    ``scores``: the lead score per record (a sequence in record order, or a
    Series indexed by record id; NaN for none), for rules that test
    ``score``; or ``score_attribute``, a double attribute holding it.
    ``as_of``: "now" for re-check dates (default: the latest event).
    ``threads``: how many threads the computation may use; None or 0: as
    many as the hardware has. Every bad keyword raises DataError naming it.
    """
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    if isinstance(rules, (str, os.PathLike)):
        rules = QualifyRules.load(rules, data)
    elif not isinstance(rules, QualifyRules):
        raise DataError(f"rules: expected QualifyRules or a path, not {type(rules).__name__}")
    if score_attribute is not None and not isinstance(score_attribute, str):
        raise DataError(f"score_attribute: expected a string, not {type(score_attribute).__name__}")
    result = _core.qualify(data._data, rules._rules, _scores(data, scores), score_attribute or "",
                           _time_us("as_of", as_of), threads_arg(threads))
    return Qualification(result)
