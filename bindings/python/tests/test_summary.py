"""summarize() on hand-made data with counts worked out by hand."""

from __future__ import annotations

import pandas as pd

import modelfunnel as mf


def data() -> mf.DataSet:
    events = pd.DataFrame({
        "record_id": ["A", "A", "A", "B", "B", "C", "C", "D"],
        "stage": ["lead", "mql", "mql", "lead", "closed_lost", "lead", "demo", "sql"],
        "time": pd.date_range("2024-01-01", periods=8, freq="D", tz="UTC"),
    })
    records = pd.DataFrame({"record_id": ["A", "B", "C", "D", "E"]})
    return mf.DataSet.from_frames(records, events)


def test_counts() -> None:
    s = mf.summarize(data(), mf.StageGraph.the_model())
    assert (s.records, s.events, s.records_without_events) == (5, 8, 1)
    assert s.unknown_stages == {"demo": 1}
    stages = s.stages.set_index("stage")
    assert stages.loc["lead", "reached"] == 3 and stages.loc["lead", "events"] == 3
    assert stages.loc["mql", "reached"] == 1 and stages.loc["mql", "events"] == 2
    assert stages.loc["mql", "current"] == 1
    assert stages.loc["closed_lost", "current"] == 1
    assert stages.loc["sql", "current"] == 1 and stages.loc["sql", "teams"] == ["sdr", "bdr"]
    # C's latest event is at a stage the graph lacks, so it is current nowhere.
    assert stages["current"].sum() == 3
    assert s.stages["stage"].tolist()[:7] == mf.StageGraph.the_model().main_path
    assert list(s.stages.columns) == ["stage", "teams", "reached", "current", "events"]
    assert s.stages["reached"].dtype == "int64"
    teams = dict(zip(s.teams["team"], s.teams["reached"]))
    # B's closed_lost is owned by field sales, but recording a loss is not
    # working the record: field sales reached nobody here. D's sql counts
    # once, for SDR and BDR jointly.
    assert teams == {"marketing": 3, "sdr|bdr": 1, "field_sales": 0}
    assert s.teams["team"].tolist() == ["marketing", "sdr|bdr", "field_sales"]


def test_default_graph_is_the_model() -> None:
    d = data()
    assert mf.summarize(d).stages.equals(mf.summarize(d, mf.StageGraph.the_model()).stages)
    assert repr(mf.summarize(d)) == ("Summary(records=5, events=8, records_without_events=1, "
                                     "stages=9, unknown_stages={'demo': 1})")
