"""The team dashboard: one self-contained HTML page (docs/dashboard.md) that
a notebook shows inline and that opens from disk, offline, on a phone."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Union

from . import _core
from ._dataset import DataSet
from ._errors import DataError
from ._funnel import _integer, _pairs, _text, _texts, _time
from ._graph import StageGraph
from ._qualify import QualifyRules
from ._reengage import _policy
from ._threads import threads_arg
from ._tiering import _csv, _model

__all__ = ["Dashboard", "dashboard"]

Period = Literal["week", "month"]


class Dashboard:
    """A rendered dashboard page; immutable. Made by :func:`dashboard`.

    In a notebook the object shows itself (``_repr_html_``); :meth:`to_html`
    gives the page as text and :meth:`save` writes it to a file.
    """

    __slots__ = ("_html",)

    def __init__(self, html: str) -> None:
        self._html = html

    def to_html(self) -> str:
        """The whole page: one HTML document with its CSS, SVG and script inline."""
        return self._html

    def _repr_html_(self) -> str:
        return self._html

    def save(self, path: Union[str, os.PathLike]) -> None:
        """Writes the page to ``path`` (UTF-8)."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self._html)

    def __repr__(self) -> str:
        return f"<modelfunnel.Dashboard: {len(self._html):,} bytes of HTML>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dashboard) and other._html == self._html

    __hash__ = None  # type: ignore[assignment]


def dashboard(data: DataSet, graph: Optional[StageGraph] = None, *,
              by: Union[str, Iterable[str]] = (), start: Any = None, end: Any = None,
              period: Period = "month", as_of: Any = None, title: str = "Team dashboard",
              team_by: Optional[str] = None, team_map: Optional[Mapping[str, str]] = None,
              team_default: Optional[str] = None, rules: Optional[QualifyRules] = None,
              min_sample: int = 30, threads: Optional[int] = None,
              policy: Any = None, reengage_as_of: Any = None,
              accounts: Any = None, fit_model: Any = None,
              target: Optional[float] = None, plan_period: Optional[str] = None,
              contacts: Any = None, activities: Any = None,
              owner_by: Optional[str] = None) -> Dashboard:
    """The team dashboard of ``data`` against ``graph`` (The Model's graph
    when None), computed without holding the GIL.

    ``by``: attributes to break the funnel down by, one table each (default:
    those of channel, campaign, segment, owner the data has). ``start``,
    ``end``: the period shown, records whose funnel entry is in [start, end);
    with both, the KPI cards compare it with the period of the same length
    before. ``period``: trends by ``"week"`` or ``"month"``. ``as_of``: "now"
    for aging and censoring. ``team_by``, ``team_map``, ``team_default``: which
    team works a stage owned by several (as in :func:`funnel_report`).
    ``rules``: qualification rules, for the qualification section.
    ``min_sample``: smaller denominators are flagged. ``threads``: how many
    threads the engines may use (None or 0: as many as the hardware has).

    Sections drawn only when their inputs are given:

    - ``policy`` (a re-engagement policy: path, JSON text or dict): the top
      of the re-engagement queue due at ``reengage_as_of`` (default
      ``as_of``, else the latest event) and the lost records by reason.
    - ``accounts`` (a CSV path or a DataFrame) with ``fit_model`` (a path,
      JSON text or dict): the tier split against the target shares, the
      cut-off margins and the uncertain accounts. With ``contacts``
      (account_id, contact_id, role; a CSV path or a DataFrame) and
      ``activities`` (contact_id, time, channel, campaign) also the coverage
      gaps against each tier's play, as :func:`tier` finds them: by rule,
      per rep (the accounts column ``owner_by``, default the fit model's
      owner) and the worst accounts; cadences are judged on ``as_of``'s day
      (default: the latest touch's).
    - ``target`` (revenue) with ``plan_period`` (``"2025-Q3"``, ``"2025-07"``,
      ``"2025"``, ``"2025-W27"`` or ``"FROM..TO"``): the plan's required
      records per stage against those that entered each stage in the period
      so far, and the open pipeline's forecast for the period.

    Every bad keyword raises DataError naming it.
    """
    if not isinstance(data, DataSet):
        raise DataError(f"data: expected a DataSet, not {type(data).__name__}")
    if graph is None:
        graph = StageGraph.the_model()
    elif not isinstance(graph, StageGraph):
        raise DataError(f"graph: expected a StageGraph, not {type(graph).__name__}")
    if rules is not None and not isinstance(rules, QualifyRules):
        raise DataError(f"rules: expected QualifyRules, not {type(rules).__name__}")
    if team_by is None and (team_map is not None or team_default is not None):
        raise DataError("team_map, team_default: need team_by")
    if reengage_as_of is not None and policy is None:
        raise DataError("reengage_as_of: needs policy")
    if (accounts is None) != (fit_model is None):
        raise DataError("accounts, fit_model: give both (the tier split needs both) or neither")
    if contacts is not None and accounts is None:
        raise DataError("contacts: need accounts and fit_model (the gaps are the tiered accounts')")
    if contacts is None and (activities is not None or owner_by is not None):
        raise DataError("activities, owner_by: need contacts")
    if (target is None) != (plan_period is None):
        raise DataError("target, plan_period: give both (the revenue plan needs both) or neither")
    if target is not None and (isinstance(target, bool) or not isinstance(target, (int, float))
                               or not target > 0 or target == float("inf")):
        raise DataError(f"target: expected a revenue > 0, not {target!r}")
    team_pairs = [(_text("team_map key", k), _text("team_map value", v))
                  for k, v in _pairs("team_map", team_map or {})]
    html = _core.dashboard_html(
        data._data, graph._graph, by=_texts("by", by), start_us=_time("start", start),
        end_us=_time("end", end), period=_text("period", period), as_of_us=_time("as_of", as_of),
        title=_text("title", title), team_by=None if team_by is None else _text("team_by", team_by),
        team_map=team_pairs,
        team_default="" if team_default is None else _text("team_default", team_default),
        rules=None if rules is None else rules._rules,
        min_sample=_integer("min_sample", min_sample, minimum=0), threads=threads_arg(threads),
        policy=None if policy is None else _policy(policy),
        reengage_as_of_us=_time("reengage_as_of", reengage_as_of),
        accounts=_csv("accounts", accounts), fit_model=None if fit_model is None else _model(fit_model),
        target=None if target is None else float(target),
        plan_period=None if plan_period is None else _text("plan_period", plan_period),
        contacts=_csv("contacts", contacts), activities=_csv("activities", activities),
        owner_by="" if owner_by is None else _text("owner_by", owner_by))
    return Dashboard(html)
