"""Pickling the record's frozen, slotted data classes without looking up their fields each time.

A frozen data class with ``__slots__`` pickles through the state functions ``dataclasses``
gives it, which call :func:`dataclasses.fields` for every object pickled or unpickled
(CPython's own comment: they "could be slightly more performant if we generated the code").
An audit pickles each record several times (into the cache entry, from the worker to the
parent, into the parent's spool) and unpickles it as often: on a re-audit of an unchanged
folder that was a fifth of the work. :func:`quick_state` gives a class the same state, the
list of its field values in field order (so entries written before read alike), read and
written by names found once.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Any, TypeVar

__all__ = ["quick_state"]

T = TypeVar("T")


def quick_state(cls: type[T]) -> type[T]:
    """``cls`` (a frozen data class with slots) with ``__getstate__`` and ``__setstate__``
    as :mod:`dataclasses` makes them, the field names of each class found once (a
    subclass that inherits them pickles its own fields too)."""
    assign = object.__setattr__

    def __getstate__(self: Any) -> list[Any]:
        names, values = _names(type(self))
        got = values(self)
        return list(got) if len(names) > 1 else [got]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(_names(type(self))[0], state):  # noqa: B905  (as dataclasses)
            assign(self, name, value)

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010  (a method put on the class)
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
    return cls


_NAMES: dict[type, tuple[tuple[str, ...], Any]] = {}


def _names(kind: type) -> tuple[tuple[str, ...], Any]:
    """The field names of data class ``kind``, in order, and a getter of their values
    (found once a class)."""
    found = _NAMES.get(kind)
    if found is None:
        names = tuple(field.name for field in dataclasses.fields(kind))
        found = _NAMES[kind] = (names, operator.attrgetter(*names))
    return found
