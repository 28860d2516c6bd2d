"""A name with a hyphen, broken after it at a line's end: read with its hyphen.

PDFium marks a hyphen that ends a line (its code 2, ``FPDFText_IsHyphen``); the page's
text in one call gives U+FFFE for it, which names no character. Read so, a Chromium print
of the agreement with "Käthe Müller-" at the end of a line and "Lüdenscheidt" at the
start of the next said "Käthe Müller Lüdenscheidt" there, and "Käthe Müller-Lüdenscheidt"
in the signature block: ``name-mismatch``, an honest return `invalid`. The hyphen now
reads ``-``, and a value broken after one goes on without a space.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pubrelease import Status, parse
from pubrelease.demo import SEED_RELEASES
from pubrelease.form.wording import _split_values
from pubrelease.pdf.chartable import read_chars

from . import returns as R

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("name", "style"),
    [
        ("Käthe Müller-Lüdenscheidt", "roman-ballot-typed"),
        ("Jean-Baptiste Lefèvre d'Aubigné", "helvetica-cssbox-typed"),
    ],
)
def test_a_name_broken_after_its_hyphen_reads_whole(name: str, style: str, tmp_path: Path) -> None:
    release = dataclasses.replace(
        SEED_RELEASES[0],
        speaker_name=name,
        signature=name,
        event_title="Downstream Effects of Mainstream Pretraining Data",
        effective_date=dt.date(2021, 9, 4),
        sign_date=dt.date(2021, 9, 4),
    )
    path = R.render_html(release, tmp_path / "print.pdf", R.STYLES[style])
    with pdfium.PdfDocument(path) as doc:
        text = doc[0].get_textpage().get_text_range()
    assert name.split("-")[0] + "\ufffe" in text, "the name no longer ends a line there"
    record = parse(path, today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == name


def test_pdfiums_line_end_hyphen_is_a_character(tmp_path: Path) -> None:
    release = dataclasses.replace(
        SEED_RELEASES[0], speaker_name="Käthe Müller-Lüdenscheidt", signature=None
    )
    path = R.render_html(release, tmp_path / "print.pdf", R.STYLES["roman-ballot-typed"])
    with pdfium.PdfDocument(path) as doc:
        chars = read_chars(doc[0].get_textpage())
    text = "".join(chars.texts.tolist())
    assert text.count("Müller-Lüdenscheidt") == text.count("Müller") >= 1


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("Käthe Müller-\nLüdenscheidt", "Käthe Müller-Lüdenscheidt"),
        ("Käthe Müller -\nLüdenscheidt", "Käthe Müller - Lüdenscheidt"),
        ("Ada\nLovelace", "Ada Lovelace"),
        ("Learning -\n- and Forgetting", "Learning - - and Forgetting"),
    ],
)
def test_a_value_goes_on_after_a_hyphen_that_ends_a_line(raw: str, read: str) -> None:
    (slot,) = _split_values([("speaker_name", None)], raw)
    assert slot.text == read
