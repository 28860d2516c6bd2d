"""Right-to-left values extracted by other programs: ``pdftotext`` gives the logical string.

A release is filled (and flattened) for Arabic and Persian names and titles, one-line and
two-line; poppler's ``pdftotext`` must give each value back as typed (its bidi control
marks U+202B/U+202C aside, which it writes for Chromium's PDFs too). The ``/ActualText``
span of a letter drawn as a body and dots reaches from the cluster's start to its end
(:func:`pubrelease.filling.glyphlines.show`): where it did not, poppler put a space inside
the word ("العمي ق"). Hebrew is also checked with PDFium and pdf.js, which give it back
too. What each extractor gives for the other cases is in docs/filling.md.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pubrelease import Release, fill, parse

from .helpers import pdfjs_texts, require_tool

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

NAMES = (
    "محمد علي",
    "فاطمة الزهراء بن يوسف",
    "نور الهدى",
    "يوسف القرضاوي",
    "محمدرضا شجریان",
    "پگاه گلپایگانی",
    "علی‌اکبر دهخدا",
)
TITLES = (
    "تعلم الآلة العميق",
    "یادگیری ژرف برای پردازش زبان طبیعی",
)
LONG_TITLE = (
    "الشبكات العصبية التلافيفية العميقة لتصنيف الصور الطبية وتجزئتها في المستشفيات"
    " الجامعية الكبرى في الشرق الأوسط وشمال أفريقيا"
)
"""Set on two lines in the title box."""


def _filled(tmp_path: Path, name: str, title: str, flatten: bool = True) -> Path:
    release = Release.create(
        speaker_name=name, event_title=title, event_date="2020-07-13", signature=name
    )
    path = tmp_path / "release.pdf"
    path.write_bytes(fill(release, flatten=flatten, today=dt.date(2020, 7, 1)))
    return path


def _pdftotext(path: Path) -> str:
    exe = require_tool("pdftotext")
    done = subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=120
    )
    return done.stdout.decode("utf-8")


def _clean(text: str) -> str:
    return " ".join(_CONTROLS.sub("", text).split())


@pytest.mark.parametrize("flatten", [True, False], ids=["flattened", "live"])
@pytest.mark.parametrize("name", NAMES)
def test_pdftotext_gives_an_arabic_or_persian_name_back(
    tmp_path: Path, name: str, flatten: bool
) -> None:
    path = _filled(tmp_path, name, "Talk", flatten)
    text = _clean(_pdftotext(path))
    # the name box, "I, <name>, agree", the printed name and the typed signature
    assert text.count(name) >= 3, text
    assert parse(path.read_bytes()).speaker_name == name


@pytest.mark.parametrize("title", TITLES)
def test_pdftotext_gives_a_title_back(tmp_path: Path, title: str) -> None:
    text = _clean(_pdftotext(_filled(tmp_path, "Ali Khan", title)))
    assert f"EventTitle: {title} " in text


def test_a_two_line_title_comes_back_line_by_line(tmp_path: Path) -> None:
    path = _filled(tmp_path, "Ali Khan", LONG_TITLE)
    lines = [_CONTROLS.sub("", line).strip() for line in _pdftotext(path).splitlines()]
    first = next(i for i, line in enumerate(lines) if LONG_TITLE.startswith(line.split(": ")[-1]))
    head = lines[first].split(": ")[-1]
    assert head and head != LONG_TITLE, "set on one line"
    assert f"{head} {lines[first + 1]}" == LONG_TITLE
    assert parse(path.read_bytes()).event_title == LONG_TITLE  # "الأوسط" in one word
    live = _filled(tmp_path, "Ali Khan", LONG_TITLE, flatten=False)
    assert parse(live.read_bytes()).event_title == LONG_TITLE


@pytest.mark.parametrize("name", ["لؤي الأحمد", "أحمد الإمام", "عبد الله الأنصاري"])
@pytest.mark.parametrize("title", ["الأسواق المالية الأكبر", "تعلم الآلة العميق"])
def test_a_lam_alef_with_hamza_reads_as_one_word_when_flattened(
    tmp_path: Path, name: str, title: str
) -> None:
    """PDFium makes up a space after the raised hamza's ``/ActualText`` span when the lam
    follows it; it stands inside the lam's box, no word break ("ا لأحمد" once)."""
    record = parse(_filled(tmp_path, name, title).read_bytes())
    assert (record.speaker_name, record.event_title) == (name, title)
    assert "modified-after-issue" not in {f.code for f in record.findings}


def test_poppler_writes_its_bidi_marks_around_right_to_left_text(tmp_path: Path) -> None:
    """U+202B ... U+202C around each right-to-left run: poppler's, not ours (the
    appearance stream has no such characters)."""
    raw = _pdftotext(_filled(tmp_path, "محمد علي", "Talk"))
    assert "\u202bمحمد علي\u202c" in raw


def test_hebrew_in_pdfium_and_pdfjs(tmp_path: Path) -> None:
    name, title = "שרה לוי", "למידה עמוקה לעיבוד שפה טבעית"
    path = _filled(tmp_path, name, title)
    page = pdfium.PdfDocument(str(path))[0]
    text = _clean(page.get_textpage().get_text_range())
    assert name in text and title in text
    pages = pdfjs_texts(path)
    assert name in _clean(pages[0]) and title in _clean(pages[0])
