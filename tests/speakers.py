"""Speakers returning releases, as a viewer that saves incrementally (pypdf) would."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfWriter


def speaker_fills(
    issued: Path,
    out: Path,
    *,
    signature: str,
    sign_date: str = "Nov 20, 2026",
    consent: str = "Accept",
    incremental: bool = True,
) -> Path:
    """The issued release with the speaker's part filled and saved by pypdf.

    ``incremental`` appends one update, as Acrobat saves; otherwise the whole file
    is rewritten, as most other viewers save.
    """
    values = {"signature": signature, "sign_date": sign_date, "consent": f"/{consent}"}
    if incremental:
        writer = PdfWriter(issued, incremental=True)
    else:
        writer = PdfWriter(clone_from=io.BytesIO(issued.read_bytes()))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with out.open("wb") as handle:
        writer.write(handle)
    return out
