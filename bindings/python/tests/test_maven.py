"""The Maven CRM export (../shared/data/maven-crm) through its mapping."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import modelfunnel as mf


def test_maven_counts(repo: Path, maven_mapping: Path) -> None:
    data, report = mf.load(maven_mapping)
    assert len(data) == 8_800
    assert report.rejected_count == 0
    graph = mf.StageGraph.load(repo / "examples" / "maven-crm" / "stages.json")
    assert mf.Mapping.load(maven_mapping).graph_file == repo / "examples" / "maven-crm" / "stages.json"
    current = mf.summarize(data, graph).stages.set_index("stage")["current"]
    assert current.to_dict() == {"prospecting": 500, "engaging": 1_589, "closed_won": 4_238,
                                 "closed_lost": 2_473}
    assert data.records()["sales_agent"].dtype == "category"


def test_funnel_counts_example(repo: Path, maven_mapping: Path) -> None:
    script = repo / "examples" / "python" / "funnel_counts.py"
    out = subprocess.run([sys.executable, str(script)], check=True, capture_output=True,
                         text=True).stdout
    assert "closed_won" in out and "4238" in out and "8800" in out
