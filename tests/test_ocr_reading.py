"""OCR's reading of a value box another program redrew (``reading/ocrwords.py``).

poppler redraws the fields PyPDFForm leaves without appearances, and pdftocairo prints
them so: the name set large, its feet on the form's grey underline, its descenders
through it. Tesseract read the box's crop as "Bohyuna Han" (the crop cut the "g") and
"BohyungHan ss" (the rule read as letters), so an honest print was ``incomplete``. The
box is read now as far as its glyphs reach (a few points past it), and where that
reading is not the text layer's words, again without the rule's grey (the glyphs' black
kept where they cross it).

Tesseract reads accents loosely ("Núñez" as "Nufiez", "Żółć" as "Z6té"); where every
letter outside ASCII of a box was seen as itself glyph by glyph (``valueglyphs``), OCR
need read only its other letters.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from pubrelease import Status, parse
from pubrelease.reading.ocr import engine
from pubrelease.reading.ocrwords import _skeleton, ink_only, words_apart

from . import attacks as A
from .returns import fill_pdftk, fill_pubrelease, fill_pypdfform, flatten_with


def test_a_grey_rule_through_the_glyphs_loses_only_its_grey() -> None:
    image = np.full((30, 100), 255, np.uint8)
    image[20, :] = 140  # the form's grey underline
    image[21, :] = 213
    image[5:25, 40:44] = 0  # a stem through it
    inked = ink_only(image)
    assert inked is not None
    assert (inked == 0).sum() == 20 * 4  # the stem whole
    assert not ((inked > 100) & (inked < 230)).any()  # no grey left


def test_a_black_rule_loses_its_rows() -> None:
    image = np.full((30, 100), 255, np.uint8)
    image[20, :] = 0
    image[5:25, 40:44] = 0
    inked = ink_only(image)
    assert inked is not None
    assert (inked == 0).sum() == 19 * 4  # the stem, but where the rule was


def test_a_name_pdftocairo_redraws_over_its_rule_is_read(tmp_path: Path) -> None:
    release = dataclasses.replace(A.RELEASE, speaker_name="Bohyung Han", signature="Bohyung Han")
    source = fill_pypdfform(release, tmp_path / "filled.pdf")
    printed = flatten_with("pdftocairo", source, tmp_path / "printed.pdf")
    record = parse(printed)
    assert record.status is Status.VALID, record.findings


def test_letters_seen_as_themselves_need_not_be_read_again() -> None:
    # Tesseract's readings of honest prints (pdftocairo, Ghostscript)
    assert words_apart("José María Núñez", "José Maria Nufiez") == (["Núñez"], ["Nufiez"])
    assert words_apart("José María Núñez", "José Maria Nufiez", letters_seen=True) == ([], [])
    assert words_apart("Łukasz Żółć", "tukasz Z6té", letters_seen=True) == ([], [])
    assert words_apart("Zoë Ødegård", "Zoé O@degard", letters_seen=True) == ([], [])


def test_seen_letters_leave_the_ascii_letters_to_be_read() -> None:
    # each letter outside ASCII is one or two of anything; the rest must be read
    assert words_apart("José María Núñez", "José Maria Nufiex", letters_seen=True)[0] == ["Núñez"]
    assert re.fullmatch(_skeleton("Ødegård"), "o@degard")
    assert not re.fullmatch(_skeleton("Ødegård"), "o@dekard")
    assert words_apart("Łukasz Żółć", "Lukas Żółć", letters_seen=True)[0] == ["Łukasz"]
    # an ASCII word is read the same, seen or not
    assert words_apart("José Han", "José Khan", letters_seen=True) == (["Han"], ["Khan"])


def test_a_letter_and_its_accent_given_apart_are_one_letter() -> None:
    assert words_apart("Jose\u0301 Nu\u0301n\u0303ez", "José Nufiez", letters_seen=True) == ([], [])


@pytest.mark.parametrize(
    ("fill", "printer", "name"),
    [
        ("pdftk", "pdftocairo", "José María Núñez"),  # read "Nufiez"
        ("pubrelease", "gs", "Łukasz Żółć"),  # read "tukasz Z6té"
    ],
)
def test_honest_prints_of_accented_names_are_valid(
    fill: str, printer: str, name: str, tmp_path: Path
) -> None:
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    filler = fill_pdftk if fill == "pdftk" else fill_pubrelease
    source = filler(release, tmp_path / "filled.pdf")
    printed = flatten_with(printer, source, tmp_path / "printed.pdf")  # type: ignore[arg-type]
    record = parse(printed, today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is Status.VALID, record.findings


def _drawn(text: str) -> np.ndarray:
    """A crop of ``text`` in black on white, as a value box's is (a scale of 3)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (360, 48), 255)
    ImageDraw.Draw(image).text((6, 6), text, fill=0, font=ImageFont.load_default(size=30))
    return np.array(image)


def test_a_crop_read_before_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract reads the same pixels alike: a crop met again (the countersigner's box of
    every return one program printed) takes its reading from the first time, and only
    the very same pixels, read with the same options, do."""
    engine.forget_readings()
    calls: list[tuple[int, ...]] = []
    original = engine._read_box

    def counted(image: np.ndarray, *args: object, **kwargs: object) -> engine.Reading:
        calls.append(np.asarray(image).shape)
        return original(image, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_read_box", counted)
    crop = _drawn("David Blei")
    first = engine.read_box(crop)
    assert first.text == "David Blei"
    assert engine.read_box(crop.copy()) == first
    assert len(calls) == 1
    # a pixel otherwise, other options
    other = crop.copy()
    other[30, 200] = 0
    engine.read_box(other)
    engine.read_box(crop, lines=2)
    engine.read_box(crop, whitelist="0123456789")
    assert len(calls) == 4
    from PIL import Image

    # (a PIL image is read as itself, its mode in the key: a palette's indices are no grey)
    assert engine.read_box(Image.fromarray(crop)) == first
    assert engine.read_box(Image.fromarray(crop)) == first
    assert len(calls) == 5
    engine.forget_readings()
    assert engine.read_box(crop) == first
    assert len(calls) == 6


def test_records_do_not_depend_on_the_crops_read_before(tmp_path: Path) -> None:
    """A print read after others of the same program (their crops kept) reads as it
    does first in a process."""
    release = dataclasses.replace(A.RELEASE, speaker_name="Bohyung Han", signature="Bohyung Han")
    other = dataclasses.replace(A.RELEASE, speaker_name="Minsoo Kang", signature="Minsoo Kang")
    prints = []
    for name, made in (("a", release), ("b", other)):
        source = fill_pdftk(made, tmp_path / f"{name}.pdf")
        prints.append(flatten_with("pdftocairo", source, tmp_path / f"{name}-printed.pdf"))
    engine.forget_readings()
    alone = parse(prints[1])
    engine.forget_readings()
    parse(prints[0])
    assert parse(prints[1]) == alone
