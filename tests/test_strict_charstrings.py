"""Type 2 charstrings every interpreter reads alike (``pdf/strictcharstrings.py``).

fontTools, whose drawing of a glyph the proof of a copy of a standard font digests, reads
on past ``endchar`` and ``return`` and takes the first of too many operands; FreeType
(poppler, PDFium, MuPDF) stops, returns, and takes the last. A charstring where the two
may differ is refused; every glyph of URW's fonts as installed is accepted.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pubrelease.pdf.strictcharstrings import plain


def _n(value: int) -> bytes:
    """``value`` as a Type 2 operand (-107..107: one byte)."""
    assert -107 <= value <= 107
    return bytes([value + 139])


RMOVETO, HMOVETO, HLINETO, VLINETO, ENDCHAR = b"\x15", b"\x16", b"\x06", b"\x07", b"\x0e"
CALLSUBR, RETURN, HSTEM, HINTMASK = b"\x0a", b"\x0b", b"\x01", b"\x13"
REVIEW = {
    "B": "959f121380bd9513c0ef16ef8b058bef050e",
    "A": "959095909590959095909590959095901214ff9f901713ffbdef16ef8b058bef050e",
    "C": "9590121380959095909590959095909590959095901213ffbdef16ef8b058bef050e",
    "E": "959095909590959095909590959095901214ff9f90178b1613ffffefef068b160e",
    "flex1": "8b16958b9595958b958b9586950c250e",
}
"""Charstrings the review of session 51 drew apart with fontTools, FreeType and pdf.js."""


def _stems(count: int) -> bytes:
    """``count`` horizontal stems declared, in groups of 16 (``hstemhm``)."""
    out = b""
    while count:
        group = min(count, 16)
        out += (_n(10) + _n(5)) * group + b"\x12"
        count -= group
    return out


BOX = _n(10) + _n(20) + RMOVETO + _n(50) + HLINETO + _n(50) + VLINETO + _n(-50) + HLINETO


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("a box", BOX + ENDCHAR),
        ("a box with a width", _n(100) + _n(10) + _n(20) + RMOVETO + _n(5) + HLINETO + ENDCHAR),
        ("stems and a hint mask", _n(0) + _n(50) + HSTEM + HINTMASK + b"\x80" + BOX + ENDCHAR),
        ("an empty glyph", ENDCHAR),
        ("96 stems", _stems(96) + BOX + ENDCHAR),
        ("a box in a subroutine", _n(-107) + CALLSUBR + ENDCHAR),
    ],
)
def test_plain_charstrings_are_read(name: str, code: bytes) -> None:
    assert plain(code, [], [BOX + RETURN]), name


@pytest.mark.parametrize(
    ("name", "code", "subrs"),
    [
        ("ink after endchar", BOX + ENDCHAR + _n(5) + VLINETO + ENDCHAR, []),
        ("no endchar", BOX, []),
        ("an accented composite (seac)", _n(0) + _n(0) + _n(65) + _n(66) + ENDCHAR, []),
        ("more operands than a move takes", _n(10) + _n(0) + _n(90) + HMOVETO + ENDCHAR, []),
        ("a line before any move", _n(50) + HLINETO + ENDCHAR, []),
        ("a stem after the path", BOX + _n(0) + _n(50) + HSTEM + ENDCHAR, []),
        ("arithmetic (add)", _n(1) + _n(2) + b"\x0c\x0a" + _n(0) + RMOVETO + ENDCHAR, []),
        ("a reserved operator", BOX + b"\x02" + ENDCHAR, []),
        ("bytes after a subroutine's return", _n(-107) + CALLSUBR + ENDCHAR, [BOX + RETURN + BOX]),
        ("a subroutine that does not return", _n(-107) + CALLSUBR + ENDCHAR, [BOX]),
        ("a subroutine past the end", _n(-106) + CALLSUBR + ENDCHAR, [BOX + RETURN]),
        ("a subroutine calling itself", _n(-107) + CALLSUBR + ENDCHAR, [_n(-107) + CALLSUBR]),
        ("an operand cut short", BOX + b"\xf7", []),
        ("a hint mask with no stems", HINTMASK + b"\x80" + BOX + ENDCHAR, []),
        # (review of session 51, each drawn at 50 by fontTools and at 100 by FreeType, or
        # with no ink by fontTools: hints after a mask, which fontTools counts once)
        ("an implicit vstem at a second mask", bytes.fromhex(REVIEW["B"]), []),
        ("a stem between a counter mask and a hint mask", bytes.fromhex(REVIEW["A"]), []),
        ("stems after a hint mask", bytes.fromhex(REVIEW["C"]), []),
        ("ink fontTools does not see", bytes.fromhex(REVIEW["E"]), []),
        ("97 stems (FreeType fails the glyph)", _stems(97) + BOX + ENDCHAR, []),
        ("flex1 (pdf.js ends it elsewhere)", bytes.fromhex(REVIEW["flex1"]), []),
        (
            "a subroutine numbered by a 16.16 number",
            b"\xff\xff\x95\x00\x00" + CALLSUBR + ENDCHAR,
            [BOX + RETURN],
        ),
    ],
)
def test_charstrings_read_otherwise_somewhere_are_refused(
    name: str, code: bytes, subrs: list[bytes]
) -> None:
    assert not plain(code, [], subrs), name


def test_every_glyph_of_urws_fonts_is_plain() -> None:
    from fontTools.ttLib import TTFont

    folder = Path("/usr/share/fonts/opentype/urw-base35")
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{folder} is missing (Debian's fonts-urw-base35)")
        pytest.skip(f"{folder} is missing (Debian's fonts-urw-base35)")
    for path in sorted(folder.glob("Nimbus*.otf")):
        cff = TTFont(path)["CFF "].cff
        top = cff[cff.fontNames[0]]
        gsubrs = [cff.GlobalSubrs[i].bytecode for i in range(len(cff.GlobalSubrs))]
        local = getattr(top.Private, "Subrs", None) or []
        lsubrs = [local[i].bytecode for i in range(len(local))]
        refused = [
            name
            for name in top.charset
            if not plain(top.CharStrings[name].bytecode, gsubrs, lsubrs)
        ]
        assert not refused, (path.name, refused[:5])
