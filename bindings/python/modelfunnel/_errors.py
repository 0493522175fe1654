"""Exceptions raised by modelfunnel.

Every failure of the C++ library arrives as one of these, with exactly the
C++ status message (file:line:column for CSV errors, a JSON path for mapping
and stage-graph errors).
"""

from __future__ import annotations

__all__ = [
    "Error",
    "DataError",
    "NotFoundError",
    "AlreadyExistsError",
    "OutOfRangeError",
]


class Error(Exception):
    """Base class of every modelfunnel error."""


class DataError(Error, ValueError):
    """Bad input: malformed JSON or CSV, a value of the wrong type, a stage
    graph or mapping that does not validate."""


class NotFoundError(Error, LookupError):
    """Something named does not exist: a file, a table of a mapping."""


class AlreadyExistsError(Error):
    """A name is already taken, e.g. a second attribute with the same name."""


class OutOfRangeError(Error, IndexError):
    """An index or value outside what is allowed or representable."""
