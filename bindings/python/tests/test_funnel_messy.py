"""funnel_report() on messy histories (issue 11): a lead event logged after
the conversion window once aborted the process; a stage logged after a later
one made the per-step window stricter than the entry window; a deal that
won and was then lost had a drop-off row of zeros. Figures by hand; the
rules are in docs/funnel-report.md ("When a stage was entered")."""

from __future__ import annotations

import pandas as pd
import pytest

import modelfunnel as mf

T0 = pd.Timestamp("2024-01-01", tz="UTC")
FATES = ["advanced", "lost", "nurture", "open", "expired"]


def dataset(rows: list[tuple]) -> mf.DataSet:
    events = pd.DataFrame(rows, columns=["record_id", "stage", "day", "reason"])
    events["time"] = T0 + pd.to_timedelta(events["day"], unit="D")
    records = pd.DataFrame({"record_id": sorted(set(events["record_id"]))})
    return mf.DataSet.from_frames(records, events, reason="reason")


def dropoff(report: mf.FunnelReport) -> pd.DataFrame:
    return report.dropoff().set_index("stage")


@pytest.mark.parametrize("per_step", [False, True])
def test_late_lead_event(per_step: bool) -> None:
    data = dataset([("X", "mql", 0, None), ("X", "lead", 60, None)])
    d = dropoff(mf.funnel_report(data, window_days=30, window_per_step=per_step))
    assert d.loc["lead", ["reached"] + FATES].tolist() == [1, 1, 0, 0, 0, 0]
    assert d.loc["mql", ["reached"] + FATES].tolist() == [1, 0, 0, 0, 0, 1]
    assert (d.loc["sql":, "reached"] == 0).all()


def test_late_lead_event_observed() -> None:
    data = dataset([("X", "mql", 0, None), ("X", "lead", 60, None)])
    r = mf.funnel_report(data, window_days=30, window_per_step=True, passage="observed")
    assert r.groups()["records"].tolist() == [1]
    d = dropoff(r)
    assert d.loc["lead", "reached"] == 0
    assert d.loc["mql", ["reached", "expired"]].tolist() == [1, 1]


@pytest.mark.parametrize("per_step", [False, True])
def test_stage_logged_after_a_later_one(per_step: bool) -> None:
    data = dataset([("Y", "lead", 0, None), ("Y", "sql", 1, None), ("Y", "mql", 60, None)])
    d = dropoff(mf.funnel_report(data, window_days=30, window_per_step=per_step))
    assert d.loc["lead", FATES].tolist() == [1, 0, 0, 0, 0]
    assert d.loc["mql", FATES].tolist() == [1, 0, 0, 0, 0]
    assert d.loc["sql", ["reached"] + FATES].tolist() == [1, 0, 0, 0, 0, 1]


def test_won_then_lost_counts_in_the_won_row() -> None:
    data = dataset([("W1", "lead", 0, None), ("W1", "closed_won", 5, None),
                    ("W2", "lead", 0, None), ("W2", "closed_won", 5, None),
                    ("W2", "closed_lost", 8, "churned")])
    r = mf.funnel_report(data)
    assert dropoff(r).loc["closed_won", ["reached"] + FATES].tolist() == [2, 0, 1, 0, 0, 0]
    assert r.reasons().to_dict("records") == [
        {"stage": "closed_won", "reason": "churned", "count": 1}]
    assert r.groups()[["won", "lost"]].iloc[0].tolist() == [1, 1]


def test_unknown_stages_do_not_move_as_of() -> None:
    data = dataset([("V", "lead", 0, None), ("V", "archived", 100, None)])
    r = mf.funnel_report(data)
    assert r.events_unknown_stage == 1
    assert r.as_of == T0
