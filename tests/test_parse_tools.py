"""parse on returns made by the tools people use, flattened by others, or typeset elsewhere.

Every file is made by the real tool (tests/returns.py); each must read back to the
values that were put in, with the verdict a careful person would give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from pubrelease import Consent, Release, Source, Status, parse

from . import returns as R

TODAY = dt.date(2026, 11, 24)
RELEASE = Release.create(
    speaker_name="Zoë Ødegård",
    event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
    event_date="2020-07-15",
    effective_date="2020-09-23",
    consent="accept",
    signature="Zoë Ødegård",
    sign_date="2020-09-23",
    countersigner_name="David Blei",
    countersign_date="2020-09-23",
)
DECLINED = Release.create(**{**RELEASE.values(), "consent": "decline"})
FAR = Release.create(
    **{**RELEASE.values(), "speaker_name": "Zoë Ødegård-Łukasiewicz", "signature": "Zoë Ø-Ł"}
)

Build = Callable[[Path], Path]


def _ours(tmp: Path) -> Path:
    return R.fill_pubrelease(RELEASE, tmp / "ours.pdf")


def _flat(tool: R.FlattenTool, source: Build) -> Build:
    def build(tmp: Path) -> Path:
        return R.flatten_with(tool, source(tmp), tmp / f"flat-{tool}.pdf")

    return build


CASES: dict[str, tuple[Build, Status, Consent, set[Source]]] = {
    "pypdf": (
        lambda t: R.fill_pypdf(RELEASE, t / "o.pdf"),
        Status.VALID,
        Consent.ACCEPT,
        {Source.FIELDS},
    ),
    "pypdf-need-appearances": (
        lambda t: R.fill_pypdf(RELEASE, t / "o.pdf", need_appearances=True),
        Status.VALID,
        Consent.ACCEPT,
        {Source.FIELDS},
    ),
    "pypdf-declined": (
        lambda t: R.fill_pypdf(DECLINED, t / "o.pdf"),
        Status.DECLINED,
        Consent.DECLINE,
        {Source.FIELDS},
    ),
    "pypdfform-need-appearances": (
        lambda t: R.fill_pypdfform(FAR, t / "o.pdf", mode="need-appearances"),
        Status.INCOMPLETE,  # viewers draw the Ł in Helvetica: none has it (viewerdrawn)
        Consent.ACCEPT,
        {Source.FIELDS},
    ),
    "pypdfform-default": (
        lambda t: R.fill_pypdfform(FAR, t / "o.pdf"),
        Status.INCOMPLETE,  # viewers draw the Ł in Helvetica: none has it (viewerdrawn)
        Consent.ACCEPT,
        {Source.FIELDS},
    ),
    "pypdfform-appearances-both-boxes": (
        lambda t: R.fill_pypdfform(RELEASE, t / "o.pdf", mode="appearances", strict=False),
        Status.INVALID,
        Consent.BOTH,
        {Source.FIELDS},
    ),
    "pdftk-xfdf": (
        lambda t: R.fill_pdftk(RELEASE, t / "o.pdf"),
        Status.VALID,
        Consent.ACCEPT,
        {Source.FIELDS},
    ),
    "pdftk-fdf-declined": (
        lambda t: R.fill_pdftk(DECLINED, t / "o.pdf", data_format="fdf"),
        Status.DECLINED,
        Consent.DECLINE,
        {Source.FIELDS},
    ),
    "pdflib": (
        lambda t: R.fill_pdflib(RELEASE, t / "o.pdf"),
        Status.VALID,
        Consent.ACCEPT,
        {Source.FIELDS},
    ),
    "pdflib-stale-appearances": (
        lambda t: R.fill_pdflib(FAR, t / "o.pdf", appearances=False),
        Status.INVALID,
        Consent.ACCEPT,
        {Source.FIELDS},
    ),
    "pdflib-flatten": (
        lambda t: R.fill_pdflib(RELEASE, t / "o.pdf", flatten=True),
        Status.VALID,
        Consent.ACCEPT,
        {Source.LAYOUT, Source.FLATTENED},
    ),
    "pdftk-flatten": (
        lambda t: R.fill_pdftk(RELEASE, t / "o.pdf", flatten=True),
        Status.VALID,
        Consent.ACCEPT,
        {Source.LAYOUT, Source.FLATTENED},
    ),
    **{
        f"ours-flattened-by-{tool}": (
            _flat(tool, _ours),
            Status.VALID,
            Consent.ACCEPT,
            {Source.LAYOUT, Source.FLATTENED},
        )
        for tool in ("pdftk", "qpdf", "gs", "pdftocairo", "mutool")
    },
    "pdftk-fill-flattened-by-qpdf": (
        _flat("qpdf", lambda t: R.fill_pdftk(RELEASE, t / "o.pdf")),
        Status.VALID,
        Consent.ACCEPT,
        {Source.LAYOUT, Source.FLATTENED},
    ),
}


@pytest.mark.tools
@pytest.mark.parametrize("case", CASES)
def test_tool_returns(case: str, tmp_path: Path) -> None:
    build, status, consent, sources = CASES[case]
    record = parse(build(tmp_path), today=TODAY)
    assert record.source in sources, record
    assert record.consent is consent, record.findings
    assert record.status is status, record.findings
    expected = FAR if case in ("pypdfform-default", "pypdfform-need-appearances") else RELEASE
    if expected is FAR:
        unchecked = [f.message for f in record.findings if f.code == "shown-text-unchecked"]
        assert any("'Ł' (U+0141)" in m for m in unchecked), record.findings
    if status is not Status.INVALID:
        assert record.speaker_name == expected.speaker_name
        assert record.event_title == expected.event_title
        assert record.event_date == expected.event_date
        assert record.sign_date == expected.sign_date
        assert record.signed


def test_stale_appearances_name_what_the_page_does_not_show(tmp_path: Path) -> None:
    record = parse(R.fill_pdflib(FAR, tmp_path / "o.pdf", appearances=False), today=TODAY)
    messages = [f.message for f in record.findings if f.code == "value-disagreement"]
    assert (
        "speaker_name: the stored value is 'Zoë Ødegård-Łukasiewicz' but the page shows nothing"
        in messages
    )


HTML = list(R.STYLES)


@pytest.mark.tools
@pytest.mark.parametrize("style", HTML)
def test_chromium_documents(style: str, tmp_path: Path) -> None:
    html_style = R.STYLES[style]
    record = parse(R.render_html(RELEASE, tmp_path / "c.pdf", html_style), today=TODAY)
    assert record.source is Source.LAYOUT
    assert record.consent is Consent.ACCEPT, record.findings
    assert record.speaker_name == RELEASE.speaker_name
    assert record.event_title == RELEASE.event_title
    assert record.event_date == RELEASE.event_date
    assert record.sign_date == RELEASE.sign_date
    assert record.signed is (html_style.signature != "none")
    expected = Status.VALID if html_style.signature != "none" else Status.INCOMPLETE
    assert record.status is expected, record.findings


@pytest.mark.tools
def test_chromium_declined_and_altered(tmp_path: Path) -> None:
    style = R.STYLES["helvetica-cssbox-typed"]
    record = parse(R.render_html(DECLINED, tmp_path / "d.pdf", style), today=TODAY)
    assert record.consent is Consent.DECLINE
    altered = R.render_html(RELEASE, tmp_path / "a.pdf", style, alter={"60 days": "6 days"})
    record = parse(altered, today=TODAY)
    assert record.status is Status.INVALID
    assert any("'60' changed to '6'" in f.message for f in record.findings)


@pytest.mark.tools
def test_libreoffice_documents(tmp_path: Path) -> None:
    jobs = [
        R.OfficeJob(RELEASE, tmp_path / "lo-1.pdf", R.STYLES["roman-ballot-typed"]),
        R.OfficeJob(DECLINED, tmp_path / "lo-2.pdf", R.STYLES["sans-check-image"]),
        R.OfficeJob(
            RELEASE, tmp_path / "lo-3.pdf", R.STYLES["helvetica-cssbox-typed"], {"irrevocably ": ""}
        ),
    ]
    first, second, third = (parse(p, today=TODAY) for p in R.render_office_many(jobs))
    assert first.status is Status.VALID, first.findings
    assert first.speaker_name == RELEASE.speaker_name
    assert second.status is Status.DECLINED, second.findings
    assert third.status is Status.INVALID
    assert any("'irrevocably' deleted" in f.message for f in third.findings)
