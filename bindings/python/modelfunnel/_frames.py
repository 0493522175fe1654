"""Conversions between pandas frames and the column dictionaries of _core.

Whole columns move as numpy arrays; only dictionaries (distinct record ids,
stage names, string values) become Python objects one by one.
"""

from __future__ import annotations

from typing import Any, Hashable, Optional

import numpy as np
import pandas as pd
from pandas.api import types as pdt

from . import _core
from ._errors import DataError

_UTC = pd.DatetimeTZDtype(tz="UTC")
_SCALE = 10_000
# |amount| above this cannot be held as ten-thousandths in an int64.
_MAX_AMOUNT = np.iinfo(np.int64).max // _SCALE


# --- DataSet -> pandas -----------------------------------------------------

def _datetimes(ns: np.ndarray) -> pd.api.extensions.ExtensionArray:
    return pd.arrays.DatetimeArray(ns.view("M8[ns]"), dtype=_UTC)


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))


def events_frame(data: _core.DataSet, amount_scaled: bool) -> pd.DataFrame:
    c = data.event_columns(scaled_amounts=amount_scaled)
    columns: dict[str, Any] = {
        "record_id": _categorical(c["record"], data.record_ids()),
        "stage": _categorical(c["stage"], data.stage_names()),
        "time": _datetimes(c["time"]),
        "amount": c["amount"],
        "reason": _categorical(c["reason"], c["reasons"]),
        "actor": _categorical(c["actor"], c["actors"]),
    }
    if amount_scaled:
        columns["amount_scaled"] = pd.arrays.IntegerArray(c["amount_scaled"], c["amount_missing"])
    return pd.DataFrame(columns)


def close_dates(data: _core.DataSet) -> pd.Series:
    c = data.event_columns()
    return pd.Series(_datetimes(c["close_date"]), name="close_date")


def touches_frame(data: _core.DataSet) -> pd.DataFrame:
    c = data.touch_columns()
    ids = data.record_ids()
    return pd.DataFrame({
        "record_id": [ids[r] for r in c["record"]],
        "time": _datetimes(c["time"]),
        "campaign": c["campaign"],
        "channel": c["channel"],
        "interaction": c["interaction"],
        "cost": c["cost"],
        "utm_source": c["utm_source"],
        "utm_medium": c["utm_medium"],
        "utm_campaign": c["utm_campaign"],
    })


def campaigns_frame(data: _core.DataSet) -> pd.DataFrame:
    rows = data.campaign_rows()
    frame = pd.DataFrame(rows, columns=["id", "name", "type", "cost", "start"])
    frame["cost"] = frame["cost"].astype("float64")
    frame["start"] = pd.to_datetime(frame["start"], unit="us", utc=True)
    return frame


def attribute_array(column: dict) -> Any:
    kind = column["type"]
    if kind == "string":
        return _categorical(column["codes"], column["dictionary"])
    if kind == "int64":
        return pd.arrays.IntegerArray(column["values"], column["missing"])
    if kind == "bool":
        return pd.arrays.BooleanArray(column["values"], column["missing"])
    if kind == "timestamp":
        return _datetimes(column["values"])
    return column["values"]


def records_frame(data: _core.DataSet) -> pd.DataFrame:
    index = pd.Index(data.record_ids(), dtype=object, name="record_id")
    columns = {name: attribute_array(data.attribute_column(i))
               for i, (name, _) in enumerate(data.attributes())}
    return pd.DataFrame(columns, index=index)


# --- pandas -> DataSet -----------------------------------------------------

def _texts(values: Any) -> list[str]:
    return [v if isinstance(v, str) else str(v) for v in values]


def _factorize(values: Any) -> tuple[np.ndarray, list[str]]:
    """Codes (int64, -1 for missing) and the distinct values as text."""
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64, copy=False), _texts(uniques)


def _column(frame: pd.DataFrame, name: Hashable, what: str) -> pd.Series:
    if name not in frame.columns:
        raise DataError(f"{what} has no column {name!r}")
    return frame[name]


def _first_missing(frame: pd.DataFrame, mask: np.ndarray, what: str, column: Hashable) -> None:
    if mask.any():
        row = frame.index[int(np.flatnonzero(mask)[0])]
        raise DataError(f"{what} row {row!r}: column {column!r} is missing")


def _micros(values: pd.Series, what: str) -> tuple[np.ndarray, np.ndarray]:
    """UTC microseconds and a missing mask; naive times are taken as UTC."""
    try:
        times = pd.to_datetime(values, utc=True)
    except (ValueError, TypeError, OverflowError) as e:
        raise DataError(f"{what}: {e}") from None
    missing = times.isna().to_numpy()
    ns = times.array.asi8  # UTC nanoseconds, without a Timestamp object per row
    return np.where(missing, 0, ns // 1000), missing


def _scaled_amounts(values: pd.Series, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Ten-thousandths (int64) and a missing mask. Numbers are rounded to four
    decimals; text and Decimal values are parsed exactly."""
    missing = values.isna().to_numpy()
    if pdt.is_integer_dtype(values.dtype) or pdt.is_float_dtype(values.dtype):
        v = values.to_numpy(dtype=np.float64, na_value=0.0)
        if not np.isfinite(v).all() or (np.abs(v) > _MAX_AMOUNT).any():
            raise DataError(f"{what}: amounts must be finite and at most {_MAX_AMOUNT} in size")
        if pdt.is_integer_dtype(values.dtype):
            return values.to_numpy(dtype=np.int64, na_value=0) * _SCALE, missing
        return np.round(v * _SCALE).astype(np.int64), missing
    scaled = np.zeros(len(values), dtype=np.int64)
    for i in np.flatnonzero(~missing):
        scaled[i] = _core.parse_amount(str(values.iat[i]))
    return scaled, missing


def _attribute(name: str, s: pd.Series) -> dict:
    """One records column as a _core attribute column, typed by its dtype."""
    what = f"records column {name!r}"
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return {"name": name, "type": "string", "codes": s.cat.codes.to_numpy(dtype=np.int64),
                "dictionary": _texts(dtype.categories)}
    if pdt.is_object_dtype(dtype):
        inferred = pdt.infer_dtype(s, skipna=True)
        if inferred == "boolean":
            s = s.astype("boolean")
        elif inferred == "integer":
            s = s.astype("Int64")
        elif inferred in ("floating", "mixed-integer-float", "decimal"):
            s = pd.to_numeric(s).astype(np.float64)
        elif inferred in ("datetime", "datetime64", "date"):
            s = pd.to_datetime(s, utc=True)
        dtype = s.dtype
    missing = s.isna().to_numpy()
    if pdt.is_bool_dtype(dtype):
        return {"name": name, "type": "bool", "missing": missing,
                "values": s.to_numpy(dtype=bool, na_value=False)}
    if pdt.is_integer_dtype(dtype):
        if pdt.is_unsigned_integer_dtype(dtype) and (s.dropna() > np.iinfo(np.int64).max).any():
            raise DataError(f"{what}: values above {np.iinfo(np.int64).max} do not fit int64")
        return {"name": name, "type": "int64", "missing": missing,
                "values": s.to_numpy(dtype=np.int64, na_value=0)}
    if pdt.is_float_dtype(dtype):
        return {"name": name, "type": "double", "values": s.to_numpy(dtype=np.float64, na_value=np.nan)}
    if pdt.is_datetime64_any_dtype(dtype):
        micros, missing = _micros(s, what)
        return {"name": name, "type": "timestamp", "values": micros, "missing": missing}
    if pdt.is_object_dtype(dtype) or pdt.is_string_dtype(dtype):
        codes, dictionary = _factorize(s)
        return {"name": name, "type": "string", "codes": codes, "dictionary": dictionary}
    raise DataError(f"{what} has dtype {dtype}, which maps to no attribute type")


def _records(records: pd.DataFrame, record: Hashable) -> tuple[list[str], list[dict]]:
    if record in records.columns:
        ids = records[record]
        attributes = records.drop(columns=[record])
    else:
        ids = records.index.to_series()
        attributes = records
    _first_missing(records, ids.isna().to_numpy(), "records", record)
    texts = _texts(ids)
    duplicated = pd.Index(texts).duplicated()
    if duplicated.any():
        i = int(np.flatnonzero(duplicated)[0])
        raise DataError(f"records row {records.index[i]!r}: duplicate record id {texts[i]!r}")
    return texts, [_attribute(str(c), attributes[c]) for c in attributes.columns]


def build_dataset(records: Optional[pd.DataFrame], events: pd.DataFrame, *, record: Hashable,
                  stage: Hashable, time: Optional[Hashable], amount: Optional[Hashable],
                  reason: Optional[Hashable], actor: Optional[Hashable]) -> _core.DataSet:
    """The _core.DataSet for DataSet.from_frames()."""
    codes, ids = _factorize(_column(events, record, "events"))
    _first_missing(events, codes < 0, "events", record)
    if records is None:
        record_ids, attributes = ids, []
        event_record = codes
    else:
        record_ids, attributes = _records(records, record)
        known = pd.Index(record_ids).get_indexer(ids)
        if (known < 0).any():
            unknown = int(np.flatnonzero(known < 0)[0])
            row = events.index[int(np.flatnonzero(codes == unknown)[0])]
            raise DataError(f"events row {row!r}: record id {ids[unknown]!r} is not in records")
        event_record = known[codes] if len(codes) else codes

    stage_codes, stages = _factorize(_column(events, stage, "events"))
    _first_missing(events, stage_codes < 0, "events", stage)
    columns: dict[str, Any] = {"record": event_record, "stage": stage_codes, "stages": stages}
    if time is None:
        columns["time"] = np.zeros(len(events), dtype=np.int64)
        columns["time_missing"] = np.ones(len(events), dtype=bool)
    else:
        columns["time"], columns["time_missing"] = _micros(
            _column(events, time, "events"), f"events column {time!r}")
    if amount is not None:
        columns["amount"], columns["amount_missing"] = _scaled_amounts(
            _column(events, amount, "events"), f"events column {amount!r}")
    if reason is not None:
        columns["reason"], columns["reasons"] = _factorize(_column(events, reason, "events"))
    if actor is not None:
        columns["actor"], columns["actors"] = _factorize(_column(events, actor, "events"))
    return _core.build_dataset(record_ids, attributes, columns)
