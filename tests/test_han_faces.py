"""Traditional Chinese names are drawn in Noto Sans TC, Japanese kanji in JP, and
releases that drew them in SC still read as ours.

A name in traditional characters (陳, 吳, 說, 許) was drawn in Noto Sans SC, whose shapes
of them are the mainland's: a Taiwanese speaker saw 吳 and 說 written in shapes not
theirs; a Japanese name without kana (渡辺 髙志) was drawn in SC too. ``fill`` now draws
such values in Noto Sans TC and JP (:mod:`pubrelease.filling.hanfaces`).
``tests/data/han-in-sc`` holds releases of "吳雅婷" issued before that by commits
``4a3b394`` and ``36eb6ca`` (both on 1 December 2026) and of "渡辺 髙志" by ``36eb6ca``,
live and flattened: they must still be recognised and read ``valid``, untouched and
re-saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest

from pubrelease import fill, load_form, parse
from pubrelease.filling.hanfaces import cjk_preference, han_as_before, redrawn
from pubrelease.reading.quickread import _issued, quick_read
from pubrelease.record import Source, Status

from .helpers import rendered_pages, resaved, signed_release

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

HAN_IN_SC = Path(__file__).parent / "data" / "han-in-sc"
NAME, TITLE = "吳雅婷", "說話的藝術"
JAPANESE = "渡辺 髙志"


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
        ("渡辺 髙志", "jp"),  # 辺 and 髙: only Japan's set has them
        ("斎藤 陳", "jp"),
        ("山田太郎", "sc"),  # shared by Chinese and Japanese: as before
        ("김민준", "kr"),
        ("Ana", "sc"),
    ],
)
def test_the_font_follows_the_characters(text: str, font: str) -> None:
    assert cjk_preference(text) == font


def test_as_before_every_han_value_without_kana_or_hangul_is_sc() -> None:
    with han_as_before():
        assert cjk_preference("陳建宏") == cjk_preference("渡辺") == "sc"
        assert cjk_preference("田中さくら") == "jp"
    assert redrawn(["Talk", "吳雅婷"]) and redrawn(["渡辺"])
    assert not redrawn(["Talk", "王小明", "田中さくら", ""])


def _fonts(pdf: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont /[A-Z]{6}\+(NotoSans\w\w)-", pdf)}


def test_a_traditional_name_is_drawn_in_tc_and_reads_back() -> None:
    release = signed_release(NAME)
    pdf = fill(release)
    assert _fonts(pdf) == {"NotoSansTC"}
    with han_as_before():
        before = fill(release, flatten=True)
    assert _fonts(before) == {"NotoSansSC"}
    # the shapes differ (吳's lower part), the text read does not
    shown = zip(
        rendered_pages(fill(release, flatten=True), 2), rendered_pages(before, 2), strict=True
    )
    assert any(not np.array_equal(now, then) for now, then in shown)
    record = parse(pdf)
    assert record.status is Status.VALID, record.findings
    assert (record.speaker_name, record.signature) == (NAME, NAME)
    assert _fonts(fill(signed_release("王小明"))) == {"NotoSansSC"}
    assert _fonts(fill(signed_release(JAPANESE))) == {"NotoSansJP"}


@pytest.mark.parametrize(
    ("stem", "index", "era"),
    [("4a3b394", 1, "before"), ("36eb6ca", 1, "now"), ("36eb6ca-japanese", 3, "now")],
)
def test_a_release_issued_in_sc_is_still_ours_byte_for_byte(
    stem: str, index: int, era: str
) -> None:
    issued = (HAN_IN_SC / f"{stem}-live.pdf").read_bytes()
    form = load_form()
    reading = quick_read(issued, form)
    assert reading is not None and reading.record is not None
    assert _issued(form, reading.record, issued) == era
    name, title = (JAPANESE, "Talk") if "japanese" in stem else (NAME, TITLE)
    release = dataclasses.replace(
        signed_release(name), event_title=title, release_id=f"{index:032x}"
    )
    assert fill(release, today=dt.date(2026, 12, 1)) != issued  # drawn in TC or JP now
    with han_as_before():
        assert (fill(release, today=dt.date(2026, 12, 1)) == issued) is (era == "now")


@pytest.mark.parametrize(
    "name",
    [
        "4a3b394-live.pdf",
        "36eb6ca-live.pdf",
        "4a3b394-flattened.pdf",
        "36eb6ca-flattened.pdf",
        "36eb6ca-japanese-live.pdf",
        "36eb6ca-japanese-flattened.pdf",
    ],
)
@pytest.mark.parametrize("copy", ["untouched", "qpdf", "mutool"])
def test_a_release_issued_in_sc_reads_valid(name: str, copy: str, tmp_path: Path) -> None:
    path = HAN_IN_SC / name
    if copy != "untouched":
        path = resaved(path, copy, tmp_path / name)
    record = parse(path)
    assert record.status is Status.VALID, record.findings
    values = (JAPANESE, JAPANESE, "Talk") if "japanese" in name else (NAME, NAME, TITLE)
    assert (record.speaker_name, record.signature, record.event_title) == values
    assert record.source is (Source.FLATTENED if "flattened" in name else Source.FIELDS)
