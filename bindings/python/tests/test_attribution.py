"""attribute_paths() and attribute(): the hand-solved 3-channel Markov chain
and Shapley game, the invariant that credits sum to the totals, paths as a
path, a DataFrame of text or of lists, a data set with touches (loaded
through a mapping), buying groups, costs, the Maven export, and errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import modelfunnel as mf

MARKOV = pd.DataFrame({
    "path": ["C1 > C2 > C3", "C1", "C2 > C3"],
    "total_conversions": [1, 0, 0],
    "total_conversion_value": [100.0, 0, 0],
    "total_null": [0, 1, 1],
})


def test_markov_by_hand() -> None:
    # Removal effects 1/2, 1, 1 (docs/attribution.md): shares 0.2, 0.4, 0.4.
    a = mf.attribute_paths(MARKOV, models="markov")
    got = a.credits.set_index("channel")
    assert got.loc["C1", "conversions"] == pytest.approx(0.2)
    assert got.loc["C2", "value"] == pytest.approx(40)
    assert got.loc["C1", "removal_effect"] == pytest.approx(0.5)
    assert a.markov_conversion_probability == pytest.approx(1 / 3)
    assert list(a.credits.columns[:4]) == ["model", "channel", "conversions", "value"]


def test_shapley_by_hand_from_lists() -> None:
    paths = pd.DataFrame({"path": [["A"], ["A", "B"], ["B", "C", "B"], ["A", "B", "C"]],
                          "total_conversions": [3, 2, 1, 6]})
    a = mf.attribute_paths(paths, models=["shapley"])
    got = a.credits.set_index("channel")["conversions"]
    assert got["A"] == pytest.approx(6)
    assert got["B"] == pytest.approx(3.5)
    assert got["C"] == pytest.approx(2.5)
    assert a.shapley_method == "exact"


def test_every_model_sums_to_the_totals(tmp_path: Path) -> None:
    f = tmp_path / "paths.csv"
    f.write_text("path,total_conversions,total_conversion_value,total_null\n"
                 "email > search,3,300,10\nsearch,1,50,4\nsocial>email>search,2,120,0\n")
    a = mf.attribute_paths(f, bootstrap=30, seed=7)
    assert set(a.credits["model"]) == set(mf.ATTRIBUTION_MODELS)
    sums = a.credits.groupby("model")[["conversions", "value"]].sum()
    assert list(sums["conversions"]) == pytest.approx([6] * 9)
    assert list(sums["value"]) == pytest.approx([470] * 9)
    assert (a.credits["ci_low"] <= a.credits["ci_high"]).all()
    again = mf.attribute_paths(f, bootstrap=30, seed=7)
    pd.testing.assert_frame_equal(a.credits, again.credits)
    assert a.by_model().shape == (3, 9)


def test_data_set_with_touches(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text("lead_id,account\nL1,acme\nL2,acme\nL3,\n")
    (tmp_path / "events.csv").write_text("lead_id,stage,ts,amount\nL2,closed_won,2024-01-10T00:00:00Z,500\n")
    (tmp_path / "touches.csv").write_text(
        "lead_id,ts,campaign,channel,cost\n"
        "L1,2024-01-02T00:00:00Z,C1,email,\nL2,2024-01-03T00:00:00Z,C2,search,\n"
        "L2,2024-01-12T00:00:00Z,C2,search,\nL3,2024-01-03T00:00:00Z,C1,email,\n")
    (tmp_path / "campaigns.csv").write_text("campaign,type,cost\nC1,email,100\nC2,paid search,250\n")
    mapping = tmp_path / "mapping.json"
    mapping.write_text("""{"version": 1, "tables": [
      {"name": "leads", "kind": "records", "file": "leads.csv", "id": "lead_id", "attributes": {"account": "string"}},
      {"name": "events", "kind": "events", "file": "events.csv", "record": "lead_id", "stage": "stage",
       "time": {"column": "ts", "format": "iso8601"}, "amount": "amount"},
      {"name": "touches", "kind": "touches", "file": "touches.csv", "record": "lead_id",
       "time": {"column": "ts", "format": "iso8601"}, "campaign": "campaign", "channel": "channel", "cost": "cost"},
      {"name": "campaigns", "kind": "campaigns", "file": "campaigns.csv", "id": "campaign", "type": "type",
       "cost": "cost"}]}""")
    data, _ = mf.load(mapping)
    a = mf.attribute(data, models="linear")
    assert a.totals["touches_after_conversion"] == 1
    assert a.credits.set_index("channel").loc["search", "conversions"] == 1
    group = mf.attribute(data, models="linear", account="account")
    assert group.credits.set_index("channel").loc["email", "conversions"] == pytest.approx(0.5)
    costs = mf.attribute(data, models="linear", by="campaign").costs.set_index("campaign")
    assert costs.loc["C2", "cost_per_win"] == pytest.approx(250)
    assert costs.loc["C1", "leads"] == 2
    with pytest.raises(mf.DataError):
        mf.attribute(data, account="nope")


def test_maven_has_no_touches(maven_mapping: Path) -> None:
    data, _ = mf.load(maven_mapping)
    a = mf.attribute(data, account="account")
    assert a.totals["conversions"] == 0
    assert a.totals["conversions_without_touches"] > 4000
    assert len(a.credits) == 0


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(mf.DataError, match="unknown model"):
        mf.attribute_paths(MARKOV, models="linear_decay")
    with pytest.raises(mf.DataError, match="half_life_days"):
        mf.attribute_paths(MARKOV, half_life_days=0)
    with pytest.raises(mf.DataError, match="confidence"):
        mf.attribute_paths(MARKOV, confidence=1.5)
    with pytest.raises(mf.DataError, match="bootstrap"):
        mf.attribute_paths(MARKOV, bootstrap=-1)
    bad = tmp_path / "bad.csv"
    bad.write_text("path,total_conversions\na>b,lots\n")
    with pytest.raises(mf.DataError, match="bad.csv:2:2"):
        mf.attribute_paths(bad)
    with pytest.raises(mf.DataError, match="no column"):
        mf.attribute_paths(pd.DataFrame({"path": ["a"]}))
    with pytest.raises(mf.DataError):
        mf.attribute(MARKOV)  # type: ignore[arg-type]
