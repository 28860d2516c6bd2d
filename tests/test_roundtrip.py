"""Property: for any valid release, parse(fill(r)) gives r back, live and flattened.

Names are drawn from every script pubrelease claims: Latin (Vietnamese too), Greek,
Cyrillic, Chinese, Japanese, Korean, Arabic, Persian, Hebrew, syllables of Devanagari,
Bengali, Tamil and Thai, and right-to-left names followed by Latin ones. The live round
trip reads the values back from the appearance streams, so a reversed or unjoined
name would not come back.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubrelease import Consent, Release, fill, parse
from pubrelease.pdf.bidi import display

from .helpers import VALUE_KEYS

LATIN = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàáâãäåçèéêëìíîïñòóôõöøùúûüýÿØÅÆŁłŚśŽžĞğİı"
)
VIETNAMESE = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
CJK = "李飞山田太郎王小明张伟刘洋陈静"
KANA = "はなこさくらゆきアキラケンタ"
HANGUL = "김민수이서연박지훈최"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
PERSIAN = ARABIC + "پچژکگی"
HEBREW = "אבגדהוזחטיכלמנסעפצקרשתךםןףץ"
SCRIPTS = [LATIN, LATIN + VIETNAMESE, GREEK, CYRILLIC, CJK, CJK + KANA, HANGUL]
FLAT_SCRIPTS = [*SCRIPTS, HEBREW]
SCRIPTS += [ARABIC, PERSIAN, HEBREW]

SYLLABLES = {
    # consonants, vowel signs, virama: a syllable is C, C+virama+C, either with a vowel sign
    "devanagari": ("कखगघचजटडतदनपबमयरलवशसह", "ािीुूेैोौं", "\u094d"),
    "bengali": ("কখগঘচজটডতদনপবমযরলশসহ", "ািীুূেৈোৌং", "\u09cd"),
    "tamil": ("கஙசஞடணதநபமயரலவழளறன", "ாிீுூெேைொோௌ", "\u0bcd"),
    "thai": ("กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮ", "ิีึืุู่้๊๋", ""),
}


@st.composite
def _syllable_word(draw: st.DrawFn, script: str) -> str:
    consonants, signs, virama = SYLLABLES[script]
    out = ""
    for _ in range(draw(st.integers(1, 4))):
        out += draw(st.sampled_from(consonants))
        if virama and draw(st.booleans()):
            out += virama + draw(st.sampled_from(consonants))
        if draw(st.booleans()):
            out += draw(st.sampled_from(signs))
    return out


@st.composite
def names(draw: st.DrawFn, flat: bool = False) -> str:
    """A name of one to three words in one script (any that pubrelease claims), or a
    right-to-left name followed by a Latin one.

    ``flat=True`` keeps to scripts whose clusters are one glyph each (Latin, Greek,
    Cyrillic, CJK, Hebrew): a flattened page is read by PDFium, which puts the text of
    clusters drawn with ``/ActualText`` inside a form XObject (Arabic letters with dots,
    Indic conjuncts and matras) at the form's origin and then drops a space glyph next to
    them. Real names in those scripts are read back flattened in ``test_scripts``; the
    live round trip reads every kind.
    """
    kinds = ["letters"] if flat else ["letters", "syllables", "mixed"]
    kind = draw(st.sampled_from(kinds))
    if kind == "syllables":
        script = draw(st.sampled_from(sorted(SYLLABLES)))
        words = draw(st.lists(_syllable_word(script), min_size=1, max_size=3))
    elif kind == "mixed":
        first = draw(st.text(draw(st.sampled_from([ARABIC, HEBREW])), min_size=1, max_size=8))
        words = [first, draw(st.text(LATIN, min_size=1, max_size=8))]
    else:
        alphabet = draw(st.sampled_from(FLAT_SCRIPTS if flat else SCRIPTS))
        words = draw(st.lists(st.text(alphabet, min_size=1, max_size=10), min_size=1, max_size=3))
    return " ".join(words)


titles = (
    st.lists(st.text(LATIN + "0123456789", min_size=1, max_size=12), min_size=1, max_size=30)
    .map(" ".join)
    .filter(lambda t: len(t) <= 250)
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 11, 1))


@st.composite
def releases(draw: st.DrawFn, flat: bool = False) -> Release:
    return Release(
        speaker_name=draw(names(flat)),
        event_title=draw(titles),
        event_date=draw(dates),
        effective_date=draw(dates),
        consent=draw(st.sampled_from([Consent.ACCEPT, Consent.DECLINE, Consent.NONE])),
        signature=draw(st.one_of(st.none(), names(flat))),
        sign_date=draw(st.one_of(st.none(), dates)),
        countersigner_name=draw(names(flat)),
        countersign_date=draw(st.one_of(st.none(), dates)),
    )


KEYS = VALUE_KEYS


def _shown(value: object, flatten: bool) -> object:
    """A flattened value that mixes directions is read as it shows: "ا A" and "A ا" look
    alike on the page, so they count as one (a live one reads back exactly)."""
    if flatten and isinstance(value, str) and value != display(value):
        return display(value)
    return value


def _check(release: Release, flatten: bool) -> None:
    record = parse(fill(release, flatten=flatten))
    got = {k: _shown(getattr(record, k), flatten) for k in KEYS}
    want = {k: _shown(getattr(release, k), flatten) for k in KEYS}
    assert got == want, record.findings
    assert record.signed is (release.signature is not None)
    codes = {f.code for f in record.findings}
    assert not codes & {
        "altered-text",
        "value-disagreement",
        "name-mismatch",
        "modified-after-issue",
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases())
def test_live_round_trip(release: Release) -> None:
    _check(release, flatten=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases(flat=True))
def test_flattened_round_trip(release: Release) -> None:
    _check(release, flatten=True)
