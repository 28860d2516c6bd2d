"""The ``pubrelease`` command line: a thin shell over the library."""

from __future__ import annotations

from .app import main

__all__ = ["main"]
