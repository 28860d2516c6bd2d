"""A long value with no space where ``fill`` must break it: set on two lines with the
word broken, it reads back whole, with no space at the break, from the release ``fill``
made, its flattened copy and copies qpdf and ``mutool clean`` saved again (the next
line's first cluster carries U+2060 WORD JOINER in its ``/ActualText``:
:mod:`pubrelease.pdf.joiner`); and the break falls where a reader would put it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from pubrelease import Status, fill, load_form, parse
from pubrelease.filling.appearance import ValueFonts, placed_as_before

from .helpers import resaved, signed_release

TODAY = dt.date(2020, 9, 23)

NAMES = {
    "thai": "พระบาทสมเด็จพระปรมินทรมหาภูมิพลอดุลยเดชมหิตลาธิเบศรรามาธิบดีจักรีนฤบดินทรสยามินทราธิราชบรมนาถบพิตร",
    "thai-sara-aa": "สมเด็จพระเจ้าบรมวงศ์เธอกรมพระยาดำรงราชานุภาพพระราชโอรสใน"
    "พระบาทสมเด็จพระจอมเกล้าเจ้าอยู่หัว",
    "chinese": "爱新觉罗溥仪欧阳修司马相如诸葛孔明上官婉儿独孤求败东方不败令狐冲慕容复段誉虚竹乔峰",
    "katakana": "パブロ・ディエゴ・ホセ・フランシスコ・デ・パウラ・"
    "ホアン・ネポムセノ・ルイス・イ・ピカソ",
    "cyrillic-hyphens": "Александра-Владиславовна-Константинопольская-Преображенская-Воскресенская",
    "vietnamese-hyphens": "Nguyễn-Thị-Ngọc-Hường-Trần-Phương-Thảo-Lê-Hoàng-Yến-Phạm-Quỳnh-Như",
    "korean": "남궁" * 25,
    "devanagari": "श्रीमद्भगवद्गीतारहस्यकर्मयोगशास्त्रप्रणेताबालगंगाधरतिलकलोकमान्य" * 2,
    "arabic-tatweel": "عبـــــــدالرحمـــــــنالحضرمـــــــيابنخلـــــــدونالإشبيلـــــــي" * 2,
}  # fmt: skip


def _lines(name: str) -> list[str]:
    """The lines ``fill`` sets ``name`` on in the speaker's first name box."""
    fonts = ValueFonts.for_values(load_form(), {"speaker_name": name})
    placed = next(p for (field, _), p in fonts.placed.items() if field == "speaker_name")
    lines = [line.text for line, _ in placed.lines]
    assert placed.joined == frozenset(range(1, len(lines)))
    return lines


@pytest.mark.parametrize("key", ["thai-sara-aa", "katakana", "cyrillic-hyphens"])
def test_the_break_falls_where_a_reader_puts_it(key: str) -> None:
    name = NAMES[key]
    lines = _lines(name)
    assert len(lines) == 2 and "".join(lines) == name, lines
    at = len(lines[0])
    assert not unicodedata.category(name[at]).startswith("M")
    assert name[at] not in "ะาำๅๆฯ"  # a Thai vowel that follows its consonant
    assert name[at - 1] not in "เแโใไ"  # one written before it
    if key == "katakana":
        assert name[at - 1] == "・"
    if key == "cyrillic-hyphens":  # before the hyphen: a line-final one reads as hyphenation
        assert name[at] == "-"


@pytest.mark.parametrize("key", sorted(NAMES))
def test_a_wrapped_name_reads_back_whole(key: str, tmp_path: Path) -> None:
    name = NAMES[key]
    release = signed_release(name)
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill(release, today=TODAY))
    flat = tmp_path / "flat.pdf"
    flat.write_bytes(fill(release, flatten=True, today=TODAY))
    qpdf = resaved(filled, "qpdf", tmp_path / "qpdf.pdf")
    mutool = resaved(flat, "mutool", tmp_path / "mutool.pdf")
    for path in (filled, flat, qpdf, mutool):
        record = parse(path, today=TODAY)
        assert record.speaker_name == name, path.name
        assert record.status is Status.VALID, (path.name, record.findings)


@pytest.mark.parametrize("key", ["thai", "vietnamese-hyphens"])
@pytest.mark.parametrize("era", ["before-december", "december-1"])
def test_a_return_drawn_as_before_is_compared_with_that_drawing(key: str, era: str) -> None:
    """A release issued before words were broken where a reader breaks them: one of
    1 December 2026 (lines moved inside their boxes, no ``cmap``, brackets mapped as
    typed) is recognised as ours byte for byte and valid, its broken word read whole; an
    older one (lines not moved) may not be, and then its page reads the name with a space
    at the break, as it did, and its boxes are compared with the drawing it was issued
    with, not with today's (no ``shown-text-unchecked``)."""
    from pubrelease.reading.quickread import _as_issued_before, quick_read

    name = NAMES[key]
    fill(signed_release(name), today=TODAY)  # today's drawing made first (and kept)
    with _as_issued_before(), placed_as_before(moved=era == "december-1"):
        data = fill(signed_release(name), today=TODAY)
    record = parse(data, today=TODAY)
    codes = {finding.code.value for finding in record.findings}
    assert "shown-text-unchecked" not in codes, record.findings
    if era == "december-1" or quick_read(data, load_form()) is not None:
        assert record.speaker_name == name
        assert record.status is Status.VALID, record.findings
    else:
        assert "value-disagreement" in codes
