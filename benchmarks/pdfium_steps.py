#!/usr/bin/env python3
"""What PDFium itself costs a return, call by call: the part of ``parse`` no Python can
take away, and what flattening the widgets in PDFium costs besides the floor.

For each file of a folder, in process time, best of ``--rounds``: open the document;
per page, load it (``FPDF_LoadPage``, which parses its content), flatten its widgets
(``FPDFPage_Flatten``), load it again (the flattened content parsed anew, as the reading
must), read its text page and render it once at 72 dpi; close. A return with no widget
(flattened, printed) is flattened with nothing to do, and not loaded again.

    PYTHONPATH=src .venv/bin/python benchmarks/pdfium_steps.py DIR

The floor of ``bench_parse.py`` is the open, one load, the text page, the render and the
close; the first load and the flattening are what the reading pays on top for another
tool's live fill (the second ``view_pages`` load of a page, issue 13).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

STEPS = ("open", "load", "flatten", "load again", "text page", "render", "close")


def _one(data: bytes, spent: dict[str, float]) -> None:
    clock = time.process_time
    start = clock()
    doc = pdfium.PdfDocument(data)
    spent["open"] += clock() - start
    for number in range(len(doc)):
        start = clock()
        page = doc[number]
        loaded = clock()
        flat = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
        flattened = clock()
        spent["load"] += loaded - start
        spent["flatten"] += flattened - loaded
        if flat != pdfium_c.FLATTEN_NOTHINGTODO:
            page.close()
            page = doc[number]
            spent["load again"] += clock() - flattened
        start = clock()
        text = page.get_textpage()
        text.get_text_range()
        read = clock()
        page.render(scale=1.0).close()
        spent["text page"] += read - start
        spent["render"] += clock() - read
        text.close()
        page.close()
    start = clock()
    doc.close()
    spent["close"] += clock() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of returns (*.pdf)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best counts (3)")
    args = parser.parse_args(argv)
    datas = [path.read_bytes() for path in sorted(args.folder.glob("*.pdf"))]
    if not datas:
        raise SystemExit(f"{args.folder}: no PDF files")
    best = dict.fromkeys(STEPS, float("inf"))
    for _ in range(args.rounds):
        spent = dict.fromkeys(STEPS, 0.0)
        for data in datas:
            _one(data, spent)
        for step in STEPS:
            best[step] = min(best[step], spent[step])
    for step in STEPS:
        print(f"{step:12s} {best[step] / len(datas) * 1e3:7.3f} ms a file")
    floor = sum(best[s] for s in ("open", "load", "text page", "render", "close"))
    extra = best["flatten"] + best["load again"]
    print(f"{'floor':12s} {floor / len(datas) * 1e3:7.3f} ms a file (one load, text, render)")
    print(f"{'flattening':12s} {extra / len(datas) * 1e3:7.3f} ms a file (flatten, load again)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
