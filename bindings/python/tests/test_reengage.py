"""reengagement_queue(): a hand-made queue pinned by hand (a tie broken by id,
a record without an amount, a reason without a policy, an unmapped text), the
example policy on generated data, and keyword and policy errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import modelfunnel as mf

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "reengage" / "policy.json"

POLICY = {
    "version": 1,
    "taxonomy": {"budget": ["Price"], "timing": [], "champion_left": []},
    "reasons": {"budget": {"days": 30, "rewin_rate": 0.2, "channel": "phone"},
                "timing": {"days": 10, "rewin_rate": 0.5, "who": "marketing_nurture"}},
}


def data() -> mf.DataSet:
    records = pd.DataFrame({"record_id": ["b", "a", "t", "w", "c", "u"]})
    events = pd.DataFrame({
        "record_id": ["b", "a", "t", "w", "c", "u"],
        "stage": ["closed_lost", "closed_lost", "closed_lost", "closed_won", "closed_lost", "closed_lost"],
        "time": pd.to_datetime(["2024-01-01"] * 6),
        "amount": [1000.0, 1000.0, None, 4000.0, 500.0, 500.0],
        "reason": ["price", "budget", "timing", None, "champion_left", "gremlins"],
    })
    return mf.DataSet.from_frames(records, events, amount="amount", reason="reason")


def test_hand_made_queue() -> None:
    r = mf.reengagement_queue(data(), POLICY, "2024-03-01")
    assert list(r.queue["record_id"]) == ["t", "a", "b"]
    assert r.queue["expected_value"].tolist() == pytest.approx([2000, 200, 200])
    assert r.queue.loc[0, "amount_source"] == "median_won"
    assert r.queue.loc[0, "who"] == "marketing_nurture"
    assert r.queue.loc[0, "due_at"] == pd.Timestamp("2024-01-11", tz="UTC")
    assert r.queue.loc[2, "raw_reason"] == "price"
    reasons = r.reasons.set_index("reason")
    assert not reasons.loc["champion_left", "has_policy"]
    assert reasons.loc["champion_left", "no_policy"] == 1
    assert r.unmapped.to_dict("records") == [{"text": "gremlins", "count": 1}]
    assert r.costs["known"] is False
    assert r.median_won_amount == 4000
    assert len(r) == 3
    assert "3 due of 5 lost" in repr(r)


def test_example_policy_on_generated_data() -> None:
    ds = mf.generate(2000, seed=7)
    r = mf.reengagement_queue(ds, EXAMPLE, "2024-06-30", threads=1)
    assert len(r) > 0
    assert set(r.queue["reason"]) <= {"budget", "timing", "competitor", "no_decision", "fit"}
    assert (r.queue["due_at"] <= pd.Timestamp("2024-06-30T23:59:59", tz="UTC")).all()
    assert r.queue["expected_value"].is_monotonic_decreasing
    assert r.reasons["lost_records"].sum() == r.lost_records


def test_errors() -> None:
    with pytest.raises(mf.DataError, match=r"\$.taxonomy: reengage.key: missing"):
        mf.reengagement_queue(data(), {"version": 1}, "2024-03-01")
    with pytest.raises(mf.DataError, match=r"\$.columns.fit: reengage.column"):
        mf.reengagement_queue(data(), {**POLICY, "columns": {"fit": "nope"}}, "2024-03-01")
    with pytest.raises(mf.DataError, match="data: expected a DataSet"):
        mf.reengagement_queue("x", POLICY, "2024-03-01")
    with pytest.raises(mf.DataError, match="as_of"):
        mf.reengagement_queue(data(), POLICY, None)
    with pytest.raises(mf.DataError, match="policy: expected"):
        mf.reengagement_queue(data(), 3, "2024-03-01")
    with pytest.raises(mf.NotFoundError):
        mf.reengagement_queue(data(), "/nonexistent/policy.json", "2024-03-01")
