"""Page-sized buffers kept from page to page, for temporaries that do not outlive a call.

A fresh array of a few megabytes a page is paid for in page faults: the allocator hands
such a block back to the system when it is freed, and the next page's is faulted in
again, page by page (an integral into a kept buffer takes half the time of one into a
new array). Only what never leaves the call that fills it may live here: the next call
with the same name overwrites it.
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["scratch"]

_KEPT = threading.local()


def scratch(name: str, shape: tuple[int, ...], dtype: type[np.generic]) -> npt.NDArray[Any]:
    """A buffer kept for ``name`` by this thread, for a page-sized temporary that does not
    outlive the call using it: a fresh array of a few megabytes a page is paid for in page
    faults (an integral into a kept buffer takes half the time of one into a new array).
    One flat buffer a name, grown to the largest shape asked for (zeroed when made), seen
    as ``shape``."""
    kept: dict[str, npt.NDArray[Any]] = _KEPT.__dict__.setdefault("buffers", {})
    size = math.prod(shape)
    buffer = kept.get(name)
    if buffer is None or buffer.size < size or buffer.dtype != dtype:
        buffer = kept[name] = np.zeros(size, dtype)
    return buffer[:size].reshape(shape)
