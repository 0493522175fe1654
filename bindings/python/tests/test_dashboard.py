"""dashboard(): the page as text, inline in a notebook, saved to a file;
figures equal to funnel_report()'s; hostile attribute values escaped; the
qualification section with rules; keyword errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import modelfunnel as mf


@pytest.fixture(scope="module")
def data() -> mf.DataSet:
    return mf.generate(leads=3000, seed=11)


def test_page_and_notebook(data: mf.DataSet, tmp_path: Path) -> None:
    d = mf.dashboard(data, by=["channel", "segment"], start="2024-07-01", end="2025-01-01",
                     threads=1)
    html = d.to_html()
    assert html.startswith("<!DOCTYPE html>")
    assert d._repr_html_() == html
    for section in ("kpis", "funnel", "trends", "breakdown", "loss-reasons", "stage-graph"):
        assert f'<section id="{section}"' in html
    assert 'data-by="segment"' in html
    out = tmp_path / "dash.html"
    d.save(out)
    assert out.read_text(encoding="utf-8") == html
    assert "bytes of HTML" in repr(d)
    assert d == mf.dashboard(data, by=["channel", "segment"], start="2024-07-01",
                             end="2025-01-01", threads=2)  # same bytes for any thread count


def test_numbers_equal_the_report(data: mf.DataSet) -> None:
    html = mf.dashboard(data, start="2024-07-01", end="2025-01-01").to_html()
    report = mf.funnel_report(data, start="2024-07-01", end="2025-01-01").to_dict()
    stages = report["groups"][0]["stages"]
    for s in stages:
        m = re.search(r'<tr data-stage="%s"[^>]*>.*?data-col="reached" data-value="(\d+)"' % s["stage"], html)
        assert m, s["stage"]
        assert int(m.group(1)) == s["reached"]


def test_hostile_values_are_text() -> None:
    b = mf.DataSetBuilder()
    b.add_attribute("channel", "string")
    b.set_attribute("L1", "channel", "<script>alert(1)</script>")
    b.add_event("L1", "lead", "2025-01-01")
    b.add_event("L1", "closed_lost", "2025-01-03", reason='"><img src=x onerror=alert(2)>')
    html = mf.dashboard(b.finish()).to_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<img" not in html


def test_qualification_section(data: mf.DataSet, repo: Path) -> None:
    rules = mf.QualifyRules.load(repo / "examples" / "qualify" / "bant.json", data)
    html = mf.dashboard(data, rules=rules, period="week").to_html()
    assert '<section id="qualification"' in html
    assert 'id="lift-table"' in html


def test_keyword_errors(data: mf.DataSet) -> None:
    with pytest.raises(mf.DataError, match="no attribute 'nope'"):
        mf.dashboard(data, by="nope")
    with pytest.raises(mf.DataError, match="period"):
        mf.dashboard(data, period="year")  # type: ignore[arg-type]
    with pytest.raises(mf.DataError, match="from must be before to"):
        mf.dashboard(data, start="2025-01-01", end="2024-01-01")
    with pytest.raises(mf.DataError, match="data: expected a DataSet"):
        mf.dashboard("data")  # type: ignore[arg-type]
    with pytest.raises(mf.DataError, match="rules"):
        mf.dashboard(data, rules="bant.json")  # type: ignore[arg-type]
