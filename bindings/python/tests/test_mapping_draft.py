"""draft_mapping() and draft_mapping_guesses(): the canonical data drafted
and loaded as-is, the guesses as DataFrames, and the errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import modelfunnel as mf


def test_canonical_draft_loads(tmp_path: Path) -> None:
    mf.generate_csv(tmp_path, leads=500, seed=3)
    files = [tmp_path / "leads.csv", tmp_path / "events.csv"]
    text = mf.draft_mapping(files, base_dir=tmp_path)
    assert '"kind": "records"' in text
    assert '"record": "lead_id"' in text
    (tmp_path / "draft.json").write_text(text)
    drafted = mf.load(mf.Mapping.load(tmp_path / "draft.json"))
    canonical = mf.load_csv(tmp_path)
    assert len(drafted.data) == len(canonical.data) == 500


@pytest.mark.parametrize("layout", ["salesforce", "hubspot"])
def test_crm_export_draft_reads_what_the_generators_mapping_reads(tmp_path: Path, layout: str) -> None:
    # Several sources of events, linked lead/opportunity ids, field history,
    # touches and campaigns: drafted from the files alone.
    mf.generate_csv(tmp_path, leads=300, seed=5, layout=layout)
    files = sorted(tmp_path.glob("*.csv"))
    d = mf.draft_mapping_guesses(files, base_dir=tmp_path, max_rows=100_000)
    kinds = dict(zip(d.files["table"], d.files["kind"]))
    if layout == "salesforce":
        assert kinds["Lead"] == "records"
        assert kinds["LeadHistory"] == kinds["OpportunityFieldHistory"] == "history"
        assert kinds["CampaignMember"] == "touches"
        link = d.columns[(d.columns["table"] == "Lead") & (d.columns["column"] == "ConvertedOpportunityId")]
        assert list(link["role"]) == ["link"]
    else:
        assert kinds["contacts"] == "records" and kinds["deals"] == "wide"
    (tmp_path / "draft.json").write_text(d.text)
    drafted = mf.load(mf.Mapping.load(tmp_path / "draft.json"))
    expected = mf.load(mf.Mapping.load(tmp_path / "mapping.json"))
    assert len(drafted.data) == len(expected.data) == 300
    assert drafted.data.event_count == expected.data.event_count
    assert len(drafted.data.touches()) == len(expected.data.touches())


def test_guesses(tmp_path: Path) -> None:
    (tmp_path / "history.csv").write_text(
        "deal_id,stage,changed\nD1,lead,03/04/2024 10:00\nD1,mql,05/06/2024 11:30\n")
    (tmp_path / "empty.csv").write_text("")
    d = mf.draft_mapping_guesses([tmp_path / "history.csv", tmp_path / "empty.csv"], max_rows=10)
    assert list(d.files["kind"]) == ["events", "none"]
    assert "empty file" in d.files["notes"][1][0]
    changed = d.columns.set_index("column").loc["changed"]
    assert changed["role"] == "time"
    assert changed["format"] == "%m/%d/%Y %H:%M"
    assert changed["also_reads"] == ["%d/%m/%Y %H:%M"]
    assert "AMBIGUOUS" in changed["why"]
    assert d.text.startswith("// A mapping drafted")


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(mf.NotFoundError):
        mf.draft_mapping(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(mf.DataError, match="empty file"):
        mf.draft_mapping(tmp_path / "empty.csv")
    with pytest.raises(mf.DataError):
        mf.draft_mapping([])
    with pytest.raises(mf.DataError, match="max_rows"):
        mf.draft_mapping(tmp_path / "empty.csv", max_rows=0)
