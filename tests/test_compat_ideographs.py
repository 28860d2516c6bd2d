"""A name typed with CJK compatibility ideographs keeps them: drawn, stored and read back.

NFC maps most of them to their unified ideograph (U+FA10 塚 to U+585A 塚), which the
fonts draw in another form (the dotted 塚, the 示 radical of 神): a release normalised
that way showed another glyph than the one typed (a reviewer's "塚本 神子").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pubrelease import fill, parse
from pubrelease.record import Status
from pubrelease.release import _nfc

from .helpers import resaved, signed_release

TYPED = "\ufa10\u672c \ufa19\u5b50"  # 塚本 神子 with U+FA10 and U+FA19
UNIFIED = "\u585a\u672c \u795e\u5b50"


def test_compatibility_ideographs_are_kept_and_the_rest_is_nfc() -> None:
    assert signed_release(TYPED).speaker_name == TYPED
    assert _nfc("e\u0301\ufa10o\u0308") == "\u00e9\ufa10\u00f6"
    assert _nfc("\U0002f800 e\u0301") == "\U0002f800 \u00e9"


def test_they_are_drawn_as_typed_not_as_the_unified_ideograph() -> None:
    assert fill(signed_release(TYPED)) != fill(signed_release(UNIFIED))


@pytest.mark.parametrize("how", ["untouched", "flattened", "qpdf"])
def test_they_read_back_as_typed(tmp_path: Path, how: str) -> None:
    data = fill(signed_release(TYPED), flatten=how == "flattened")
    if how == "qpdf":
        (tmp_path / "in.pdf").write_bytes(data)
        data = resaved(tmp_path / "in.pdf", "qpdf", tmp_path / "out.pdf").read_bytes()
    record = parse(data)
    assert record.speaker_name == TYPED and record.signature == TYPED
    assert record.status is Status.VALID, record.findings
