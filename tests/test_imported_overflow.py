"""An imported form's returns as other tools draw a value too long for its box, and read
with a form that no forms folder holds.

pypdf and pdftk set a long title on one line, cut at the box's edge by its clip: the
page shows its beginning, the file holds the rest past the edge. That rest is the
value's end (``value-clipped``), neither wording the speaker added nor a reason to
call a flattened return "not a release". A form given by its folder, or built in code,
asks the values it asks, not those of the forms folder's form of the same id.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfWriter

from pubrelease import Status, parse
from pubrelease.auditing.audit import audit
from pubrelease.form.definition import load_definition
from pubrelease.form.imported import ImportedForm
from pubrelease.form.importer import import_form, write_form
from pubrelease.form.template import Form

from . import returns as R
from .foreign_forms import filled_by_pdftk, filled_by_pypdf, neurips_release
from .test_cli import run

LONG = "Robust Estimation of Heavy-Tailed Distributions with Applications to Private Learning"
VALUES = {
    "SpeakerName": "Ada Lovelace",
    "TalkTitle": LONG,
    "TalkDate": "Dec 18, 2026",
    "Sig1": "Ada Lovelace",
    "SigDate": "20/11/2026",
}


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The form's ``form.toml``, in a folder no forms folder lists."""
    monkeypatch.setenv("PUBRELEASE_FORMS", str(tmp_path / "no-forms-here"))
    return write_form(import_form(neurips_release(), "neurips-2026"), tmp_path / "theirs")


@pytest.fixture
def form(elsewhere: Path) -> Form:
    return ImportedForm(load_definition(elsewhere))


def _pypdf(form: Form, out: Path) -> Path:
    return filled_by_pypdf(form.template, VALUES, out)


def _pdftk(form: Form, out: Path) -> Path:
    return filled_by_pdftk(form.template, VALUES, out)


RETURNS = {
    "pypdf": lambda form, tmp: _pypdf(form, tmp / "pypdf.pdf"),
    "pdftk": lambda form, tmp: _pdftk(form, tmp / "pdftk.pdf"),
    "pdftk-flattened": lambda form, tmp: R.flatten_with(
        "pdftk", _pdftk(form, tmp / "filled.pdf"), tmp / "flat.pdf", strict=False
    ),
}


@pytest.mark.parametrize("made", sorted(RETURNS))
def test_a_title_longer_than_its_box_is_a_clipped_value(
    form: Form, tmp_path: Path, made: str
) -> None:
    record = parse(RETURNS[made](form, tmp_path), form=form)
    codes = [f.code for f in record.findings]
    assert record.status is Status.INCOMPLETE, record.findings
    assert record.event_title == LONG
    assert "value-clipped" in codes
    assert "altered-text" not in codes and "value-disagreement" not in codes
    clipped = next(f for f in record.findings if f.code == "value-clipped")
    assert "'Private Learning'" in clipped.message  # what the page does not show


def test_a_form_given_by_its_folder_asks_its_own_values(
    form: Form, elsewhere: Path, tmp_path: Path
) -> None:
    short = dict(VALUES, TalkTitle="Notes on the engine")
    writer = PdfWriter(clone_from=io.BytesIO(form.template))
    writer.update_page_form_field_values(None, {**short, "Consent": "/agree"})
    out = tmp_path / "short.pdf"
    writer.write(out)
    record = parse(out, form=form)
    assert record.status is Status.VALID, record.findings  # (no effective_date asked)
    assert [f.code for f in record.findings] == ["not-countersigned"]
    done = run("parse", str(out), "--form", str(elsewhere))
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)
    assert row["status"] == "valid", row["findings"]
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "short.pdf").write_bytes(out.read_bytes())
    report = audit(folder, workers=1, form=str(elsewhere))
    assert [r.record.status for r in report.returns] == [Status.VALID]
