"""Reading pictures of paper: registration onto the form, pen ink, Tesseract.

Heavy (OpenCV, Tesseract): imported only when a scanned page is met. Other
readers use :func:`recognise_page` for what a rendered page shows. The names below are
imported on first use (PEP 562): :mod:`.packs` is asked which language packs there are
without loading the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_getattr

if TYPE_CHECKING:
    from .engine import OcrLine as OcrLine
    from .engine import OcrUnavailable as OcrUnavailable
    from .engine import recognise_page as recognise_page

_PUBLIC = {"OcrLine": ".engine", "OcrUnavailable": ".engine", "recognise_page": ".engine"}

__getattr__ = lazy_getattr(__name__, _PUBLIC, globals())

__all__ = ["OcrLine", "OcrUnavailable", "recognise_page"]
