"""A return whose pages a viewer turns (``/Rotate``) or crops (``/CropBox``) is read.

A reviewer turned a live return with ``qpdf --rotate=+90``: for a Greek, Arabic, Chinese
or Hindi name ``parse`` raised ``ValueError('Crop exceeds page dimensions')``, because the
value boxes (in the page's own space) were cut from the page's turned size. Every render
of the reading is now made in the page's own space (``pubrelease.pdf.pagespace``): drawn
upright over its media box, what the crop box hides left white. So such returns are read
and, being only turned or cropped to a blank margin, ``valid`` (see
tests/test_turned_returns.py for the attacks that turning or cropping must not hide).
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest

from pubrelease import Release, Status, fill, parse

from . import attacks as A
from .helpers import require_tool

NAMES = ["Νίκος Παπαδόπουλος", "ثامر الحربي", "王芳", "प्रिया शर्मा", "Bohyung Han"]


def _live(name: str) -> bytes:
    release = Release.create(**{**A.RELEASE.values(), "speaker_name": name, "signature": name})
    return fill(release, today=A.TODAY)


@pytest.mark.parametrize("pages", ["1-z", "1"], ids=["every-page", "page-1"])
@pytest.mark.parametrize("name", NAMES)
def test_a_return_turned_by_qpdf_is_read_and_valid(name: str, pages: str, tmp_path: Path) -> None:
    qpdf = require_tool("qpdf")
    source, turned = tmp_path / "live.pdf", tmp_path / "turned.pdf"
    source.write_bytes(_live(name))
    subprocess.run([qpdf, f"--rotate=+90:{pages}", str(source), str(turned)], check=True)
    record = parse(turned, today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == name


@pytest.mark.parametrize("box", [[18, 18, 594, 774], [0, 36, 612, 792]], ids=["margins", "foot"])
def test_a_return_cropped_to_a_blank_margin_is_read_and_valid(box: list[int]) -> None:
    name = NAMES[0]
    with pikepdf.open(io.BytesIO(_live(name))) as pdf:
        for page in pdf.pages:
            page.CropBox = box
        out = io.BytesIO()
        pdf.save(out)
    record = parse(out.getvalue(), today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == name
