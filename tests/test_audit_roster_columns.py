"""A roster's own columns never take the place of a report's.

Organisers keep their own ``status``, ``action`` or ``row`` columns, and the issuing
manifest (a roster the docs recommend) has ``row``, ``sha256`` and ``bytes`` of the
*issued* files: in every table they are shown as the roster's, beside the report's.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile
from pathlib import Path

from pubrelease import Consent, fill
from pubrelease.auditing.audit import audit
from pubrelease.auditing.bundle import make_bundle
from pubrelease.auditing.reports import audit_csv
from pubrelease.auditing.summary import SummaryFormat, print_summary
from pubrelease.demo import SEED_RELEASES
from pubrelease.roster import read_roster

from .test_audit import row, write_roster

OWN = {"status": "valid", "action": "nothing", "row": "7", "sha256": "0" * 64, "bytes": "1"}


def _audited(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "returns"
    folder.mkdir()
    declined = dataclasses.replace(SEED_RELEASES[0], consent=Consent.DECLINE)
    (folder / "a.pdf").write_bytes(fill(declined))
    signed = dataclasses.replace(SEED_RELEASES[1], signature=SEED_RELEASES[1].speaker_name)
    (folder / "b.pdf").write_bytes(fill(signed))
    rows = [row(r, **OWN) for r in (declined, signed)]
    roster = read_roster(write_roster(tmp_path / "roster.csv", rows))
    return audit(folder, roster, workers=1)


def test_the_csv_report_keeps_its_own_status_and_action(tmp_path: Path) -> None:
    report = _audited(tmp_path)
    lines = list(csv.reader(io.StringIO(audit_csv(report))))
    header, rows = lines[0], lines[1:]
    assert len(set(header)) == len(header)
    got = {r[0].rsplit("/", 1)[-1]: dict(zip(header, r, strict=True)) for r in rows}
    assert got["a.pdf"]["status"] == "declined"
    assert got["a.pdf"]["roster.status"] == "valid"
    assert got["a.pdf"]["roster.action"] == "nothing"


def test_the_summary_keeps_its_own_row_and_action(tmp_path: Path) -> None:
    report = _audited(tmp_path)
    out = io.StringIO()
    print_summary(report, fmt=SummaryFormat.TSV, stream=out)
    header, *rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert len(set(header)) == len(header)
    first = dict(zip(header, rows[0], strict=True))
    assert first["row"] == "2" and first["roster.row"] == "7"  # the CSV header is row 1
    assert first["outcome"] == "declined" and first["status"] == "valid"
    out = io.StringIO()
    print_summary(report, fmt=SummaryFormat.JSONL, stream=out)
    second = json.loads(out.getvalue().splitlines()[1])
    assert second["action"] == "countersign" and second["roster.action"] == "nothing"


def test_a_bundles_index_gives_the_packed_files_digest(tmp_path: Path) -> None:
    report = _audited(tmp_path)
    bundle = make_bundle(report)
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode())))
        sums = dict(
            reversed(line.split("  ", 1))
            for line in archive.read("SHA256SUMS").decode().splitlines()
        )
    (packed,) = index
    assert packed["sha256"] == sums[packed["file"]] and packed["roster.sha256"] == "0" * 64
    assert packed["bytes"] == str((tmp_path / "returns" / "b.pdf").stat().st_size)


def test_the_json_report_keeps_the_rosters_own_columns_beside_its_keys(tmp_path: Path) -> None:
    report = _audited(tmp_path)
    first = report.roster[0].to_dict()
    assert first["row"] == 2 and first["roster.row"] == "7"
    assert first["action"] == "nothing" and first["roster.action"] == "nothing"
    assert first["outcome"] == "declined" and first["status"] == "valid"
