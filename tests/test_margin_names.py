"""The file names and addresses a printer's header names a return by, as real users name
them and as a speaker who refuses could (the attacks of review 31).

A browser's or Ghostscript's header and footer name the document printed; the margin
pass (:mod:`pubrelease.reading.margins`) refuses a name whose words its deny-list holds
and says for a person a name of words none a printer's, the form's or the release's
(:mod:`pubrelease.reading.marginwords`). On main:

* honest names read ``invalid``: a name with a space or an apostrophe ("Scan 2020-09-15
  at 10.32.11.pdf", "Bohyung_Han's_release.pdf"), a name of the release's own values
  holding a listed word (an event's title "... Object Detection", a surname "No");
* dishonest names read ``valid``: sentences of the form's wording's words
  ("rights_revert_to_me.pdf"), a name's initials as free letters ("opt_out.pdf"), words
  run into digits ("Unwilling2020v2.pdf", "Dr0p.pdf"), a refusal shaped as a date
  ("Declined 15, 2027"), accents over listed words ("Décliné.pdf"), words in an
  address's host, query or fragment, or after a second "home" or "tmp" folder;
* honest storage places read ``incomplete`` (iCloud Drive, OneDrive for Business,
  Outlook's and Apple Mail's attachments, a zip's temporary folder, Google Drive's
  viewer, CamScanner) and a hyphenated given name ("Bo-hyung").

Fast tests read the header's pieces through :func:`margin_findings` as a sheet's margin;
a few print with headless Chromium and Ghostscript (``tests/test_letter_prints.py``).
"""

from __future__ import annotations

import pytest

from pubrelease import Severity, Status, parse
from pubrelease.form.registry import load_form
from pubrelease.pdf.reframe import Frame
from pubrelease.pdf.sheetmargin import Margin, MarginLine
from pubrelease.reading.margins import margin_findings

from . import attacks as A
from .test_letter_prints import _by_chromium, _by_gs
from .test_margin_words import _codes, _issued

VALUES = ("Bohyung Han", "Learning to Rank Proposals for Object Detection", "David Blei")
NO = ("Jaehyun No", "Conditional Image Synthesis")
"""A Korean speaker surnamed No, an event's title with a listed word."""


def _verdict(piece: str, values: tuple[str, ...] = VALUES) -> str:
    """What a header of ``piece`` (beside a date and a page's number) makes of a return
    of ``values``: ``invalid`` (margin-marks error), ``incomplete`` (margin-marks
    warning) or ``valid`` (print-header)."""
    line = MarginLine(("12/2/26, 9:27 AM", piece, "1/2"), (20.0, 770.0, 590.0, 780.0))
    margin = Margin((), (line,), None)
    box = (0.0, 0.0, 612.0, 792.0)
    frame = Frame(0, 0, (0.0, 0.0), box, box, 0, margin=margin)
    findings = margin_findings([frame], load_form("icml-2020"), values)
    severities = {f.severity for f in findings if f.code == "margin-marks"}
    if Severity.ERROR in severities:
        return "invalid"
    if severities:
        return "incomplete"
    assert [f.code for f in findings] == ["print-header"], findings
    return "valid"


@pytest.mark.parametrize(
    "name",
    [
        # a space or an apostrophe (macOS' and Adobe's scans, Finder's and Windows' copies)
        "Scan 2020-09-15 at 10.32.11.pdf",
        "Screenshot 2020-09-15 at 10.32.11.pdf",
        "Adobe Scan Sep 15, 2020.pdf",
        "release copy 2.pdf",
        "release - Copy.pdf",
        "Publishing Release Bohyung Han.pdf",
        "Bohyung_Han's_release.pdf",
        "Bohyung Han\u2019s release.pdf",
        # the release's own values holding a listed word ("Object")
        "Learning-to-Rank-Proposals-for-Object-Detection.pdf",
        "Object Detection release.pdf",
    ],
)
def test_an_honest_name_with_spaces_or_the_releases_words_is_no_refusal(name: str) -> None:
    """Fails on main: ``invalid`` (margin-marks error)."""
    assert _verdict(name) == "valid"


@pytest.mark.parametrize(
    "name",
    [
        "ICML2020_release_Jaehyun_No.pdf",
        "No_Jaehyun_release.pdf",  # (family name first)
        "JaehyunNo-release.pdf",
        "Conditional_Image_Synthesis_release.pdf",
    ],
)
def test_a_listed_word_of_the_releases_own_values_is_no_refusal(name: str) -> None:
    """Fails on main: ``invalid`` ("no", "conditional" are listed)."""
    assert _verdict(name, NO) == "valid"


@pytest.mark.parametrize(
    "name",
    [
        "Jaehyun_Not_release.pdf",
        "No.pdf",
        "Jaehyun_No_not_agreed.pdf",
        "ConditionalRelease.pdf",
        "I do not agree.pdf",  # (a name with spaces: its words are read)
    ],
)
def test_a_listed_word_beside_the_releases_own_values_still_refuses(name: str) -> None:
    """Guards (pass on main too): a lone word of a value, or one run on into a listed
    word, is no value's run; a name with spaces is read, not taken whole."""
    assert _verdict(name, NO) == "invalid"


@pytest.mark.parametrize(
    "name",
    [
        "Décliné.pdf",  # accents over a listed word
        "DÉCLINÉ.pdf",
        "DẸCLINE.pdf",  # a dot below
        "I_do_nọt_agree.pdf",
        "vọid.pdf",
        "Declined 15, 2027",  # shaped as a date: "Dec" and letters, a day, a year
        "Decline 1, 2021, 9:27 AM",
        "Maybe 1, 2027",
    ],
)
def test_a_listed_refusal_under_accents_or_shaped_as_a_date_is_refused(name: str) -> None:
    """Fails on main: ``valid`` (the allow side unaccents, "Dec..." was a month)."""
    assert _verdict(name) == "invalid"


@pytest.mark.parametrize(
    "name",
    [
        # sentences of the form's wording's words
        "rights_revert_to_me.pdf",
        "publish_after_2027.pdf",
        "I_am_against_publishing.pdf",
        "other_person_signed.pdf",
        "release_unenforceable.pdf",
        "BohyungHanAgainst.pdf",
        "Release_Will_Grant.pdf",  # (another speaker)
        # a name's initials (b, d, f, h, l, o, p, r, t) as free letters
        "opt_out.pdf",
        "drop_the_talk.pdf",
        "Release_Todd_Ford.pdf",
        # words run into digits, digits for letters
        "ICML2020JaneDoe.pdf",
        "Unwilling2020v2.pdf",
        "Unw1lling.pdf",
        "Dr0p.pdf",
        # an address's host, query and fragment; folders after a second account or tmp
        "http://unwilling.example.org/release.html",
        "http://jane-doe.github.io/icml/release.html",
        "http://icml.cc/release.html?speaker=JaneDoe",
        "http://icml.cc/release.html#unwilling",
        "file:///tmp/x/pages/tmp/unwilling_to_publish/page.html",
        "file:///home/x/Downloads/home/Jane/Users/Doe/release.pdf",
        "https://sites.google.com/view/unwilling2020/release.pdf",  # (guard: a chosen path)
        # a name with spaces of words none known (on main: a refusal)
        "Scan 2020-09-15 signed under protest.pdf",
    ],
)
def test_a_name_of_other_words_is_for_a_person(name: str) -> None:
    """Fails on main: ``valid`` (the last: ``invalid``)."""
    assert _verdict(name) == "incomplete"


@pytest.mark.parametrize(
    "name",
    [
        "file:///Users/bhan/Library/Mobile%20Documents/com~apple~CloudDocs/ICML/release.pdf",
        "file:///C:/Users/bhan/OneDrive%20-%20Seoul%20National%20University/Documents/"
        "ICML/release.pdf",
        "file:///C:/Users/bhan/AppData/Local/Microsoft/Windows/INetCache/Content.Outlook/"
        "AB12CD34/release.pdf",
        "file:///Users/bhan/Library/Containers/com.apple.mail/Data/Library/"
        "Mail%20Downloads/8A1B2C3D-22/release.pdf",
        "file:///C:/Users/bhan/AppData/Local/Temp/Temp1_ICML2020.zip/release.pdf",
        "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/view",
        "https://mail.google.com/mail/u/0/#inbox/FMfcgxwKjKxyzQpR",
        "file:///home/bhan/snap/chromium/common/Downloads/release.pdf",
        "file:///private/var/folders/7z/k9t2x5cz0000gn/T/com.apple.mail/release.pdf",
        "CamScanner_09-15-2020_10.32.pdf",
        "Han_Bo-hyung_ICML2020.pdf",  # (a given name's syllables apart)
        "WhatsApp Image 2020-07-01 at 10.32.11.pdf",
        "Microsoft Word - release.docx.pdf",  # (macOS' title of a print from Word)
        "Publishing_Agreement_signed_by_author.pdf",
        "https://outlook.office.com/mail/inbox/id/AAQkADAwATM3ZmYAZS05ZjQ4LTQ3NjMtODYx",
    ],
)
def test_where_real_users_keep_a_return_reads_valid(name: str) -> None:
    """Fails on main: ``incomplete`` ("App", "Data", "com", "apple", "hyung"...)."""
    assert _verdict(name) == "valid"


@pytest.mark.parametrize(
    "name",
    [
        "release.pdf",
        "ICML2020_Publishing_Release_Form_signed_BH.pdf",
        "bhan_ICMLRelease_v2.pdf",
        "publication-release-final-v3 (2).pdf",
        "IMG_2034.pdf",
        "file:///tmp/chromium-k9t2x5cz/page.html",
        "file:///C:/Users/Jane%20Doe/Downloads/release%20(1).pdf",
        "https://icml.cc/Conferences/2020/release.pdf?dl=1&id=x7f3q",
        "Release_David_Blei.pdf",  # (the countersigner)
        "Learning_to_Rank_Proposals.pdf",
        "International_Conference_on_Machine_Learning_copyright_release.pdf",  # (no wording)
    ],
)
def test_names_that_read_valid_on_main_still_do(name: str) -> None:
    """Guards (pass on main too): what the changes above must not take away."""
    assert _verdict(name) == "valid"


# end to end: real prints


@pytest.mark.parametrize("title", ["Scan 2020-09-15 at 10.32.11.pdf", "Bohyung_Han's_release.pdf"])
def test_printed_chromium_header_naming_a_file_with_spaces_reads_valid(title: str) -> None:
    """Fails on main: ``invalid`` (margin-marks error)."""
    record = parse(_by_chromium(title), today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)
    assert any(f.code == "print-header" and repr(title) in f.message for f in record.findings)


def test_printed_chromium_header_naming_the_speaker_no_reads_valid() -> None:
    """Fails on main: ``invalid`` ("No" is listed)."""
    title = "ICML2020_release_Jaehyun_No.pdf"
    record = parse(_by_chromium(title, issued=_issued("Jaehyun No")), today=A.TODAY)
    assert record.speaker_name == "Jaehyun No"
    assert record.status is Status.VALID, _codes(record)


@pytest.mark.parametrize(
    ("title", "status"), [("Décliné.pdf", "invalid"), ("opt_out.pdf", "incomplete")]
)
def test_printed_chromium_header_with_a_hidden_refusal_is_not_valid(
    title: str, status: str
) -> None:
    """Fails on main: ``valid``."""
    record = parse(_by_chromium(title), today=A.TODAY)
    assert record.status.value == status, _codes(record)


def test_printed_ghostscript_header_dated_with_a_refusal_is_invalid() -> None:
    """Fails on main: ``valid`` ("Declined 15, 2027" was a date)."""
    record = parse(_by_gs("Declined 15, 2027"), today=A.TODAY)
    assert record.status is Status.INVALID, _codes(record)


def test_a_line_of_a_layout_is_cut_into_a_printers_pieces_as_a_sheets_margin() -> None:
    """On another system's layout a line's words are cut into a printer's pieces
    (:func:`print_pieces`) whose file names take spaces, as in a sheet's margin, whatever
    their words: they are judged with the release's values (:func:`.margins.judged`). A
    page's own line "Consent limited to audio see rider.pdf" is then a file's name whose
    words are read ("limited", "audio", "see", "rider": for a person), not words left in
    the page's text, where the reading of a layout passed them by
    (``tests/test_layout_headers.py``)."""
    from pubrelease.reading.margins import print_pieces

    form = load_form("icml-2020")
    pieces, other, printed = print_pieces("Consent limited to audio see rider.pdf", form)
    assert (pieces, other, printed) == (["Consent limited to audio see rider.pdf"], [], True)
    pieces, other, _ = print_pieces("12/2/26, 9:27 AM release.pdf 1/2", form)
    assert (pieces, other) == (["12/2/26, 9:27 AM", "release.pdf", "1/2"], [])
    pieces, other, _ = print_pieces("12/2/26, 9:27 AM Scan 2020-09-15 at 10.32.11.pdf", form)
    assert (pieces, other) == (["12/2/26, 9:27 AM", "Scan 2020-09-15 at 10.32.11.pdf"], [])
    pieces, other, _ = print_pieces("12/2/26, 9:27 AM Jaehyun_No.pdf", form)  # (judged later)
    assert (pieces, other) == (["12/2/26, 9:27 AM", "Jaehyun_No.pdf"], [])
    pieces, other, _ = print_pieces("12/2/26, 9:27 AM VOID: I do not agree", form)
    assert (pieces, other) == (["12/2/26, 9:27 AM"], ["VOID:", "I", "do", "not", "agree"])


def test_printed_ghostscript_header_of_outlooks_attachments_reads_valid() -> None:
    """Fails on main: ``incomplete`` ("App", "Data", "Local", "Microsoft"...)."""
    address = (
        "file:///C:/Users/bhan/AppData/Local/Microsoft/Windows/INetCache/Content.Outlook/"
        "AB12CD34/release.pdf"
    )
    record = parse(_by_gs("release.pdf", address=address), today=A.TODAY)
    assert record.status is Status.VALID, _codes(record)
