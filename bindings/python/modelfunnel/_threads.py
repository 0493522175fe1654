"""The ``threads=`` keyword, shared by every function that takes it."""

from __future__ import annotations

import numbers
from typing import Optional

from ._errors import DataError

_MAX = 2**32 - 1


def threads_arg(value: Optional[int]) -> int:
    """``threads=`` as the C++ options take it: None or 0 is "as many as the
    hardware has"; anything but a whole number in [0, 2**32 - 1] is a
    DataError naming the keyword."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise DataError(f"threads: expected an integer or None, not {type(value).__name__}")
    if not 0 <= value <= _MAX:
        raise DataError(f"threads: must be between 0 and {_MAX}, not {value}")
    return int(value)
