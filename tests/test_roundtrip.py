"""Property: for any valid release, parse(fill(r)) gives r back, live and flattened."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pubrelease import Consent, Release, fill, parse
from pubrelease.pdf.fonts import available_fonts

from .helpers import VALUE_KEYS

LATIN = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàáâãäåçèéêëìíîïñòóôõöøùúûüýÿØÅÆŁłŚśŽžĞğİı"
)
VIETNAMESE = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώ"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
CJK = "李飞山田太郎김민수王小明"
HAS_CJK = all(any(f.covers(c) for f in available_fonts()) for c in CJK)
SCRIPTS = [LATIN, LATIN + VIETNAMESE, GREEK, CYRILLIC] + ([CJK] if HAS_CJK else [])


@st.composite
def names(draw: st.DrawFn) -> str:
    alphabet = draw(st.sampled_from(SCRIPTS))
    words = draw(st.lists(st.text(alphabet, min_size=1, max_size=10), min_size=1, max_size=3))
    return " ".join(words)


titles = (
    st.lists(st.text(LATIN + "0123456789", min_size=1, max_size=12), min_size=1, max_size=30)
    .map(" ".join)
    .filter(lambda t: len(t) <= 250)
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 11, 1))


@st.composite
def releases(draw: st.DrawFn) -> Release:
    return Release(
        speaker_name=draw(names()),
        event_title=draw(titles),
        event_date=draw(dates),
        effective_date=draw(dates),
        consent=draw(st.sampled_from([Consent.ACCEPT, Consent.DECLINE, Consent.NONE])),
        signature=draw(st.one_of(st.none(), names())),
        sign_date=draw(st.one_of(st.none(), dates)),
        countersigner_name=draw(names()),
        countersign_date=draw(st.one_of(st.none(), dates)),
    )


KEYS = VALUE_KEYS


def _check(release: Release, flatten: bool) -> None:
    record = parse(fill(release, flatten=flatten))
    got = {k: getattr(record, k) for k in KEYS}
    want = {k: getattr(release, k) for k in KEYS}
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
@given(releases())
def test_flattened_round_trip(release: Release) -> None:
    _check(release, flatten=True)
