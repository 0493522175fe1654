"""Real CRM exports through a Mapping: several event sources, linked ids,
field history, touches and campaigns, close dates, skipped rows, findings,
and the Salesforce / HubSpot layouts of the generator."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import modelfunnel as mf

MAPPING = {
    "version": 1,
    "tables": [
        {"name": "leads", "kind": "records", "file": "leads.csv", "id": "Id",
         "links": ["Opp"], "stage_dates": [{"column": "Created", "stage": "lead"}]},
        {"name": "opps", "kind": "events", "file": "opps.csv", "record": "OppId",
         "stage": {"column": "Stage", "values": {"Closed Won": "closed_won"}}, "time": "At",
         "close_date": "Close", "unknown_records": "skip"},
        {"name": "won", "kind": "events", "file": "won.csv", "record": "Id",
         "stage": {"value": "closed_won"}, "time": "At", "amount": "Value"},
        {"name": "hist", "kind": "history", "file": "hist.csv", "record": "OppId", "field": "Field",
         "new": "New", "time": "At", "close_date": {"field": "CloseDate"}, "other_fields": "skip"},
        {"name": "members", "kind": "touches", "file": "members.csv", "record": "LeadId",
         "time": "At", "campaign": "CampaignId", "channel": "Channel", "cost": "Cost"},
        {"name": "campaigns", "kind": "campaigns", "file": "campaigns.csv", "id": "Id",
         "campaign_name": "Name", "type": "Type", "cost": "Cost", "start": "Start"},
    ],
}


def write(tmp_path: Path) -> mf.Mapping:
    files = {
        "leads.csv": "Id,Opp,Created\nL1,O1,2024-01-01\nL2,,2024-01-02\n",
        "opps.csv": "OppId,Stage,At,Close\nO1,opportunity,2024-01-05,2024-03-01\nO9,opportunity,2024-01-06,\n",
        "won.csv": "Id,At,Value\nO1,2024-02-20,1500\n",
        "hist.csv": "OppId,Field,New,At\nO1,CloseDate,2024-02-28,2024-01-10\nO1,Owner,bob,2024-01-11\n",
        "members.csv": "LeadId,At,CampaignId,Channel,Cost\nL1,2024-01-01,C1,webinar,2.5\nL2,2024-01-02,,web,\n",
        "campaigns.csv": "Id,Name,Type,Cost,Start\nC1,Spring,Webinar,1000,2023-12-01\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return mf.Mapping.from_json(json.dumps(MAPPING), tmp_path)


def test_sources_links_history_and_skips(tmp_path: Path) -> None:
    data, report = mf.load(write(tmp_path))
    events = data.events()
    l1 = events[events["record_id"] == "L1"]
    assert l1["stage"].tolist() == ["lead", "opportunity", "closed_won"]
    assert l1["amount"].tolist()[-1] == 1500.0
    closes = data.close_dates()[l1.index]
    assert closes.tolist()[1] == pd.Timestamp("2024-03-01", tz="UTC")
    assert closes.tolist()[2] == pd.Timestamp("2024-02-28", tz="UTC")  # pushed in, by the history
    assert report.files["skipped"].tolist() == [0, 1, 0, 1, 0, 0]
    assert report.rejected_count == 0
    assert list(report.findings.columns) == ["rule", "count", "examples", "message"]


def test_touches_and_campaigns(tmp_path: Path) -> None:
    data, _ = mf.load(write(tmp_path))
    touches = data.touches()
    assert touches["record_id"].tolist() == ["L1", "L2"]
    assert touches["campaign"].tolist() == ["C1", None]
    assert touches["channel"].tolist() == ["webinar", "web"]
    assert touches["cost"].tolist()[0] == 2.5
    assert pd.isna(touches["cost"].tolist()[1])
    campaigns = data.campaigns()
    assert campaigns["id"].tolist() == ["C1"]
    assert campaigns["name"].tolist() == ["Spring"]
    assert campaigns["cost"].tolist() == [1000.0]
    assert campaigns["start"].tolist() == [pd.Timestamp("2023-12-01", tz="UTC")]


def test_new_keys_are_checked(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(MAPPING))
    bad["tables"][1]["unknown_records"] = "drop"
    with pytest.raises(mf.DataError, match=r"\$\.tables\[1\]\.unknown_records"):
        mf.Mapping.from_json(json.dumps(bad), tmp_path)


def test_an_ambiguous_link_is_a_located_row_error(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "leads.csv").write_text("Id,Opp,Created\nL1,O1,2024-01-01\nL2,O1,2024-01-02\n")
    with pytest.raises(mf.DataError, match=r"opps\.csv:2:1: field 'OppId': ref\.ambiguous_link"):
        mf.load(mf.Mapping.from_json(json.dumps(MAPPING), tmp_path))


@pytest.mark.parametrize("layout", ["salesforce", "hubspot"])
def test_layouts_give_the_canonical_report(tmp_path: Path, layout: str) -> None:
    mf.generate_csv(tmp_path / "canonical", leads=1500, seed=3)
    mf.generate_csv(tmp_path / layout, leads=1500, seed=3, layout=layout)
    canonical, _ = mf.load_csv(tmp_path / "canonical")
    shaped, report = mf.load(tmp_path / layout / "mapping.json")
    assert report.rejected_count == 0
    assert len(shaped.touches()) == len(canonical)
    graph = mf.StageGraph.the_model()
    assert mf.funnel_report(shaped, graph).to_json() == mf.funnel_report(canonical, graph).to_json()
