"""Mapping and load() over small hand-written CSV files."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pandas as pd
import pytest

import modelfunnel as mf

LEADS = """lead_id,created_at,channel,segment
L1,2024-01-01T00:00:00Z,web,smb
L2,2024-01-02T00:00:00Z,event,
L3,2024-01-03T00:00:00Z,web,enterprise
"""
EVENTS = """lead_id,stage,ts,amount,reason
L1,lead,2024-01-01T00:00:00Z,,
L1,mql,2024-01-02T00:00:00Z,,
L2,lead,2024-01-02T00:00:00Z,,
L1,closed_won,2024-01-09T00:00:00Z,1054.25,
L3,lead,2024-01-03T00:00:00Z,,
L3,closed_lost,2024-01-04T00:00:00Z,,budget
"""


def mapping_json() -> str:
    return json.dumps({"version": 1, "tables": [
        {"name": "leads", "kind": "records", "file": "leads.csv", "id": "lead_id",
         "attributes": {"created_at": "timestamp", "channel": "string", "segment": "string"}},
        {"name": "events", "kind": "events", "file": "events.csv", "record": "lead_id",
         "stage": "stage", "time": "ts", "amount": "amount", "reason": "reason"}]})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "leads.csv").write_text(LEADS)
    (tmp_path / "events.csv").write_text(EVENTS)
    (tmp_path / "mapping.json").write_text(mapping_json())
    return tmp_path


def test_mapping(folder: Path) -> None:
    m = mf.Mapping.load(folder / "mapping.json")
    assert m.tables == ["leads", "events"]
    assert m.file_of("events") == folder / "events.csv"
    assert m.file_of("nope") is None
    assert m.graph_file is None
    assert mf.Mapping.from_json(mapping_json(), base_dir=folder) == m
    other = m.with_file("events", folder / "other.csv")
    assert other.file_of("events") == folder / "other.csv" and other != m
    with pytest.raises(mf.NotFoundError, match="nope"):
        m.with_file("nope", "x.csv")
    assert pickle.loads(pickle.dumps(m)) == m
    assert repr(m) == "Mapping(tables=['leads', 'events'])"
    assert json.loads(m.to_json())["tables"][0]["name"] == "leads"


def test_load(folder: Path) -> None:
    result = mf.load(folder / "mapping.json")
    data, report = result
    assert data is result.data and report is result.report
    assert data.record_ids == ["L1", "L2", "L3"]
    assert data.event_count == 6
    e = data.events()
    assert e["stage"].tolist() == ["lead", "mql", "closed_won", "lead", "lead", "closed_lost"]
    assert e["amount"].tolist()[2] == 1054.25
    assert e["reason"].tolist()[5] == "budget"
    r = data.records()
    assert r["segment"].isna().tolist() == [False, True, False]
    assert r["created_at"]["L3"] == pd.Timestamp("2024-01-03", tz="UTC")
    assert report.rejected_count == 0
    assert report.files["table"].tolist() == ["leads", "events"]
    assert report.files["rows"].tolist() == [3, 6]
    assert report.files["bytes"].tolist() == [len(LEADS), len(EVENTS)]
    assert list(report.rejected.columns) == ["file", "line", "column", "field", "rule", "message"]
    assert repr(report) == "LoadReport(files=2, rejected_count=0)"


def test_skip_reports_rejected_rows(folder: Path) -> None:
    (folder / "events.csv").write_text(EVENTS + "L3,won,2024-13-01T00:00:00Z,,\nL9,lead,2024-01-01,,\n")
    with pytest.raises(mf.DataError) as e:
        mf.load(folder / "mapping.json")
    assert str(e.value).startswith(f"{folder / 'events.csv'}:8:3: ")

    rejects = folder / "rejects.csv"
    data, report = mf.load(folder / "mapping.json", policy="skip", rejects_path=rejects)
    assert data.event_count == 6
    assert report.rejected_count == 2
    rej = report.rejected
    assert rej["line"].tolist() == [8, 9]
    assert rej.loc[0, "column"] == 3 and rej.loc[0, "field"] == "ts"
    assert rej["file"].tolist() == [str(folder / "events.csv")] * 2
    assert report.files["rejected"].tolist() == [0, 2]
    assert rejects.read_text().count("\n") >= 3
    with pytest.raises(mf.DataError, match="unknown error policy 'lenient'"):
        mf.load(folder / "mapping.json", policy="lenient")  # type: ignore[arg-type]


def test_progress(folder: Path) -> None:
    calls: list[tuple[int, int]] = []
    mf.load(folder / "mapping.json", progress=lambda done, total: calls.append((done, total)))
    assert calls and all(total == len(LEADS) + len(EVENTS) for _, total in calls)
    assert all(0 <= done <= total for done, total in calls)

    def fail(done: int, total: int) -> None:
        raise KeyboardInterrupt("stop")

    with pytest.raises(KeyboardInterrupt, match="stop"):
        mf.load(folder / "mapping.json", progress=fail)


def test_load_csv_reads_what_generate_csv_writes(tmp_path: Path) -> None:
    mf.generate_csv(tmp_path, leads=2_000, seed=11)
    data, report = mf.load_csv(tmp_path)
    assert data == mf.generate(leads=2_000, seed=11)
    # threads= (None or 0: the hardware's count) does not change what is loaded.
    for threads in (0, 1, 2):
        assert mf.load_csv(tmp_path, threads=threads).data == data, threads
    with pytest.raises(mf.DataError, match="threads: must be between 0 and 4294967295, not -1"):
        mf.load_csv(tmp_path, threads=-1)
    assert report.files["table"].tolist() == mf.Mapping.canonical(tmp_path).tables
