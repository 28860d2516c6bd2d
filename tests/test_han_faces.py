"""Traditional Chinese names are drawn in Noto Sans TC, and releases that drew them in SC
still read as ours.

A name in traditional characters (陳, 吳, 說, 許) was drawn in Noto Sans SC, whose shapes
of them are the mainland's: a Taiwanese speaker saw 吳 and 說 written in shapes not
theirs. ``fill`` now draws such a value in Noto Sans TC
(:mod:`pubrelease.filling.hanfaces`). ``tests/data/han-in-sc`` holds releases of
"吳雅婷" issued before that, by commits ``4a3b394`` and ``36eb6ca`` (both on 1 December
2026), live and flattened: they must still be recognised and read ``valid``, untouched
and re-saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from pubrelease import Release, fill, load_form, parse
from pubrelease.filling.hanfaces import cjk_preference, han_as_before, traditional
from pubrelease.reading.quickread import _issued, quick_read
from pubrelease.record import Source, Status

from .helpers import resaved, signed_release

HAN_IN_SC = Path(__file__).parent / "data" / "han-in-sc"
NAME, TITLE = "吳雅婷", "說話的藝術"


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("陳建宏", "tc"),  # 陳: traditional only
        ("吳雅婷", "tc"),
        ("Chen 陳", "tc"),
        ("陈建宏", "sc"),  # 陈: simplified only
        ("陳 陈", "sc"),  # both sets: the simplified has the last word
        ("王小明", "sc"),  # characters both sets share
        ("林", "sc"),
        ("田中さくら", "jp"),
        ("櫻井さん", "jp"),  # kana decide before a traditional character does
        ("김민준", "kr"),
        ("Ana", "sc"),
    ],
)
def test_the_font_follows_the_characters(text: str, font: str) -> None:
    assert cjk_preference(text) == font


def test_as_before_every_han_value_without_kana_or_hangul_is_sc() -> None:
    with han_as_before():
        assert cjk_preference("陳建宏") == "sc"
        assert cjk_preference("田中さくら") == "jp"
    assert traditional(["Talk", "吳雅婷"]) and not traditional(["Talk", "王小明", ""])


def _fonts(pdf: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont /[A-Z]{6}\+(NotoSans\w\w)-", pdf)}


def _pixels(pdf: bytes) -> list[np.typing.NDArray[np.uint8]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=2).to_numpy() for page in doc]
    finally:
        doc.close()


def test_a_traditional_name_is_drawn_in_tc_and_reads_back() -> None:
    release = signed_release(NAME)
    pdf = fill(release)
    assert _fonts(pdf) == {"NotoSansTC"}
    with han_as_before():
        before = fill(release, flatten=True)
    assert _fonts(before) == {"NotoSansSC"}
    # the shapes differ (吳's lower part), the text read does not
    shown = zip(_pixels(fill(release, flatten=True)), _pixels(before), strict=True)
    assert any(not np.array_equal(now, then) for now, then in shown)
    record = parse(pdf)
    assert record.status is Status.VALID, record.findings
    assert (record.speaker_name, record.signature) == (NAME, NAME)
    assert _fonts(fill(signed_release("王小明"))) == {"NotoSansSC"}


@pytest.mark.parametrize("commit", ["4a3b394", "36eb6ca"])
def test_a_release_issued_in_sc_is_still_ours_byte_for_byte(commit: str) -> None:
    issued = (HAN_IN_SC / f"{commit}-live.pdf").read_bytes()
    form = load_form()
    reading = quick_read(issued, form)
    assert reading is not None and reading.record is not None
    assert _issued(form, reading.record, issued) == ("before" if commit == "4a3b394" else "now")
    release = dataclasses.replace(
        Release.create(
            speaker_name=NAME,
            event_title=TITLE,
            event_date="2020-07-15",
            effective_date="2020-09-23",
            consent="accept",
            signature=NAME,
            sign_date="2020-09-23",
        ),
        release_id=f"{1:032x}",
    )
    assert fill(release, today=dt.date(2026, 12, 1)) != issued  # drawn in TC now


@pytest.mark.parametrize(
    "name",
    [
        "4a3b394-live.pdf",
        "36eb6ca-live.pdf",
        "4a3b394-flattened.pdf",
        "36eb6ca-flattened.pdf",
    ],
)
@pytest.mark.parametrize("copy", ["untouched", "qpdf", "mutool"])
def test_a_release_issued_in_sc_reads_valid(name: str, copy: str, tmp_path: Path) -> None:
    path = HAN_IN_SC / name
    if copy != "untouched":
        path = resaved(path, copy, tmp_path / name)
    record = parse(path)
    assert record.status is Status.VALID, record.findings
    assert (record.speaker_name, record.signature, record.event_title) == (NAME, NAME, TITLE)
    assert record.source is (Source.FLATTENED if "flattened" in name else Source.FIELDS)
