"""Ideographic variation sequences are drawn: 葛󠄀 is the registered form of 葛 its
speaker writes, not 葛 with a character left out.

A Japanese name may carry an ideographic variation selector (UTS #37) after a kanji,
as registries and some input methods write it: "葛󠄀城" (U+845B U+E0100) asks for 葛 with
匕 below, not 人. ``fill`` refused such a name ("leave it out"). Noto Sans JP has the
Adobe-Japan1 collection's 14,787 sequences: a value with one is drawn in it, HarfBuzz
putting the variant glyph in the character's place, and its text is the sequence, so
the reading gives the name back as typed. A sequence no font has is still refused,
naming the selector; comparisons (a name against its signature, the roster) leave the
selectors out.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from pubrelease import fill, parse
from pubrelease.errors import FontCoverageError
from pubrelease.filling.hanfaces import cjk_preference
from pubrelease.record import Status
from pubrelease.text import normalise, same_text

from .helpers import rendered_pages, require_tool, resaved, signed_release

NAME = "\u845b\U000e0100\u57ce \u512a\u5b50"  # 葛󠄀城 優子
PLAIN = "\u845b\u57ce \u512a\u5b50"
SHINNYOU = "\u8fbb\U000e0100 \u592a\u90ce"  # 辻󠄀 太郎: the one-dot shinnyō


def test_a_value_with_a_variation_sequence_is_drawn_in_japanese() -> None:
    assert cjk_preference(NAME) == "jp"
    pdf = fill(signed_release(NAME), flatten=True)
    assert set(re.findall(rb"/BaseFont /[A-Z]{6}\+(NotoSans\w\w)-", pdf)) == {b"NotoSansJP"}
    # the same name with its plain 葛, in the same font (kana keep it in JP): only the 葛s
    # differ, so the variant glyph was drawn
    kana = "\u3055\u3093"  # さん
    with_variant = rendered_pages(fill(signed_release(NAME + kana), flatten=True), 3)
    plain = rendered_pages(fill(signed_release(PLAIN + kana), flatten=True), 3)
    assert any(not np.array_equal(a, b) for a, b in zip(with_variant, plain, strict=True))


@pytest.mark.parametrize("name", [NAME, SHINNYOU])
@pytest.mark.parametrize("copy", ["live", "flattened", "qpdf", "mutool"])
def test_it_reads_back_as_typed(name: str, copy: str, tmp_path: Path) -> None:
    pdf = fill(signed_release(name), flatten=copy in ("flattened", "mutool"))
    path = tmp_path / "release.pdf"
    path.write_bytes(pdf)
    if copy in ("qpdf", "mutool"):
        path = resaved(path, copy, tmp_path / "copy.pdf")
    record = parse(path)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == name and record.signature == name


def test_poppler_extracts_the_sequence(tmp_path: Path) -> None:
    path = tmp_path / "release.pdf"
    path.write_bytes(fill(signed_release(NAME), flatten=True))
    text = subprocess.run(
        [require_tool("pdftotext"), "-f", "1", "-l", "1", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert NAME.split()[0] in text


def test_a_sequence_no_font_has_is_refused_naming_it() -> None:
    with pytest.raises(FontCoverageError) as caught:
        fill(signed_release("\u845b\U000e0103\u57ce"))  # VS-20: not registered for 葛
    assert "U+E0103" in str(caught.value) and "variation selector" in str(caught.value)


def test_comparisons_leave_the_selectors_out() -> None:
    assert normalise(NAME) == normalise(PLAIN)
    assert same_text(NAME, PLAIN)
    assert not same_text(NAME, "\u845b\u57ce \u512a")
