"""A name with characters outside the BMP reads back from the page whole.

PDFium gives such a character ("𠮷", "😀") as two text-page characters, a high and a
low surrogate; read one by one they were "no character", so a flattened or re-saved
return of "𠮷田 太郎" read "田 太郎" and was invalid.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from pubrelease import fill, parse
from pubrelease.pdf.chartable import astral

from .helpers import require_tool, signed_release

pytestmark = pytest.mark.usefixtures("general_path")
"""Our own releases, flattened or re-saved, are read here the general way (they would
otherwise be proved to be ``fill``'s file and read from it: ``reading/refilled.py``)."""

NAMES = ["𠮷田 太郎", "陈𠀋", "Ali 𝟚", "Ali 😀"]


def test_a_surrogate_pair_is_one_code_point_and_a_lone_half_none() -> None:
    units = np.array([0x41, 0xD842, 0xDFB7, 0xDC00, 0xD842, 0x41, 0xD83D], np.uint16)
    pair, points = astral(units)
    assert pair.tolist() == [False, True, False, False, False, False, False]
    assert points[1] == ord("𠮷")
    assert points[0] == 0x41 and points[3] == 0xDC00 and points[6] == 0xD83D


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("how", ["live", "flattened", "qpdf"])
def test_a_name_outside_the_bmp_reads_back(name: str, how: str, tmp_path: Path) -> None:
    release = signed_release(name)
    path = tmp_path / f"{how}.pdf"
    if how == "qpdf":
        live = tmp_path / "live-source.pdf"
        live.write_bytes(fill(release))
        subprocess.run([require_tool("qpdf"), str(live), str(path)], check=True)
    else:
        path.write_bytes(fill(release, flatten=how == "flattened"))
    record = parse(path.read_bytes())
    assert record.speaker_name == name
    assert record.signature == name
    assert record.status.value == "valid", [(f.code, f.message) for f in record.findings]
