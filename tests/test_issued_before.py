"""Releases issued by the pubrelease of 1 December 2026 are still recognised as ours.

``tests/data/issued-2026-12-01`` holds releases that pubrelease (commit ``4a3b394``)
issued, with fixed ids: since then ``fill`` adds a ``cmap`` to a release's fonts, maps a
bracket drawn mirrored to the bracket it shows and marks a word broken across two
lines. ``parse`` fills such a release again as it was then
(``quickread._as_issued_before``) and must find the very same bytes; otherwise an
untouched return of a Yiddish, Tamil or Thai name went the general way and came back
``incomplete`` (a reviewer's finding).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pubrelease import Release, fill, parse
from pubrelease.reading.quickread import _as_issued_before, quick_read
from pubrelease.record import Status

from .helpers import signed_release

ISSUED = Path(__file__).parent / "data" / "issued-2026-12-01"
NAMES = {
    "yiddish": "\u05d3\u05d5\u05d3 \u05f1\u05e1\u05e2\u05e3",
    "tamil": "\u0b95\u0bcb\u0baa\u0bbe\u0bb2\u0bcd \u0b95\u0bcc\u0b9a\u0bb2\u0bcd\u0baf\u0bbe "
    "\u0b95\u0bca\u0bb1\u0bcd\u0bb1\u0bb5\u0bc8",
    "brackets": "\u0645\u062d\u0645\u062f (\u0623\u0628\u0648 \u0639\u0644\u064a)",
    "chinese": "\u738b\u5c0f\u660e",
    "long-thai": "สมเด็จพระเจ้าบรมวงศ์เธอกรมพระยาดำรงราชานุภาพพระราชโอรสในพระบาทสมเด็จพระจอมเกล้าเจ้าอยู่หัว",
}


def _release(index: int, name: str) -> Release:
    return dataclasses.replace(signed_release(name), release_id=f"{index:032x}")


@pytest.mark.parametrize(("index", "key"), list(enumerate(NAMES)))
def test_fill_as_it_was_gives_the_very_bytes_issued_then(index: int, key: str) -> None:
    issued = (ISSUED / f"{key}.pdf").read_bytes()
    release = _release(index, NAMES[key])
    assert fill(release, today=dt.date(2026, 12, 1)) != issued  # fill has changed since
    with _as_issued_before():
        assert fill(release, today=dt.date(2026, 12, 1)) == issued


@pytest.mark.parametrize("key", list(NAMES))
def test_an_untouched_release_issued_then_reads_as_ours_and_valid(key: str) -> None:
    from pubrelease import load_form

    issued = (ISSUED / f"{key}.pdf").read_bytes()
    assert quick_read(issued, load_form()) is not None
    record = parse(issued)
    assert record.speaker_name == NAMES[key] and record.signature == NAMES[key]
    assert record.status is Status.VALID, record.findings
