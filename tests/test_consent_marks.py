"""A consent box shown as its mark alone (``reading/visual.py``, ``_box``).

pdftocairo prints a form whose fields ask to be redrawn (``/NeedAppearances``) with the
ticked box drawn as its ✘ and no square, the other box not at all: "✘ Accept   Decline".
A person reads that as accepted. The box was judged by its mean ink against the form's
empty box, where the missing square cancels the mark: "the Accept box shows empty",
``invalid``. A mark in the inner half of the box is a check now, its square drawn or
not; the box that does not show at all stays a question (``consent-unsure``, a
warning).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pubrelease import Consent, Status, parse

from . import attacks as A
from .returns import fill_pdftk, fill_pypdf, flatten_with

FILLS = {
    "pypdf": lambda release, out: fill_pypdf(release, out, need_appearances=True),
    "pdftk": lambda release, out: fill_pdftk(release, out, need_appearances=True),
}


@pytest.mark.parametrize("consent", ["accept", "decline"])
@pytest.mark.parametrize("tool", sorted(FILLS))
def test_a_box_printed_as_its_mark_alone_is_read_as_checked(
    tool: str, consent: str, tmp_path: Path
) -> None:
    release = dataclasses.replace(A.RELEASE, consent=Consent(consent))
    source = FILLS[tool](release, tmp_path / "filled.pdf")
    printed = flatten_with("pdftocairo", source, tmp_path / "printed.pdf")
    record = parse(printed)
    assert record.consent is Consent(consent)
    if consent == "decline":
        assert record.status is Status.DECLINED
    else:  # (a missing Decline box is a question, not an error; OCR may ask others)
        assert record.status in (Status.VALID, Status.INCOMPLETE), record.findings
    disagreements = [f.message for f in record.findings if f.code == "value-disagreement"]
    assert not disagreements
    other = "Decline" if consent == "accept" else "Accept"
    assert any(
        f.code == "consent-unsure" and f"the {other} box does not show" in f.message
        for f in record.findings
    ), record.findings
