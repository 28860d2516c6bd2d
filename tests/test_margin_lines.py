"""A printer's header and footer lines that main at ec2449f misread (review rev34).

A browser prints the date and time, the page's title, its address and "1/1" at the top
and bottom of each page (:mod:`pubrelease.reading.furniture` over another system's layout,
:mod:`pubrelease.reading.margins` in the margin of the form's own sheet). On main:

* a header line with a date but no time of day "h:mm", with "3.40 PM", or with no date
  at all was left in the page's text, where only a deny-list read it: "Rights revert to
  me" above the agreement read ``valid``; so did a page's title or a file's name made of
  known words only, "Private recording", "Video out", "Rights to Bohyung Han" (words of
  where a file lay and words that join others into a sentence were known);
* a footer's address was read for refusing words in the folders the page lay in: an
  honest folder "no" (``file:///Users/no/Downloads/release.pdf``, Chromium's
  ``file:///tmp/.../no/Downloads/page.html``) or the host ``www.uio.no`` read
  ``invalid``;
* a page's title holding a listed word of the release's own values ("Conditional Image
  Synthesis" for the speaker Jaehyun No) or a marking ("Confidential - ICML 2020
  Publishing Release") read ``invalid``: the line was refused before the values were read.

Made by real programs (failing under ``CI=true`` when one is missing): headless
Chromium's header and footer (``tests.helpers.chromium_header_sheet``) laid over a
Chromium page and a reportlab layout, lines of other browsers' formats drawn by reportlab,
and the form's issued release printed by pdftocairo.
"""

from __future__ import annotations

import functools
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from pubrelease import Record, Release, Status, parse

from . import attacks as A
from .helpers import chromium_header_sheet, require_tool
from .test_honest_refits import _layout
from .test_layout_headers import KINDS, NO_RELEASE, _line_above, _returned
from .test_margin_names import NO, _verdict
from .test_margin_words import _codes


@functools.cache
def _sheet(title: str, width: float, height: float, under: str) -> bytes:
    return chromium_header_sheet(title, f"{width:g}pt {height:g}pt", under=under)


def _with_header(data: bytes, title: str, under: str = "") -> bytes:
    """``data`` printed again with Chromium's header and footer for a page titled
    ``title`` whose address is ``.../<under>/page.html``, on each page's own paper."""
    writer = PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.merge_page(PdfReader(io.BytesIO(_sheet(title, width, height, under))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _on_the_forms_sheet(title: str, under: str = "") -> bytes:
    """The form's issued release printed by pdftocairo, Chromium's Letter header and
    footer laid over each page."""
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "issued.pdf", Path(folder) / "printed.pdf"
        source.write_bytes(A.issued())
        subprocess.run([require_tool("pdftocairo"), "-pdf", source, out], check=True)
        writer = PdfWriter(clone_from=out)
    over = PdfReader(io.BytesIO(_sheet(title, 612, 792, under))).pages[0]
    for page in writer.pages:
        page.merge_page(over)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _marks(record: Record) -> list[str]:
    return [f.message for f in record.findings if f.code == "margin-marks"]


# a header line a printer could write, holding "Rights revert to me": no time of day, a
# time with a dot, no date (Safari's, another locale's, a printer's driver's)
UNTIMED = [
    "12/3/26 Rights revert to me",
    "Rights revert to me file:///home/bo/release.html",
    "3.40 PM 12/3/2026 Rights revert to me",
    "Rights revert to me",
]


@pytest.mark.parametrize("line", UNTIMED)
@pytest.mark.parametrize("kind", KINDS)
def test_a_header_line_without_a_time_of_day_is_for_a_person(kind: str, line: str) -> None:
    """Fails on main: ``valid`` (left in the page's text, where the deny-list passed it)."""
    record = parse(_line_above(_layout(kind), line), today=A.TODAY)
    assert record.status is Status.INCOMPLETE, _codes(record)
    assert any("'revert'" in m or "Rights revert to me" in m for m in _marks(record)), _codes(
        record
    )


def test_a_line_of_unknown_words_at_the_foot_of_every_page_is_for_a_person() -> None:
    """Fails on main: ``valid`` (taken off as a running footer; the deny-list passed it)."""
    record = parse(_line_above(_layout("layout"), "Rights revert to me", every=True), today=A.TODAY)
    assert record.status is Status.INCOMPLETE, _codes(record)
    assert any("repeated at the pages' edges" in m for m in _marks(record)), _codes(record)


# titles and file names of words each known, which together restrict what is given
KNOWN_WORDS = ["Private recording", "Video out", "Rights to Bohyung Han"]


@pytest.mark.parametrize("title", KNOWN_WORDS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_title_of_known_words_beside_a_browsers_date_is_for_a_person(
    kind: str, title: str
) -> None:
    """Fails on main: ``valid`` (said as a printer's header)."""
    record = parse(_with_header(_returned(kind, A.RELEASE), title), today=A.TODAY)
    assert record.status is Status.INCOMPLETE, _codes(record)
    assert _marks(record) and all(title in m for m in _marks(record)), _codes(record)


NAMES = ["Private recording.pdf", "Video_out.pdf", "Rights to Bohyung Han.pdf"]


@pytest.mark.parametrize("name", NAMES)
def test_a_file_name_of_known_words_is_for_a_person(name: str) -> None:
    """Fails on main: ``valid`` in the form's sheet's margin and over a layout."""
    assert _verdict(name) == "incomplete"
    record = parse(_with_header(_returned("layout", A.RELEASE), name), today=A.TODAY)
    assert record.status is Status.INCOMPLETE, _codes(record)


@pytest.mark.parametrize(
    "name",
    ["out.pdf", "temp.pdf", "release_to_sign.pdf", "My release.pdf", "Shared release.pdf"],
)
def test_a_file_name_of_one_word_or_of_other_known_words_stays_valid(name: str) -> None:
    """Guards (pass on main too): a program's output, "to" beside the form's words."""
    assert _verdict(name) == "valid"


def test_a_file_name_of_known_words_on_the_forms_sheet_is_for_a_person() -> None:
    """Fails on main: ``valid``."""
    record = parse(_on_the_forms_sheet("Private recording.pdf"), today=A.TODAY)
    assert record.status is Status.INCOMPLETE, _codes(record)
    assert any("'Private'" in m for m in _marks(record)), _codes(record)


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("file:///Users/no/Downloads/release.pdf", "valid"),  # (an account's name)
        ("file:///home/bo/declined/release.pdf", "incomplete"),  # (a folder: for a person)
        ("https://www.uio.no/release.pdf", "incomplete"),  # (a country's domain)
        # guards: what the writer names refuses
        ("file:///home/x/NOT_AGREED.pdf", "invalid"),
        ("https://icml.cc/release.pdf?consent=false", "invalid"),
        ("https://not-agreed.example.org/release.pdf", "invalid"),
    ],
)
def test_an_addresss_folders_are_not_the_signers_words(address: str, status: str) -> None:
    """Fails on main for the first three: ``invalid`` ("no", "declined" are listed)."""
    assert _verdict(address) == status


def test_a_chromium_footers_folder_with_a_listed_word_is_not_invalid() -> None:
    """The page printed from a folder ``no/Downloads``: Chromium's footer reads
    ``file:///tmp/chromium-<pid>/no/Downloads/page.html``. Fails on main: ``invalid``;
    the folder's word is for a person, not a refusal."""
    for data in (
        _with_header(_returned("layout", A.RELEASE), "release.pdf", under="no/Downloads"),
        _on_the_forms_sheet("release.pdf", under="no/Downloads"),
    ):
        record = parse(data, today=A.TODAY)
        assert record.status is Status.INCOMPLETE, _codes(record)
        assert any("'no'" in m and "/no/Downloads/page.html" in m for m in _marks(record))


@pytest.mark.parametrize(
    ("title", "status", "release"),
    [
        ("Conditional Image Synthesis", "valid", NO_RELEASE),  # (the event's own title)
        (f"{NO[0]} - {NO[1]}", "valid", NO_RELEASE),
        ("Confidential - ICML 2020 Publishing Release", "valid", A.RELEASE),  # (a marking)
        # guards: a listed word beside the values, after the marking
        ("Conditional Image Synthesis: no video", "invalid", NO_RELEASE),
        ("Confidential: not for publication", "invalid", A.RELEASE),
    ],
)
@pytest.mark.parametrize("kind", KINDS)
def test_a_title_of_the_releases_own_words_is_judged_with_them(
    kind: str, title: str, status: str, release: Release
) -> None:
    """Fails on main for the first three: ``invalid`` (the line refused before the
    release's values were read)."""
    record = parse(_with_header(_returned(kind, release), title), today=A.TODAY)
    assert record.status.value == status, _codes(record)
    assert record.speaker_name == release.speaker_name
    if status == "valid":
        headers = [f.message for f in record.findings if f.code == "print-header"]
        assert headers and all(title in m for m in headers), _codes(record)
