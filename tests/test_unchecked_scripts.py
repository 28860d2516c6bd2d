"""A value in a script OCR does not read, drawn in glyphs the file cannot vouch for, is not
`valid`: unless the box shows what ``fill`` draws for it, a person is asked to look.

The attack: the signature box of a Greek or Arabic release redrawn in an embedded font
whose glyphs show another name while its ``/ToUnicode`` (and the stored value) read the
speaker's; the font program has no ``cmap`` left to give it away. OCR reads only Latin,
so nothing could read the box, and before this check the re-saved file was `valid`.
Honest copies of such releases (flattened, re-saved by other programs) draw the value as
``fill`` does and stay `valid`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path

import pytest

from pubrelease import Status, fill, parse
from pubrelease.record import Record

from . import attacks as A
from . import returns as R
from . import shadow as S
from .helpers import require_tool

LIES = {
    # (the speaker's name, what the redrawn box shows: as many characters or more)
    # (the space where the name's is: a letter drawn as a blank is hidden text, below)
    "greek": ("Νίκος Παπαδόπουλος", "Ηλίας Κωνσταντίνου"),
    "arabic": ("محمد عبد الله", "علي حسن الكبيرة"),
}


def _issued(name: str, *, flatten: bool = False) -> bytes:
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    return fill(release, flatten=flatten, today=dt.date(2020, 7, 1))


def _unchecked(record: Record) -> list[str]:
    return [f.message for f in record.findings if f.code == "shown-text-unchecked"]


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("script", sorted(LIES))
def test_a_name_redrawn_in_a_font_without_cmap_is_for_a_person_to_read(
    script: str, save: A.Save
) -> None:
    name, shown = LIES[script]
    lie = S.signature_lie(strip_cmap=True, shown=shown, meant=name)
    record = parse(A.apply(_issued(name), lie, save), today=A.TODAY)
    assert record.signature == name  # what every text extractor reads
    assert record.status is not Status.VALID, record.findings
    found = _unchecked(record)
    assert len(found) == 1, record.findings  # the signature box, and nothing else
    assert found[0].startswith(f"the signature {name!r} (its box, on page 2) is not drawn"), found
    assert found[0].endswith("look at what the page shows there"), found
    if save is A.Save.RESAVED and script == "greek":  # the issued revision is gone, and
        # the page's text reads the name as stored: this is the only finding
        assert record.status is Status.INCOMPLETE, record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_letter_drawn_as_a_blank_is_hidden_text(save: A.Save) -> None:
    """The lie's space drawn where the name has a letter: the text layer reads a "π"
    that the box shows as nothing (its glyph flat, an advance without ink)."""
    name = LIES["greek"][0]
    lie = S.signature_lie(strip_cmap=True, shown="Γεώργιος Ιωαννίδης", meant=name)
    record = parse(A.apply(_issued(name), lie, save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    hidden = [f.message for f in record.findings if f.code == "hidden-text"]
    assert len(hidden) == 1 and "page 2:" in hidden[0] and "'π' at" in hidden[0], hidden


@pytest.mark.parametrize("script", sorted(LIES))
def test_the_same_font_with_its_cmap_is_named_as_a_lie(script: str) -> None:
    name, shown = LIES[script]
    lie = S.signature_lie(strip_cmap=False, shown=shown, meant=name)
    record = parse(A.apply(_issued(name), lie, A.Save.RESAVED), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    assert any(f.code == "shown-text-differs" for f in record.findings), record.findings


HONEST = {
    **{script: name for script, (name, _) in LIES.items()},
    # a ZWNJ that PDFium does not read back: the signature reads without it, and shows
    # as the issued name with it
    "persian": "علی\u200cاکبر دهخدا",
}


@pytest.mark.parametrize("script", sorted(HONEST))
@pytest.mark.parametrize("how", ["fill", "qpdf", "pdftk", "mutool"])
def test_honest_copies_are_not_sent_to_a_person(script: str, how: str, tmp_path: Path) -> None:
    name = HONEST[script]
    if how == "fill":
        data = _issued(name, flatten=True)
    else:
        source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
        source.write_bytes(_issued(name))
        command = {
            "qpdf": [require_tool("qpdf"), "--flatten-annotations=all", str(source), str(out)],
            "pdftk": [require_tool("pdftk"), str(source), "output", str(out), "flatten"],
            "mutool": [require_tool("mutool"), "clean", "-gggz", str(source), str(out)],
        }[how]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        data = out.read_bytes()
    record = parse(data, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == name
    assert record.signature in (name, name.replace("\u200c", "")), record.signature
    assert not _unchecked(record), record.findings


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_another_programs_greek_in_dejavu_is_read_by_its_glyphs(
    flatten: bool, tmp_path: Path
) -> None:
    """pdf-lib fills a Greek name in DejaVu, embedded (a subset, no cmap) through fontkit:
    each letter's glyph is DejaVu Sans's own (``valueglyphs``), so the box shows it."""
    name = LIES["greek"][0]
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    out = R.fill_pdflib(release, tmp_path / "greek.pdf", flatten=flatten, font=S.DEJAVU)
    record = parse(out, today=A.TODAY)
    assert record.speaker_name == name and record.signature == name
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_another_programs_greek_in_a_font_not_known_is_left_to_a_person(
    flatten: bool, tmp_path: Path
) -> None:
    """The same in a font whose glyphs nothing here knows (DejaVu Sans drawn narrower):
    the name is read right, but nothing vouches for what its glyphs show."""
    name = LIES["greek"][0]
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    font = _narrowed(S.DEJAVU, tmp_path / "narrow.ttf")
    out = R.fill_pdflib(release, tmp_path / "greek.pdf", flatten=flatten, font=font)
    record = parse(out, today=A.TODAY)
    assert record.speaker_name == name and record.signature == name
    assert record.status is Status.INCOMPLETE, record.findings
    found = [m for m in _unchecked(record) if "a script its OCR does not read" in m]
    assert [m.split(" (")[0] for m in found] == [
        f"the speaker_name {name!r}",
        f"the signature {name!r}",
    ], record.findings  # (its Latin values, in the same font, are OCR's: not read here)


def _narrowed(source: Path, out: Path, by: float = 0.85) -> Path:
    """``source`` (a TrueType font) with every glyph and advance ``by`` as wide."""
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    glyphs, table = font.getGlyphSet(), font["glyf"]
    for name in font.getGlyphOrder():
        if table[name].isComposite():
            continue
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(TransformPen(pen, (by, 0, 0, 1, 0, 0)))
        table[name] = pen.glyph()
    for name, (advance, bearing) in font["hmtx"].metrics.items():
        font["hmtx"].metrics[name] = (round(advance * by), round(bearing * by))
    # Each glyph padded to four bytes: fontTools leaves a glyph's record odd-length when
    # the loca table is long, and fontkit's subsetter (pdf-lib's) adds those lengths into
    # a short loca, halved, so that every glyph after the first odd one is another's bytes
    # and most of the name drew nothing (the page showed no name at all).
    table.padding = 4
    font.save(out)
    return out


def test_another_programs_latin_in_the_same_font_is_read_by_ocr(tmp_path: Path) -> None:
    name = "Zoë Müller-Łukasiewicz"
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    out = R.fill_pdflib(release, tmp_path / "latin.pdf", font=S.DEJAVU)
    record = parse(out, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == name
