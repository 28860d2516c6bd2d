"""Names written with a zero width non-joiner or joiner read back as issued.

Persian writes the parts of a compound name apart with a ZWNJ ("علی‌اکبر"); Devanagari
and Bengali choose half forms and ligatures with ZWNJ/ZWJ. A flattened release draws the
join control as nothing that PDFium reads back, and the space glyph it shares with the
control (the appearance's font then draws every space, the title's too, as an
``/ActualText`` span PDFium swallows): the page's text must still give each word break,
and the comparison with the issued value must not call the missing join control a
change. A join control in a Latin name, at a word's edge or beside a space still counts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pubrelease import Release, fill, parse
from pubrelease import release as release_module
from pubrelease.errors import FieldValueError
from pubrelease.pdf.pagetext import read_pages
from pubrelease.text import same_text, shown

from .returns import flatten_with
from .test_flattened_values import _release

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

PERSIAN = ("علی\u200cاکبر دهخدا", "محمد\u200cعلی رضا", "زهرا\u200cسادات موسوی", "می\u200cنا رستمی")
PERSIAN_TITLE = (
    "یادگیری ژرف برای پردازش زبان طبیعی و بینایی ماشین در بیمارستان\u200cهای دانشگاهی بزرگ"
    " خاورمیانه و شمال آفریقا"
)
"""A two-line title with a non-joiner: every space of the font is then a swallowed span."""
INDIC = (
    "श्\u200cरीलाल शर्मा",
    "क्\u200dषमा सिंह",
    "সুব্\u200cরত দাস",
    "র\u200d্যাব রহমান",
    # a Malayalam chillu as written before Unicode 5.1: virama and ZWJ, at a word's end too
    "മോഹന്\u200dലാല്\u200d വിശ്വനാഥന്\u200d",
)
TITLES = ("تعلم الآلة العميق", "یادگیری ژرف برای پردازش زبان طبیعی", "Deep Learning")
_BAD = {"modified-after-issue", "name-mismatch", "roster-mismatch", "value-disagreement"}


def _honest(data: bytes, release: Release, *, flattened: bool) -> None:
    """Valid, the issued values exactly (the issuance record vouches for the join
    controls the page cannot show); the speaker's own signature as the page shows it:
    exactly, or on a flattened page without the join controls PDFium does not read back
    (a ZWNJ drawn as nothing; a ZWJ inside a cluster's ``/ActualText`` comes back)."""
    record = parse(data, expected=release, today=dt.date(2020, 9, 24))
    codes = {f.code for f in record.findings}
    assert not codes & _BAD, record.findings
    assert record.status.value == "valid", record.findings
    assert record.speaker_name == release.speaker_name
    assert record.event_title == release.event_title
    name = release.speaker_name
    assert record.signature in ({name, shown(name)} if flattened else {name})


@pytest.mark.parametrize("flatten", [True, False], ids=["flattened", "live"])
@pytest.mark.parametrize("title", TITLES[:2])
@pytest.mark.parametrize("name", PERSIAN)
def test_a_persian_name_with_a_non_joiner_reads_back_exactly(
    name: str, title: str, flatten: bool
) -> None:
    release = _release(name, title)
    _honest(fill(release, flatten=flatten), release, flattened=flatten)


@pytest.mark.parametrize("name", PERSIAN[:2])
def test_a_two_line_persian_title_with_a_non_joiner_reads_back(name: str) -> None:
    release = _release(name, PERSIAN_TITLE)
    _honest(fill(release, flatten=True), release, flattened=True)


@pytest.mark.parametrize("flatten", [True, False], ids=["flattened", "live"])
@pytest.mark.parametrize("name", INDIC)
def test_an_indic_name_with_a_join_control_reads_back_exactly(name: str, flatten: bool) -> None:
    release = _release(name, TITLES[2])
    _honest(fill(release, flatten=flatten), release, flattened=flatten)


@pytest.mark.parametrize("how", ["pdftk", "qpdf"])
def test_other_flatteners_of_a_persian_name_read_back(tmp_path: Path, how: str) -> None:
    release = _release(PERSIAN[0], TITLES[0])
    live = tmp_path / "live.pdf"
    live.write_bytes(fill(release))
    flat = flatten_with(how, live, tmp_path / f"{how}.pdf")  # type: ignore[arg-type]
    _honest(flat.read_bytes(), release, flattened=True)


@pytest.mark.parametrize("name", PERSIAN)
def test_the_flattened_page_shows_every_word_break(name: str) -> None:
    """What the page itself reads (before the issued value is looked at): the words of
    the name and of the title apart, the non-joiner not carried by PDFium's text."""
    title = TITLES[0]
    doc = pdfium.PdfDocument(fill(_release(name, title), flatten=True))
    try:
        text = "\n".join(page.text for page in read_pages(doc))
    finally:
        doc.close()
    assert shown(name) in text and title in text, text
    assert "".join(shown(name).split()) not in text.replace(shown(name), "")


def test_a_latin_name_with_a_non_joiner_is_not_silently_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Outside a joining or Indic word a join control is a character slipped in: fill
    refuses it, and a value issued with one (by an earlier pubrelease, or written so by
    another program) does not match the page that cannot show it."""
    name = "Bo\u200chyung Han"
    assert not same_text(name, "Bohyung Han")
    with pytest.raises(FieldValueError, match="U\\+200C"):
        _release(name, "Deep Learning")
    monkeypatch.setattr(release_module, "hidden", lambda char: False)
    flattened = fill(_release(name, "Deep Learning"), flatten=True)
    issued = fill(_release(name, "Deep Learning"))
    monkeypatch.undo()
    record = parse(flattened)
    assert "modified-after-issue" in {f.code for f in record.findings}
    assert record.status.value == "invalid"
    live = parse(issued, expected=_release("Bohyung Han", "x"))
    assert "roster-mismatch" in {f.code for f in live.findings}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("علی\u200cاکبر دهخدا", "علیاکبر دهخدا", True),
        ("क्\u200dष राम", "क्ष राम", True),
        ("সুব্\u200cরত", "সুব্রত", True),
        ("Bo\u200chyung Han", "Bohyung Han", False),
        ("Bo\u200dhyung Han", "Bohyung Han", False),
        ("\u200cعلی اکبر", "علی اکبر", False),  # at a word's edge
        ("علی \u200cاکبر", "علی اکبر", False),  # beside a space
        ("علی\u200c Han", "علی Han", False),
        ("علی\u200cاکبر", "علی اکبر", False),  # a space is not a non-joiner
        ("മോഹന്\u200dലാല്\u200d", "മോഹന്ലാല്", True),  # the old chillu, drawn as ൻ and ൽ
        ("Han\u200d", "Han", False),
    ],
)
def test_join_controls_are_left_out_only_inside_a_joining_word(a: str, b: str, same: bool) -> None:
    assert same_text(a, b) is same


def test_an_old_malayalam_chillu_draws_as_the_atomic_one() -> None:
    """The chillu as written before Unicode 5.1 (virama and ZWJ: "മോഹന്\u200dലാല്\u200d") is
    issued, not refused as a hidden character at the word's end, and draws what
    "മോഹൻലാൽ" draws."""
    old, new = _release("മോഹന്\u200dലാല്\u200d", TITLES[2]), _release("മോഹൻലാൽ", TITLES[2])
    assert old.speaker_name == "മോഹന്\u200dലാല്\u200d"
    assert parse(fill(old)).speaker_name == old.speaker_name
    assert _drawn(fill(old)) == _drawn(fill(new))


def _drawn(data: bytes) -> bytes:
    doc = pdfium.PdfDocument(data)
    try:
        doc.init_forms()
        return bytes(doc[0].render(scale=2, may_draw_forms=True).to_pil().convert("L").tobytes())
    finally:
        doc.close()
