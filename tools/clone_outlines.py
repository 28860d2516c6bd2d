#!/usr/bin/env python3
"""Write ``src/pubrelease/pdf/cloneoutlines.json`` for ``pdf/standardclones.py``: for
each of URW's copies of the standard fonts of text (Nimbus Sans for Helvetica, Nimbus
Roman for Times, Nimbus Mono PS for Courier, four styles each: the fonts poppler's
``pdftocairo`` embeds in their place, from Debian's ``fonts-urw-base35``), and each
byte WinAnsi reads as Windows-1252 does, a digest of the outline of the glyph WinAnsi
names for it (:func:`outline_digest`:
the glyph's drawing commands, as fontTools' charstring interpreter gives them, whatever
subroutines and hints the program is written with).

The fonts themselves are not shipped: a digest says which glyph a subset embedded in a
print is, not how to draw it. Run once by a developer; nothing reads the fonts at run
time.

    .venv/bin/python tools/clone_outlines.py
"""

from __future__ import annotations

import json
from pathlib import Path

from pubrelease.pdf.standardclones import CLONES, OUTLINES, digests_of

FOLDER = Path("/usr/share/fonts/opentype/urw-base35")


def main() -> None:
    table: dict[str, dict[str, str]] = {}
    for clone in sorted({name for names in CLONES.values() for name in names}):
        table[clone] = digests_of(FOLDER / f"{clone}.otf")
    OUTLINES.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n")
    print(f"wrote {OUTLINES}: {sum(map(len, table.values()))} glyphs of {len(table)} fonts")


if __name__ == "__main__":
    main()
