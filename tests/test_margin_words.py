"""Words of a printed header's file name that are none a printer's, the form's or the
release's: for a person to look at.

A browser's or Ghostscript's header and footer name the document printed. The margin
pass (:mod:`pubrelease.reading.margins`) refused a name whose words its deny-list
holds and took every other name for a printer's: a Korean "동의하지_않음.pdf" ("I do
not agree"), a Chinese "不同意发表.pdf" ("do not agree to publish") or another
speaker's "Release_Jane_Doe_speaker.pdf" read ``valid``. Now a name's words are also
held against what an honest print's name is made of (:mod:`pubrelease.reading.marginwords`):
a word that is no printer's, the form's or the release's own makes ``margin-marks``
(warning), the words quoted, and the return ``incomplete``; honest names stay
``valid``, refusals the deny-list holds ``invalid``.

Made by real programs (failing under ``CI=true`` when one is missing): headless
Chromium's header and footer on Letter (the Korean and Chinese titles drawn in the Noto
Sans fonts pubrelease depends on, made static for it: :func:`.helpers.chromium_header_sheet`)
laid over the release as ``pdftocairo -pdf`` prints it, and on A4, fit; Ghostscript's
``pdfwrite`` writing the header and footer itself (``tests/test_letter_prints.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io

import pytest
from pypdf import PdfReader

from pubrelease import Record, Severity, Status, fill, parse
from pubrelease.form.registry import load_form

from . import attacks as A
from .helpers import chromium_header_sheet
from .test_letter_prints import _by_chromium, _by_gs
from .test_uneven_prints import _header_sheet as _a4_header_sheet
from .test_uneven_prints import _on_a4_with

KOREAN = "동의하지_않음.pdf"  # "I do not agree"
CHINESE = "不同意发表.pdf"  # "do not agree to publish"
OTHER_SPEAKER = "Release_Jane_Doe_speaker.pdf"  # the release is Bohyung Han's
ACCENTED = "Zoë Lefèvre-Müller"
HANGUL = "김철수"


@functools.cache
def _issued(speaker: str) -> bytes:
    """The attacks' release issued to ``speaker`` (who signs it with the name)."""
    release = dataclasses.replace(A.RELEASE, speaker_name=speaker, signature=speaker)
    return fill(release, today=dt.date(2020, 7, 1))


def _codes(record: Record) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity.value, f.message) for f in record.findings]


def _for_a_person(record: Record, *words: str) -> None:
    """``record`` is ``incomplete`` for ``margin-marks`` warnings quoting ``words``."""
    assert record.status is Status.INCOMPLETE, _codes(record)
    marks = [f for f in record.findings if f.code == "margin-marks"]
    assert marks and all(f.severity is Severity.WARNING for f in marks), _codes(record)
    assert all(repr(word) in f.message for f in marks for word in words), _codes(record)
    assert "neither a printer's nor the form's or this release's" in marks[0].message
    assert "print-header" not in {f.code for f in record.findings}


def _honest(record: Record, name: str) -> None:
    """``record`` is ``valid``, its header said as a printer's, quoting ``name``."""
    assert record.status is Status.VALID, _codes(record)
    headers = [f for f in record.findings if f.code == "print-header"]
    assert headers and all(f.severity is Severity.INFO for f in headers), _codes(record)
    assert repr(name) in headers[0].message, _codes(record)
    assert "margin-marks" not in {f.code for f in record.findings}


def test_chromium_draws_a_korean_and_chinese_title_in_embedded_fonts() -> None:
    """Not Type 3 pictures (a variable font's, or no font at all): the margin reading
    takes no such words for a printer's, and the tests below would prove nothing."""
    title = f"{HANGUL}_{CHINESE}"
    page = PdfReader(io.BytesIO(chromium_header_sheet(title, "8.5in 11in"))).pages[0]
    fonts = page["/Resources"]["/Font"]
    kinds = {fonts[name].get_object()["/Subtype"] for name in fonts}
    assert kinds == {"/Type0"}, kinds
    assert title in "".join(page.extract_text().split())


@pytest.mark.parametrize(
    ("title", "words"),
    [(KOREAN, ("동의하지", "않음")), (CHINESE, ("不同意发表",)), (OTHER_SPEAKER, ("Jane", "Doe"))],
)
def test_a_file_name_of_other_words_in_a_chromium_header_is_for_a_person(
    title: str, words: tuple[str, ...]
) -> None:
    """Fails on main: ``valid``, the header a printer's (``print-header``)."""
    _for_a_person(parse(_by_chromium(title), today=A.TODAY), *words)


def test_a_refusal_in_korean_on_an_a4_print_is_for_a_person() -> None:
    """The same words over an A4 sheet's margin (the page laid in the form's frame)."""
    record = parse(_on_a4_with(_a4_header_sheet(KOREAN)), today=A.TODAY)
    _for_a_person(record, "동의하지", "않음")


def test_another_speakers_name_in_a_ghostscript_header_is_for_a_person() -> None:
    address = f"file:///home/jane/Downloads/{OTHER_SPEAKER}"
    record = parse(_by_gs(OTHER_SPEAKER, address=address), today=A.TODAY)
    _for_a_person(record, "Jane", "Doe")


def test_a_korean_speakers_own_name_with_a_refusal_is_for_a_person() -> None:
    title = f"{HANGUL}_{KOREAN}"
    record = parse(_by_chromium(title, issued=_issued(HANGUL)), today=A.TODAY)
    assert record.speaker_name == HANGUL
    _for_a_person(record, "동의하지", "않음")


@pytest.mark.parametrize(
    "title",
    [
        "release.pdf",
        "ICML2020_release_Bohyung_Han.pdf",
        "BohyungHan-publishing-release-final.pdf",
        "publishing-release (1).pdf",  # (fails on main: a name with a space was words)
        "Scan_2020-09-15.pdf",
    ],
)
def test_an_honest_file_name_in_a_chromium_header_reads_valid(title: str) -> None:
    _honest(parse(_by_chromium(title), today=A.TODAY), title)


@pytest.mark.parametrize(
    ("speaker", "title"),
    [
        (ACCENTED, "Zoë_Lefèvre-Müller_ICML2020.pdf"),
        (ACCENTED, "ICML_release_Zoe_Lefevre-Mueller_signed.pdf"),  # (accents left out)
        (HANGUL, f"{HANGUL}.pdf"),
        (HANGUL, f"ICML2020_{HANGUL}_release.pdf"),
    ],
)
def test_the_speakers_own_name_in_a_chromium_header_reads_valid(speaker: str, title: str) -> None:
    record = parse(_by_chromium(title, issued=_issued(speaker)), today=A.TODAY)
    assert record.speaker_name == speaker
    _honest(record, title)


def test_an_honest_ghostscript_header_reads_valid() -> None:
    address = "file:///home/x/Downloads/release.pdf"
    record = parse(_by_gs("release.pdf", address=address), today=A.TODAY)
    _honest(record, address)


@pytest.mark.parametrize("title", ["I_do_not_agree_to_publication.pdf", f"{HANGUL}_DECLINED.pdf"])
def test_a_refusal_the_deny_list_holds_stays_invalid(title: str) -> None:
    record = parse(_by_chromium(title, issued=_issued(HANGUL)), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)
    marks = [f for f in record.findings if f.code == "margin-marks"]
    assert any(f.severity is Severity.ERROR and repr(title) in f.message for f in marks)


def test_the_words_of_addresses_and_file_names() -> None:
    """Which words of a printer's name are for a person (no outside program)."""
    from pubrelease.reading.margins import _REFUSING, printers_piece
    from pubrelease.reading.marginwords import known_words, unknown_words

    form = load_form("icml-2020")
    known = known_words(form, ["Bohyung Han", "Learning to Rank Proposals"], _REFUSING)
    honest = [
        "about:blank",
        "file:///home/x/Downloads/release.pdf",
        "file:///tmp/chromium-uwbnqzxy/page.html",  # (a program's temporary folder)
        "file:///tmp/chromium-k9t2x5cz/page.html",
        "file:///C:/Users/Jane%20Doe/Downloads/release%20(1).pdf",  # (an account's name)
        "https://icml.cc/Conferences/2020/release.pdf?dl=1&id=x7f3q",
        "bhan_ICMLRelease_v2.pdf",
        "Learning-to-Rank-Proposals.pdf",
    ]
    assert all(printers_piece(p, form) for p in honest)
    assert {p: unknown_words(p, known) for p in honest} == {p: [] for p in honest}
    assert unknown_words("file:///home/x/%EB%8F%99%EC%9D%98/release.pdf", known) == ["동의"]
    assert unknown_words("Han_nope1.pdf", known) == ["nope"]  # (not an identifier)
    assert unknown_words("invalidform.pdf", known) == ["invalidform"]  # (no refusal run in)
