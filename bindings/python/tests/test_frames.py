"""DataSet.from_frames(): pandas frames in, the same frames back out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import modelfunnel as mf

UTC = "datetime64[ns, UTC]"


def input_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    records = pd.DataFrame({
        "record_id": ["A", "B", "C"],
        "channel": ["web", None, "email"],
        "employees": pd.array([10, None, 3], dtype="Int64"),
        "score": [0.5, np.nan, 2.0],
        "qualified": pd.array([True, None, False], dtype="boolean"),
        "created": pd.to_datetime(["2024-01-01", None, "2024-02-01T10:00:00.000001"], utc=True),
    })
    events = pd.DataFrame({
        "record_id": ["A", "A", "B", "C"],
        "stage": ["lead", "mql", "lead", "closed_lost"],
        "time": pd.to_datetime(["2024-01-01", "2024-01-03", None, "2024-02-02"], utc=True),
        "amount": [np.nan, 1054.25, np.nan, 0.0001],
        "reason": [None, None, None, "budget"],
        "actor": ["ann", "bob", None, None],
    })
    return records, events


def load(records: pd.DataFrame | None, events: pd.DataFrame, **kw) -> mf.DataSet:
    return mf.DataSet.from_frames(records, events, amount="amount", reason="reason",
                                  actor="actor", **kw)


def test_round_trip_equals_input() -> None:
    records, events = input_frames()
    d = load(records, events)
    assert d.attributes == {"channel": "string", "employees": "int64", "score": "double",
                            "qualified": "bool", "created": "timestamp"}

    expected = records.set_index("record_id")
    expected["channel"] = expected["channel"].astype(pd.CategoricalDtype(["web", "email"]))
    pd.testing.assert_frame_equal(d.records(), expected)

    expected_events = events.copy()
    for column, categories in [("record_id", ["A", "B", "C"]),
                               ("stage", ["lead", "mql", "closed_lost"]),
                               ("reason", ["budget"]), ("actor", ["ann", "bob"])]:
        expected_events[column] = expected_events[column].astype(pd.CategoricalDtype(categories))
    pd.testing.assert_frame_equal(d.events(), expected_events)
    assert d.events(amount_scaled=True)["amount_scaled"].tolist()[1] == 10_542_500


def test_frames_of_a_data_set_rebuild_it() -> None:
    records, events = input_frames()
    d = load(records, events)
    assert load(d.records(), d.events()) == d


def test_generated_data_round_trips() -> None:
    d = mf.generate(leads=5_000, seed=3)
    again = load(d.records(), d.events())
    assert again == d
    assert again.attributes == d.attributes


def test_without_records_frame_records_come_from_events() -> None:
    events = pd.DataFrame({"id": [7, 5, 7], "stage": ["lead", "lead", "mql"],
                           "time": ["2024-01-01", "2024-01-02", "2024-01-03T12:00:00+02:00"]})
    d = mf.DataSet.from_frames(None, events, record="id")
    assert d.record_ids == ["7", "5"]
    assert d.attributes == {}
    e = d.events()
    assert e["record_id"].tolist() == ["7", "7", "5"]
    assert e["time"].tolist()[1] == pd.Timestamp("2024-01-03T10:00:00", tz="UTC")
    assert e["amount"].isna().all() and e["reason"].isna().all()


def test_records_may_be_indexed_by_id() -> None:
    records = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["X", "Y"], name="lead"))
    events = pd.DataFrame({"record_id": ["Y"], "stage": ["lead"]})
    d = mf.DataSet.from_frames(records, events, time=None)
    assert d.record_ids == ["X", "Y"]
    assert d.records()["n"].tolist() == [1, 2]
    assert d.events()["time"].isna().all()


def test_unknown_record_names_the_row() -> None:
    records, events = input_frames()
    events.loc[2, "record_id"] = "Z"
    with pytest.raises(mf.DataError, match=r"^events row 2: record id 'Z' is not in records$"):
        load(records, events)
    events.index = ["a", "b", "c", "d"]
    with pytest.raises(mf.DataError, match=r"^events row 'c': "):
        load(records, events)


def test_bad_frames() -> None:
    records, events = input_frames()
    with pytest.raises(mf.DataError, match="duplicate record id 'A'"):
        load(pd.concat([records, records.iloc[[0]]], ignore_index=True), events)
    bad = events.copy()
    bad.loc[1, "stage"] = None
    with pytest.raises(mf.DataError, match=r"^events row 1: column 'stage' is missing$"):
        load(records, bad)
    with pytest.raises(mf.DataError, match="events has no column 'when'"):
        load(records, events, time="when")
    with pytest.raises(mf.DataError, match="timedelta"):
        load(records.assign(wait=pd.to_timedelta([1, 2, 3], unit="D")), events)
    with pytest.raises(mf.DataError, match="events column 'time'"):
        load(records, events.assign(time=["2024-01-01", "soon", None, None]))


def test_type_inference() -> None:
    records = pd.DataFrame({
        "record_id": ["A", "B"],
        "flag": pd.Series([True, None], dtype=object),
        "count": pd.Series([1, None], dtype=object),
        "small": np.array([1, 2], dtype=np.uint8),
        "ratio": np.array([0.25, 0.5], dtype=np.float32),
        "tier": pd.Categorical([1, 2]),
        "seen": pd.to_datetime(["2024-01-01T02:00", "2024-01-02"]),
        "local": pd.to_datetime(["2024-01-01T02:00"] * 2).tz_localize("Europe/Berlin"),
        "plain": np.array([True, False]),
    })
    events = pd.DataFrame({"record_id": ["A"], "stage": ["lead"], "time": ["2024-01-01"]})
    d = mf.DataSet.from_frames(records, events)
    assert d.attributes == {"flag": "bool", "count": "int64", "small": "int64", "ratio": "double",
                            "tier": "string", "seen": "timestamp", "local": "timestamp",
                            "plain": "bool"}
    r = d.records()
    assert r["count"].tolist()[0] == 1 and pd.isna(r["count"]["B"])
    assert r["tier"].tolist() == ["1", "2"]
    assert r["seen"]["A"] == pd.Timestamp("2024-01-01T02:00", tz="UTC")
    assert r["local"]["A"] == pd.Timestamp("2024-01-01T01:00", tz="UTC")


def test_amounts_from_text_are_exact() -> None:
    events = pd.DataFrame({"record_id": ["A", "A"], "stage": ["won", "lost"],
                           "time": ["2024-01-01", "2024-01-02"], "amount": ["0.1", None]})
    d = mf.DataSet.from_frames(None, events, amount="amount")
    assert d.events(amount_scaled=True)["amount_scaled"].tolist()[0] == 1_000
    with pytest.raises(mf.DataError):
        mf.DataSet.from_frames(None, events.assign(amount=["1.23456", None]), amount="amount")


def test_equality_sees_one_changed_value() -> None:
    records, events = input_frames()
    d = load(records, events)
    changed = events.copy()
    changed.loc[3, "amount"] = 0.0002
    assert load(records, changed) != d
    changed_records = records.copy()
    changed_records.loc[2, "score"] = 2.5
    assert load(changed_records, events) != d
