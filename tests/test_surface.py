import re
from pathlib import Path

import pytest

import pubrelease


def test_public_surface_is_pinned() -> None:
    assert sorted(pubrelease.__all__) == sorted(
        [
            "Consent",
            "FieldValueError",
            "FontCoverageError",
            "Form",
            "FormDefinitionError",
            "ManifestEntry",
            "OutputExistsError",
            "PubreleaseError",
            "Release",
            "RosterEntry",
            "RosterError",
            "__version__",
            "fill",
            "fill_many",
            "load_form",
            "read_roster",
            "Finding",
            "Record",
            "Severity",
            "Source",
            "Status",
            "parse",
            "verify",
            "audit",
            "AuditReport",
            "Return",
            "RosterOutcome",
            "Outcome",
            "Action",
            "Limits",
            "audit_json",
            "audit_csv",
            "audit_html",
            "write_report",
            "Batch",
            "DateOrder",
        ]
    )
    assert callable(pubrelease.audit) and pubrelease.audit.__module__.endswith("audit")


def test_fill_many_takes_mappings_as_well_as_releases(tmp_path: Path) -> None:
    rows = [
        {"speaker_name": "Ada Lovelace", "event_title": "Engines", "event_date": "2020-07-15",
         "email": "ada@example.org"},
        pubrelease.Release.create(
            speaker_name="Alan Turing", event_title="Machines", event_date="15 July 2020"
        ),
    ]  # fmt: skip
    batch = pubrelease.fill_many(rows, tmp_path)
    assert [m.file for m in batch.issued] == ["Ada_Lovelace.pdf", "Alan_Turing.pdf"]
    assert batch.issued[0].columns == {"email": "ada@example.org"}
    with pytest.raises(pubrelease.RosterError) as info:
        pubrelease.fill_many([{"speaker_name": "X", "event_title": "T"}], tmp_path / "bad")
    assert str(info.value) == "<releases>:1:event_date: a value is required"


def test_docs_import_nothing_private() -> None:
    root = Path(__file__).resolve().parents[1]
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    for page in pages:
        for line in page.read_text(encoding="utf-8").splitlines():
            found = re.search(r"from (pubrelease[\w.]*) import|import (pubrelease[\w.]*)", line)
            if found is None:
                continue
            module = found.group(1) or found.group(2)
            assert not any(part.startswith("_") for part in module.split(".")), (page, line)
    for name in pubrelease.__all__:
        assert hasattr(pubrelease, name)


def test_errors_share_one_root_and_the_fitting_builtins() -> None:
    assert issubclass(pubrelease.FieldValueError, ValueError)
    assert issubclass(pubrelease.OutputExistsError, FileExistsError)
    for name in (
        "FieldValueError",
        "FontCoverageError",
        "FormDefinitionError",
        "OutputExistsError",
        "RosterError",
    ):
        assert issubclass(getattr(pubrelease, name), pubrelease.PubreleaseError)
