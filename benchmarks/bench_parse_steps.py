#!/usr/bin/env python3
"""Where the time of ``parse`` goes, step by step, in process time.

Each step named below is wrapped, where ``parse`` calls it, with a counter of process
time (CPU time of this process: a busy machine's waiting is left out, its contention
not) and of calls; then the files are parsed (the first once before, for the caches of
the form). Steps nest: a step's time includes the steps it calls.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_parse_steps.py '/path/to/returns/*.pdf'

Files of every kind can be made with ``bench_parse.py --keep DIR``.
"""

from __future__ import annotations

import argparse
import collections
import glob
import importlib
import time
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium

from pubrelease import parse
from pubrelease.form.wording import Wording

STEPS: dict[str, tuple[str, ...]] = {
    "pubrelease.reading.read": (
        "_open_reader",
        "_open_pdfium",
        "bounded_inflation",
        "scanned_pages",
        "stored_fields",
        "shows_form_pages",
        "view_pages",
        "check_history_and_wording",
        "visual_findings",
        "check_fonts",
        "marks_from_pixels",
        "ink_in",
        "issuance",
        "with_value_boxes",
        "wording_glyph_findings",
    ),
    "pubrelease.pdf.pageviews": ("render_page", "page_text"),
    "pubrelease.pdf.pagetext": ("read_chars", "lines"),
    "pubrelease.pdf.rendering": ("read_glyphs",),
    "pubrelease.pdf.loadedpages": ("flatten_page",),
    "pubrelease.reading.vouching": ("page_objects", "_inside"),
}
"""Module -> the functions it calls that are timed (as that module names them)."""

spent: collections.Counter[str] = collections.Counter()
calls: collections.Counter[str] = collections.Counter()


def _timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
            calls[label] += 1

    return timed


def _wrap(owner: Any, name: str, label: str) -> None:
    function = getattr(owner, name, None)
    if function is None:  # renamed or gone since: said, not timed
        print(f"# {label}: not found, not timed")
        return
    setattr(owner, name, _timed(label, function))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pattern", help="a glob of PDF files")
    parser.add_argument("--n", type=int, default=20, help="files parsed (20)")
    args = parser.parse_args()
    for module_name, names in STEPS.items():
        module = importlib.import_module(module_name)
        for name in names:
            _wrap(module, name, f"{module_name.rsplit('.', 1)[1]}.{name}")
    _wrap(pdfium.PdfDocument, "get_page", "PDFium page loads")
    _wrap(pdfium.PdfPage, "get_textpage", "PDFium text pages")
    _wrap(Wording, "read", "wording.Wording.read")
    files = sorted(glob.glob(args.pattern))[: args.n]
    parse(files[0])
    spent.clear()
    calls.clear()
    start = time.process_time()
    for path in files:
        parse(path)
    total = (time.process_time() - start) / len(files) * 1000
    print(f"parse: {total:.1f} ms a file (process time, {len(files)} files)")
    for label, seconds in spent.most_common():
        each = seconds / len(files) * 1000
        print(f"{label:44s} {each:7.2f} ms a file  {calls[label] / len(files):5.1f} calls")


if __name__ == "__main__":
    main()
