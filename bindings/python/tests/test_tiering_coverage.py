"""tier() with contacts and activities (coverage per account and per rep,
rows left out, reps from an owner column and from an assignment), and
learn_weights() (points by hand, by closed deal, the model fed back, Maven),
with keyword errors."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import modelfunnel as mf

MODEL = {
    "version": 1, "id": "id", "owner": "owner",
    "attributes": [{"name": "value", "linear": {"from": [0, 0], "to": [100, 100]}}],
    "tiers": [{"name": "A", "share": 0.4}, {"name": "B", "share": 0.2}, {"name": "C", "share": 0.4}],
    "plays": [{"tier": "A", "min_contacts": 2}],
}


def frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    accounts = pd.DataFrame({"id": ["a1", "a2", "b1", "c1", "c2"], "value": [90, 80, 60, 20, 10],
                             "owner": ["ann", "bob", "ann", "bob", None]})
    contacts = pd.DataFrame({"account_id": ["a1", "a1", "a2", "b1", "c1", "zz"],
                             "contact_id": ["k1", "k2", "m1", "p1", "q1", "x"],
                             "role": ["cfo", None, "cto", "buyer", "user", "user"]})
    activities = pd.DataFrame({
        "contact_id": ["k1", "k2", "m1", "p1", "q1", "ghost"],
        "time": ["2024-01-10", "2024-06-01", "2024-06-20", "2024-05-01", "2024-06-30", "2024-06-01"],
        "channel": ["phone", "email", "Phone", "email", "email", "email"],
        "campaign": [None, None, None, None, "spring", None],
    })
    return accounts, contacts, activities


def test_coverage_by_hand() -> None:
    accounts, contacts, activities = frames()
    t = mf.tier(accounts, MODEL, contacts=contacts, activities=activities)
    assert t.as_of == "2024-06-30"
    cov = t.coverage.set_index("id")
    assert list(t.coverage.columns)[:4] == ["id", "tier", "rep", "contacts"]
    # a1: both contacts reached, still going (29 days silent): no gap.
    assert cov.loc["a1", "contacts_reached"] == 2
    assert bool(cov.loc["a1", "cadence_running"])
    assert cov.loc["a1", "gaps"] == ""
    assert cov.loc["a2", "gaps"] == "contacts"
    assert cov.loc["b1", "gaps"] == "channel"
    assert cov.loc["b1", "missing_channels"] == "phone"
    assert cov.loc["c1", "gaps"] == ""
    assert cov.loc["c2", "gaps"] == "campaign"
    assert cov.loc["c2", "rep"] is None
    assert cov.loc["c2", "first_touch"] is None
    assert t.left_out["contacts_unknown_account"] == 1
    assert t.left_out["unknown_accounts"] == ["zz"]
    assert t.left_out["activities_unknown_contact"] == 1
    gaps = t.rep_gaps
    assert list(gaps["rep"]) == ["ann", "bob", None]
    assert list(gaps["with_gaps"]) == [1, 1, 1]
    assert list(gaps["contacts_to_reach"]) == [0, 1, 0]
    # A later as-of day stops a1's and a2's cadences.
    later = mf.tier(accounts, MODEL, contacts=contacts, activities=activities, as_of="2024-07-31")
    assert later.coverage.set_index("id").loc["a1", "gaps"] == "cadence"
    assert later.coverage.set_index("id").loc["a2", "gaps"] == "contacts;cadence"
    # Without contacts: empty frames with the columns.
    plain = mf.tier(accounts, MODEL)
    assert plain.coverage.empty and "gaps" in plain.coverage.columns
    assert plain.rep_gaps.empty


def test_coverage_reps_from_assignment() -> None:
    accounts, contacts, activities = frames()
    reps = pd.DataFrame({"rep_id": ["R1"], "territory": ["*"], "max_a": [2], "max_total": [3]})
    t = mf.tier(accounts, MODEL, reps=reps, contacts=contacts, activities=activities)
    assert list(t.rep_gaps["rep"]) == ["R1", None]
    assert list(t.rep_gaps["accounts"]) == [3, 2]


def test_coverage_errors(tmp_path: Path) -> None:
    accounts, contacts, activities = frames()
    with pytest.raises(mf.DataError, match="need contacts"):
        mf.tier(accounts, MODEL, activities=activities)
    with pytest.raises(mf.DataError, match="as_of: expected a string"):
        mf.tier(accounts, MODEL, contacts=contacts, as_of=20240101)
    with pytest.raises(mf.DataError, match="as_of: "):
        mf.tier(accounts, MODEL, contacts=contacts, as_of="soon")
    bad = activities.copy()
    bad.loc[0, "time"] = "2024-13-01"
    with pytest.raises(mf.DataError, match=r"activities:2:2: field 'time': coverage.time: "):
        mf.tier(accounts, MODEL, contacts=contacts, activities=bad)
    with pytest.raises(mf.DataError, match=r"contacts:1: coverage.column: no column \"account_id\""):
        mf.tier(accounts, MODEL, contacts=contacts.rename(columns={"account_id": "account"}))
    with pytest.raises(mf.DataError, match=r"\$.plays\[0\].tier: fit.play: names no tier"):
        mf.tier(accounts, {**MODEL, "plays": [{"tier": "Z"}]})


def test_learn_by_hand(tmp_path: Path) -> None:
    accounts = pd.DataFrame({"id": ["s1", "s2", "r1", "r2", "o1"],
                             "sector": ["software", "software", "retail", "retail", "mining"]})
    model = {"version": 1, "id": "id",
             "attributes": [{"name": "sector", "categorical": {"software": 30, "retail": 5}}]}
    deals = pd.DataFrame({"id": ["s1", "s2", "r1", "r2", "o1"], "deal_stage": ["Won", "Won", "Lost", "Won", "Lost"]})
    learned = mf.learn_weights(accounts, model, deals)
    values = learned.values.set_index("value")
    # Overall 3/5; software (2 + 5 x 3/5) / (2 + 5) = 5/7; mining (0 + 3) / 6 = 1/2, the lowest.
    assert values.loc["software", "smoothed_rate"] == pytest.approx(5 / 7)
    assert values.loc["software", "points"] == pytest.approx(round(10 * math.log(2.5), 1))
    assert values.loc["other", "points"] == 0
    assert math.isnan(values.loc["(missing)", "points"])
    assert learned.wins == 3 and learned.cases == 5 and learned.unit == "accounts"
    assert learned.model["attributes"][0]["categorical"]["software"] == pytest.approx(9.2)
    # Fed back.
    t = mf.tier(accounts, learned.model)
    assert t.accounts["id"].iloc[0] in ("s1", "s2")
    by_deal = mf.learn_weights(accounts, model, deals, by="deals")
    assert by_deal.unit == "deals" and by_deal.cases == 5
    with pytest.raises(mf.DataError, match="by: expected"):
        mf.learn_weights(accounts, model, deals, by="leads")
    with pytest.raises(mf.DataError, match="prior: expected a number above 0"):
        mf.learn_weights(accounts, model, deals, prior=0)
    with pytest.raises(mf.DataError, match="learn.evidence: 0 of 5 accounts have a won deal"):
        mf.learn_weights(accounts, model, deals.assign(deal_stage="Lost"))


def test_learn_maven(repo: Path, shared: Path) -> None:
    folder = shared / "data" / "maven-crm"
    if not (folder / "sales_pipeline.csv").is_file():
        pytest.skip("../shared not found")
    learned = mf.learn_weights(folder / "accounts.csv", repo / "examples" / "tiering" / "maven_fit.json",
                               folder / "sales_pipeline.csv", by="deals")
    assert learned.cases == 6711 and learned.wins == 4238
    assert learned.kept == ["employees"]
    assert learned.values.set_index(["attribute", "value"]).loc[("sector", "finance"), "points"] == 0
