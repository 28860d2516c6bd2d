"""A release's fonts keep their text when another program draws the pages anew (issue 11).

``mutool convert`` writes a new PDF from what MuPDF draws, and each font's ``ToUnicode``
map anew from the font program's ``cmap``: the HarfBuzz subsets ``fill`` made had none, so
the copy's Greek, Cyrillic, Chinese or Hebrew name read as control characters. The
subsets now carry a ``cmap`` of each glyph that is the font's own glyph for one character
(pdf/charmap.py); a return ``fill`` made before, without it, is still vouched for
(test_release_fonts.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import struct
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from pubrelease import Release, fill, parse
from pubrelease.pdf.charmap import cmap_table, with_cmap
from pubrelease.pdf.fonts import packaged_fonts
from pubrelease.record import Status

from . import attacks as A
from .helpers import require_tool

ISSUED = dt.date(2020, 7, 1)
NAMES = {
    "greek": "Ελένη Παπαδοπούλου",
    "cyrillic": "Анна Иванова",
    "chinese": "王小明",
    "hebrew": "דוד כהן",
}


def _release(name: str) -> Release:
    return dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_name_reads_the_same_after_mutool_convert(script: str, tmp_path: Path) -> None:
    name = NAMES[script]
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(fill(_release(name), today=ISSUED))
    command = [require_tool("mutool"), "convert", "-o", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    record = parse(out.read_bytes(), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name), record.findings
    assert record.status is Status.VALID, record.findings


def _subset(text: str) -> tuple[bytes, list[tuple[int, int]]]:
    """A HarfBuzz subset of the font ``fill`` draws ``text`` in, and its characters."""
    face = next(s for s in packaged_fonts() if "notosanssc" in s.folded_name).face
    subset = face.subset({gid for c in text if (gid := face.nominal(c)) is not None})
    pairs = sorted((ord(c), subset.new_gid[gid]) for c in set(text) if (gid := face.nominal(c)))
    return subset.program, pairs


def _sum(data: bytes) -> int:
    data += bytes(-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


@pytest.mark.parametrize("text", ["王小明", "Hi 王小明", "𠂉 王"], ids=["cjk", "mixed", "astral"])
def test_a_subset_with_a_cmap_is_a_sound_font(text: str) -> None:
    program, pairs = _subset(text)
    out = with_cmap(program, pairs)
    font = TTFont(io.BytesIO(out), checkChecksums=2)  # each table's checksum
    assert _sum(out) == 0xB1B0AFBA  # head's checkSumAdjustment
    order = font.getGlyphOrder()
    for table in font["cmap"].tables:
        wanted = {c: order[g] for c, g in pairs if table.format == 12 or c < 0xFFFF}
        assert table.cmap == wanted
    assert {t.format for t in font["cmap"].tables} == ({4, 12} if "𠂉" in text else {4})
    os2 = font["OS/2"]
    codes = [min(c, 0xFFFF) for c, _ in pairs]
    assert (os2.usFirstCharIndex, os2.usLastCharIndex) == (min(codes), max(codes))
    # every other table as it was
    before = TTFont(io.BytesIO(program))
    for tag in before.reader.tables:
        if tag not in ("head", "OS/2"):
            assert font.reader[tag] == before.reader[tag], tag
    with pytest.raises(ValueError, match="already has a cmap"):
        with_cmap(out, pairs)


def test_a_cmap_of_nothing_is_the_closing_segment_alone() -> None:
    table = cmap_table([])
    # header, one record (3, 1) at 12, and a format 4 subtable of one segment
    assert table[:12] == struct.pack(">HHHHI", 0, 1, 3, 1, 12)
    assert struct.unpack_from(">HHHH", table, 12) == (4, 24, 0, 2)
