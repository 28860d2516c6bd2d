"""A library's log records held back while a block runs, for a library that logs what
the caller says better itself (fontTools' warnings on a printer's tables, a Dask client's
reconnections). Here, at the bottom layer, so that :mod:`pubrelease.pdf` may use it too."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

__all__ = ["held_back"]


@contextlib.contextmanager
def held_back(name: str, level: int) -> Iterator[None]:
    """The logger ``name`` passes only records of ``level`` and above while the block
    runs; its own level as it was afterwards."""
    logger = logging.getLogger(name)
    before = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(before)
