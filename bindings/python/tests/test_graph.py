"""StageGraph, Stage, Transition and their enums."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

import modelfunnel as mf
from modelfunnel import ForecastCategory, Stage, StageGraph, StageKind, Transition, TransitionKind


def small_graph() -> StageGraph:
    return StageGraph(
        stages=[
            Stage("lead", "Lead", ["marketing"]),
            Stage("sql", "SQL", ["sdr", "bdr"]),
            Stage("won", "Won", ["field_sales"], kind="won", probability=1.0,
                  forecast_category="closed"),
            Stage("lost", "Lost", ["field_sales"], kind=StageKind.LOST),
        ],
        transitions=[
            Transition("lead", "sql"),
            Transition("sql", "won"),
            Transition("sql", "lost", kind="lost"),
            Transition("lost", "sql", kind=TransitionKind.RECYCLE),
        ])


def test_the_model() -> None:
    g = StageGraph.the_model()
    assert g.main_path == ["lead", "mql", "sql", "opportunity", "proposal", "negotiation",
                           "closed_won"]
    assert g.entry_stage == "lead"
    assert g.teams == ["marketing", "sdr", "bdr", "field_sales"]
    assert g.teams_of("sql") == ["sdr", "bdr"]
    assert g.teams_of("no_such_stage") == []
    assert g.find_stage("no_such_stage") is None
    won = g.find_stage("closed_won")
    assert won is not None and won.kind is StageKind.WON
    assert won.forecast_category is ForecastCategory.CLOSED
    assert "nurture" not in g.main_path
    assert Transition("mql", "sql", TransitionKind.ADVANCE) in g.handoffs


def test_small_graph_queries() -> None:
    g = small_graph()
    assert [s.id for s in g.stages] == ["lead", "sql", "won", "lost"]
    assert g.transitions[2] == Transition("sql", "lost", TransitionKind.LOST)
    assert g.main_path == ["lead", "sql", "won"]
    assert g.entry_stage == "lead"
    assert g.teams == ["marketing", "sdr", "bdr", "field_sales"]
    assert g.handoffs == [Transition("lead", "sql"), Transition("sql", "won"),
                          Transition("lost", "sql", TransitionKind.RECYCLE)]
    assert g.stages_reaching_won == ["lead", "sql", "won", "lost"]
    assert g.find_stage("won") == Stage("won", "Won", ("field_sales",), StageKind.WON, 1.0,
                                        ForecastCategory.CLOSED)


def test_enums_are_str_valued() -> None:
    assert StageKind.WON == "won"
    assert StageKind("nurture") is StageKind.NURTURE
    assert ForecastCategory.BEST_CASE.value == "best_case"
    assert [k.value for k in TransitionKind] == ["advance", "nurture", "recycle", "lost", "reopen"]


def test_stage_and_transition_are_values() -> None:
    s = Stage("a", "A", ["x", "y"], kind="won")
    assert s.teams == ("x", "y") and s.kind is StageKind.WON
    assert s == Stage("a", "A", ("x", "y"), StageKind.WON)
    assert hash(s) == hash(Stage("a", "A", ("x", "y"), StageKind.WON))
    assert pickle.loads(pickle.dumps(s)) == s
    t = Transition("a", "b", "reopen")
    assert pickle.loads(pickle.dumps(t)) == t
    assert repr(t) == "Transition(from_='a', to='b', kind=<TransitionKind.REOPEN: 'reopen'>)"
    with pytest.raises(Exception):
        s.id = "b"  # type: ignore[misc]


def test_json_round_trip_and_equality(tmp_path: Path) -> None:
    g = small_graph()
    again = StageGraph.from_json(g.to_json())
    assert again == g and hash(again) == hash(g)
    assert g != StageGraph.the_model()
    path = tmp_path / "g.json"
    path.write_text(g.to_json())
    assert StageGraph.load(path) == g
    assert StageGraph.load(str(path)) == g
    assert pickle.loads(pickle.dumps(g)) == g


def test_to_dot() -> None:
    dot = small_graph().to_dot()
    assert dot.startswith("digraph")
    assert '"sql"[label="SQL\\n(sdr, bdr)"]' in dot
    assert dot.count("->") == 4
    assert '"lead"->"sql"' in dot


def test_to_frame() -> None:
    f = small_graph().to_frame()
    assert list(f.columns) == ["id", "name", "teams", "kind", "probability", "forecast_category"]
    assert f["id"].tolist() == ["lead", "sql", "won", "lost"]
    assert f["teams"].tolist() == [["marketing"], ["sdr", "bdr"], ["field_sales"], ["field_sales"]]
    assert f["kind"].tolist() == ["open", "open", "won", "lost"]
    assert f["probability"].isna().tolist() == [True, True, False, True]
    assert f.loc[2, "probability"] == 1.0
    assert f["forecast_category"].tolist() == [None, None, "closed", None]


def test_repr() -> None:
    assert repr(small_graph()) == "StageGraph(4 stages, 4 transitions, main_path=lead > sql > won)"


def test_maven_graph(repo: Path) -> None:
    g = StageGraph.load(repo / "examples" / "maven-crm" / "stages.json")
    assert g.main_path == ["prospecting", "engaging", "closed_won"]
    assert isinstance(g.to_frame(), pd.DataFrame)
    assert mf.StageGraph.from_json(g.to_json()) == g
