"""The built-in demonstration: the seed's two releases, filled, signed and audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from .auditing.audit import AuditReport, audit
from .errors import OutputExistsError
from .files import write_atomic
from .filling.batch import ManifestEntry, fill_many
from .form.registry import load_form
from .release import Consent, Release
from .roster import RosterEntry

__all__ = ["SEED_RELEASES", "run_demo"]

_TITLE = "Operation-Aware Soft Channel Pruning using Differentiable Masks"

SEED_RELEASES = tuple(
    Release(
        speaker_name=name,
        event_title=_TITLE,
        event_date=dt.date(2020, 7, 15),
        effective_date=dt.date(2020, 9, 23),
        consent=Consent.ACCEPT,
        sign_date=dt.date(2020, 9, 23),
        countersigner_name="David Blei",
        countersign_date=dt.date(2020, 9, 23),
    )
    for name in ("Bohyung Han", "Minsoo Kang")
)
"""The ICML 2020 releases of Bohyung Han and Minsoo Kang, as in the seed text (tests/data)."""


def run_demo(
    out_dir: str | os.PathLike[str], *, overwrite: bool = False, workers: int | None = None
) -> tuple[list[ManifestEntry], AuditReport]:
    """Fill the seed releases into ``out_dir`` as their speakers returned them, then audit.

    Bohyung Han typed his name in the signature box ("By Checking this box and
    typing my name in the box below ..."); Minsoo Kang printed his release, ticked
    Accept and signed it with a pen, and sent back a scan, which is read by OCR.
    """
    from .paper import paper_return  # Pillow: only when the demo runs

    han, kang = SEED_RELEASES
    on_paper = dataclasses.replace(kang, consent=Consent.NONE)  # ticked by pen, later
    signed = [dataclasses.replace(han, signature=han.speaker_name), on_paper]
    folder = Path(out_dir)
    if not overwrite and folder.is_dir() and any(folder.iterdir()):
        names = ", ".join(sorted(p.name for p in folder.iterdir())[:5])
        raise OutputExistsError(
            f"file(s) exist already ({names}); pass --force to replace them", file=str(folder)
        )
    written = list(fill_many(signed, folder, overwrite=overwrite).issued)
    scan = folder / written[1].file
    write_atomic(scan, paper_return(scan.read_bytes(), load_form(), state="Accept"), overwrite=True)
    signed[1] = dataclasses.replace(kang, signature=None)
    roster = [
        RosterEntry(
            "<seed>",
            number,
            dataclasses.replace(release, release_id=entry.release_id),
            entry.file,
            {"speaker_name": release.speaker_name, "event_title": release.event_title},
        )
        for number, (release, entry) in enumerate(zip(signed, written, strict=True), start=1)
    ]
    return written, audit(out_dir, roster, workers=workers)
