#!/usr/bin/env python3
"""Write ``src/pubrelease/reading/descents.json`` for ``reading/plaintext.py``: for each
family of the standard fonts of text (Helvetica, Times, Courier) and each byte of the
WinAnsi encoding that ``plain_text`` reads (ASCII, and 0xA1 up), how far below the
baseline its glyph reaches in the lowest of the family's four styles (thousandths of the
size), where that is more than an overshoot (30).

Read from the metrics of URW's metric-compatible clones of those fonts (Nimbus Sans,
Nimbus Roman, Nimbus Mono PS: Debian's ``fonts-urw-base35``, which Ghostscript and
poppler draw them with), each glyph's box (``B``) by its name in WinAnsi (reportlab's
table of it). Run once by a developer; nothing reads the AFM files at run time.

    .venv/bin/python tools/standard_descents.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from reportlab.pdfbase._fontdata_enc_winansi import WinAnsiEncoding

FOLDER = Path("/usr/share/fonts/type1/urw-base35")
FAMILIES = {"Helvetica": "NimbusSans", "Times": "NimbusRoman", "Courier": "NimbusMonoPS"}
STYLES = {
    "NimbusSans": ("Regular", "Bold", "Italic", "BoldItalic"),
    "NimbusRoman": ("Regular", "Bold", "Italic", "BoldItalic"),
    "NimbusMonoPS": ("Regular", "Bold", "Italic", "BoldItalic"),
}
OVERSHOOT = 30
_BOX = re.compile(r"N (\S+) ; B (-?\d+) (-?\d+) (-?\d+) (-?\d+)")


def descents(family: str) -> dict[int, int]:
    """Per byte, how far below the baseline its glyph reaches in the lowest style of
    ``family`` (URW's name), where it is more than :data:`OVERSHOOT`."""
    lowest: dict[int, int] = {}
    for style in STYLES[family]:
        bottoms = {}
        for line in (FOLDER / f"{family}-{style}.afm").read_text("latin-1").splitlines():
            if (found := _BOX.search(line)) is not None:
                bottoms[found.group(1)] = int(found.group(3))
        for code, name in enumerate(WinAnsiEncoding):
            if (0x20 <= code < 0x7F or code >= 0xA1) and name in bottoms:
                lowest[code] = max(lowest.get(code, 0), -bottoms[name])
    return {code: depth for code, depth in sorted(lowest.items()) if depth > OVERSHOOT}


if __name__ == "__main__":
    table = {
        standard: {str(code): depth for code, depth in descents(urw).items()}
        for standard, urw in FAMILIES.items()
    }
    out = Path(__file__).resolve().parents[1] / "src/pubrelease/reading/descents.json"
    out.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    print(f"wrote {out}: " + ", ".join(f"{k} {len(v)}" for k, v in table.items()))
