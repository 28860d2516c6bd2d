"""Prints of names that read wrong (issue 11, left by session 24): each a release ``fill``
issued, printed to PDF by a real program (failing under ``CI=true`` when it is missing),
read ``valid`` with the name as filled.

* pdftocairo's Gujarati 'મહાત્મા ગાંધી': PDFium makes up a space of no width before 'ગાં',
  at the very point its box starts; sorted by their left edges alone, the two tied, and
  the space came after the cluster: 'ગાં ધી' in one box (``name-mismatch``). Of two
  characters starting at one place, the one ending first is read first
  (:mod:`pubrelease.pdf.textlines`).
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest

from pubrelease import Status, fill, parse

from . import attacks as A
from . import returns as R

PRINTS = [
    ("મહાત્મા ગાંધી", "pdftocairo"),
]


def _printed(name: str, printer: R.FlattenTool) -> bytes:
    release = dataclasses.replace(A.RELEASE, speaker_name=name, signature=name)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "issued.pdf"
        source.write_bytes(fill(release, today=A.TODAY))
        printed = R.flatten_with(printer, source, Path(folder) / "printed.pdf", strict=False)
        return printed.read_bytes()


@pytest.mark.parametrize(("name", "printer"), PRINTS)
def test_a_printed_name_is_read_as_filled(name: str, printer: R.FlattenTool) -> None:
    record = parse(_printed(name, printer), today=A.TODAY)
    assert (record.speaker_name, record.signature) == (name, name)
    assert record.status is Status.VALID, [(f.code, f.message) for f in record.findings]

