"""A release answered in Firefox: pdf.js fills the fields and saves (``js/pdfjs_edit.mjs``).

Firefox's viewer is among the first things a speaker opens a release with. pdf.js saves
the answers as an incremental update: each text field's ``/V`` with an appearance it
draws in the field's default font (Helvetica), the consent's ``/V`` and each widget's
``/AS``. A value Helvetica cannot draw gets no appearance at all, and pdf.js sets
``NeedAppearances``: every viewer then draws every field itself, in a font that may lack
the name's letters, so such a return is for a person to look at, never ``valid``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pubrelease import Release, fill, parse
from pubrelease.record import Record, Status

from .helpers import pdfjs_saved

TODAY = dt.date(2026, 12, 2)


def issued_to(name: str) -> bytes:
    """The release pubrelease issues to ``name``: the speaker's part left blank."""
    return fill(
        Release.create(
            speaker_name=name,
            event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
            event_date="2020-07-15",
            effective_date="2020-09-23",
        )
    )


def _answered(name: str, values: dict[str, str], folder: Path) -> Record:
    """The release of ``name`` as issued, answered with ``values`` in pdf.js and saved."""
    return parse(pdfjs_saved(issued_to(name), folder, values), today=TODAY)


def _errors(record: Record) -> list[str]:
    return [f"{f.code}: {f.message}" for f in record.findings if f.severity.value == "error"]


@pytest.mark.parametrize("name", ["Bohyung Han", "Zoë Ångström-Núñez"])
@pytest.mark.parametrize("answer", ["Accept", "Decline"])
def test_a_release_answered_in_firefox_reads_as_answered(
    name: str, answer: str, tmp_path: Path
) -> None:
    values = {"consent": answer, "signature": name, "sign_date": "Sep 23, 2020"}
    record = _answered(name, values, tmp_path)
    assert _errors(record) == []
    assert record.signature == name and record.sign_date == dt.date(2020, 9, 23)
    expected = (Status.VALID, "accept") if answer == "Accept" else (Status.DECLINED, "decline")
    assert (record.status, record.consent.value) == expected


@pytest.mark.parametrize("name", ["Γιώργος Παπαδόπουλος", "Анна Павлова", "王小明"])
def test_a_name_firefox_cannot_draw_is_for_a_person_to_look_at(name: str, tmp_path: Path) -> None:
    values = {"consent": "Accept", "signature": name, "sign_date": "Sep 23, 2020"}
    record = _answered(name, values, tmp_path)
    assert record.status is Status.INCOMPLETE, record.findings
    unchecked = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
    assert any(m.startswith("the signature") and "look at" in m for m in unchecked), unchecked


def test_a_title_changed_in_firefox_is_not_the_issued_release(tmp_path: Path) -> None:
    values = {
        "consent": "Accept",
        "signature": "Bohyung Han",
        "sign_date": "Sep 23, 2020",
        "event_title": "Another Talk",
    }
    record = _answered("Bohyung Han", values, tmp_path)
    assert record.status is Status.INVALID
    assert any(e.startswith("modified-after-issue: event_title") for e in _errors(record))
