"""Where an audit's per-file work runs: this machine's cores, or a Dask cluster."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .audit import Engine

__all__ = ["EngineKind", "make_engine"]


class EngineKind(enum.Enum):
    LOCAL = "local"
    """Child processes on this machine (the default)."""
    DASK = "dask"
    """Tasks on a Dask ``distributed`` cluster (``pubrelease[dask]``)."""


def make_engine(
    kind: EngineKind, *, workers: int | None = None, scheduler: str | None = None
) -> Engine:
    """The engine of ``kind``; ``scheduler`` is a Dask scheduler's address (dask only).

    Without a scheduler, the dask engine starts a local cluster of ``workers`` processes.
    Raises :class:`~pubrelease.auditing.dask_engine.MissingExtraError` without the dask
    extra, :class:`~pubrelease.auditing.dask_engine.ClusterError` when no scheduler answers.
    """
    if kind is EngineKind.LOCAL:
        if scheduler is not None:
            raise ValueError("a scheduler address is for the dask engine")
        from .pool import LocalEngine

        return LocalEngine(workers)
    from .dask_engine import DaskEngine

    engine = DaskEngine(scheduler, workers=workers)
    engine.check()  # a scheduler that does not answer: said before any output is opened
    return engine
