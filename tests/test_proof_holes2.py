"""Returns the reading of other tools' fills from their widgets
(:mod:`pubrelease.reading.provenfill`) took as proved, though a viewer shows otherwise
(a second review, session 36), each now left to the general path: a run must show its
whole font box (``plaintext.REACH``), pass its box by 3 % of its size at most
(``SLACK``), and the widget and its fields must hold what the template's do beside
their value, their appearance and a plain ``/DA`` (``provenfill._fixed``), their ``/V``
as written what the appearance shows.

Each is an honest pypdf fill changed only in one widget (its appearance, its value or its
field's entries), as an incremental update and re-saved. Two cuts that leave each letter
itself, a tail of which a third shows and a round letter's overshoot (``TAIL_SHOWN``,
``OVERSHOOT``), are taken, as the general path reads them (``TAKEN``).

* Cut glyphs (PDFium/Chrome, pdf.js, Acrobat alike: the appearance is clipped to its
  BBox). ``REACH`` lets an ASCII run be cut 8 % of its size below its baseline, and
  ``NEAR`` lets it pass the box by half a point more: an underscore (7.5 % to 12.5 %
  below the baseline in Helvetica, Times and Courier) vanishes, a comma reads as a full
  stop, a ``y`` as a ``v``; at 4 points half a point is 12.5 % of the size, so the top
  may be cut at 63.5 %, under the cap height (71.8 %): a ``T`` loses its bar and reads
  ``I``, an ``i`` its dot.
* pdf.js (Firefox, whose form layer is on by default) does not draw a text widget's
  appearance at all: it lays an HTML ``<input>`` over the box showing the field's ``/V``
  with the ``/DA``'s size and colour, the ``/MK /BG`` background, ``type=password`` for
  the password flag, the value sliced at ``/MaxLen``. None of those entries is looked at
  for a widget that has an appearance stream (``redrawn_widgets`` only looks at widgets
  viewers redraw), and ``/V`` is compared after ``text_value`` folded its white space.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pubrelease import Status

from .helpers import widget_readings
from .test_proven_fills import BUILDS, _field, built

TODAY = dt.date(2020, 9, 23)


def _drawn(field: str, content: bytes, value: str) -> Callable[[PdfWriter], None]:
    """``field``'s widget drawing ``content``, its ``/V`` ``value`` (what the proof reads)."""

    def edit(writer: PdfWriter) -> None:
        widget = _field(writer, field)
        widget["/AP"]["/N"].get_object().set_data(content)
        widget[NameObject("/V")] = TextStringObject(value)

    return edit


def _entry(key: str, value: object) -> Callable[[PdfWriter], None]:
    """The signature field (its own widget) given ``key``."""

    def edit(writer: PdfWriter) -> None:
        _field(writer, "signature")[NameObject(key)] = value

    return edit


HOLES: dict[str, Callable[[PdfWriter], None]] = {
    # signature box 260 x 13: baseline 0.45 pt up, the run reaches 0.896 pt below it
    # (8 %), 0.446 pt past the box's bottom (< NEAR); the BBox cuts at 4 % below the
    # baseline. Chrome shows "Ada  Lovelace" (the general path: value-clipped).
    "an underscore below the box": _drawn(
        "signature", b"BT /Helv 11.2 Tf 0 g 2 0.45 Td (Ada_Lovelace) Tj ET", "Ada_Lovelace"
    ),
    # shows "Lovelace. Ada" (the general path takes it too)
    "a comma cut to a full stop": _drawn(
        "signature", b"BT /Helv 11.2 Tf 0 g 2 0.45 Td (Lovelace, Ada) Tj ET", "Lovelace, Ada"
    ),
    # title box 39 pt high, 4 pt text whose 76 % line is 0.5 pt over the box's top: the
    # BBox cuts at 63.5 % of the size; shows "Iutorial on Iransformers", its i undotted
    # (the general path: shown-text-unchecked)
    "T cut to I at 4 points": _drawn(
        "event_title",
        b"BT /Helv 4 Tf 0 g 2 36.46 Td (Tutorial on Transformers) Tj ET",
        "Tutorial on Transformers",
    ),
    # pdf.js: <input type=password>, a row of bullets
    "a password field": _entry("/Ff", NumberObject(1 << 13)),
    # pdf.js: the value sliced at /MaxLen: "Ada"
    "a /MaxLen shorter than the value": _entry("/MaxLen", NumberObject(3)),
    # pdf.js: the input's colour is the /DA's: white on white
    "a white /DA": _entry("/DA", TextStringObject("/Helv 11.2 Tf 1 g")),
    # pdf.js: the input's background is /MK /BG: black on black
    "a black /MK /BG": _entry(
        "/MK", DictionaryObject({NameObject("/BG"): ArrayObject([FloatObject(0)])})
    ),
    # pdf.js: the input's font size is the /DA's: half a pixel at 100 %
    "a /DA of half a point": _entry("/DA", TextStringObject("/Helv 0.5 Tf 0 g")),
    # text_value folds /V's white space; pdf.js shows /V as it is: "Ada" and 150 spaces,
    # "Lovelace" past the box's end
    "a value spaced out of its box": _entry("/V", TextStringObject("Ada" + " " * 150 + "Lovelace")),
    # baseline 1.2 pt up: the y's tail shows 49 %, but the underscore (17.5 % to 20 % below
    # the baseline) not at all: "Ada Lovelacy" (plaintext.TAIL_SHOWN has no underscore)
    "an underscore beside tails shown": _drawn(
        "signature", b"BT /Helv 11.2 Tf 0 g 2 1.2 Td (Ada_Lovelacy) Tj ET", "Ada_Lovelacy"
    ),
    # a Q cut 1.2 pt below its baseline keeps a stub of its tail: an O to a reader
    "a Q's tail cut": _drawn(
        "signature", b"BT /Helv 11.2 Tf 0 g 2 1.2 Td (Quinn Lovelacy) Tj ET", "Quinn Lovelacy"
    ),
}

TAKEN: dict[str, Callable[[PdfWriter], None]] = {
    # baseline 1.2 pt up, the box's bottom cutting the tails: the y keeps 49 % of its
    # tail, more than inkspan.TAIL_SHOWN's third
    "a tail cut, half shown": _drawn(
        "signature", b"BT /Helv 11.2 Tf 0 g 2 1.2 Td (Ada Lovelacy) Tj ET", "Ada Lovelacy"
    ),
    # baseline 1.12 pt up: the comma keeps 57 % of its tail (0.174 of the size in the
    # deepest viewer's font), more than inkspan.COMMA_SHOWN's half: a comma in every
    # viewer; the general path reads the box by OCR, as it reads the value
    "a comma's tail cut, 57 % shown": _drawn(
        "signature", b"BT /Helv 11.2 Tf 0 g 2 1.12 Td (Lovelace, Ada) Tj ET", "Lovelace, Ada"
    ),
    # baseline 0.45 pt up: shows "Ada Lovelacv", which the general path vouches for (the
    # run whole within a tenth of a point on its other sides, plaintext.EDGE)
    "a y cut to a v": _drawn(
        "signature", b"BT /Helv 11.2 Tf 0 g 2 0.45 Td (Ada Lovelacy) Tj ET", "Ada Lovelacy"
    ),
    # 30 points, the baseline 0.1 pt above the title box's bottom: the o's and e's
    # overshoot (up to 2.4 % of the size below the baseline, 0.7 pt) cut, their bodies
    # whole (plaintext.OVERSHOOT; the baseline itself inside, plaintext.BASELINE_IN)
    "overshoots cut at 30 points": _drawn(
        "event_title",
        b"BT /Helv 30 Tf 0 g 2 0.1 Td (Notes on a Data Model) Tj ET",
        "Notes on a Data Model",
    ),
}


FOLDED = frozenset({"a value spaced out of its box"})
"""Holes in ``/V``'s white space alone, which the reading from widgets reads folded, as
the stored values are read (a space pasted at a value's end, Enter in the title), the
appearance proved: pdf.js's form layer showing it otherwise is found on both paths
(:func:`test_what_firefox_draws_otherwise_is_a_viewers_disagreement`)."""


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("hole", sorted(set(HOLES) - FOLDED))
def test_a_value_a_viewer_shows_otherwise_is_not_proved(
    honest: bytes, hole: str, build: str
) -> None:
    record, taken, general = widget_readings(built(honest, HOLES[hole], build), today=TODAY)
    assert not taken, (hole, record.status, record.signature, general.status)


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("cut", sorted(TAKEN))
def test_a_value_whose_tails_or_overshoots_a_clip_cuts_is_proved_as_the_general_path_reads_it(
    honest: bytes, cut: str, build: str
) -> None:
    record, taken, general = widget_readings(built(honest, TAKEN[cut], build), today=TODAY)
    assert taken, cut
    assert record == general


FIREFOX = (
    "a password field",
    "a white /DA",
    "a black /MK /BG",
    "a /DA of half a point",
    "a value spaced out of its box",
)
"""The holes pdf.js's form layer shows: Firefox draws the field from its value, in the
``/DA``'s size and colour on the ``/MK /BG``, as a password, its white space as written
(a ``/MaxLen`` shorter than the value cuts it only while a person types in it: not here,
though the reading from widgets leaves it to the general path)."""


@pytest.mark.parametrize("build", BUILDS)
@pytest.mark.parametrize("hole", FIREFOX)
def test_what_firefox_draws_otherwise_is_a_viewers_disagreement(
    honest: bytes, hole: str, build: str
) -> None:
    record, taken, general = widget_readings(built(honest, HOLES[hole], build), today=TODAY)
    assert taken is (hole in FOLDED)  # (white space alone: found from the widgets too)
    assert record == general
    said = [f.message for f in record.findings if f.code == "viewers-disagree"]
    assert any("Firefox" in m for m in said), record.findings
    assert record.status is Status.INVALID
