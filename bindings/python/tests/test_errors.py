"""Errors from C++ arrive as modelfunnel.Error subclasses carrying exactly
the C++ status message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import modelfunnel as mf


def test_hierarchy() -> None:
    assert issubclass(mf.Error, Exception)
    for cls in (mf.DataError, mf.NotFoundError, mf.AlreadyExistsError, mf.OutOfRangeError):
        assert issubclass(cls, mf.Error)
    assert issubclass(mf.NotFoundError, LookupError)
    assert issubclass(mf.OutOfRangeError, IndexError)
    assert issubclass(mf.DataError, ValueError)


def test_bad_graph_json_is_data_error_with_json_path() -> None:
    text = json.dumps({"version": 1, "stages": [{"id": "a", "name": "A", "teams": ["x"],
                                                  "kind": "sideways"}], "transitions": []})
    with pytest.raises(mf.DataError) as e:
        mf.StageGraph.from_json(text)
    # Exactly the C++ message: no Python-side prefix or decoration.
    assert str(e.value) == ('$.stages[0].kind: unknown value "sideways"; '
                            'expected one of open, won, lost, nurture')


def test_json_syntax_error_names_line_and_column() -> None:
    with pytest.raises(mf.DataError, match="line 2"):
        mf.StageGraph.from_json('{"version": 1,\n  "stages": [,]}')


def test_bad_mapping_json_path(tmp_path: Path) -> None:
    mapping = {"version": 1, "tables": [{"name": "e", "kind": "events", "file": "e.csv",
                                          "record": "id", "stage": "s",
                                          "time": {"column": "t", "format": "%Q"}}]}
    with pytest.raises(mf.DataError) as e:
        mf.Mapping.from_json(json.dumps(mapping), base_dir=tmp_path)
    assert "$.tables[0].time.format" in str(e.value)
    assert "%Q" in str(e.value)


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(mf.NotFoundError) as e:
        mf.StageGraph.load(missing)
    assert str(missing) in str(e.value)
    with pytest.raises(mf.NotFoundError):
        mf.Mapping.load(missing)
    with pytest.raises(mf.NotFoundError):
        mf.load_csv(tmp_path)


def test_already_exists() -> None:
    b = mf.DataSetBuilder()
    b.add_attribute("channel", "string")
    with pytest.raises(mf.AlreadyExistsError, match="channel"):
        b.add_attribute("channel", "int64")


def test_validation_lists_every_problem() -> None:
    with pytest.raises(mf.DataError) as e:
        mf.StageGraph([mf.Stage("a", "A", []), mf.Stage("a", "A", ["x"])], [mf.Transition("a", "zz")])
    lines = str(e.value).splitlines()
    assert len(lines) == 3
    assert 'stage "a" has no team' in lines
    assert any("zz" in line for line in lines)


def test_out_of_range() -> None:
    b = mf.DataSetBuilder()
    stage = b.stage("lead")
    with pytest.raises(mf.OutOfRangeError):
        b.add_event(5, stage)


def test_strict_csv_error_names_file_line_column(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("id,stage,ts\nA,lead,2024-01-01\nB,lead,2024-02-30\n")
    mapping = {"version": 1, "tables": [{"name": "events", "kind": "events", "file": "events.csv",
                                          "record": "id", "stage": "stage", "time": "ts"}]}
    m = mf.Mapping.from_json(json.dumps(mapping), base_dir=tmp_path)
    with pytest.raises(mf.DataError) as e:
        mf.load(m)
    assert str(e.value).startswith(f"{events}:3:3: ")
    assert "ts" in str(e.value)


def test_python_errors_stay_python() -> None:
    with pytest.raises(TypeError):
        mf.StageGraph(stages=[mf.Stage("a", "A", "marketing")])
    with pytest.raises(ValueError):
        mf.Stage("a", "A", ["x"], kind="sideways")
