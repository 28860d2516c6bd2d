"""A release answered in Firefox: pdf.js fills the fields and saves (``js/pdfjs_fill.mjs``).

Firefox's viewer is among the first things a speaker opens a release with. pdf.js saves
the answers as an incremental update: each text field's ``/V`` with an appearance it
draws in the field's default font (Helvetica), the consent's ``/V`` and each widget's
``/AS``. A value Helvetica cannot draw gets no appearance at all, and pdf.js sets
``NeedAppearances``: every viewer then draws every field itself, in a font that may lack
the name's letters, so such a return is for a person to look at, never ``valid``.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from pubrelease import Release, fill, parse
from pubrelease.record import Record, Status

from .helpers import JS_DIR, require_node_module, require_tool

TODAY = dt.date(2026, 12, 2)


def _answered(name: str, values: dict[str, str], folder: Path) -> Record:
    """The release of ``name`` as issued, answered with ``values`` in pdf.js and saved."""
    require_node_module("pdfjs-dist")
    issued = folder / "issued.pdf"
    issued.write_bytes(
        fill(
            Release.create(
                speaker_name=name,
                event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
                event_date="2020-07-15",
                effective_date="2020-09-23",
            )
        )
    )
    answers = folder / "answers.json"
    answers.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    saved = folder / "saved.pdf"
    args = [require_tool("node"), JS_DIR / "pdfjs_fill.mjs", issued, saved, answers]
    subprocess.run([str(a) for a in args], check=True, capture_output=True, timeout=120)
    data = saved.read_bytes()
    assert data.startswith(issued.read_bytes())  # pdf.js's own incremental update
    return parse(data, today=TODAY)


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
