"""Fill as releases issued earlier were filled: a setting for the length of a ``with``.

``parse`` recognises a release as issued by filling it again from its stored values and
comparing bytes; a release ``fill`` issued before a change to its drawing is filled again
the way it was (:mod:`..reading.quickread`). Each such change keeps a context variable
whose default is today's drawing, and a context manager that sets it to the earlier one
(:func:`.mirrored.mapped_as_before`, :func:`.hanfaces.han_as_before`...): made here, the
same way for all.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import TypeVar

__all__ = ["setting"]

T = TypeVar("T")


@contextlib.contextmanager
def setting(variable: contextvars.ContextVar[T], value: T) -> Iterator[None]:
    """``variable`` set to ``value`` inside the ``with``, as it was after it."""
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)
