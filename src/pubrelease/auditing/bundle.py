"""The bundle for the publisher: valid returns, the audit, an index and every file's SHA-256.

A bundle is one zip file:

* ``releases/...``: the valid returns (only countersigned ones, if asked), by their
  path under the audited folder;
* ``audit.json``: the whole audit report;
* ``index.csv``: one row per release with its speaker, title, release id,
  countersignature, size and SHA-256, and the roster's extra columns;
* ``SHA256SUMS``: ``sha256sum``'s format for every other member, so the receiver can
  check it with ``sha256sum -c SHA256SUMS`` after unzipping, or with :func:`verify_bundle`.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..auditing.audit import AuditReport, Outcome, Return
from ..auditing.reports import audit_json, extra_names, shown_extra
from ..errors import PubreleaseError
from ..files import rows_csv

__all__ = ["SUMS", "BundleContents", "make_bundle", "verify_bundle"]

SUMS = "SHA256SUMS"
_INDEX_COLUMNS = (
    "file", "speaker_name", "event_title", "event_date", "release_id",
    "countersigned", "countersign_date", "bytes", "sha256",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BundleContents:
    data: bytes
    """The zip file."""
    releases: tuple[str, ...]
    """The returns packed, as found in the audited folder."""


def _chosen(report: AuditReport, countersigned_only: bool) -> list[Return]:
    chosen = []
    for item in report.returns:
        if not item.record.status.ok:
            continue
        if item.roster_outcome is not None and item.roster_outcome is not Outcome.VALID:
            continue  # unexpected, superseded or conflicting: not for the publisher
        if countersigned_only and not item.record.countersigned:
            continue
        chosen.append(item)
    return chosen


def make_bundle(report: AuditReport, *, countersigned_only: bool = False) -> BundleContents:
    """The bundle of ``report``'s valid returns (read again from disk, hashed as packed)."""
    root = Path(report.folder)
    names = extra_names(report, _INDEX_COLUMNS)  # a roster's sha256 is not the return's
    extras = {e.entry.row: shown_extra(e.entry.extra, names) for e in report.roster or ()}
    buffer = io.BytesIO()
    sums: list[str] = []
    rows = []
    chosen = _chosen(report, countersigned_only)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in chosen:
            path = Path(item.record.file)
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise PubreleaseError(f"cannot read: {exc.strerror}", file=str(path)) from exc
            name = str(PurePosixPath("releases", *path.relative_to(root).parts))
            digest = hashlib.sha256(data).hexdigest()
            archive.writestr(name, data)
            sums.append(f"{digest}  {name}")
            record = item.record
            rows.append(
                {
                    "file": name,
                    "speaker_name": record.speaker_name,
                    "event_title": record.event_title,
                    "event_date": record.event_date.isoformat() if record.event_date else "",
                    "release_id": record.release_id,
                    "countersigned": record.countersigned,
                    "countersign_date": (
                        record.countersign_date.isoformat() if record.countersign_date else ""
                    ),
                    "bytes": len(data),
                    "sha256": digest,
                    **extras.get(item.roster_row or -1, {}),
                }
            )
        for name, text in (
            ("audit.json", audit_json(report)),
            ("index.csv", rows_csv(rows, [*_INDEX_COLUMNS, *names.values()])),
        ):
            data = text.encode("utf-8")
            archive.writestr(name, data)
            sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
        archive.writestr(SUMS, "\n".join(sums) + "\n")
    return BundleContents(buffer.getvalue(), tuple(i.record.file for i in chosen))


def verify_bundle(path: str | os.PathLike[str]) -> list[str]:
    """Problems of a bundle: members whose SHA-256 differs from ``SHA256SUMS``, missing
    members, and members the sums do not list. An empty list: nothing changed."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise PubreleaseError(f"not a readable zip file: {exc}", file=str(path)) from exc
    with archive:
        names = set(archive.namelist())
        if SUMS not in names:
            return [f"{SUMS} is missing"]
        problems = []
        listed = set()
        for line in archive.read(SUMS).decode("utf-8").splitlines():
            digest, _, name = line.partition("  ")
            listed.add(name)
            if name not in names:
                problems.append(f"{name}: missing")
            elif hashlib.sha256(archive.read(name)).hexdigest() != digest:
                problems.append(f"{name}: SHA-256 differs")
        problems += [f"{n}: not in {SUMS}" for n in sorted(names - listed - {SUMS})]
    return problems
