"""Titles another program draws large in DejaVu Sans are read within a modest memory cap.

pdf-lib sizes a value to its box: the event title's box (tall, for two lines) draws a
title at 22 to 25 points, here in DejaVu Sans embedded through fontkit. Its letters
outside ASCII are judged by their glyphs (``reading/valueglyphs.py``), against every
character of the font drawn alone at that size at nine sub-pixel phases
(``pdf/glyphatlas.py``): 150 characters at 25 points make an atlas of 50 million pixels.
It was kept in 32-bit floats, twice (as drawn and blurred, in two caches of 16), and
each of the box's cells kept its judging (megabytes each, at that size): one such return
took about 550 MB to read, and a batch's reader kept 380 MB more for every box of
another size or alphabet, until honest returns came back ``unreadable`` ("needs more
than 1024 MB of memory to read") that read ``valid`` alone. Run in a fresh interpreter,
as the other memory-limit tests are, so that the readers' state is known.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import attacks as A
from . import returns as R
from . import shadow as S

pytestmark = pytest.mark.usefixtures("general_path")
"""What these tests look at is the general path's: other tools' fills read so."""

VALUES = {
    "vi": ("Nguyễn Thị Minh Khai", "Học sâu các mô hình có cấu trúc"),
    "el": ("Νίκος Παπαδόπουλος", "Βαθιά μάθηση δομημένων μοντέλων"),
}
TIGHT_MB = 400
"""A reader's memory cap that such returns fit in now with room to spare (they need
under 250 MB each, one after another in one reader); the first of them alone needed
more before."""


def _audited(folder: Path) -> dict[str, list[dict[str, object]]]:
    """The records of an audit of ``folder`` by one reader, with room (4 GB) and under
    :data:`TIGHT_MB`, by a fresh interpreter."""
    script = (
        "import json, sys\n"
        "from pubrelease.auditing.audit import audit\n"
        "from pubrelease.auditing.pool import Limits\n"
        "out = {}\n"
        f"for mb in (4096, {TIGHT_MB}):\n"
        "    report = audit(sys.argv[1], None, workers=1, limits=Limits(memory_mb=mb))\n"
        "    out[str(mb)] = [r.record.to_dict() for r in report.returns]\n"
        "print(json.dumps(out, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found: dict[str, list[dict[str, object]]] = json.loads(done.stdout)
    return found


def test_titles_drawn_large_by_another_program_are_read_under_a_tight_cap(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    for key, flatten in (("vi", False), ("vi", True), ("el", True)):
        name, title = VALUES[key]
        release = dataclasses.replace(
            A.RELEASE, speaker_name=name, signature=name, event_title=title
        )
        out = folder / f"{key}-{'flat' if flatten else 'live'}.pdf"
        R.fill_pdflib(release, out, flatten=flatten, font=S.DEJAVU)
    found = _audited(folder)
    roomy, tight = found["4096"], found[str(TIGHT_MB)]
    assert [r["status"] for r in roomy] == ["valid"] * 3, roomy
    assert [r["status"] for r in tight] == ["valid"] * 3, [r["findings"] for r in tight]
    assert tight == roomy
