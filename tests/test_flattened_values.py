"""Values drawn into the page read back as issued, however the release was flattened.

A flattened release has its values only as drawn text: a name too long for one line
is set on two smaller lines inside its box, a right-to-left or Indic name is drawn in
visual order with ``/ActualText`` clusters, and every flattener (ours, pdftk, qpdf)
keeps each field's appearance as a form XObject. ``parse`` must read each value where
its box stands, to the logical string, and an honest return must stay ``valid``: no
``name-mismatch``, ``modified-after-issue`` or ``hidden-text``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata
from pathlib import Path

import pytest

from pubrelease import Consent, Record, Release, fill, parse
from pubrelease.text import same_text

from .helpers import require_tool
from .returns import flatten_with

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

TITLE = " ".join(["Operation-Aware Soft Channel Pruning using Differentiable Masks"] * 3)
LONG = {
    "latin": "Maximilian Alexander Christopher Wolfgang Bartholomew von Habsburg-Lothringen",
    "arabic": "محمد عبد الله بن عبد الرحمن بن أحمد بن محمد بن علي بن حسن بن حسين بن جعفر "
    "بن موسى الهاشمي القرشي العلوي",
}
SHORT = {
    "arabic": "محمد عبد الله",
    "mixed": "محمد Ali",
    "hebrew": "רבקה לוי",
    "hindi": "प्रिया शर्मा",
    "bengali": "রবীন্দ্রনাথ ঠাকুর",
    "tamil": "சுப்பிரமணியன் பாரதி",
    "thai": "สมชาย ใจดี",
}
FLATTENERS = ("pubrelease", "pdftk", "qpdf")
MIXED_ON_TWO_LINES = {
    "arabic-first": "محمد عبد الرحمن Ali Hassan Al-Sayed bin Mohammed Abdullah Rahman Khalid",
    "latin-first": "Ali Hassan Al-Sayed bin Mohammed Abdullah Rahman محمد عبد الرحمن Khalid Omar",
}


def _release(name: str, title: str = "Short title") -> Release:
    return Release(
        speaker_name=name,
        event_title=title,
        event_date=dt.date(2020, 7, 15),
        effective_date=dt.date(2020, 9, 1),
        consent=Consent.ACCEPT,
        signature=name,
        sign_date=dt.date(2020, 9, 23),
    )


def _flattened(release: Release, how: str, folder: Path, *, strict: bool = True) -> Path:
    if how == "pubrelease":
        out = folder / "own.pdf"
        out.write_bytes(fill(release, flatten=True))
        return out
    live = folder / "live.pdf"
    live.write_bytes(fill(release))
    return flatten_with(how, live, folder / f"{how}.pdf", strict=strict)  # type: ignore[arg-type]


def _assert_honest(path: Path, release: Release) -> Record:
    record = parse(path)
    errors = [(f.code, f.message) for f in record.findings if f.severity.value == "error"]
    assert errors == []
    assert record.speaker_name is not None and record.signature is not None
    # a mixed-direction value may read back in the other order that shows alike
    assert same_text(record.speaker_name, release.speaker_name), record.speaker_name
    assert same_text(record.signature, release.speaker_name), record.signature
    assert record.event_title == release.event_title
    assert record.event_date == release.event_date
    assert record.status.value == "valid"
    return record


def _lines_in_name_box(path: Path) -> int:
    """How many lines of text poppler finds inside the first speaker_name box of page 1
    (72, 656)-(262, 669) pt, cropped a point inside it."""
    args = ["-f", "1", "-l", "1", "-x", "73", "-y", "124", "-W", "188", "-H", "11", "-layout"]
    out = subprocess.run(
        [require_tool("pdftotext"), *args, str(path), "-"], capture_output=True, check=True
    )
    return sum(1 for line in out.stdout.decode().splitlines() if line.strip())


@pytest.mark.parametrize("how", FLATTENERS)
@pytest.mark.parametrize("script", sorted(LONG))
def test_a_name_on_two_lines_reads_back(script: str, how: str, tmp_path: Path) -> None:
    release = _release(LONG[script])
    path = _flattened(release, how, tmp_path)
    assert _lines_in_name_box(path) == 2  # the case under test: the name is on two lines
    _assert_honest(path, release)


def test_a_title_on_several_lines_and_a_long_name_read_back(tmp_path: Path) -> None:
    release = _release(LONG["latin"], TITLE)
    _assert_honest(_flattened(release, "pdftk", tmp_path), release)


@pytest.mark.parametrize(
    ("script", "how"),
    [(script, FLATTENERS[k % 2]) for k, script in enumerate(sorted(SHORT))],
)
def test_a_shaped_name_reads_back_and_shows(script: str, how: str, tmp_path: Path) -> None:
    """``/ActualText`` clusters of a flattened name are placed where they are drawn: no
    ``hidden-text`` for glyphs PDFium reports in the form's space, and no word break
    lost next to such a cluster."""
    release = _release(SHORT[script])
    _assert_honest(_flattened(release, how, tmp_path), release)


STACKED = {"acute-x": "Zúñiga x\u0301 Test", "dot-grave-q": "Q\u0323\u0300 Name"}
"""Latin letters whose marks have no precomposed form: drawn as a base glyph and mark
glyphs in one ``/ActualText`` span, the base letter coded below the combining marks."""


@pytest.mark.parametrize("how", FLATTENERS)
@pytest.mark.parametrize("name", sorted(STACKED))
def test_a_latin_letter_with_stacked_marks_reads_back(name: str, how: str, tmp_path: Path) -> None:
    """The base letter of a span is placed with its marks: it was left where PDFium
    reports it, in the field's form space, read as hidden text at the page's corner
    and dropped from the name (value-disagreement, invalid)."""
    release = _release(STACKED[name])
    _assert_honest(_flattened(release, how, tmp_path), release)


PRINTERS = ("gs", "pdftocairo", "mutool")
"""Programs that print the release into a new PDF: no fields, no catalog entry of ours."""


@pytest.mark.parametrize("how", PRINTERS)
def test_a_release_printed_to_pdf_is_read_on_the_form(how: str, tmp_path: Path) -> None:
    """Without the catalog's word, the form's pages are known by where their wording
    stands, so a two-line name in its box is read as one value again."""
    release = _release(LONG["latin"], TITLE)
    path = _flattened(release, how, tmp_path)
    assert _lines_in_name_box(path) == 2
    assert parse(path).source.value == "flattened"
    _assert_honest(path, release)


def test_a_page_printed_fit_to_a4_is_read_on_the_forms_pages(tmp_path: Path) -> None:
    """The same pages printed shrunk onto A4 ("fit to page") show the form's pages: laid
    in its frame scaled back (``pubrelease.pdf.fitted``), they are read as a print of them
    (they were read as another system's layout, which lost what the form's geometry gives:
    tests/test_a4_prints.py)."""
    release = _release("Ada Lovelace")
    live = tmp_path / "live.pdf"
    live.write_bytes(fill(release))
    out = tmp_path / "a4.pdf"
    subprocess.run(
        [require_tool("gs"), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
         "-sPAPERSIZE=a4", "-dFIXEDMEDIA", "-dPDFFitPage", f"-sOutputFile={out}", str(live)],
        check=True,
    )  # fmt: skip
    record = parse(out)
    assert record.source.value == "flattened"
    assert record.speaker_name == "Ada Lovelace"
    _assert_honest(out, release)


@pytest.mark.parametrize("how", PRINTERS)
def test_a_print_that_lost_a_page_of_wording_says_so(how: str, tmp_path: Path) -> None:
    """Ghostscript 10.0 printed pypdf's fills with the second page's wording gone (the
    values alone). The first page is still the form's: the error says how much of the
    wording is there instead of calling the file no release."""
    from pypdf import PdfWriter
    from pypdf.generic import ContentStream

    release = _release("Ada Lovelace")
    path = _flattened(release, how, tmp_path)
    writer = PdfWriter(clone_from=path)
    page = writer.pages[1]
    page.replace_contents(ContentStream(None, writer))
    out = tmp_path / "no-wording.pdf"
    writer.write(out)
    record = parse(out)
    assert record.status.value == "unreadable"
    message = record.findings[0].message
    assert "first page is icml-2020's" in message and " of the 13 parts" in message, message


def _without_glyph_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Values read from the text layer alone, as before reading/glyphtext.py."""
    from pubrelease.reading import read

    monkeypatch.setattr(read, "values_from_glyphs", lambda *args: {})


@pytest.mark.parametrize("glyphs", [True, False], ids=["glyphs-read", "text-layer-only"])
def test_a_name_whose_glyphs_the_print_cannot_name(
    glyphs: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pdftocairo writes shaped Arabic glyphs without characters (U+FFFD). The name is
    read from the glyphs (reading/glyphtext.py), and the return is valid; read from the
    text layer alone, it can only be read on the page: ``incomplete``, and the finding
    says so (nothing says the name is wrong: a person reads it)."""
    name = SHORT["arabic"]
    live = tmp_path / "live.pdf"
    live.write_bytes(fill(_release(name)))
    printed = flatten_with("pdftocairo", live, tmp_path / "cairo.pdf", strict=False)
    if not glyphs:
        _without_glyph_reading(monkeypatch)
    record = parse(printed)
    if glyphs:
        assert record.speaker_name == name
        assert record.status.value == "valid", record.findings
        return
    assert "\ufffd" in (record.speaker_name or ""), "pdftocairo names every glyph: a new case"
    assert "unnamed-characters" in {f.code for f in record.findings}
    assert record.status.value == "incomplete", record.findings


@pytest.mark.parametrize("how", ["gs", "pdftocairo"])
def test_a_persian_name_a_print_cannot_name_is_for_a_person_to_read(
    how: str, tmp_path: Path
) -> None:
    """A Persian name written with a zero-width non-joiner: both printers draw some of
    its joined forms with glyphs their text layer names no character for, and the
    reading cannot tell them from their outlines. Nothing says the name is wrong: the
    return is ``incomplete`` with ``unnamed-characters`` (a person reads the page), not
    ``invalid`` as it was, alone and against its roster row."""
    name = "فاطمه\u200cزهرا محمدی"
    live = tmp_path / "live.pdf"
    live.write_bytes(fill(_release(name)))
    printed = flatten_with(how, live, tmp_path / f"{how}.pdf", strict=False)  # type: ignore[arg-type]
    record = parse(printed)
    unnamed = [f for f in record.findings if f.code == "unnamed-characters"]
    assert unnamed and all(f.severity.value == "warning" for f in unnamed), record.findings
    assert "read the value on the page" in unnamed[0].message
    assert record.status.value == "incomplete", record.findings
    # against the roster: the letters it names are the roster's name, in order (the
    # holes for the person to read); another roster name is still a mismatch
    rostered = parse(printed, expected=_release(name))
    assert rostered.status.value == "incomplete", rostered.findings
    other = parse(printed, expected=_release("زهرا محمدی"))
    assert "roster-mismatch" in {f.code for f in other.findings}
    assert other.status.value == "invalid"


@pytest.mark.parametrize("glyphs", [True, False], ids=["glyphs-read", "text-layer-only"])
@pytest.mark.parametrize("name", ["محمد عبد الله", "प्रिया शर्मा"], ids=["arabic", "devanagari"])
def test_a_name_mutool_maps_to_control_codes_is_unnamed_not_hidden(
    name: str, glyphs: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mutool's print of a release names the joined and conjunct glyphs it finds in no
    ``cmap`` by control codes (\x04...): like U+FFFD, glyphs the file names no character
    for, read from the glyphs; from the text layer alone, ``unnamed-characters``, not
    characters hidden in the value."""
    live = tmp_path / "live.pdf"
    live.write_bytes(fill(_release(name)))
    printed = flatten_with("mutool", live, tmp_path / "mutool.pdf", strict=False)
    if not glyphs:
        _without_glyph_reading(monkeypatch)
    record = parse(printed)
    value = record.speaker_name or ""
    codes = {f.code for f in record.findings}
    assert "hidden-characters" not in codes, record.findings
    if glyphs:
        # (MuPDF's own drawing of some glyphs is ink the text layer does not account
        # for: "محمد عبد الله" still reads invalid for ink-without-text)
        assert value == name
        assert "unnamed-characters" not in codes
        return
    assert any(unicodedata.category(c) == "Cc" for c in value), f"mutool names them: {value!r}"
    assert "unnamed-characters" in codes
    assert record.status.value != "valid"


@pytest.mark.parametrize("how", FLATTENERS)
def test_a_devanagari_name_keeps_a_space_between_two_clusters(how: str, tmp_path: Path) -> None:
    """Issue 11: "शर्मा" ends and "राजकुमारी" begins with an ``/ActualText`` cluster, and
    PDFium drops the space glyph drawn alone between the two. Its advance is still there,
    as a gap between the clusters' boxes, and a gap in a value box is a word break."""
    release = _release("अनन्या शर्मा राजकुमारी")
    record = _assert_honest(_flattened(release, how, tmp_path), release)
    assert record.speaker_name == release.speaker_name


@pytest.mark.parametrize("how", FLATTENERS)
@pytest.mark.parametrize("order", sorted(MIXED_ON_TWO_LINES))
def test_a_mixed_direction_name_on_two_lines_reads_in_order(
    order: str, how: str, tmp_path: Path
) -> None:
    """Issue 11: a name mixing directions, set on two lines, reads back in logical order.

    Each line alone shows alike in either paragraph direction ("Ali ... Rahman" beside
    the Arabic), but the two lines joined do not: the direction is the one the
    appearance's marked runs give (Latin at level 2 inside an Arabic-first name).
    ``strict=False``: pdftotext's text of such a value (visual order, with embedding
    controls) fools the check for mangled letters, and pdftk and qpdf keep our
    appearance streams as they are."""
    release = _release(MIXED_ON_TWO_LINES[order])
    path = _flattened(release, how, tmp_path, strict=False)
    assert _lines_in_name_box(path) == 2  # the case under test: the name is on two lines
    record = _assert_honest(path, release)
    assert record.speaker_name == release.speaker_name  # in order, not only alike
