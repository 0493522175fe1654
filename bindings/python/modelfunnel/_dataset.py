"""DataSet: records, their typed attributes and stage events; and the ways
to build one from Python."""

from __future__ import annotations

import datetime as _dt
import enum
import math
from decimal import Decimal
from typing import Any, Hashable, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _frames
from ._errors import NotFoundError

__all__ = ["AttributeType", "DataSet", "DataSetBuilder"]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


class AttributeType(str, enum.Enum):
    """The type of an attribute column."""

    STRING = "string"
    INT64 = "int64"
    DOUBLE = "double"
    BOOL = "bool"
    TIMESTAMP = "timestamp"


class DataSet:
    """An immutable set of records, attributes and stage events.

    Load one with :func:`modelfunnel.load`, generate one with
    :func:`modelfunnel.generate`, or build one with :meth:`from_frames` or
    :class:`DataSetBuilder`. Events are ordered by record, then time.
    """

    __slots__ = ("_data",)

    def __init__(self) -> None:
        """An empty data set."""
        self._data = _core.DataSet()

    @classmethod
    def _wrap(cls, data: _core.DataSet) -> "DataSet":
        self = cls.__new__(cls)
        self._data = data
        return self

    @classmethod
    def from_frames(cls, records: Optional[pd.DataFrame], events: pd.DataFrame, *,
                    record: Hashable = "record_id", stage: Hashable = "stage",
                    time: Optional[Hashable] = "time", amount: Optional[Hashable] = None,
                    reason: Optional[Hashable] = None,
                    actor: Optional[Hashable] = None) -> "DataSet":
        """Builds a data set from pandas frames.

        ``records``: one row per record, its id in column ``record`` (or the
        index, as :meth:`records` returns it); every other column becomes an
        attribute typed by its dtype (text/category → string, int → int64,
        float → double, bool → bool, datetime → timestamp; NaN/None/NaT are
        missing values). ``events``: one row per stage event; record ids must
        be in ``records`` (DataError naming the row otherwise) unless
        ``records`` is None, in which case records are created in order of
        first appearance. Naive times are UTC; amounts are rounded to four
        decimals. ``time``, ``amount``, ``reason``, ``actor`` name optional
        columns (None: not recorded).
        """
        return cls._wrap(_frames.build_dataset(
            records, events, record=record, stage=stage, time=time, amount=amount,
            reason=reason, actor=actor))

    @property
    def record_count(self) -> int:
        """Number of records."""
        return self._data.record_count()

    def __len__(self) -> int:
        return self._data.record_count()

    @property
    def event_count(self) -> int:
        """Number of stage events."""
        return self._data.event_count()

    @property
    def record_ids(self) -> list[str]:
        """Record ids, in record order."""
        return self._data.record_ids()

    def find_record(self, id: str) -> Optional[int]:
        """The index of the record with id ``id``, or None."""
        return self._data.find_record(id)

    @property
    def stage_names(self) -> list[str]:
        """Every stage name the events use."""
        return self._data.stage_names()

    @property
    def attributes(self) -> dict[str, AttributeType]:
        """Attribute columns in declaration order: name → type."""
        return {name: AttributeType(kind) for name, kind in self._data.attributes()}

    def events(self, *, amount_scaled: bool = False) -> pd.DataFrame:
        """The events, one row each: record_id and stage (categorical), time
        (datetime64[ns, UTC], NaT when missing), amount (float64, NaN when
        missing), reason and actor (categorical, NaN when missing). With
        ``amount_scaled``, also the exact amount in ten-thousandths (Int64)."""
        return _frames.events_frame(self._data, amount_scaled)

    def close_dates(self) -> pd.Series:
        """Each event's expected close date (datetime64[ns, UTC], NaT when
        not recorded), in the order of :meth:`events`; the revenue plan reads
        pushed and pulled deals from it."""
        return _frames.close_dates(self._data)

    def touches(self) -> pd.DataFrame:
        """The marketing touches kept beside the events (a ``touches`` table
        of the mapping), by record then time: record_id, time, campaign,
        channel, interaction, cost (float64, NaN when missing), utm_source,
        utm_medium, utm_campaign (None when missing)."""
        return _frames.touches_frame(self._data)

    def campaigns(self) -> pd.DataFrame:
        """The campaigns named by touches or read from a ``campaigns``
        table: id, name, type, cost, start (NaT / None / NaN when missing)."""
        return _frames.campaigns_frame(self._data)

    def records(self) -> pd.DataFrame:
        """The records, indexed by record id, one column per attribute:
        string → categorical, int64 → Int64, double → float64, bool →
        boolean, timestamp → datetime64[ns, UTC]; missing values are NA."""
        return _frames.records_frame(self._data)

    def __eq__(self, other: object) -> bool:
        """Same record ids in order, same attributes and values, same events."""
        if not isinstance(other, DataSet):
            return NotImplemented
        return self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple:
        return (_from_state, (self.records(), self.events()))

    def __repr__(self) -> str:
        attributes = ", ".join(f"{n}: {t.value}" for n, t in self.attributes.items())
        return (f"DataSet(records={self.record_count}, events={self.event_count}, "
                f"attributes={{{attributes}}})")


def _from_state(records: pd.DataFrame, events: pd.DataFrame) -> DataSet:
    return DataSet.from_frames(records, events, amount="amount", reason="reason", actor="actor")


def _to_micros(value: Any) -> int:
    """UTC microseconds of a datetime, pandas/numpy timestamp, date or ISO
    text; naive values are UTC."""
    if isinstance(value, pd.Timestamp):
        return value.value // 1000
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return (value - _EPOCH) // _dt.timedelta(microseconds=1)
    if isinstance(value, _dt.date):
        return _to_micros(_dt.datetime(value.year, value.month, value.day))
    if isinstance(value, (np.datetime64, str)):
        return pd.Timestamp(value).value // 1000
    raise TypeError(f"expected a datetime, date, numpy.datetime64 or ISO text, not {type(value).__name__}")


def _to_scaled(value: Any) -> int:
    """Ten-thousandths of an amount: exact for int, Decimal and text;
    floats are rounded to four decimals."""
    if isinstance(value, bool):
        raise TypeError("an amount cannot be a bool")
    if isinstance(value, (int, np.integer)):
        return int(value) * 10_000
    if isinstance(value, (float, np.floating)):
        return round(float(value) * 10_000)
    if isinstance(value, (str, Decimal)):
        return _core.parse_amount(str(value))
    raise TypeError(f"expected a number, Decimal or text amount, not {type(value).__name__}")


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


class DataSetBuilder:
    """Builds a data set row by row. Records and stages may be named by id
    (created when new) or by the index :meth:`record` / :meth:`stage`
    returned.

    >>> b = DataSetBuilder()
    >>> b.add_attribute("channel", "string")
    0
    >>> b.set_attribute("L1", "channel", "web")
    >>> b.add_event("L1", "lead", "2024-01-01T00:00:00Z")
    >>> b.finish().record_ids
    ['L1']
    """

    def __init__(self) -> None:
        self._builder = _core.DataSetBuilder()
        self._types: list[AttributeType] = []
        self._names: dict[str, int] = {}

    def add_attribute(self, name: str, type: Union[AttributeType, str]) -> int:
        """Declares an attribute column; returns its index. AlreadyExistsError
        when the name is taken."""
        kind = AttributeType(type)
        index = self._builder.add_attribute(name, kind.value)
        self._types.append(kind)
        self._names[name] = index
        return index

    def record(self, id: str) -> int:
        """The index of record ``id``, added (all attributes missing) if new."""
        return self._builder.record(id)

    @property
    def record_count(self) -> int:
        """Number of records so far."""
        return self._builder.record_count()

    def stage(self, name: str) -> int:
        """The code of stage ``name``, added if new."""
        return self._builder.stage(name)

    def set_attribute(self, record: Union[int, str], attribute: Union[int, str], value: Any) -> None:
        """Sets one value; None, NaN, NA and NaT make it missing."""
        r = self.record(record) if isinstance(record, str) else record
        a = self._attribute_index(attribute)
        b = self._builder
        if _is_missing(value):
            b.set_missing(r, a)
            return
        kind = self._types[a] if 0 <= a < len(self._types) else None
        if kind is AttributeType.TIMESTAMP:
            b.set_timestamp(r, a, _to_micros(value))
        elif kind is AttributeType.INT64:
            b.set_int64(r, a, value)
        elif kind is AttributeType.DOUBLE:
            b.set_double(r, a, value)
        elif kind is AttributeType.BOOL:
            b.set_bool(r, a, value)
        else:  # strings, and bad indexes for the C++ side to report
            b.set_string(r, a, value)

    def _attribute_index(self, attribute: Union[int, str]) -> int:
        if not isinstance(attribute, str):
            return attribute
        if attribute not in self._names:
            raise NotFoundError(f"no attribute named '{attribute}'")
        return self._names[attribute]

    def add_event(self, record: Union[int, str], stage: Union[int, str], time: Any = None, *,
                  amount: Any = None, reason: Optional[str] = None,
                  actor: Optional[str] = None) -> None:
        """Adds a stage event; time, amount, reason and actor are optional."""
        self._builder.add_event(
            self.record(record) if isinstance(record, str) else record,
            self.stage(stage) if isinstance(stage, str) else stage,
            time_us=None if _is_missing(time) else _to_micros(time),
            amount_scaled=None if _is_missing(amount) else _to_scaled(amount),
            reason=reason, actor=actor)

    def finish(self) -> DataSet:
        """Sorts the events and freezes everything into a DataSet; the
        builder is left empty."""
        data = DataSet._wrap(self._builder.finish())
        self._types, self._names = [], {}
        return data

    def __repr__(self) -> str:
        return f"DataSetBuilder(records={self.record_count}, attributes={len(self._types)})"
