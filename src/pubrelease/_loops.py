"""Calls into a library that runs an event loop of its own, made from any thread.

pyHanko's synchronous functions (``validate_pdf_signature``, ``PdfSigner.sign_pdf``) run
their coroutines with ``asyncio.run``, which refuses to start in a thread that already
runs an event loop: a notebook's cell, a web service's handler. There, a signature that
validates everywhere else would read as broken.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

__all__ = ["outside_loop"]

_P = ParamSpec("_P")
_T = TypeVar("_T")


def outside_loop(function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """``function(*args, **kwargs)``, in a thread of its own when this thread runs an
    event loop (its value or its error, as the call would give them)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # (none running: the usual case)
        running = False
    else:
        running = True
    if not running:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(1, thread_name_prefix="pubrelease-outside-loop") as pool:
        return pool.submit(function, *args, **kwargs).result()
