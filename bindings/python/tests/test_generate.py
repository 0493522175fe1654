"""generate() and generate_csv()."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import modelfunnel as mf


def test_deterministic() -> None:
    a = mf.generate(leads=500, seed=1)
    assert len(a) == 500
    assert a == mf.generate(leads=500, seed=1)
    assert a != mf.generate(leads=500, seed=2)
    assert a.record_ids[0] == "L0000001"
    assert a.stage_names[0] == "lead"


def test_start_and_span() -> None:
    start = dt.datetime(2020, 6, 1, tzinfo=dt.timezone.utc)
    d = mf.generate(leads=100, seed=5, start=start, span_days=10)
    created = d.records()["created_at"]
    assert created.min() >= start
    assert created.max() < start + dt.timedelta(days=10)


def test_generate_csv(tmp_path: Path) -> None:
    calls: list[int] = []
    mf.generate_csv(tmp_path / "out", leads=300, seed=9, progress=lambda d, t: calls.append(t))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["campaigns.csv", "events.csv", "leads.csv",
                                                                      "touches.csv"]
    lines = (tmp_path / "out" / "leads.csv").read_text().splitlines()
    assert len(lines) == 301
    assert set(calls) == {300}


def test_bad_arguments() -> None:
    with pytest.raises(mf.DataError, match="leads must be at least 1"):
        mf.generate(leads=0)
    with pytest.raises(mf.DataError):
        mf.generate(leads=10, span_days=0)


def test_threads_run_side_by_side() -> None:
    # generate() and summarize() release the GIL; concurrent calls must agree
    # with sequential ones.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=3) as pool:
        sets = list(pool.map(lambda seed: mf.generate(leads=2_000, seed=seed), [4, 4, 5]))
        summaries = list(pool.map(mf.summarize, sets))
    assert sets[0] == sets[1] != sets[2]
    assert summaries[0].stages.equals(summaries[1].stages)


def test_generate_csv_accounts(tmp_path: Path, repo: Path) -> None:
    mf.generate_csv(tmp_path / "a", leads=30, accounts=400)
    mf.generate_csv(tmp_path / "b", leads=30, accounts=400)
    mf.generate_csv(tmp_path / "plain", leads=30)
    for name in ("accounts.csv", "contacts.csv", "activities.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert not (tmp_path / "plain" / name).exists()
    assert (tmp_path / "a" / "leads.csv").read_bytes() == (tmp_path / "plain" / "leads.csv").read_bytes()
    a = tmp_path / "a"
    t = mf.tier(a / "accounts.csv", repo / "examples" / "tiering" / "maven_fit.json",
                contacts=a / "contacts.csv", activities=a / "activities.csv", owner_by="owner")
    assert len(t.accounts) == 400
    assert (t.coverage["gaps"] != "").any()
    assert t.left_out["contacts_unknown_account"] > 0
    assert t.left_out["activities_unknown_contact"] > 0
    with pytest.raises(mf.DataError):
        mf.generate_csv(tmp_path / "c", leads=30, accounts=-1)
