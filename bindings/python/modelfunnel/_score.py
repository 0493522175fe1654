"""The lead score: a calibrated win probability per record, with a 95%
interval and the factors behind it (docs/lead-score.md).

>>> import modelfunnel as mf
>>> data = mf.generate(leads=5000, seed=7)
>>> model = mf.score_fit(data, features=["channel", "segment", "employees"])
>>> mf.score_apply(model, data).head()  # doctest: +SKIP
>>> mf.score_report(model, data).calibration  # doctest: +SKIP
"""

from __future__ import annotations

import json
import numbers
import os
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._dataset import DataSet
from ._errors import DataError
from ._graph import StageGraph
from ._threads import threads_arg

__all__ = ["LeadScoreModel", "ScoreReport", "score_apply", "score_cross_validate", "score_fit",
           "score_probabilities", "score_report"]

Calibration = Literal["platt", "isotonic"]
_Value = Union[None, str, bool, int, float]


def _data(data: Any) -> DataSet:
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    return data


def _graph(graph: Any) -> StageGraph:
    if graph is None:
        return StageGraph.the_model()
    if not isinstance(graph, StageGraph):
        raise DataError(f"graph: expected a StageGraph, not {type(graph).__name__}")
    return graph


def _whole(keyword: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise DataError(f"{keyword}: expected an integer, not {type(value).__name__}")
    if not low <= value <= high:
        raise DataError(f"{keyword}: must be between {low} and {high}, not {value}")
    return int(value)


def _real(keyword: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DataError(f"{keyword}: expected a number, not {type(value).__name__}")
    return float(value)


def _text(keyword: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DataError(f"{keyword}: expected a string or None, not {type(value).__name__}")
    return value


def _features(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable):
        raise DataError(f"features: expected a string or strings, not {type(value).__name__}")
    names = list(value)
    for i, name in enumerate(names):
        if not isinstance(name, str):
            raise DataError(f"features[{i}]: expected a string, not {type(name).__name__}")
    return names


def _fit_arguments(features: Any, outcome: Optional[str], group_by: Optional[str], bins: int,
                   prior_weight: float, group_prior_weight: float, calibration: str, folds: int,
                   seed: int, max_levels: int, threads: Optional[int]) -> dict[str, Any]:
    if calibration not in ("platt", "isotonic"):
        raise DataError(f"calibration: expected 'platt' or 'isotonic', not {calibration!r}")
    return dict(features=_features(features), outcome=_text("outcome", outcome),
                group_by=_text("group_by", group_by), bins=_whole("bins", bins, 0, 2**32 - 1),
                prior_weight=_real("prior_weight", prior_weight),
                group_prior_weight=_real("group_prior_weight", group_prior_weight),
                calibration=calibration, folds=_whole("folds", folds, 0, 2**32 - 1),
                seed=_whole("seed", seed, 0, 2**64 - 1),
                max_levels=_whole("max_levels", max_levels, 0, 2**32 - 1), threads=threads_arg(threads))


class LeadScoreModel:
    """A fitted lead score model; immutable. Made by :func:`score_fit`, or
    read from a model file with :meth:`load` / :meth:`from_json`. Pickles as
    its model file; two models are equal when their files are."""

    __slots__ = ("_model",)

    def __init__(self, model: _core.LeadScoreModel) -> None:
        self._model = model

    # -- reading and writing ------------------------------------------------

    @staticmethod
    def from_json(text: str) -> "LeadScoreModel":
        """The model in a model file's text. DataError naming the JSON path
        of what is wrong."""
        if not isinstance(text, str):
            raise DataError(f"text: expected a str, not {type(text).__name__}")
        return LeadScoreModel(_core.score_model_from_json(text))

    @staticmethod
    def load(path: Union[str, os.PathLike]) -> "LeadScoreModel":
        """The model in the file at ``path`` (NotFoundError when there is none)."""
        return LeadScoreModel(_core.score_model_load(os.fspath(path)))

    def to_json(self) -> str:
        """The model file's text (versioned JSON; docs/lead-score.md)."""
        return self._model.to_json()

    def save(self, path: Union[str, os.PathLike]) -> None:
        """Writes the model file to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_json())

    # -- what it is ---------------------------------------------------------

    @property
    def features(self) -> list[str]:
        """Feature names, in the order they were fitted."""
        return self._model.features

    @property
    def feature_kinds(self) -> list[str]:
        """``"category"``, ``"bool"`` or ``"number"``, per feature."""
        return self._model.feature_kinds

    @property
    def group_by(self) -> Optional[str]:
        """The group attribute, or None."""
        return self._model.group_by or None

    @property
    def outcome(self) -> Optional[str]:
        """The outcome stage as requested, or None for the graph's won stages."""
        return self._model.outcome or None

    @property
    def calibration(self) -> str:
        """``"platt"`` or ``"isotonic"``."""
        return self._model.calibration

    @property
    def positives(self) -> int:
        """Fitted records that reached the outcome."""
        return self._model.positives

    @property
    def negatives(self) -> int:
        """Fitted records that reached a lost stage instead."""
        return self._model.negatives

    @property
    def base_rate(self) -> float:
        """(positives + 1) / (closed + 2)."""
        return self._model.base_rate

    def levels(self) -> pd.DataFrame:
        """What each value does: feature, value (``"(unknown)"`` for missing;
        a bin such as ``"(120, 480]"``), unknown, closed, positives, win_rate
        (pulled toward the overall rate) and effect (on the log-odds)."""
        return pd.DataFrame.from_records(
            self._model.levels(),
            columns=["feature", "value", "unknown", "closed", "positives", "win_rate", "effect"])

    def groups(self) -> pd.DataFrame:
        """Per group: value (None for missing), closed, positives, win_rate
        (pulled toward the pool) and own_weight (its data's weight)."""
        return pd.DataFrame.from_records(
            self._model.groups(), columns=["value", "closed", "positives", "win_rate", "own_weight"])

    def calibration_map(self) -> pd.DataFrame:
        """The calibration map: raw_score, closed, positives, probability,
        low, high (isotonic: its blocks; Platt: whole raw scores -5 to 5)."""
        return pd.DataFrame.from_records(
            self._model.calibration_points(),
            columns=["raw_score", "closed", "positives", "probability", "low", "high"])

    # -- scoring ------------------------------------------------------------

    def apply(self, data: DataSet, *, top_factors: int = 3,
              threads: Optional[int] = None) -> pd.DataFrame:
        """Same as :func:`score_apply`."""
        return score_apply(self, data, top_factors=top_factors, threads=threads)

    def score(self, values: Optional[Mapping[str, _Value]] = None, *, top_factors: int = 3,
              **attributes: _Value) -> dict[str, Any]:
        """Scores one record given as attribute values (a mapping, keywords,
        or both): str for a category and the group, bool, int or float for a
        number, None for missing; features not given are missing. Returns a
        dict: probability, probability_low, probability_high, raw_score,
        factors (a list of (feature=value, effect)). DataError for an
        attribute the model does not read, or a value of the wrong type."""
        given = dict(values or {})
        for name in attributes:
            if name in given:
                raise DataError(f"{name}: given twice")
        given.update(attributes)
        for name in given:
            if not isinstance(name, str):
                raise DataError(f"attribute names must be str, not {type(name).__name__}")
        row = _core.score_record(self._model, list(given.items()),
                                 _whole("top_factors", top_factors, 0, 2**32 - 1))
        factors = []
        for k in range(1, top_factors + 1):
            factor = row[f"factor_{k}"][0]
            if factor is not None:
                factors.append((factor, float(row[f"effect_{k}"][0])))
        return {"probability": float(row["probability"][0]),
                "probability_low": float(row["probability_low"][0]),
                "probability_high": float(row["probability_high"][0]),
                "raw_score": float(row["raw_score"][0]), "factors": factors}

    def report(self, data: DataSet, graph: Optional[StageGraph] = None, *, bins: int = 10,
               min_sample: int = 30, threads: Optional[int] = None) -> "ScoreReport":
        """Same as :func:`score_report`."""
        return score_report(self, data, graph, bins=bins, min_sample=min_sample, threads=threads)

    # -- Python protocol ----------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LeadScoreModel):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> str:
        return self.to_json()

    def __setstate__(self, state: str) -> None:
        self._model = _core.score_model_from_json(state)

    def __repr__(self) -> str:
        group = f", group_by={self.group_by!r}" if self.group_by else ""
        return (f"LeadScoreModel(features={self.features!r}{group}, positives={self.positives}, "
                f"negatives={self.negatives}, calibration={self.calibration!r})")


class ScoreReport:
    """A calibration report, from :func:`score_report` (a model on data) or
    :func:`score_cross_validate` (held out). ``metrics`` has one row for the
    model and, when cross-validated, one for plain naive Bayes on the same
    folds; ``calibration`` is the table by bin of predicted probability."""

    __slots__ = ("_doc",)

    def __init__(self, text: str) -> None:
        self._doc = json.loads(text)

    @property
    def cross_validated(self) -> bool:
        """Whether each record was scored by a model fitted without it."""
        return self._doc["cross_validated"]

    @property
    def folds(self) -> int:
        """Outer folds when cross-validated, else 0."""
        return self._doc["folds"]

    @property
    def open(self) -> int:
        """Records left out: neither positive nor negative."""
        return self._doc["open"]

    @property
    def metrics(self) -> pd.DataFrame:
        """method, records, positives, auc, brier, log_loss, ece."""
        rows = [{"method": "model", **self._doc["metrics"]}]
        if self._doc["plain_naive_bayes"] is not None:
            rows.append({"method": "plain_naive_bayes", **self._doc["plain_naive_bayes"]})
        frame = pd.DataFrame.from_records(
            rows, columns=["method", "records", "positives", "auc", "brier", "log_loss", "ece"])
        return frame.astype({"auc": float, "brier": float, "log_loss": float, "ece": float})

    @property
    def calibration(self) -> pd.DataFrame:
        """bin (1 = lowest predictions), records, min/max/mean_probability,
        positives, observed (their rate) with its 95% Wilson interval, and
        small_sample."""
        rows = [{"bin": b["bin"], "records": b["records"], "min_probability": b["min_probability"],
                 "max_probability": b["max_probability"], "mean_probability": b["mean_probability"],
                 "positives": b["observed"]["numerator"], "observed": b["observed"]["value"],
                 "observed_low": b["observed"]["low"], "observed_high": b["observed"]["high"],
                 "small_sample": b["observed"]["small_sample"]}
                for b in self._doc["calibration"]]
        return pd.DataFrame.from_records(
            rows, columns=["bin", "records", "min_probability", "max_probability", "mean_probability",
                           "positives", "observed", "observed_low", "observed_high", "small_sample"])

    def to_dict(self) -> dict:
        """The report as plain Python data."""
        return json.loads(json.dumps(self._doc))

    def __repr__(self) -> str:
        m = self._doc["metrics"]
        return (f"ScoreReport(cross_validated={self.cross_validated}, records={m['records']}, "
                f"auc={m['auc']}, ece={m['ece']})")


def score_fit(data: DataSet, graph: Optional[StageGraph] = None, *,
              features: Union[str, Iterable[str]], outcome: Optional[str] = None,
              group_by: Optional[str] = None, bins: int = 5, prior_weight: float = 10.0,
              group_prior_weight: float = 20.0, calibration: Calibration = "platt",
              folds: int = 5, seed: int = 1, max_levels: int = 1000,
              threads: Optional[int] = None) -> LeadScoreModel:
    """Fits a lead score model on the closed records of ``data``: positives
    reached ``outcome`` (default: a won stage of ``graph``, The Model when
    None), negatives a lost stage; open records are left out.

    ``features``: attributes to score on (string, bool, int64 or double;
    numbers are cut into ``bins`` quantile bins). ``group_by``: a string
    attribute whose groups each get their own model, shrunk toward the
    pooled one. ``prior_weight`` / ``group_prior_weight``: pseudo-deals
    pulling each value / group toward the overall rate. ``calibration``:
    ``"platt"`` or ``"isotonic"``, fitted on out-of-fold predictions over
    ``folds`` folds chosen by ``seed``. DataError for a bad keyword or an
    option the fit refuses (unknown feature, …); Error when there is no
    positive or no negative."""
    args = _fit_arguments(features, outcome, group_by, bins, prior_weight, group_prior_weight,
                          calibration, folds, seed, max_levels, threads)
    return LeadScoreModel(_core.score_fit(_data(data)._data, _graph(graph)._graph, **args))


def score_apply(model: LeadScoreModel, data: DataSet, *, top_factors: int = 3,
                threads: Optional[int] = None) -> pd.DataFrame:
    """Scores every record of ``data``: a DataFrame with record_id,
    probability, probability_low, probability_high (the 95% interval),
    raw_score, then factor_i (``"feature=value"``, None when a record has
    fewer) and effect_i (on the log-odds, NaN then) for i up to
    ``top_factors``. DataError when ``data`` lacks a feature or holds one
    with a type the model cannot read."""
    if not isinstance(model, LeadScoreModel):
        raise DataError(f"model: expected a LeadScoreModel, not {type(model).__name__}")
    columns = _core.score_apply(model._model, _data(data)._data,
                                _whole("top_factors", top_factors, 0, 2**32 - 1), threads_arg(threads))
    return pd.DataFrame(columns)


def score_probabilities(model: LeadScoreModel, data: DataSet, *,
                        threads: Optional[int] = None) -> np.ndarray:
    """The calibrated probability of every record of ``data``, in record
    order (what qualification rules read: ``score >= 0.3``)."""
    if not isinstance(model, LeadScoreModel):
        raise DataError(f"model: expected a LeadScoreModel, not {type(model).__name__}")
    return _core.score_probabilities(model._model, _data(data)._data, threads_arg(threads))


def score_report(model: LeadScoreModel, data: DataSet, graph: Optional[StageGraph] = None, *,
                 bins: int = 10, min_sample: int = 30,
                 threads: Optional[int] = None) -> ScoreReport:
    """The calibration report of ``model`` on the closed records of ``data``
    (held-out data, or a later period): AUC, Brier score, log loss, expected
    calibration error and the table by bin of predicted probability."""
    if not isinstance(model, LeadScoreModel):
        raise DataError(f"model: expected a LeadScoreModel, not {type(model).__name__}")
    text = _core.score_report(model._model, _data(data)._data, _graph(graph)._graph,
                              _whole("bins", bins, 0, 2**32 - 1),
                              _whole("min_sample", min_sample, 0, 2**64 - 1), threads_arg(threads))
    return ScoreReport(text)


def score_cross_validate(data: DataSet, graph: Optional[StageGraph] = None, *,
                         features: Union[str, Iterable[str]], outcome: Optional[str] = None,
                         group_by: Optional[str] = None, bins: int = 5,
                         prior_weight: float = 10.0, group_prior_weight: float = 20.0,
                         calibration: Calibration = "platt", folds: int = 5, seed: int = 1,
                         max_levels: int = 1000, report_bins: int = 10, min_sample: int = 30,
                         threads: Optional[int] = None) -> ScoreReport:
    """The held-out report: each closed record scored by a model fitted
    (with the keywords of :func:`score_fit`) without it, beside plain naive
    Bayes on the same folds."""
    args = _fit_arguments(features, outcome, group_by, bins, prior_weight, group_prior_weight,
                          calibration, folds, seed, max_levels, threads)
    text = _core.score_cross_validate(_data(data)._data, _graph(graph)._graph, **args,
                                      report_bins=_whole("report_bins", report_bins, 0, 2**32 - 1),
                                      min_sample=_whole("min_sample", min_sample, 0, 2**64 - 1))
    return ScoreReport(text)
