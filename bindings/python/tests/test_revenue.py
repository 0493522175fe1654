"""The revenue plan and forecast from Python: the acceptance scenario's
plan as DataFrames, a scenario given as a dict over measured data, the
forecast's tables, the backtest, and the errors."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import modelfunnel as mf

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
SCENARIO = os.path.join(ROOT, "examples", "revenue", "scenario.json")


@pytest.fixture(scope="module")
def data() -> mf.DataSet:
    return mf.generate(leads=5000, seed=3)


def test_acceptance_plan() -> None:
    plan = mf.revenue_plan(scenario=SCENARIO, target=1_000_000, period="2027-Q1")
    assert isinstance(plan.stages, pd.DataFrame)
    assert plan.stages["stage"].tolist() == ["lead", "mql", "sql", "opportunity", "proposal", "negotiation",
                                             "closed_won"]
    want = [1701, 681, 341, 205, 143, 100, 50]
    for column in ("required_p10", "required_p50", "required_p90"):
        assert plan.stages[column].tolist() == want
    assert set(plan.stages["enter_from"]) == {"2027-01-01"}
    assert set(plan.stages["enter_by"]) == {"2027-03-31"}
    assert plan.teams["measure"].tolist() == ["leads", "sqls", "opportunities", "wins"]
    assert plan.leverage["rank"].min() == 1
    assert plan.p_target_pipeline_only == 0


def test_measured_plan_with_a_dict_scenario(data: mf.DataSet) -> None:
    base = mf.revenue_plan(data, target=500_000, period="2029-Q1", samples=300)
    better = mf.revenue_plan(data, target=500_000, period="2029-Q1", samples=300,
                             scenario={"version": 1, "deal_size": base.mean_deal_size * 2})
    assert better.stages["required_p50"].iloc[0] < base.stages["required_p50"].iloc[0]
    assert {"from_pipeline", "new_needed"} <= set(base.stages.columns)
    assert (base.weeks["records"] >= 0).all()


def test_forecast_and_backtest(data: mf.DataSet) -> None:
    f = mf.revenue_forecast(data, period="2025-Q3", as_of="2025-07-01", owner="owner_sdr")
    assert f.open_deals > 0
    assert f.p10 <= f.p50 <= f.p90
    assert f.owners["expected"].sum() == pytest.approx(f.expected)
    assert f.rollups["category"].tolist() == ["closed", "commit", "best_case", "pipeline"]
    assert f.rollups["expected"].is_monotonic_increasing
    b = mf.revenue_backtest(data, every="quarter")
    assert len(b.periods) >= 2
    assert 0 <= b.coverage <= 1
    assert b.plan.empty
    p = mf.revenue_backtest(data, every="quarter", plan=True, plan_samples=500)
    assert p.plan_stages["stage"].tolist()[-1] == "closed_won"
    assert (p.plan["required_p10"] <= p.plan["required_p90"]).all()
    won = p.plan[p.plan["stage"] == "closed_won"]
    assert (won["entered_effective"] == won["entered"]).all()


def test_errors(data: mf.DataSet) -> None:
    with pytest.raises(mf.DataError, match="period"):
        mf.revenue_plan(scenario=SCENARIO, target=1, period="2027-Q7")
    with pytest.raises(mf.DataError, match="give data, a scenario"):
        mf.revenue_plan(target=1, period="2027-Q1")
    with pytest.raises(mf.DataError, match="unknown key"):
        mf.revenue_plan(scenario={"version": 1, "nope": 1}, target=1, period="2027-Q1")
    with pytest.raises(mf.DataError, match="owner attribute"):
        mf.revenue_forecast(data, period="2025-Q3", as_of="2025-07-01", owner="nope")
    with pytest.raises(mf.DataError, match="samples"):
        mf.revenue_forecast(data, period="2025-Q3", samples=-1)
    with pytest.raises(mf.NotFoundError):
        mf.revenue_plan(scenario="/nonexistent.json", target=1, period="2027-Q1")


def test_movement_reconciles(tmp_path) -> None:
    mf.generate_csv(tmp_path, leads=8000, seed=7, layout="salesforce")
    sf = mf.load(tmp_path / "mapping.json").data
    m = mf.revenue_movement(sf, start="2025-04-01", end="2025-05-15", period="2025-Q2")
    assert isinstance(m.buckets, pd.DataFrame)
    assert m.buckets["bucket"].tolist() == ["new", "pulled_in", "increased", "decreased", "pushed_out", "won",
                                            "lost", "carried"]
    assert m.opening_deals + m.buckets["count_change"].sum() == m.closing_deals
    assert m.opening_amount + m.buckets["amount_change"].sum() == pytest.approx(m.closing_amount, abs=1e-6)
    assert len(m.deals) == m.buckets["deals"].sum()
    assert set(m.deals["bucket"]) <= set(m.buckets["bucket"])
    assert 0 < m.slip_rate < 1
    everything = mf.revenue_movement(sf, start="2025-04-01", end="2025-05-15")
    assert everything.period == "all"
    assert everything.opening_deals >= m.opening_deals
    with pytest.raises(mf.DataError, match="must be after"):
        mf.revenue_movement(sf, start="2025-05-01", end="2025-04-01")
    with pytest.raises(mf.DataError, match="first stage"):
        mf.revenue_movement(sf, start="2025-04-01", end="2025-05-01", first_stage="closed_won")


def test_plan_by_segment(data: mf.DataSet) -> None:
    plan = mf.revenue_plan(data, target=500_000, period="2029-Q1", samples=300, by="channel")
    assert isinstance(plan, mf.SegmentedRevenuePlan)
    assert list(plan.stages.columns[:2]) == ["segment", "stage"]
    combined = plan.stages[plan.stages["segment"] == "*"]
    assert combined["stage"].tolist()[-1] == "closed_won"
    planned = plan.segments[plan.segments["status"] == "ok"]
    assert len(planned) == len(plan.plans) >= 2
    assert plan.segments["share"].sum() == pytest.approx(1)
    wins = plan.stages[(plan.stages["segment"] != "*") & (plan.stages["stage"] == "closed_won")]
    assert combined["required_exact"].iloc[-1] == pytest.approx(wins["required_exact"].sum())
    assert plan.historical_mix

    mixed = mf.revenue_plan(data, target=500_000, period="2029-Q1", samples=0, by="channel",
                            mix={"web": 0.5, "referral": 0.5})
    assert set(mixed.plans) == {"web", "referral"}
    assert mixed.segments.set_index("segment").loc["web", "target"] == 250_000
    assert not mixed.historical_mix


def test_plan_by_segment_errors(data: mf.DataSet) -> None:
    with pytest.raises(mf.DataError, match=r"\$: the shares sum to 0.9"):
        mf.revenue_plan(data, target=1, period="2029-Q1", by="channel", mix={"web": 0.5, "referral": 0.4})
    with pytest.raises(mf.DataError, match="'telepathy', which the data does not have"):
        mf.revenue_plan(data, target=1, period="2029-Q1", by="channel", mix={"web": 0.5, "telepathy": 0.5})
    with pytest.raises(mf.DataError, match=r"\$.mix: the shares sum to 1.1"):
        mf.revenue_plan(data, target=1, period="2029-Q1", by="channel",
                        scenario={"version": 1, "mix": {"web": 0.6, "referral": 0.5}})
    with pytest.raises(mf.DataError, match="not in the data"):
        mf.revenue_plan(data, target=1, period="2029-Q1", by="nope")
    with pytest.raises(mf.DataError, match="needs by="):
        mf.revenue_plan(data, target=1, period="2029-Q1", mix={"web": 1})
