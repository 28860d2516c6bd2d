"""The built-in demonstration: the seed's two releases, filled as the conference issued them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .batch import ManifestEntry, fill_many
from .release import Consent, Release

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
"""The ICML 2020 releases of Bohyung Han and Minsoo Kang, as in ``shared/seed``."""


def run_demo(out_dir: str | os.PathLike[str], *, overwrite: bool = False) -> list[ManifestEntry]:
    """Fill the seed releases into ``out_dir``; returns what was written."""
    return fill_many(SEED_RELEASES, Path(out_dir), overwrite=overwrite)
