"""The returns of an audit, kept on disk as they arrive and read back one at a time.

An audit of an archive may have millions of returns; holding their records in
the process that runs the audit would make its memory grow with the folder.
Each return is appended to an anonymous temporary file (deleted by the system
when it is closed or the process ends), and only its offset stays in memory
(8 bytes a return). The reports read the returns back in order, one at a time.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, overload

__all__ = ["Spool"]

T = TypeVar("T")


class Spool(Sequence[T]):
    """An append-only sequence stored in a temporary file; ``view`` is applied on reading."""

    def __init__(self, view: Callable[[T], T] | None = None) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115  (open as long as the spool)
        self._offsets = array("q", [0])
        self.view = view

    def append(self, item: T) -> None:
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.write(data)
        self._offsets.append(self._offsets[-1] + len(data))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _read(self, index: int) -> T:
        start, end = self._offsets[index], self._offsets[index + 1]
        item: T = pickle.loads(os.pread(self._file.fileno(), end - start, start))
        return self.view(item) if self.view is not None else item

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        self._file.flush()  # (what was appended is read back from the file)
        if isinstance(index, slice):
            return [self._read(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._read(index)

    def __iter__(self) -> Iterator[T]:
        self._file.flush()
        for index in range(len(self)):
            yield self._read(index)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence (a tuple, a list, another spool) with the same items."""
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def close(self) -> None:
        self._file.close()
