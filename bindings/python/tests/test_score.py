"""The lead score from Python: fit, apply, one record, the reports, the
model file, and the errors, each naming what is wrong."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pandas as pd
import pytest

import modelfunnel as mf

FEATURES = ["channel", "segment", "employees", "budget_ok"]


@pytest.fixture(scope="module")
def data() -> mf.DataSet:
    return mf.generate(leads=4000, seed=11)


@pytest.fixture(scope="module")
def model(data: mf.DataSet) -> mf.LeadScoreModel:
    return mf.score_fit(data, features=FEATURES, group_by="owner_sdr")


def small() -> mf.DataSet:
    """The hand-computed case of docs/lead-score.md: web 3 won 1 lost,
    referral 1 won 3 lost."""
    b = mf.DataSetBuilder()
    b.add_attribute("channel", "string")
    rows = [("web", "closed_won")] * 3 + [("web", "closed_lost")] + [("referral", "closed_won")] + \
        [("referral", "closed_lost")] * 3 + [("web", "lead")]
    for i, (channel, stage) in enumerate(rows):
        r = b.record(f"L{i}")
        b.set_attribute(r, "channel", channel)
        b.add_event(r, stage, pd.Timestamp("2024-01-02", tz="UTC"))
    return b.finish()


def test_hand_computed_effects() -> None:
    m = mf.score_fit(small(), features="channel", prior_weight=2)
    levels = m.levels().set_index("value")
    assert levels.loc["web", "effect"] == pytest.approx(math.log(2), rel=1e-14)
    assert levels.loc["referral", "effect"] == pytest.approx(-math.log(2), rel=1e-14)
    assert levels.loc["(unknown)", "effect"] == 0
    assert m.positives == 4 and m.negatives == 4 and m.base_rate == 0.5
    scores = mf.score_apply(m, small())
    assert scores["raw_score"].iloc[8] == pytest.approx(math.log(2), rel=1e-14)
    assert scores["factor_1"].iloc[8] == "channel=web"
    assert scores["factor_2"].isna().all()


def test_apply_is_a_frame_of_every_record(model: mf.LeadScoreModel, data: mf.DataSet) -> None:
    scores = mf.score_apply(model, data, top_factors=2)
    assert list(scores.columns) == ["record_id", "probability", "probability_low", "probability_high",
                                    "raw_score", "factor_1", "effect_1", "factor_2", "effect_2"]
    assert len(scores) == data.record_count
    assert scores["record_id"].iloc[0] == "L0000001"
    assert ((scores["probability_low"] <= scores["probability"]) &
            (scores["probability"] <= scores["probability_high"])).all()
    assert ((scores["probability"] > 0) & (scores["probability"] < 1)).all()
    p = mf.score_probabilities(model, data)
    assert isinstance(p, np.ndarray)
    assert np.array_equal(p, scores["probability"].to_numpy())
    assert model.apply(data, top_factors=2, threads=1).equals(scores)


def test_one_record(model: mf.LeadScoreModel) -> None:
    values = {"channel": "web", "segment": "smb", "employees": 40, "budget_ok": True, "owner_sdr": "SDR01"}
    one = model.score(values)
    assert 0 < one["probability_low"] <= one["probability"] <= one["probability_high"] < 1
    assert one["factors"] and one["factors"][0][0].split("=")[0] in FEATURES + ["owner_sdr"]
    # The same values as keywords, employees as a float.
    assert model.score(channel="web", segment="smb", employees=40.0, budget_ok=True,
                       owner_sdr="SDR01")["probability"] == one["probability"]
    assert model.score()["probability"] > 0  # nothing known: the unknown levels


def test_reports(model: mf.LeadScoreModel, data: mf.DataSet) -> None:
    r = mf.score_report(model, data, bins=5)
    assert not r.cross_validated
    assert list(r.metrics["method"]) == ["model"]
    assert len(r.calibration) == 5
    assert r.calibration["records"].sum() == model.positives + model.negatives
    held = mf.score_cross_validate(data, features=FEATURES, folds=3)
    assert held.cross_validated and held.folds == 3
    metrics = held.metrics.set_index("method")
    assert metrics.loc["model", "ece"] <= 0.05
    assert metrics.loc["model", "auc"] >= metrics.loc["plain_naive_bayes", "auc"] - 0.01
    assert held.open == data.record_count - metrics.loc["model", "records"]
    assert "ScoreReport(cross_validated=True" in repr(held)


def test_model_file_pickle_and_equality(model: mf.LeadScoreModel, tmp_path) -> None:
    path = tmp_path / "model.json"
    model.save(path)
    again = mf.LeadScoreModel.load(path)
    assert again == model
    assert mf.LeadScoreModel.from_json(model.to_json()) == model
    assert pickle.loads(pickle.dumps(model)) == model
    assert again.features == FEATURES
    assert again.feature_kinds == ["category", "category", "number", "bool"]
    assert again.group_by == "owner_sdr" and again.outcome is None and again.calibration == "platt"
    assert len(model.groups()) == 40
    assert set(model.calibration_map().columns) == {"raw_score", "closed", "positives", "probability", "low", "high"}
    assert "LeadScoreModel(features=" in repr(model)


def test_errors_name_what_is_wrong(model: mf.LeadScoreModel, data: mf.DataSet, tmp_path) -> None:
    with pytest.raises(mf.DataError, match="unknown feature 'chanel'"):
        mf.score_fit(data, features=["chanel"])
    with pytest.raises(mf.DataError, match="a timestamp attribute cannot be a feature"):
        mf.score_fit(data, features=["created_at"])
    with pytest.raises(mf.DataError, match="calibration: expected 'platt' or 'isotonic'"):
        mf.score_fit(data, features=FEATURES, calibration="magic")
    with pytest.raises(mf.DataError, match="bins: 0 is not in 1 to 100"):
        mf.score_fit(data, features=FEATURES, bins=0)
    with pytest.raises(mf.DataError, match="bins: expected an integer"):
        mf.score_fit(data, features=FEATURES, bins="5")
    with pytest.raises(mf.DataError, match="features\\[0\\]: expected a string"):
        mf.score_fit(data, features=[3])
    with pytest.raises(mf.DataError, match="data: expected a DataSet"):
        mf.score_fit("data", features=FEATURES)
    with pytest.raises(mf.Error, match="no negatives"):
        mf.score_fit(data, features=FEATURES, outcome="lead")
    with pytest.raises(mf.DataError, match=r"\$.version: unsupported version 9"):
        mf.LeadScoreModel.from_json('{"format": "modelfunnel.lead_score", "version": 9}')
    with pytest.raises(mf.NotFoundError):
        mf.LeadScoreModel.load(tmp_path / "none.json")
    with pytest.raises(mf.DataError, match="unknown feature 'size'"):
        model.score(size=3)
    with pytest.raises(mf.DataError, match="feature 'employees': the model reads a number"):
        model.score(employees="40")
    with pytest.raises(mf.DataError, match="channel: expected a str, bool, int, float or None"):
        model.score(channel=["web"])
    with pytest.raises(mf.DataError, match="channel: given twice"):
        model.score({"channel": "web"}, channel="ads")
    with pytest.raises(mf.DataError, match="top_factors: 17 is more than 16"):
        mf.score_apply(model, data, top_factors=17)
    with pytest.raises(mf.DataError, match="model: expected a LeadScoreModel"):
        mf.score_apply("model", data)
    b = mf.DataSetBuilder()
    b.add_attribute("channel", "string")
    with pytest.raises(mf.DataError, match="unknown feature 'segment'"):
        mf.score_apply(model, b.finish())


def test_threads_give_the_same_scores(data: mf.DataSet) -> None:
    one = mf.score_fit(data, features=FEATURES, threads=1)
    two = mf.score_fit(data, features=FEATURES, threads=2)
    assert one == two
    assert mf.score_apply(one, data, threads=1).equals(mf.score_apply(one, data, threads=2))


def test_maven(maven_mapping) -> None:
    data, _ = mf.load(maven_mapping)
    graph = mf.StageGraph.load(maven_mapping.parent / "stages.json")
    features = ["sector", "product", "employees"]
    m = mf.score_fit(data, graph, features=features, group_by="sales_agent")
    assert (m.positives, m.negatives) == (4238, 2473)
    levels = m.levels().set_index(["feature", "value"])
    assert levels.loc[("sector", "retail"), "closed"] == 1267
    held = mf.score_cross_validate(data, graph, features=features, group_by="sales_agent")
    metrics = held.metrics.set_index("method")
    assert metrics.loc["model", "ece"] <= 0.03
    assert metrics.loc["model", "auc"] >= metrics.loc["plain_naive_bayes", "auc"]
    assert held.open == 2089
