#!/usr/bin/env python3
"""What five text extractors give for right-to-left releases: the logical string or not.

Twenty Arabic, Persian, Hebrew and mixed-direction values are each filled (flattened) as
the speaker's name, signature and the event title of one release. Each release is read
by PDFium (pypdfium2's ``get_text_range``), poppler (``pdftotext``, ``pdftotext -raw``),
MuPDF (``mutool draw -F txt``) and pdf.js (``getTextContent``, items joined as
``tests/js/pdfjs_fields.mjs`` joins them). A value counts as given back when the
extractor's text (bidi control characters removed, whitespace collapsed) holds it as
many times as it holds a Latin probe value filled the same way (3: the title, the
"I, <name>, agree" line and the printed name). ``--chromium`` does the same for the
values set by headless Chromium (``<p dir=auto>``, the same font files), one a page.

    .venv/bin/python benchmarks/rtl_extraction.py [--chromium]

Results are in docs/filling.md ("What other programs extract").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from pubrelease import Release, fill
from pubrelease.pdf.fonts import BUNDLED, packaged_fonts

ROOT = Path(__file__).resolve().parents[1]
VALUES = (
    "محمد علي",
    "محمد عبد الله",
    "علاء سلامة",
    "فاطمة الزهراء بن يوسف",
    "يوسف القرضاوي",
    "نور الهدى",
    "تعلم الآلة العميق",
    "الشبكات العصبية التلافيفية لتصنيف الصور الطبية في المستشفيات الجامعية الكبرى",
    "محمدرضا شجریان",
    "پگاه گلپایگانی",
    "یادگیری ژرف برای پردازش زبان طبیعی",
    "علی\u200cاکبر دهخدا",
    "דוד בן-גוריון",
    "שרה לוי",
    "למידה עמוקה לעיבוד שפה טבעית",
    "יוֹסֵף כַּהֲנָא",
    "محمد Ali",
    "Ali محمد",
    "דוד Cohen 2020",
    "نموذج GPT-4 للغة العربية",
)
TOOLS = ("pdfium", "pdftotext", "pdftotext -raw", "mutool", "pdf.js")
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_PDFJS = """
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
for (const n of ["log", "info", "debug", "warn"]) console[n] = () => {};
const require = createRequire(process.argv[2]);
const root = dirname(require.resolve("pdfjs-dist/package.json"));
const pdfjs = await import(join(root, "legacy/build/pdf.mjs"));
pdfjs.GlobalWorkerOptions.workerSrc = join(root, "legacy/build/pdf.worker.mjs");
const doc = await pdfjs.getDocument({ data: new Uint8Array(await readFile(process.argv[3])),
  standardFontDataUrl: join(root, "standard_fonts") + "/" }).promise;
const out = [];
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  out.push(content.items.map((it) => (it.str ?? "") + (it.hasEOL ? "\\n" : "")).join(""));
}
process.stdout.write(JSON.stringify(out));
"""


def _run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, check=True, timeout=300)
    return done.stdout.decode("utf-8", errors="replace")


def extract(pdf: Path, page: int, script: Path) -> dict[str, str]:
    """Each extractor's text of page ``page`` (1-based) of ``pdf``."""
    doc = pdfium.PdfDocument(str(pdf))
    pages = json.loads(_run(["node", str(script), str(ROOT / "tests/js/package.json"), str(pdf)]))
    found = {
        "pdfium": doc[page - 1].get_textpage().get_text_range(),
        "pdftotext": _run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page),
                           str(pdf), "-"]),
        "pdftotext -raw": _run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(page),
                                "-l", str(page), str(pdf), "-"]),
        "mutool": _run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf), str(page)]),
        "pdf.js": pages[page - 1],
    }  # fmt: skip
    doc.close()
    return {tool: " ".join(_CONTROLS.sub("", text).split()) for tool, text in found.items()}


def _release(value: str) -> bytes:
    release = Release.create(
        speaker_name=value, event_title=value, event_date="2020-07-13", signature=value
    )
    return fill(release, flatten=True, today=dt.date(2020, 7, 1))


def _family(value: str) -> str:
    return "hebrew" if any("\u0590" <= c <= "\u05ff" for c in value) else "arabic"


def _chromium(folder: Path) -> Path:
    def font(name: str) -> Path:
        return next(s.path for s in packaged_fonts() if s.path.parent.name == name)

    faces = {"arabic": font("notosansarabic"), "hebrew": font("notosanshebrew"), "dejavu": BUNDLED}
    css = "".join(
        f'@font-face {{ font-family: "{k}"; src: url("{v.as_uri()}"); }}' for k, v in faces.items()
    )
    body = "".join(
        f'<p dir="auto" style="font-family: {_family(v)}, dejavu">{v}</p>' for v in VALUES
    )
    page = folder / "values.html"
    page.write_text(
        f'<!doctype html><meta charset="utf-8"><style>{css} @page {{ size: 612pt 792pt; '
        f"margin: 72pt; }} p {{ font-size: 10pt; margin: 0; break-after: page; }}</style>{body}",
        encoding="utf-8",
    )
    target = folder / "values.pdf"
    _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
          f"--print-to-pdf={target}", page.as_uri()])  # fmt: skip
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", action="store_true", help="Chromium's PDF instead")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pubrelease-rtl-"))
    script = folder / "pdfjs_text.mjs"
    script.write_text(_PDFJS, encoding="utf-8")
    totals = dict.fromkeys(TOOLS, 0)
    print("| value | " + " | ".join(TOOLS) + " |")
    print("|---|" + "---|" * len(TOOLS))
    chromium = _chromium(folder) if args.chromium else None
    expected = dict.fromkeys(TOOLS, 1)
    if chromium is None:
        probe = folder / "probe.pdf"
        probe.write_bytes(_release("Zqxw Vbnm"))
        expected = {k: v.count("Zqxw Vbnm") for k, v in extract(probe, 1, script).items()}
    for n, value in enumerate(VALUES):
        if chromium is None:
            pdf, page = folder / f"{n}.pdf", 1
            pdf.write_bytes(_release(value))
        else:
            pdf, page = chromium, n + 1
        texts = extract(pdf, page, script)
        cells = []
        for tool in TOOLS:
            count = texts[tool].count(value)
            good = count >= expected[tool]
            totals[tool] += good
            cells.append("yes" if good else f"no ({count}/{expected[tool]})")
        print(f"| {value} | " + " | ".join(cells) + " |")
    print("| **of 20** | " + " | ".join(str(totals[t]) for t in TOOLS) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
