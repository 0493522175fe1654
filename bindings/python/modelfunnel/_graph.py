"""The stage graph: a sales process as stages owned by teams, joined by
typed transitions."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from typing import Iterable, Optional, Union

import pandas as pd

from . import _core

__all__ = ["StageKind", "ForecastCategory", "TransitionKind", "Stage", "Transition", "StageGraph"]


class StageKind(str, enum.Enum):
    """What reaching a stage means for a record."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"
    NURTURE = "nurture"


class ForecastCategory(str, enum.Enum):
    """Forecast category of a stage, as CRM forecasts group them."""

    PIPELINE = "pipeline"
    BEST_CASE = "best_case"
    COMMIT = "commit"
    CLOSED = "closed"
    OMITTED = "omitted"


class TransitionKind(str, enum.Enum):
    """What kind of move a transition is."""

    ADVANCE = "advance"
    NURTURE = "nurture"
    RECYCLE = "recycle"
    LOST = "lost"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Stage:
    """One stage of the process. Enum fields also accept their text names
    (``kind="won"``); ``teams`` is stored as a tuple."""

    id: str
    name: str
    teams: tuple[str, ...]
    kind: StageKind = StageKind.OPEN
    probability: Optional[float] = None
    forecast_category: Optional[ForecastCategory] = None

    def __post_init__(self) -> None:
        if isinstance(self.teams, str):
            raise TypeError("teams must be a sequence of team ids, not a str")
        object.__setattr__(self, "teams", tuple(self.teams))
        object.__setattr__(self, "kind", StageKind(self.kind))
        if self.forecast_category is not None:
            object.__setattr__(self, "forecast_category", ForecastCategory(self.forecast_category))

    def _to_core(self) -> tuple:
        category = None if self.forecast_category is None else self.forecast_category.value
        return (self.id, self.name, list(self.teams), self.kind.value, self.probability, category)

    @classmethod
    def _from_core(cls, t: tuple) -> "Stage":
        return cls(id=t[0], name=t[1], teams=tuple(t[2]), kind=StageKind(t[3]),
                   probability=t[4], forecast_category=t[5])


@dataclass(frozen=True)
class Transition:
    """A permitted move between two stages (``from_`` because ``from`` is a
    Python keyword)."""

    from_: str
    to: str
    kind: TransitionKind = TransitionKind.ADVANCE

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", TransitionKind(self.kind))

    def _to_core(self) -> tuple:
        return (self.from_, self.to, self.kind.value)

    @classmethod
    def _from_core(cls, t: tuple) -> "Transition":
        return cls(from_=t[0], to=t[1], kind=TransitionKind(t[2]))


class StageGraph:
    """A validated, immutable stage graph.

    >>> g = StageGraph.the_model()
    >>> g.main_path[:3]
    ['lead', 'mql', 'sql']
    """

    __slots__ = ("_graph",)

    def __init__(self, stages: Iterable[Stage], transitions: Iterable[Transition] = ()) -> None:
        """Builds and validates a graph; raises DataError listing every problem."""
        self._graph = _core.StageGraph.create(
            stages=[s._to_core() for s in stages],
            transitions=[t._to_core() for t in transitions])

    @classmethod
    def _wrap(cls, graph: _core.StageGraph) -> "StageGraph":
        self = cls.__new__(cls)
        self._graph = graph
        return self

    @classmethod
    def the_model(cls) -> "StageGraph":
        """The Model's own process (lead → mql → sql → opportunity → … → closed_won)."""
        return cls._wrap(_core.StageGraph.the_model())

    @classmethod
    def from_json(cls, text: str) -> "StageGraph":
        """Parses and validates the JSON form (docs/stage-graph.md)."""
        return cls._wrap(_core.StageGraph.from_json(text))

    @classmethod
    def load(cls, path: Union[str, os.PathLike]) -> "StageGraph":
        """Reads a JSON stage-graph file; errors start with the path."""
        return cls._wrap(_core.StageGraph.load_json_file(os.fspath(path)))

    def to_json(self) -> str:
        """The JSON form; ``StageGraph.from_json(g.to_json()) == g``."""
        return self._graph.to_json()

    def to_dot(self) -> str:
        """Graphviz DOT text, stages clustered by team, edges styled by kind."""
        return self._graph.to_dot()

    @property
    def stages(self) -> list[Stage]:
        """All stages, in the order they were given."""
        return [Stage._from_core(t) for t in self._graph.stages()]

    @property
    def transitions(self) -> list[Transition]:
        """All transitions, in the order they were given."""
        return [Transition._from_core(t) for t in self._graph.transitions()]

    @property
    def main_path(self) -> list[str]:
        """Stage ids reachable from the entry stage by advance edges, in order."""
        return self._graph.main_path()

    @property
    def entry_stage(self) -> str:
        """The one stage no advance, nurture or lost edge leads into."""
        return self._graph.entry_stage()

    @property
    def teams(self) -> list[str]:
        """Every team id named by some stage, in order of first appearance."""
        return self._graph.teams()

    def teams_of(self, id: str) -> list[str]:
        """The teams owning stage ``id``; empty when there is no such stage."""
        return self._graph.teams_of(id)

    @property
    def handoffs(self) -> list[Transition]:
        """Advance and recycle transitions between stages owned by different teams."""
        return [Transition._from_core(t) for t in self._graph.handoffs()]

    @property
    def stages_reaching_won(self) -> list[str]:
        """Stage ids from which a won stage is reachable (won stages included)."""
        return self._graph.stages_reaching_won()

    def find_stage(self, id: str) -> Optional[Stage]:
        """The stage with id ``id``, or None."""
        t = self._graph.find_stage(id)
        return None if t is None else Stage._from_core(t)

    def to_frame(self) -> pd.DataFrame:
        """The stages as a DataFrame: id, name, teams, kind, probability,
        forecast_category (enum columns hold their text names)."""
        rows = self._graph.stages()
        return pd.DataFrame(
            {
                "id": [r[0] for r in rows],
                "name": [r[1] for r in rows],
                "teams": [list(r[2]) for r in rows],
                "kind": [r[3] for r in rows],
                "probability": pd.array([r[4] for r in rows], dtype="Float64"),
                "forecast_category": [r[5] for r in rows],
            }
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StageGraph):
            return NotImplemented
        return self._graph == other._graph

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __reduce__(self) -> tuple:
        return (StageGraph.from_json, (self.to_json(),))

    def __repr__(self) -> str:
        return (f"StageGraph({len(self._graph.stages())} stages, "
                f"{len(self._graph.transitions())} transitions, "
                f"main_path={' > '.join(self.main_path)})")
