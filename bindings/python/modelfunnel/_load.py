"""Loading CRM exports (CSV) into a DataSet through a mapping."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal, NamedTuple, Optional, Union

import pandas as pd

from . import _core
from ._dataset import DataSet
from ._threads import threads_arg

__all__ = ["Mapping", "LoadReport", "LoadResult", "load", "load_csv"]

PathLike = Union[str, os.PathLike]
Progress = Callable[[int, int], None]
Policy = Literal["strict", "skip"]

_FILE_COLUMNS = ["table", "file", "bytes", "rows", "rejected", "unmatched_keys", "empty_keys",
                 "skipped"]
_FINDING_COLUMNS = ["rule", "count", "examples", "message"]
_REJECTED_COLUMNS = ["file", "line", "column", "field", "rule", "message"]


class Mapping:
    """A parsed, validated mapping from CSV files to a DataSet (schema in
    docs/mapping.md). Immutable; :meth:`with_file` returns a changed copy."""

    __slots__ = ("_mapping",)

    def __init__(self, mapping: _core.Mapping) -> None:
        self._mapping = mapping

    @classmethod
    def load(cls, path: PathLike) -> "Mapping":
        """Reads a mapping file; relative paths in it resolve against its folder."""
        return cls(_core.Mapping.load_file(os.fspath(path)))

    @classmethod
    def from_json(cls, text: str, base_dir: Optional[PathLike] = None) -> "Mapping":
        """Parses a mapping; relative paths resolve against ``base_dir``."""
        return cls(_core.Mapping.from_json(text, os.fspath(base_dir) if base_dir is not None else ""))

    @classmethod
    def canonical(cls, dir: PathLike) -> "Mapping":
        """The mapping of the canonical layout (leads.csv, events.csv) in
        ``dir``, as :func:`modelfunnel.generate_csv` writes it."""
        return cls(_core.Mapping.canonical(os.fspath(dir)))

    @property
    def tables(self) -> list[str]:
        """Table names in loading order."""
        return self._mapping.table_names()

    def file_of(self, table: str) -> Optional[Path]:
        """The file ``table`` reads from, or None when there is no such table."""
        return self._mapping.file_of(table)

    def with_file(self, table: str, path: PathLike) -> "Mapping":
        """A copy reading ``table`` from ``path``; NotFoundError for an unknown table."""
        return Mapping(self._mapping.with_file(table, os.fspath(path)))

    @property
    def graph_file(self) -> Optional[Path]:
        """The stage-graph file the mapping names, if any."""
        return self._mapping.graph_file()

    def to_json(self) -> str:
        """The mapping as JSON, paths as resolved."""
        return self._mapping.to_json()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __reduce__(self) -> tuple:
        return (Mapping.from_json, (self.to_json(),))

    def __repr__(self) -> str:
        return f"Mapping(tables={self.tables!r})"


@dataclass(frozen=True, eq=False)
class LoadReport:
    """What a load did: ``files`` (table, file, bytes, rows, rejected,
    unmatched_keys, empty_keys, skipped), ``rejected`` rows (file, line,
    column, field, rule, message) and data-quality ``findings`` (rule, count,
    examples, message: not errors), all DataFrames. ``skipped`` counts rows
    left out as the mapping asks (``"unknown_records": "skip"``,
    ``"other_fields": "skip"``)."""

    files: pd.DataFrame
    rejected: pd.DataFrame
    findings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=_FINDING_COLUMNS))

    @property
    def rejected_count(self) -> int:
        """Total rows left out."""
        return len(self.rejected)

    def __repr__(self) -> str:
        return f"LoadReport(files={len(self.files)}, rejected_count={self.rejected_count})"


class LoadResult(NamedTuple):
    """A data set and the report of how it was loaded."""

    data: DataSet
    report: LoadReport


def load(mapping: Union[Mapping, PathLike], policy: Policy = "strict",
         rejects_path: Optional[PathLike] = None,
         progress: Optional[Progress] = None, threads: Optional[int] = None) -> LoadResult:
    """Loads every table of ``mapping`` (a Mapping or the path of a mapping file).

    ``policy="strict"``: the first bad row raises DataError
    ``file:line:column: field 'f': rule: why``. ``policy="skip"``: bad rows
    are left out and listed in ``report.rejected`` (and written to
    ``rejects_path`` as CSV when given). ``progress(done_bytes, total_bytes)``
    is called now and then; an exception it raises is re-raised once the load
    has finished. Missing files raise NotFoundError whatever the policy.
    ``threads``: how many threads the load may use; None or 0 (the default):
    as many as the hardware has. 1 starts no thread; from 2 on the load runs
    as a pipeline of a few threads and its final sort splits over up to
    ``threads``. The result is the same for any count.
    """
    if not isinstance(mapping, Mapping):
        mapping = Mapping.load(mapping)
    data, files, rejected, findings = _core.load(
        mapping._mapping, policy=policy,
        rejects_path=os.fspath(rejects_path) if rejects_path is not None else None,
        progress=progress, threads=threads_arg(threads))
    report = LoadReport(
        files=pd.DataFrame(files, columns=_FILE_COLUMNS),
        rejected=pd.DataFrame(rejected, columns=_REJECTED_COLUMNS),
        findings=pd.DataFrame(findings, columns=_FINDING_COLUMNS))
    return LoadResult(DataSet._wrap(data), report)


def load_csv(dir: PathLike, policy: Policy = "strict", rejects_path: Optional[PathLike] = None,
             progress: Optional[Progress] = None, threads: Optional[int] = None) -> LoadResult:
    """Loads the canonical layout (leads.csv, events.csv) in ``dir``."""
    return load(Mapping.canonical(dir), policy=policy, rejects_path=rejects_path,
                progress=progress, threads=threads)
