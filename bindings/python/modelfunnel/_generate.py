"""Deterministic synthetic funnel data for demos, tests and benchmarks."""

from __future__ import annotations

import os
from typing import Any, Callable, Optional, Union

from . import _core
from ._dataset import DataSet, _to_micros

__all__ = ["generate", "generate_csv"]


def _start(start: Any) -> int:
    return _core.DEFAULT_START_US if start is None else _to_micros(start)


def generate(leads: int = 10_000, seed: int = 42, *, start: Any = None,
             span_days: int = _core.DEFAULT_SPAN_DAYS,
             progress: Optional[Callable[[int, int], None]] = None) -> DataSet:
    """A synthetic data set in the canonical layout: ``leads`` leads created
    evenly over ``span_days`` days from ``start`` (default
    2024-01-01T00:00:00Z). The same arguments always give the same data.

    Every transition of The Model occurs: besides advancing and being lost,
    about 10% of leads are nurtured (stalled at mql or sql), 30% of those
    are recycled back to mql, and about 9% of lost deals re-open at
    opportunity (see ``include/modelfunnel/generate.hpp`` for the model)."""
    return DataSet._wrap(_core.generate_dataset(
        leads=leads, seed=seed, start_us=_start(start), span_days=span_days, progress=progress))


def generate_csv(dir: Union[str, os.PathLike], leads: int = 10_000, seed: int = 42, *,
                 start: Any = None, span_days: int = _core.DEFAULT_SPAN_DAYS,
                 progress: Optional[Callable[[int, int], None]] = None,
                 layout: str = "canonical", accounts: int = 0) -> None:
    """Writes the same data as :func:`generate` to ``dir``/leads.csv and
    ``dir``/events.csv, with the marketing touches in ``dir``/touches.csv and
    their campaigns in ``dir``/campaigns.csv (``dir`` is created if
    missing); read the funnel back with :func:`modelfunnel.load_csv`. ``layout="salesforce"`` or ``"hubspot"``
    writes the same funnel as that CRM exports it, with ``dir``/mapping.json
    to read it back with :func:`modelfunnel.load`.

    ``accounts=N`` (default 0: none) also writes N accounts for the tiering
    engine: ``dir``/accounts.csv (the Maven CRM layout), contacts.csv and
    activities.csv, for :func:`modelfunnel.tier` with contacts and
    activities (docs/tiering.md, "Plays and coverage"); the other files stay
    the same bytes."""
    _core.generate_csv(os.fspath(dir), leads=leads, seed=seed, start_us=_start(start),
                       span_days=span_days, progress=progress, layout=layout, accounts=accounts)
