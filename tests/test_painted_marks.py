"""A mark painted as a path beside a printed name's letters is a mark shown.

Review rev23: a print's name read glyph by glyph (its text layer names no character for
its joined forms) is vouched for when its glyphs are drawn plainly
(reading/cleardrawing.py ``drawn_plainly``), which refused another drawing only over a
glyph's box. A kasra or a dot painted as a filled path under a letter, beside the
glyphs' boxes, makes every viewer show another name ('أَحْمَدِ', 'مُجَمَّد'), and the file
read `valid` with the name printed. Now any drawing in the value box but the form's own
marks leaves the box to a person; and (session 24) any drawing just above or below the
box: a vowel sign under the rule or a mark high over the letters, outside the box that
the comparison with ``fill``'s drawing is cropped to.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pubrelease import Status, parse

from . import attacks as A

ATTACKED = Path(__file__).parent / "data" / "attacks-rev23"


@pytest.mark.parametrize(
    ("file", "name"),
    [("control_ahmad_gs.pdf", "أَحْمَد بْن عَلِيّ"), ("control_savitribai_gs.pdf", "सावित्रीबाई फुले")],
)
def test_the_untouched_print_reads_valid(file: str, name: str) -> None:
    record = parse((ATTACKED / file).read_bytes(), today=A.TODAY)
    assert record.speaker_name == name
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize(
    "file", sorted(p.name for p in ATTACKED.glob("*.pdf") if not p.name.startswith("control"))
)
def test_a_mark_painted_beside_the_letters_is_not_valid(file: str) -> None:
    record = parse((ATTACKED / file).read_bytes(), today=A.TODAY)
    assert record.status is not Status.VALID, record.findings
