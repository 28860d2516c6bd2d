"""Review rev27's attacks on session 25's new passes (``tests/data/attacks-rev27``).

Certificate stamps read apart from the page, values typed as notes, blank extra pages
only noted: each let a forged return read ``valid``. A stamp passes only when its words
are a signing stamp's (not its certificate's own subject, which a self-signed signer
writes), draws no picture, and stands on one of the form's pages; an annotation whose
appearance is a set of states none of which is chosen, or that is in optional content,
is drawn by each viewer its own way (``viewers-disagree``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pubrelease import Status, parse

FOLDER = Path(__file__).parent / "data" / "attacks-rev27"
ATTACKS = sorted(p.name for p in FOLDER.glob("*.pdf") if not p.name.startswith("z"))
CONTROLS = sorted(p.name for p in FOLDER.glob("*.pdf") if p.name.startswith("z"))


@pytest.mark.parametrize("name", ATTACKS)
def test_an_attack_on_the_new_passes_is_not_valid(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())  # (signed on the day they were made)
    assert record.status is not Status.VALID, record.findings


@pytest.mark.parametrize("name", CONTROLS)
def test_an_honest_control_stays_valid(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())  # (signed on the day they were made)
    assert record.status is Status.VALID, record.findings
