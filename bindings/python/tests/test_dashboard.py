"""dashboard(): the page as text, inline in a notebook, saved to a file;
figures equal to funnel_report()'s; hostile attribute values escaped; the
qualification section with rules; keyword errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import modelfunnel as mf


@pytest.fixture(scope="module")
def data() -> mf.DataSet:
    return mf.generate(leads=3000, seed=11)


def test_page_and_notebook(data: mf.DataSet, tmp_path: Path) -> None:
    d = mf.dashboard(data, by=["channel", "segment"], start="2024-07-01", end="2025-01-01",
                     threads=1)
    html = d.to_html()
    assert html.startswith("<!DOCTYPE html>")
    assert d._repr_html_() == html
    for section in ("kpis", "funnel", "trends", "breakdown", "loss-reasons", "stage-graph"):
        assert f'<section id="{section}"' in html
    assert 'data-by="segment"' in html
    out = tmp_path / "dash.html"
    d.save(out)
    assert out.read_text(encoding="utf-8") == html
    assert "bytes of HTML" in repr(d)
    assert d == mf.dashboard(data, by=["channel", "segment"], start="2024-07-01",
                             end="2025-01-01", threads=2)  # same bytes for any thread count


def test_numbers_equal_the_report(data: mf.DataSet) -> None:
    html = mf.dashboard(data, start="2024-07-01", end="2025-01-01").to_html()
    report = mf.funnel_report(data, start="2024-07-01", end="2025-01-01").to_dict()
    stages = report["groups"][0]["stages"]
    for s in stages:
        m = re.search(r'<tr data-stage="%s"[^>]*>.*?data-col="reached" data-value="(\d+)"' % s["stage"], html)
        assert m, s["stage"]
        assert int(m.group(1)) == s["reached"]


def test_hostile_values_are_text() -> None:
    b = mf.DataSetBuilder()
    b.add_attribute("channel", "string")
    b.set_attribute("L1", "channel", "<script>alert(1)</script>")
    b.add_event("L1", "lead", "2025-01-01")
    b.add_event("L1", "closed_lost", "2025-01-03", reason='"><img src=x onerror=alert(2)>')
    html = mf.dashboard(b.finish()).to_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<img" not in html


def test_qualification_section(data: mf.DataSet, repo: Path) -> None:
    rules = mf.QualifyRules.load(repo / "examples" / "qualify" / "bant.json", data)
    html = mf.dashboard(data, rules=rules, period="week").to_html()
    assert '<section id="qualification"' in html
    assert 'id="lift-table"' in html


def test_keyword_errors(data: mf.DataSet) -> None:
    with pytest.raises(mf.DataError, match="no attribute 'nope'"):
        mf.dashboard(data, by="nope")
    with pytest.raises(mf.DataError, match="period"):
        mf.dashboard(data, period="year")  # type: ignore[arg-type]
    with pytest.raises(mf.DataError, match="from must be before to"):
        mf.dashboard(data, start="2025-01-01", end="2024-01-01")
    with pytest.raises(mf.DataError, match="data: expected a DataSet"):
        mf.dashboard("data")  # type: ignore[arg-type]
    with pytest.raises(mf.DataError, match="rules"):
        mf.dashboard(data, rules="bant.json")  # type: ignore[arg-type]


FIT_MODEL = {"version": 1, "id": "account",
             "attributes": [{"name": "size", "linear": {"from": [0, 0], "to": [100, 100]}}],
             "tiers": [{"name": "A", "share": 0.34}, {"name": "B", "share": 0.66}]}
POLICY = Path(__file__).resolve().parents[3] / "examples" / "reengage" / "policy.json"


def test_sections_with_inputs_of_their_own(data: mf.DataSet) -> None:
    import pandas as pd
    accounts = pd.DataFrame({"account": ["a1", "<script>alert(1)</script>", "a3"], "size": [90, None, 10]})
    html = mf.dashboard(data, as_of="2025-08-15", target=1_500_000, plan_period="2025-Q3", policy=POLICY,
                        accounts=accounts, fit_model=FIT_MODEL, threads=1).to_html()
    for section in ("revenue-plan", "reengagement", "tiering"):
        assert f'<section id="{section}"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    # The queue is reengagement_queue()'s at as_of.
    q = mf.reengagement_queue(data, POLICY, "2025-08-15", threads=1)
    assert f'data-due="{len(q)}"' in html
    assert f'data-record="{q.queue["record_id"].iloc[0]}"' in html
    # Tiers: 3 accounts at 34/66: targets 1 and 2.
    assert re.search(r'<tr data-tier="A">.*?data-col="target" data-value="1"', html)
    # Without the inputs, none of the three sections.
    plain = mf.dashboard(data, threads=1).to_html()
    for section in ("revenue-plan", "reengagement", "tiering"):
        assert f'<section id="{section}"' not in plain


def test_section_inputs_go_together(data: mf.DataSet) -> None:
    with pytest.raises(mf.DataError, match="accounts, fit_model"):
        mf.dashboard(data, accounts="accounts.csv")
    with pytest.raises(mf.DataError, match="target, plan_period"):
        mf.dashboard(data, target=1000)
    with pytest.raises(mf.DataError, match="target: expected a revenue"):
        mf.dashboard(data, target=-1, plan_period="2025-Q3")
    with pytest.raises(mf.DataError, match="reengage_as_of: needs policy"):
        mf.dashboard(data, reengage_as_of="2025-01-01")
    with pytest.raises(mf.DataError, match="plan_period: "):
        mf.dashboard(data, target=1000, plan_period="2025-Q9")
    with pytest.raises(mf.DataError, match="dashboard: revenue plan: "):
        mf.dashboard(data, target=1000, plan_period="2020-Q1")


def test_coverage_gaps_equal_tier(data: mf.DataSet) -> None:
    import pandas as pd
    accounts = pd.DataFrame({"account": ["a1", "a2", "a3"], "size": [90, 50, 10],
                             "owner": ["<i>rep</i>", "r2", "r2"]})
    contacts = pd.DataFrame({"account_id": ["a1", "a1", "a3"], "contact_id": ["c1", "c2", "c3"],
                             "role": ["cfo", "", ""]})
    activities = pd.DataFrame({"contact_id": ["c1", "c3"], "time": ["2025-01-05", "2025-02-01"],
                               "channel": ["email", "email"], "campaign": ["", "spring"]})
    html = mf.dashboard(data, as_of="2025-06-30", accounts=accounts, fit_model=FIT_MODEL, contacts=contacts,
                        activities=activities, owner_by="owner", threads=1).to_html()
    t = mf.tier(accounts, FIT_MODEL, contacts=contacts, activities=activities, as_of="2025-06-30",
                owner_by="owner")
    with_gaps = int((t.coverage["gaps"].fillna("") != "").sum())
    assert f'data-with-gaps="{with_gaps}" data-as-of="2025-06-30"' in html
    for _, r in t.rep_gaps.iterrows():
        rep = "" if r["rep"] is None else r["rep"].replace("<", "&lt;").replace(">", "&gt;")
        for col in ("accounts", "with_gaps", "gap_contacts", "contacts_to_reach"):
            assert re.search(f'<tr data-rep="{re.escape(rep)}">.*?data-col="{col}" data-value="{r[col]}"', html), col
    assert "&lt;i&gt;rep&lt;/i&gt;" in html and "<i>rep" not in html
    with pytest.raises(mf.DataError, match="contacts: need accounts"):
        mf.dashboard(data, contacts=contacts)
    with pytest.raises(mf.DataError, match="activities, owner_by: need contacts"):
        mf.dashboard(data, accounts=accounts, fit_model=FIT_MODEL, activities=activities)
