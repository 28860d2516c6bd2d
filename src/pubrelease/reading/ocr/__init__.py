"""Reading pictures of paper: registration onto the form, pen ink, Tesseract.

Heavy (OpenCV, Tesseract): imported only when a scanned page is met. Other
readers use :func:`recognise_page` for what a rendered page shows.
"""

from __future__ import annotations

from .engine import OcrLine, OcrUnavailable, recognise_page

__all__ = ["OcrLine", "OcrUnavailable", "recognise_page"]
