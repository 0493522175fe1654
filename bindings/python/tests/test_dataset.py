"""DataSet read access (events(), records()) and DataSetBuilder, on a small
hand-made data set with known values."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import modelfunnel as mf


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def build() -> mf.DataSet:
    b = mf.DataSetBuilder()
    assert b.add_attribute("channel", "string") == 0
    assert b.add_attribute("employees", mf.AttributeType.INT64) == 1
    b.add_attribute("score", "double")
    b.add_attribute("qualified", "bool")
    b.add_attribute("created", "timestamp")
    b.set_attribute("L1", "channel", "web")
    b.set_attribute("L1", "employees", 10)
    b.set_attribute("L1", "score", 0.5)
    b.set_attribute("L1", "qualified", True)
    b.set_attribute("L1", "created", dt.datetime(2024, 1, 1))
    assert b.record("L2") == 1
    b.set_attribute(1, 0, None)
    b.set_attribute(1, "score", float("nan"))
    b.set_attribute("L3", "channel", "email")
    b.set_attribute("L3", "employees", -3)
    b.set_attribute("L3", "score", 2.25)
    b.set_attribute("L3", "qualified", False)
    b.set_attribute("L3", "created", "2023-12-31T23:59:59.000001Z")
    # Added out of order: the data set sorts by record, then time.
    b.add_event("L1", "closed_won", "2024-01-05T00:00:00Z", amount=1054.25, actor="ann")
    b.add_event("L1", "lead", dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc))
    b.add_event("L1", "mql", np.datetime64("2024-01-03T00:00:00"), actor="ann")
    b.add_event("L2", "lead")
    b.add_event("L3", "lead", pd.Timestamp("2024-01-01"))
    b.add_event("L3", "closed_lost", dt.date(2024, 1, 2), amount=Decimal("0.0001"),
                reason="budget")
    assert b.record_count == 3
    data = b.finish()
    assert b.record_count == 0
    return data


def test_counts_and_lookup() -> None:
    d = build()
    assert d.record_count == 3 and len(d) == 3
    assert d.event_count == 6
    assert d.record_ids == ["L1", "L2", "L3"]
    assert d.find_record("L3") == 2
    assert d.find_record("nope") is None
    assert d.stage_names == ["closed_won", "lead", "mql", "closed_lost"]
    assert d.attributes == {"channel": "string", "employees": "int64", "score": "double",
                            "qualified": "bool", "created": "timestamp"}
    assert d.attributes["created"] is mf.AttributeType.TIMESTAMP


def test_events_frame() -> None:
    e = build().events()
    assert list(e.columns) == ["record_id", "stage", "time", "amount", "reason", "actor"]
    assert e["record_id"].dtype == "category"
    assert list(e["record_id"].cat.categories) == ["L1", "L2", "L3"]
    assert e["record_id"].tolist() == ["L1", "L1", "L1", "L2", "L3", "L3"]
    assert e["stage"].tolist() == ["lead", "mql", "closed_won", "lead", "lead", "closed_lost"]
    assert str(e["time"].dtype) == "datetime64[ns, UTC]"
    assert e["time"].tolist()[:3] == [ts("2024-01-02"), ts("2024-01-03"), ts("2024-01-05")]
    assert pd.isna(e["time"][3])
    assert e["time"][5] == ts("2024-01-02")
    assert e["amount"].dtype == np.float64
    assert e["amount"][2] == 1054.25 and e["amount"][5] == 0.0001
    assert e["amount"].isna().tolist() == [True, True, False, True, True, False]
    assert e["reason"].tolist()[5] == "budget"
    assert e["reason"].isna().sum() == 5
    assert e["actor"].tolist()[1:3] == ["ann", "ann"]


def test_actor_is_per_event() -> None:
    e = build().events()
    assert e["actor"].isna().tolist() == [True, False, False, True, True, True]


def test_exact_amounts() -> None:
    e = build().events(amount_scaled=True)
    assert str(e["amount_scaled"].dtype) == "Int64"
    assert e["amount_scaled"][2] == 10_542_500
    assert e["amount_scaled"][5] == 1
    assert e["amount_scaled"].isna().sum() == 4


def test_records_frame() -> None:
    r = build().records()
    assert r.index.name == "record_id"
    assert r.index.tolist() == ["L1", "L2", "L3"]
    assert list(r.columns) == ["channel", "employees", "score", "qualified", "created"]
    assert r["channel"].dtype == "category"
    assert r["channel"].tolist()[0] == "web" and pd.isna(r["channel"]["L2"])
    assert str(r["employees"].dtype) == "Int64"
    assert r["employees"]["L3"] == -3 and r["employees"].isna().tolist() == [False, True, False]
    assert r["score"].dtype == np.float64 and np.isnan(r["score"]["L2"])
    assert str(r["qualified"].dtype) == "boolean"
    assert r["qualified"]["L1"] == True and r["qualified"]["L3"] == False  # noqa: E712
    assert r["qualified"].isna().tolist() == [False, True, False]
    assert str(r["created"].dtype) == "datetime64[ns, UTC]"
    assert r["created"]["L1"] == ts("2024-01-01")
    assert r["created"]["L3"] == ts("2023-12-31T23:59:59.000001")
    assert pd.isna(r["created"]["L2"])


def test_empty() -> None:
    d = mf.DataSet()
    assert len(d) == 0 and d.event_count == 0
    assert d.events().empty and list(d.events().columns)[:2] == ["record_id", "stage"]
    assert d.records().empty
    assert d == mf.DataSet()


def test_equality_and_pickle() -> None:
    d = build()
    assert d == build()
    assert d != mf.DataSet()
    assert pickle.loads(pickle.dumps(d)) == d
    assert repr(d) == ("DataSet(records=3, events=6, attributes={channel: string, "
                       "employees: int64, score: double, qualified: bool, created: timestamp})")


def test_builder_errors() -> None:
    b = mf.DataSetBuilder()
    b.add_attribute("n", "int64")
    with pytest.raises(mf.NotFoundError, match="no attribute named 'm'"):
        b.set_attribute("A", "m", 1)
    with pytest.raises(TypeError):
        b.set_attribute("A", "n", "ten")
    with pytest.raises(ValueError):
        b.add_attribute("x", "decimal")
    with pytest.raises(mf.OutOfRangeError):
        b.set_attribute(7, "n", 1)
    with pytest.raises(mf.DataError):
        b.add_event("A", "lead", amount="1.00001")


def test_times_beyond_datetime64_ns_fail_clearly() -> None:
    b = mf.DataSetBuilder()
    b.add_event("A", "lead", dt.datetime(3000, 1, 1))
    d = b.finish()
    with pytest.raises(mf.OutOfRangeError, match="event 0 of record 'A': time 3000-01-01T00:00:00Z"):
        d.events()
