"""Answers a process keeps by key, at most so many, the least recently used let go first.

A form's returns share most of what they are made of (fonts, content streams, a
printer's subsets, the form's pages): what is worked out from those bytes is kept by a
digest of them for the next return. Each such memory is bounded by a number of answers.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from typing import TypeVar

__all__ = ["Kept"]

_MISSING = object()
K = TypeVar("K")
V = TypeVar("V")


class Kept(OrderedDict[K, V]):
    """At most ``size`` answers by key: :meth:`recall` one (it is then the most recently
    used), :meth:`keep` one (the least recently used let go past ``size``)."""

    def __init__(self, size: int = 1024) -> None:
        super().__init__()
        self.size = size

    def recall(self, key: K) -> V | None:
        """The answer kept under ``key``, or None (a kept None is told by ``in``)."""
        found = self.get(key, _MISSING)
        if found is _MISSING:
            return None
        with contextlib.suppress(KeyError):  # (let go meanwhile by another thread)
            self.move_to_end(key)
        return found  # type: ignore[return-value]

    def keep(self, key: K, value: V) -> V:
        """``value`` kept under ``key``; returned."""
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
        return value
