"""The agreement typeset by another system (reportlab here): values found by the wording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pubrelease import Consent, Release, Source, Status, parse

from .layouts import Style, render

TODAY = dt.date(2026, 11, 24)
RELEASE = Release.create(
    speaker_name="Zoë Ødegård-Łukasiewicz",
    event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
    event_date="2020-07-15",
    effective_date="2020-09-23",
    consent="accept",
    signature="Zoë Ødegård-Łukasiewicz",
    sign_date="2020-09-23",
    countersigner_name="David Blei",
    countersign_date="2020-09-23",
)

STYLES = {
    "times-ballot-typed": Style(),
    "helvetica-check-ink-one-page": Style(
        font="Helvetica", box="check", signature="ink", page_break=False
    ),
    "courier-drawn-image": Style(font="Courier", box="drawn", signature="image"),
    "dejavu-x-a4": Style(font="DejaVuSans", box="x", page_size=(595.27, 841.89)),
}


@pytest.mark.parametrize("name", STYLES)
def test_values_are_read_from_running_text(name: str, tmp_path: Path) -> None:
    style = STYLES[name]
    record = parse(render(RELEASE, tmp_path / "r.pdf", style), today=TODAY)
    assert record.source is Source.LAYOUT
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == RELEASE.speaker_name
    assert record.event_title == RELEASE.event_title
    assert record.event_date == RELEASE.event_date
    assert record.effective_date == RELEASE.effective_date
    assert record.sign_date == RELEASE.sign_date
    assert record.consent is Consent.ACCEPT
    assert record.signed
    assert record.signature == (RELEASE.signature if style.signature == "typed" else None)
    assert record.release_id is None


@pytest.mark.parametrize("box", ["ballot", "check", "x", "drawn"])
@pytest.mark.parametrize("consent", [Consent.DECLINE, Consent.NONE])
def test_box_styles(box: str, consent: Consent, tmp_path: Path) -> None:
    release = Release.create(**{**RELEASE.values(), "consent": consent.value})
    record = parse(render(release, tmp_path / "r.pdf", Style(box=box)), today=TODAY)  # type: ignore[arg-type]
    assert record.consent is consent
    assert record.status is (Status.DECLINED if consent is Consent.DECLINE else Status.INCOMPLETE)


def test_unsigned_layout(tmp_path: Path) -> None:
    record = parse(render(RELEASE, tmp_path / "r.pdf", Style(signature="none")), today=TODAY)
    assert not record.signed
    assert record.status is Status.INCOMPLETE


@pytest.mark.parametrize(
    ("alter", "message"),
    [
        ({"60 days": "6 days"}, "'60' changed to '6'"),
        ({"irrevocably ": ""}, "'irrevocably' deleted"),
        (
            {"the Articles by ICML. ICML's": "the Articles by ICML, or anyone else. ICML's"},
            "'ICML.' changed to 'ICML, or anyone else.'",
        ),
        ({"This document contains": "This document now contains"}, "'now' inserted"),
    ],
)
def test_altered_wording_is_named(alter: dict[str, str], message: str, tmp_path: Path) -> None:
    record = parse(render(RELEASE, tmp_path / "r.pdf", Style(alter=alter)), today=TODAY)
    assert record.status is Status.INVALID
    altered = [f.message for f in record.findings if f.code == "altered-text"]
    assert len(altered) == 1 and message in altered[0]


def test_name_that_differs_between_its_places(tmp_path: Path) -> None:
    record = parse(
        render(RELEASE, tmp_path / "r.pdf", Style(names={1: "Zoe Odegard"})), today=TODAY
    )
    assert record.status is Status.INVALID
    assert "name-mismatch" in [f.code for f in record.findings]


@pytest.mark.parametrize("signature", ["typed", "ink", "image"])
def test_page_furniture_is_not_altered_wording(signature: str, tmp_path: Path) -> None:
    """A running header and "Page n of 2" on every page, as word processors print them."""
    style = Style(furniture=True, signature=signature)  # type: ignore[arg-type]
    record = parse(render(RELEASE, tmp_path / "r.pdf", style), today=TODAY)
    assert record.status is Status.VALID, record.findings
    assert record.countersign_date == RELEASE.countersign_date
    assert record.signed


def test_a_sentence_added_at_the_foot_of_a_page_is_still_altered_wording(tmp_path: Path) -> None:
    style = Style(furniture=True, alter={"Continued on the next page...": "ICML may sell my data."})
    record = parse(render(RELEASE, tmp_path / "r.pdf", style), today=TODAY)
    assert record.status is Status.INVALID
    assert "altered-text" in {f.code for f in record.findings}
