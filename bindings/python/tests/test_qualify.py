"""qualify(): examples/qualify/bant.json on hand-made leads with blanks, the
decisions as a DataFrame, one record from a dict, scores, and keyword and
rule-file errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import modelfunnel as mf

T0 = pd.Timestamp("2025-01-01", tz="UTC")


def leads() -> mf.DataSet:
    records = pd.DataFrame({
        "record_id": ["A", "B", "C", "D", "H"],
        "channel": ["web", "web", None, "outbound", "outbound"],
        "budget_ok": pd.array([True, None, True, True, True], dtype="boolean"),
        "authority_ok": pd.array([False, False, True, False, False], dtype="boolean"),
        "need_ok": pd.array([True, True, True, None, False], dtype="boolean"),
        "timeline_days": pd.array([30, 30, 30, 200, 10], dtype="Int64"),
    })
    events = pd.DataFrame({"record_id": ["A"], "stage": ["lead"], "time": [T0]})
    return mf.DataSet.from_frames(records, events)


@pytest.fixture(scope="module")
def bant(repo: Path) -> Path:
    return repo / "examples" / "qualify" / "bant.json"


def test_decisions_frame(bant: Path) -> None:
    q = mf.qualify(leads(), bant)
    assert len(q) == 5
    assert q.as_of == T0
    d = q.decisions()
    assert list(d.columns) == ["record_id", "rule_set", "set_choice", "decision", "reason", "track",
                               "recheck", "ask", "authority", "need", "timeline", "budget"]
    assert d["record_id"].tolist() == ["A", "B", "C", "D", "H"]
    assert d["rule_set"].tolist() == ["sdr", "sdr", "sdr", "bdr", "bdr"]
    assert d["set_choice"].tolist() == ["fallback", "fallback", "fallback_unknown", "matched", "matched"]
    assert d["decision"].tolist() == ["qualified", "nurture", "qualified", "nurture", "disqualified"]
    assert d["reason"].tolist() == ["need_budget_timeline", "sdr_discovery", "need_budget_timeline",
                                    "bdr_develop", "no_authority_no_need"]
    assert d["track"].tolist()[1] == "sdr_discovery"
    assert pd.isna(d["track"].iloc[0])
    assert d["recheck"].iloc[1] == T0 + pd.Timedelta(days=14)
    assert pd.isna(d["recheck"].iloc[0])
    assert d["ask"].tolist()[1] == "budget"
    assert d["ask"].tolist()[3] == "need"
    assert d["budget"].tolist()[1] == "unknown"
    assert pd.isna(d["authority"].iloc[0])  # the SDR set has no authority criterion
    assert d["need"].tolist() == ["pass", "pass", "pass", "unknown", "fail"]
    s = q.summary()
    assert list(s.columns) == ["rule_set", "decision", "reason", "records"]
    assert s["records"].sum() == 5
    assert q.to_csv().splitlines()[3] == "C,sdr,fallback_unknown,qualified,need_budget_timeline,,,,,pass,pass,pass"
    assert q.to_csv("summary").startswith("rule_set,decision,reason,records\n")
    assert q.to_dict()["decisions"][3]["ask"] == ["need"]
    assert "Qualification(records=5" in repr(q)


def test_rules_and_one_record(bant: Path) -> None:
    text = bant.read_text()
    rules = mf.QualifyRules.from_json(text, schema={"channel": "string", "need_ok": "bool",
                                                    "budget_ok": "bool", "authority_ok": "bool",
                                                    "timeline_days": "int64"})
    assert [s["id"] for s in rules.rule_sets] == ["bdr", "sdr"]
    assert rules.rule_sets[0]["criteria"][0] == {"id": "authority", "bant": "authority",
                                                 "description": "we reached the decision maker"}
    assert rules.criterion_columns == ["authority", "need", "timeline", "budget"]
    assert rules.schema["timeline_days"] == "int64"
    assert not rules.uses_score
    d = rules.evaluate({"channel": "outbound", "need_ok": True, "authority_ok": True}, as_of=T0)
    assert d["decision"] == "nurture"
    assert d["rule_set"] == "bdr"
    assert d["reason"] == "bdr_develop"
    assert d["ask"] == ["timeline"]
    assert d["criteria"] == {"authority": "pass", "need": "pass", "timeline": "unknown"}
    assert d["recheck"] == T0 + pd.Timedelta(days=30)
    blank = rules.evaluate({"need_ok": False, "channel": np.nan})
    assert (blank["decision"], blank["set_choice"], blank["reason"]) == ("disqualified", "fallback_unknown", "no_need")
    assert blank["recheck"] is None
    with pytest.raises(mf.DataError, match="no attribute named 'country'"):
        rules.evaluate({"country": "DE"})
    with pytest.raises(mf.DataError, match="values\\['need_ok'\\]: expected a bool value"):
        rules.evaluate({"need_ok": "yes"})


def test_scores() -> None:
    data = leads()
    text = json.dumps({"version": 1, "rule_sets": [{
        "id": "s", "criteria": [{"id": "hot", "test": {"score": {"ge": 0.3}}}],
        "qualify": [{"id": "q", "if": "hot"}],
        "nurture": [{"id": "n", "track": "t", "recheck_days": 1}]}]})
    rules = mf.QualifyRules.from_json(text, data)
    assert rules.uses_score
    q = mf.qualify(data, rules, scores=[0.5, 0.1, float("nan"), 0.3, 0.9])
    assert q.decisions()["hot"].tolist() == ["pass", "fail", "unknown", "pass", "pass"]
    by_id = pd.Series({"H": 0.9, "A": 0.5, "B": 0.1, "C": None, "D": 0.0})
    assert mf.qualify(data, rules, scores=by_id).decisions()["hot"].tolist() == [
        "pass", "fail", "unknown", "fail", "pass"]
    with pytest.raises(mf.DataError, match="the rules test the lead score"):
        mf.qualify(data, rules)
    with pytest.raises(mf.DataError, match="expected one per record \\(5\\), got 2"):
        mf.qualify(data, rules, scores=[0.1, 0.2])


def test_errors(bant: Path) -> None:
    data = leads()
    bad = '{"version": 1, "rule_sets": [{"id": "s", "criteria": [{"id": "c", "test": {"attribute": "need", "eq": true}}]}]}'
    with pytest.raises(mf.DataError, match=r"^\$\.rule_sets\[0\]\.criteria\[0\]\.test\.attribute: rule s/c: unknown attribute \"need\""):
        mf.QualifyRules.from_json(bad, data)
    with pytest.raises(mf.DataError, match="data, schema: give exactly one"):
        mf.QualifyRules.from_json(bant.read_text())
    with pytest.raises(mf.NotFoundError):
        mf.qualify(data, "/nonexistent/rules.json")
    with pytest.raises(mf.DataError, match="rules: expected QualifyRules or a path"):
        mf.qualify(data, 42)  # type: ignore[arg-type]
    with pytest.raises(mf.DataError, match="threads"):
        mf.qualify(data, bant, threads=-1)
    with pytest.raises(mf.DataError, match="table: expected 'decisions' or 'summary'"):
        mf.qualify(data, bant).to_csv("lift")  # type: ignore[arg-type]


def test_threads_agree(bant: Path) -> None:
    data = mf.generate(leads=70_000, seed=3)
    one = mf.qualify(data, bant, threads=1)
    two = mf.qualify(data, bant, threads=2)
    assert one.to_csv() == two.to_csv()
    pd.testing.assert_frame_equal(one.decisions(), two.decisions())


def test_lift_outcomes_and_diff(bant: Path) -> None:
    records = pd.DataFrame({
        "record_id": ["A", "B", "C", "D"],
        "channel": ["web", "web", "web", "web"],
        "budget_ok": pd.array([True, True, True, True], dtype="boolean"),
        "authority_ok": pd.array([False, False, False, False], dtype="boolean"),
        "need_ok": pd.array([True, True, False, False], dtype="boolean"),
        "timeline_days": pd.array([30, 30, 30, 200], dtype="Int64"),
    })
    events = pd.DataFrame({
        "record_id": ["A", "A", "B", "C", "D"],
        "stage": ["lead", "closed_won", "closed_lost", "closed_won", "closed_lost"],
        "time": [T0, T0 + pd.Timedelta(days=3), T0, T0, T0],
        "amount": [None, 120.5, None, 30.0, None],
    })
    data = mf.DataSet.from_frames(records, events, amount="amount")
    q = mf.qualify(data, bant)
    lift = q.lift()
    assert list(lift.columns) == ["rule_set", "criterion", "bant", "value", "records", "closed", "won",
                                  "win_rate", "win_rate_low", "win_rate_high", "small_sample",
                                  "won_revenue", "lift"]
    need = lift[(lift["rule_set"] == "sdr") & (lift["criterion"] == "need")].set_index("value")
    assert need.loc["pass", "records"] == 2
    assert need.loc["pass", "win_rate"] == 0.5
    assert need.loc["pass", "won_revenue"] == 120.5
    assert need.loc["fail", "win_rate"] == 0.5
    assert need.loc["pass", "lift"] == 1.0
    assert math.isnan(need.loc["unknown", "win_rate"])
    outcomes = q.outcomes()
    assert outcomes["decision"].tolist() == ["qualified", "disqualified"]
    assert outcomes["won"].tolist() == [1, 1]
    other = mf.qualify(data, mf.QualifyRules.from_json(bant.read_text().replace('"le": 90', '"le": 300'), data))
    moves = q.diff(other)
    assert moves[["before", "after", "records"]].values.tolist() == [
        ["qualified", "qualified", 2], ["disqualified", "disqualified", 2]]
    with pytest.raises(mf.DataError, match="other: expected a Qualification"):
        q.diff(42)  # type: ignore[arg-type]
    with pytest.raises(mf.DataError, match="min_sample"):
        q.lift(min_sample=-1)


def test_route(bant: Path) -> None:
    q = mf.qualify(leads(), bant, scores=[0.1, 0.2, 0.9, 0.5, 0.5])
    reps = pd.DataFrame({"rep_id": ["AE1", "AE2"], "team": ["field", "field"],
                         "territory": ["web", "*"], "capacity": [1, 1]})
    routed, team = q.route(reps, method="optimal", territory_by="channel")
    # A (web, 0.1) and C (no channel, 0.9) are qualified; C goes first.
    assert routed["record_id"].tolist() == ["C", "A"]
    assert routed["owner"].tolist() == ["AE2", "AE1"]
    assert routed["routing"].tolist() == ["placed", "placed"]
    assert routed["territory"].isna().tolist() == [True, False]
    assert team["assigned"].tolist() == [1, 1]
    one = pd.DataFrame({"rep_id": ["AE1"], "team": ["field"], "territory": ["web"], "capacity": [5]})
    routed, _ = q.route(one, territory_by="channel")
    assert routed["routing"].tolist() == ["territory_unknown", "placed"]
    with pytest.raises(mf.DataError, match="method: expected"):
        q.route(one, method="random")  # type: ignore[arg-type]
    with pytest.raises(mf.DataError, match="line 1: no column"):
        q.route(pd.DataFrame({"rep": ["x"]}))
    with pytest.raises(mf.NotFoundError):
        q.route("/nonexistent/reps.csv")
