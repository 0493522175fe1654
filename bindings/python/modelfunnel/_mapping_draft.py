"""A drafted mapping: a first mapping file guessed from CRM exports, with a
comment beside every guess, for a person to read and edit before loading."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Optional, Union

import pandas as pd

from . import _core

__all__ = ["MappingDraft", "draft_mapping", "draft_mapping_guesses"]

_PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class MappingDraft:
    """A draft and the guesses behind it.

    ``text`` is the mapping (JSON with ``//`` comments). ``files`` has one
    row per file (``file, table, kind, delimiter, bom, rows_read, more_rows,
    bad_rows, notes``); ``kind`` is ``none`` for a file left out, and
    ``notes`` says why. ``columns`` has one row per column of every file
    (``table, column, role, type, format, also_reads, stage, values,
    distinct, example, why``)."""

    text: str
    files: pd.DataFrame
    columns: pd.DataFrame


def _paths(paths: Union[_PathLike, Iterable[_PathLike]]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def _run(paths, base_dir, max_rows, max_bytes):
    return _core.draft_mapping(_paths(paths), max_rows=max_rows, max_bytes=max_bytes,
                               base_dir="" if base_dir is None else os.fspath(base_dir))


def draft_mapping(paths: Union[_PathLike, Iterable[_PathLike]], *,
                  base_dir: Optional[_PathLike] = None,
                  max_rows: int = _core.DRAFT_MAX_ROWS,
                  max_bytes: int = _core.DRAFT_MAX_BYTES) -> str:
    """Drafts a mapping for the CSV files ``paths`` and returns its text.

    Reads the header and at most ``max_rows`` rows (about ``max_bytes``
    bytes) of each file; sniffs delimiters, types and date formats; guesses
    the record id, stage, time, amount and owner columns and which file holds
    records, events, a wide export or side tables. File paths in the draft
    are relative to ``base_dir`` (the folder you will save it in; default:
    the current directory). Nothing is loaded with the guesses: save the
    text, read its comments, fix it, then :func:`modelfunnel.load` it.

    Raises NotFoundError for a file that does not exist, DataError when no
    file can be drafted (the message says why, file by file)."""
    return _run(paths, base_dir, max_rows, max_bytes)[0]


def draft_mapping_guesses(paths: Union[_PathLike, Iterable[_PathLike]], *,
                          base_dir: Optional[_PathLike] = None,
                          max_rows: int = _core.DRAFT_MAX_ROWS,
                          max_bytes: int = _core.DRAFT_MAX_BYTES) -> MappingDraft:
    """As :func:`draft_mapping`, with the guesses as DataFrames."""
    text, files, columns = _run(paths, base_dir, max_rows, max_bytes)
    file_columns = ["file", "table", "kind", "delimiter", "bom", "rows_read", "more_rows", "bad_rows", "notes"]
    column_columns = ["table", "column", "role", "type", "format", "also_reads", "stage", "values",
                      "distinct", "example", "why"]
    return MappingDraft(text=text, files=pd.DataFrame(files, columns=file_columns),
                        columns=pd.DataFrame(columns, columns=column_columns))
