"""tier(): accounts from a DataFrame or a path, the split pinned by hand,
pins, last run's tiers, missing data as a range, reps, the Maven acceptance
example, and keyword and file errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import modelfunnel as mf

MODEL = {
    "version": 1, "id": "id",
    "attributes": [
        {"name": "segment", "categorical": {"enterprise": 50, "smb": 0}},
        {"name": "value", "linear": {"from": [0, 0], "to": [100, 100]}},
    ],
    "tiers": [{"name": "A", "share": 0.4}, {"name": "B", "share": 0.2}, {"name": "C", "share": 0.4}],
    "territory": "region",
}


def accounts() -> pd.DataFrame:
    # Scores: e1 90, e2 60, m 45..95 (segment missing), t1 = t2 = 20.
    return pd.DataFrame({
        "id": ["e1", "e2", "m", "t2", "t1"],
        "segment": ["enterprise", "smb", None, "smb", "smb"],
        "value": [40, 60, 45, 20, 20],
        "region": ["east", "east", "west", "east", "east"],
    })


def test_split_by_hand() -> None:
    t = mf.tier(accounts(), MODEL)
    assert list(t.accounts["id"]) == ["e1", "e2", "m", "t1", "t2"]
    assert list(t.accounts["tier"]) == ["A", "A", "B", "C", "C"]  # t1 before t2: ties by id
    assert list(t.accounts["rank"]) == [1, 2, 3, 4, 5]
    m = t.accounts.set_index("id").loc["m"]
    assert (m["score"], m["score_low"], m["score_high"]) == (45, 45, 95)
    assert bool(m["uncertain"]) and m["research"] == "segment"
    assert np.isnan(m["points_segment"]) and m["points_value"] == 45
    assert list(t.tiers["count"]) == [2, 1, 2]
    assert t.cutoffs["margin"].tolist() == [60 - 45, 45 - 20]
    assert "Tiering 5 accounts: A 2, B 1, C 2" in repr(t)


def test_pins_previous_reps_from_frames() -> None:
    pins = pd.DataFrame({"id": ["t2"], "tier": ["B"], "reason": ["partner"]})
    reps = pd.DataFrame({"rep_id": ["R1", "R2"], "territory": ["*", "east"], "max_a": [1, 1], "max_total": [2, 1]})
    t = mf.tier(accounts(), MODEL, pins=pins, reps=reps)
    by_id = t.accounts.set_index("id")
    assert by_id.loc["t2", "tier"] == "B" and by_id.loc["t2", "reason"] == "pinned"
    assert by_id.loc["t2", "pin_reason"] == "partner"
    assert by_id.loc["m", "tier"] == "C"
    assert t.placed == 3 and t.unplaced == 0
    assert set(by_id.loc[["e1", "e2"], "rep"]) == {"R1", "R2"}
    assert by_id.loc["m", "assignment"] == "not_assigned"
    assert list(t.reps["total"]) == [2, 1]
    previous = pd.DataFrame({"id": ["m"], "tier": ["A"]})
    kept = mf.tier(accounts(), MODEL, previous=previous, stability_margin=20)
    assert kept.accounts.set_index("id").loc["m", "tier"] == "A"
    assert kept.accounts.set_index("id").loc["m", "reason"] == "kept"


def test_maven_acceptance(repo: Path, shared: Path) -> None:
    path = shared / "data" / "maven-crm" / "accounts.csv"
    if not path.is_file():
        pytest.skip("../shared not found")
    t = mf.tier(path, repo / "examples" / "tiering" / "maven_fit.json")
    assert list(t.tiers["count"]) == [13, 21, 51]
    assert t.accounts["tier"].value_counts().to_dict() == {"C": 51, "B": 21, "A": 13}
    assert list(t.accounts["id"][12:14]) == ["Mathtouch", "Inity"]
    assert t.accounts.set_index("id").loc["Dontechi", "score"] == 100


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(mf.DataError, match=r"accounts:3:3: field 'value': tier.number: \"lots\" is not a number"):
        mf.tier(pd.DataFrame({"id": ["a", "b"], "segment": ["smb", "smb"], "value": ["1", "lots"],
                              "region": ["x", "x"]}), MODEL)
    with pytest.raises(mf.DataError, match=r"\$.attributes: fit.key: missing"):
        mf.tier(accounts(), {"version": 1, "id": "id"})
    with pytest.raises(mf.DataError, match="stability_margin"):
        mf.tier(accounts(), MODEL, stability_margin=-1)
    with pytest.raises(mf.DataError, match="territory_by: needs reps"):
        mf.tier(accounts(), MODEL, territory_by="region")
    with pytest.raises(mf.DataError, match="accounts: expected a path or a DataFrame"):
        mf.tier(42, MODEL)  # type: ignore[arg-type]
    with pytest.raises(mf.NotFoundError):
        mf.tier(tmp_path / "nowhere.csv", MODEL)


def test_columns_are_the_rows_as_arrays() -> None:
    # tier_columns(): the same split as tier(), by file row, with no Python
    # object per account (ids a bytes array, tiers and reasons categorical).
    rows = mf.tier(accounts(), MODEL)
    cols = mf.tier_columns(accounts(), MODEL, pins=pd.DataFrame({"id": ["t2"], "tier": ["B"], "reason": ["x"]}))
    assert isinstance(cols, mf.TieringColumns)
    assert cols.ids.dtype.kind == "S"
    assert list(cols.ids.astype(str)) == ["e1", "e2", "m", "t2", "t1"]
    pinned = mf.tier(accounts(), MODEL, pins=pd.DataFrame({"id": ["t2"], "tier": ["B"], "reason": ["x"]}))
    by_id = pinned.accounts.set_index("id")
    ids = cols.ids.astype(str)
    assert list(cols.accounts["tier"].astype(str)) == [by_id.loc[i, "tier"] for i in ids]
    assert list(cols.accounts["rank"]) == [by_id.loc[i, "rank"] for i in ids]
    assert list(cols.accounts["reason"].astype(str)) == [by_id.loc[i, "reason"] for i in ids]
    assert cols.accounts["score"].tolist() == [by_id.loc[i, "score"] for i in ids]
    assert cols.accounts["uncertain"].tolist() == [bool(by_id.loc[i, "uncertain"]) for i in ids]
    assert str(cols.accounts.loc[2, "research"]) == "segment"  # m: its segment is missing
    assert pd.isna(cols.accounts.loc[0, "research"])
    assert np.isnan(cols.accounts.loc[2, "points_segment"])
    assert list(cols.tiers["count"]) == list(pinned.tiers["count"])
    assert len(rows) == len(cols) == 5


def test_columns_errors_name_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "accounts.csv"
    bad.write_text("id,segment,value\na,smb,12x\n")
    with pytest.raises(mf.DataError, match=r"accounts.csv:2:3: field 'value': tier.number"):
        mf.tier_columns(bad, MODEL)
