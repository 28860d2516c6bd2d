#!/usr/bin/env python3
"""SHA-256 of the releases ``fill`` makes of ``bench_fill``'s roster, every script, in every
"as issued before" setting: a change meant to make filling faster must not move a byte.

Run it on two checkouts (``PYTHONPATH`` of each ``src``) and compare the outputs:

    PYTHONPATH=src .venv/bin/python benchmarks/fill_digests.py > after.txt

Releases get fixed ids and dates, so the bytes depend only on the code. ``--per`` releases
of each script (Thai has 240 in the roster) are filled now, flattened, and inside each of
:func:`~pubrelease.filling.inkbox.placed_as_before` (moved or not),
:func:`~pubrelease.filling.mirrored.mapped_as_before`,
:func:`~pubrelease.filling.hanfaces.han_as_before`,
:func:`~pubrelease.filling.mirrored.spans_as_before`,
:func:`~pubrelease.pdf.charmap.without_cmaps`, and all of them together (as ``parse``
fills a release issued before); a line a setting and script, and the digest of all.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _settings() -> dict[str, Callable[[], contextlib.AbstractContextManager[object]]]:
    from pubrelease.filling.hanfaces import han_as_before
    from pubrelease.filling.inkbox import placed_as_before
    from pubrelease.filling.mirrored import mapped_as_before, spans_as_before
    from pubrelease.pdf.charmap import without_cmaps

    def together(
        *made: Callable[[], contextlib.AbstractContextManager[object]],
    ) -> Callable[[], contextlib.AbstractContextManager[object]]:
        def enter() -> contextlib.ExitStack:
            stack = contextlib.ExitStack()
            for one in made:
                stack.enter_context(one())
            return stack

        return enter

    return {
        "now": contextlib.nullcontext,
        "later": together(han_as_before, spans_as_before),
        "before": together(
            lambda: placed_as_before(moved=True),
            mapped_as_before,
            without_cmaps,
            han_as_before,
            spans_as_before,
        ),
        "placed": placed_as_before,
        "placed-moved": lambda: placed_as_before(moved=True),
        "mapped": mapped_as_before,
        "han": han_as_before,
        "spans": spans_as_before,
        "no-cmap": without_cmaps,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per", type=int, default=300, help="releases of each script (300)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import bench_fill

    from pubrelease import Release, fill, load_form

    roster = bench_fill.build_roster(12000, 2020)
    picked = [r for cls in bench_fill.CLASSES for r in roster if r["cls"] == cls]
    counts: dict[str, int] = {}
    chosen = []
    for record in picked:
        if counts.get(record["cls"], 0) < args.per:
            counts[record["cls"]] = counts.get(record["cls"], 0) + 1
            chosen.append(record)
    form = load_form()
    today = dt.date(2026, 12, 1)
    total = hashlib.sha256()
    for name, setting in _settings().items():
        for flatten in (False, True) if name in ("now", "before") else (False,):
            digests: dict[str, Any] = {}
            with setting():
                for record in chosen:
                    release = Release.create(
                        speaker_name=record["speaker_name"],
                        event_title=record["event_title"],
                        event_date=record["event_date"],
                        effective_date=record["effective_date"],
                        consent="accept",
                        signature=record["speaker_name"],
                        sign_date=record["sign_date"],
                        release_id=f"R-{record['idx']:05d}",
                    )
                    try:
                        data = fill(release, form, flatten=flatten, today=today)
                    except Exception as exc:  # a refusal is an outcome to compare too
                        data = f"{type(exc).__name__}: {exc}".encode()
                    digest = hashlib.sha256(data).digest()
                    digests.setdefault(record["cls"], hashlib.sha256()).update(digest)
                    total.update(digest)
            for cls, found in digests.items():
                print(f"{name}{'/flat' if flatten else ''}/{cls} {found.hexdigest()[:16]}")
    print("all", total.hexdigest())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
