"""Review rev28's returns that other viewers draw otherwise than PDFium's flattening
(``tests/data/attacks-rev28-viewers``, made by the reviewer's scripts: a release filled
live or flattened, one change made with pypdf, the file re-saved whole by pikepdf, so no
history is left).

Each is ``valid`` on a check that judges the page as PDFium flattens and draws it: a
pop-up with an appearance, an appearance that takes the page's resources or has no
``/BBox``, a ``/Rect`` or ``/BBox`` of five numbers, which poppler, MuPDF, pdf.js or
PDFium's own display draw and the flattening does not (a "DECLINED" and a ticked Decline
box), and a linearized file whose ``/O`` names a copy of page 1 that reads "DECLINED"
(poppler and pdf.js show it), and a knockout group that lets MuPDF show a "DECLINED" PDFium
paints over, and a font whose symbol ``cmap`` draws the "6" of "60 days" as a "9" (MuPDF
and pdf.js take it). Beside the page, an open note and an outline item that say "I DO NOT
ACCEPT" are read by whoever opens the file and by no check: quoted, they leave the return
to a person. The controls are the same releases re-saved with nothing
changed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._c_m_a_p import cmap_format_6

from pubrelease import Status, parse

FOLDER = Path(__file__).parent / "data" / "attacks-rev28-viewers"
ATTACKS = sorted(p.name for p in FOLDER.glob("*.pdf") if not p.name.startswith("z"))
CONTROLS = sorted(p.name for p in FOLDER.glob("*.pdf") if p.name.startswith("z"))
UNFLATTENED = [name for name in ATTACKS if name.startswith("a2-")]


@pytest.mark.parametrize("name", UNFLATTENED)
def test_an_annotation_the_flattening_leaves_out_is_a_viewers_disagreement(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert record.status is Status.INVALID, record.findings
    assert any(f.code == "viewers-disagree" for f in record.findings), record.findings


@pytest.mark.parametrize("name", ATTACKS)
def test_a_return_viewers_draw_otherwise_is_not_valid(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert record.status is not Status.VALID, record.findings


@pytest.mark.parametrize("name", CONTROLS)
def test_an_honest_control_stays_valid(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("name", [n for n in ATTACKS if n.startswith("a3-")])
def test_a_linearized_first_page_not_the_page_trees_is_a_viewers_disagreement(
    name: str,
) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert any(
        f.code == "viewers-disagree" and "linearization" in f.message for f in record.findings
    ), record.findings


def test_an_honestly_linearized_return_stays_valid() -> None:
    out = io.BytesIO()
    with pikepdf.open(FOLDER / "z-control_live.pdf") as pdf:
        pdf.save(out, linearize=True)
    assert out.getvalue()[:1024].count(b"/Linearized")
    record = parse(out.getvalue())
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("name", [n for n in ATTACKS if n.startswith("a4-")])
def test_a_knockout_group_is_a_viewers_disagreement(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert any(f.code == "viewers-disagree" and "knockout" in f.message for f in record.findings), (
        record.findings
    )


@pytest.mark.parametrize("name", [n for n in ATTACKS if n.startswith("a4-")])
def test_a_knockout_group_is_found_in_a_file_the_fast_reader_refuses(name: str) -> None:
    # a comment line after the header: every offset a line off, which pypdf and viewers
    # repair and the fast reader refuses (pypdf's objects are walked then)
    data = (FOLDER / name).read_bytes()
    end = data.index(b"\n") + 1
    record = parse(data[:end] + b"%a comment\n" + data[end:])
    assert any(f.code == "viewers-disagree" and "knockout" in f.message for f in record.findings), (
        record.findings
    )


@pytest.mark.parametrize("name", [n for n in ATTACKS if n.startswith("a5-")])
def test_a_font_whose_cmaps_disagree_is_a_viewers_disagreement(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert any(f.code == "viewers-disagree" and "cmap" in f.message for f in record.findings), (
        record.findings
    )


@pytest.mark.parametrize("name", [n for n in ATTACKS if n.startswith("a8-")])
def test_words_shown_beside_the_page_are_quoted_for_a_person(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert record.status is Status.INCOMPLETE, record.findings
    quoted = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any("I DO NOT ACCEPT" in message for message in quoted), record.findings


def _mac_cmap_instead(data: bytes) -> bytes:
    """The symbol (3,0) ``cmap`` of page 1's ``/F1`` made a Mac (1,0) one (its ASCII
    codes), re-saved by pikepdf."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        program = pdf.pages[0].Resources.Font.F1.FontDescriptor.FontFile2
        font = TTFont(io.BytesIO(program.read_bytes()))
        tables = font["cmap"].tables
        symbol = next(t for t in tables if (t.platformID, t.platEncID) == (3, 0))
        mac = cmap_format_6(6)
        mac.platformID, mac.platEncID, mac.language = 1, 0, 0
        mac.cmap = {k - 0xF000: v for k, v in symbol.cmap.items() if 0xF020 <= k < 0xF07F}
        font["cmap"].tables = [t for t in tables if t is not symbol] + [mac]
        rebuilt = io.BytesIO()
        font.save(rebuilt)
        program.write(rebuilt.getvalue())
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_a_font_whose_mac_cmap_disagrees_is_a_viewers_disagreement() -> None:
    record = parse(_mac_cmap_instead((FOLDER / "a5-cmap_60to90_live.pdf").read_bytes()))
    assert any(f.code == "viewers-disagree" and "'6'" in f.message for f in record.findings), (
        record.findings
    )
