"""Test helpers: the seed text, and outside programs.

A test that needs an outside program (poppler, MuPDF, qpdf, pdftk, Node) asks
for it with ``require_tool("pdftotext")``: it is skipped on a developer machine
without the program, and fails under ``CI=true``, where ``.ci/run`` installs it.
"""

from __future__ import annotations

import functools
import html
import io
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

from pubrelease import Release

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = ROOT / "tests" / "data" / "icml-2020-publishing-release.txt"
JS_DIR = ROOT / "tests" / "js"
JAVA_DIR = ROOT / "tests" / "java"


def require_tool(name: str) -> str:
    """The path of program ``name``; skip without it, or fail when ``CI=true``."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def cut_pages(source: Path, out: Path, tool: str, pages: str) -> Path:
    """``source``'s pages ``pages`` (qpdf's range: "z-1" the last to the first, "z" the
    last alone, "1" the first alone) written to ``out`` by ``tool``, qpdf or pdftk."""
    command = {
        "qpdf": [require_tool("qpdf"), str(source), "--pages", ".", pages, "--", str(out)],
        "pdftk": [
            require_tool("pdftk"),
            str(source),
            "cat",
            pages.replace("z", "end"),
            "output",
            str(out),
        ],
    }[tool]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def chromium_header_sheet(title: str, size: str, *, under: str = "") -> bytes:
    """An empty page of CSS ``@page`` ``size`` ("A4", "8.5in 11in") printed by headless
    Chromium with its header and footer: the date and time, ``title``, the page's address
    (``.../chromium-<pid>/<under>/page.html``) and "1/1". A title in Chinese, Japanese or
    Korean is drawn in the Noto Sans CJK fonts pubrelease depends on
    (``justmytype-intl-cjk``), given to Chromium by a fontconfig file beside the system's:
    a bare machine has no CJK font of its own."""
    exe = require_tool("chromium")
    # (a folder of a name of digits: the page's address is printed in the footer, and a
    # random name's letters may spell a word that refuses, "x_no4ab": a flaky verdict)
    folder = Path(tempfile.gettempdir()) / f"chromium-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        page = folder / under
        page.mkdir(parents=True, exist_ok=True)
        return _header_sheet(exe, page, title, size)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _header_sheet(exe: str, folder: Path, title: str, size: str) -> bytes:
    """The empty page printed, in ``folder``."""
    page, target = folder / "page.html", folder / "out.pdf"
    page.write_text(
        f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>@page {{ size: {size}; }}</style></head><body></body></html>",
        encoding="utf-8",
    )
    command = [
        exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={target}", page.as_uri(),
    ]  # fmt: skip
    env = dict(os.environ)
    if any(ord(c) >= 0x2E80 for c in title):  # (CJK, kana, Hangul)
        env["FONTCONFIG_FILE"] = str(_cjk_fontconfig(folder, title))
    subprocess.run(command, check=True, capture_output=True, timeout=120, env=env)
    return target.read_bytes()


def _cjk_fontconfig(folder: Path, text: str) -> Path:
    """A fontconfig file in ``folder``: the system's, with the packaged Noto Sans fonts
    for Korean and Chinese (``justmytype-intl-cjk``) added, cut to ``text``'s characters
    and made static (fontTools): Chromium (Skia) writes a variable font's glyphs as Type 3
    pictures, which the reading does not take for a printer's words (review rev30)."""
    import justmytype_intl_cjk
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    packaged = Path(justmytype_intl_cjk.__file__).parent / "fonts" / "ofl"
    fonts = folder / "fonts"
    fonts.mkdir()
    for name in ("NotoSansKR", "NotoSansSC"):
        font = TTFont(packaged / name.casefold() / f"{name}[wght].ttf")
        cut = subset.Subsetter(subset.Options(layout_features=["*"], name_IDs=["*"]))
        cut.populate(text=text)
        cut.subset(font)
        instancer.instantiateVariableFont(font, {"wght": 400}, inplace=True)
        font.save(fonts / f"{name}-Regular.ttf")
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{html.escape(str(fonts))}</dir>"
        f"<cachedir>{html.escape(str(folder / 'fontcache'))}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return path


@functools.cache
def _poppler_python() -> str | None:
    for python in ("/usr/bin/python3", shutil.which("python3")):
        if python is None or not Path(python).exists():
            continue
        check = "import gi; gi.require_version('Poppler', '0.18'); import gi.repository.Poppler"
        if subprocess.run([python, "-c", check], capture_output=True, timeout=60).returncode == 0:
            return python
    return None


def require_poppler_python() -> str:
    """A Python with poppler's GObject bindings (Debian: python3-gi, gir1.2-poppler-0.18):
    skip without it, or fail when ``CI=true``."""
    python = _poppler_python()
    if python is None:
        message = "python3-gi with gir1.2-poppler-0.18 is not installed (.ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return python


def require_node_module(module: str) -> Path:
    """``tests/js/node_modules/<module>``; skip without it, or fail when ``CI=true``."""
    require_tool("node")
    path = JS_DIR / "node_modules" / module
    if not path.exists():
        message = f"{module} is not installed (cd tests/js && npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


PDFBOX_JARS = tuple(
    Path("/usr/share/java") / jar for jar in ("pdfbox2.jar", "fontbox2.jar", "commons-logging.jar")
)
"""Apache PDFBox 2 and what it needs, as Debian's ``libpdfbox2-java`` installs them."""


def require_pdfbox() -> tuple[str, str]:
    """``java`` and the class path of :data:`PDFBOX_JARS`; skip without them, or fail when
    ``CI=true``. (``java`` runs a program's source: a JDK's compiler, not a JRE alone.)"""
    java = require_tool("java")
    missing = [str(jar) for jar in PDFBOX_JARS if not jar.is_file()]
    if missing:
        message = f"{', '.join(missing)} not installed (.ci/run installs libpdfbox2-java)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return java, ":".join(str(jar) for jar in PDFBOX_JARS)


def pdfium_flattened_text(data: bytes, index: int) -> str:
    """The text PDFium reads on page ``index`` once its widgets are flattened as shown."""
    doc = pdfium.PdfDocument(data)
    try:
        doc.init_forms()
        page = doc[index]
        pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
        page.close()
        page = doc[index]
        text = page.get_textpage()
        try:
            return str(text.get_text_range())
        finally:
            text.close()
            page.close()
    finally:
        doc.close()


def pdfjs_texts(path: Path) -> list[str]:
    """The text pdf.js reads on each page of ``path`` (``js/pdfjs_fields.mjs``)."""
    require_node_module("pdfjs-dist")
    done = subprocess.run(
        [require_tool("node"), str(JS_DIR / "pdfjs_fields.mjs"), str(path)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    texts: list[str] = json.loads(done.stdout)["text"]
    return texts


def pdfjs_saved(
    issued: bytes,
    folder: Path,
    fields: dict[str, str],
    editors: list[dict[str, Any]] | None = None,
) -> bytes:
    """``issued`` as Firefox saves it: ``fields`` filled and ``editors`` added with pdf.js
    (``js/pdfjs_edit.mjs``), pdf.js's own incremental update."""
    require_node_module("pdfjs-dist")
    if editors:
        require_node_module("@napi-rs/canvas")  # (pdf.js's image encoder, outside a browser)
    source, spec, saved = folder / "issued.pdf", folder / "spec.json", folder / "saved.pdf"
    source.write_bytes(issued)
    spec.write_text(json.dumps({"fields": fields, "editors": editors or []}), encoding="utf-8")
    args = [
        require_tool("node"),
        str(JS_DIR / "pdfjs_edit.mjs"),
        str(source),
        str(saved),
        str(spec),
    ]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    data = saved.read_bytes()
    assert data.startswith(issued)  # (an incremental update)
    return data


def resaved(source: Path, how: str, out: Path) -> Path:
    """``source`` saved again whole by an outside program into ``out``: ``qpdf`` (its
    objects rewritten), ``qdf`` (qpdf, uncompressed and each object alone: a stream's
    bytes can be edited in place) or ``mutool`` (``mutool clean -gg``: garbage-collected,
    objects renumbered)."""
    command = {
        "qpdf": lambda: [require_tool("qpdf"), str(source), str(out)],
        "qdf": lambda: [
            require_tool("qpdf"),
            "--qdf",
            "--object-streams=disable",
            str(source),
            str(out),
        ],
        "mutool": lambda: [require_tool("mutool"), "clean", "-gg", str(source), str(out)],
    }[how]()
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def rendered_pages(pdf: bytes, scale: float) -> list[Any]:
    """Every page of ``pdf`` rendered by PDFium at ``scale``, as arrays of pixels."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=scale).to_numpy() for page in doc]
    finally:
        doc.close()


ARABIC_FONT = "notosansarabic/NotoSansArabic[wdth,wght].ttf"
HEBREW_FONT = "notosanshebrew/NotoSansHebrew[wdth,wght].ttf"


def packaged_rtl_font(name: str) -> Path:
    """A font of the package pubrelease depends on for right-to-left scripts
    (``justmytype-intl-rtl``), by its path under ``fonts/ofl`` (:data:`ARABIC_FONT`,
    :data:`HEBREW_FONT`), for other programs to draw values in."""
    import justmytype_intl_rtl

    return Path(justmytype_intl_rtl.__file__).parent / "fonts" / "ofl" / name


def undated_release(name: str) -> Release:
    """A release of a workshop talk, accepted and signed by ``name`` on 1 July 2020, with
    no effective date. pdf-lib's map from glyphs to characters depends on every value's
    glyphs: for a Persian or Arabic name, this set of values gives some of them U+0002
    and control codes, as the tests of those maps need."""
    return Release.create(
        speaker_name=name,
        event_title="Deep Learning Workshop",
        event_date="2020-07-13",
        consent="accept",
        signature=name,
        sign_date="2020-07-01",
    )


def signed_release(name: str) -> Release:
    """A release of a talk, accepted and signed by ``name`` in September 2020."""
    return Release.create(
        speaker_name=name,
        event_title="Talk",
        event_date="2020-07-15",
        effective_date="2020-09-23",
        consent="accept",
        signature=name,
        sign_date="2020-09-23",
    )


def seed_releases_text() -> list[str]:
    """The seed's two releases as plain text: markdown marks removed, one string each."""
    if not SEED_TEXT.is_file():
        pytest.fail(f"seed text missing: {SEED_TEXT}")
    raw = SEED_TEXT.read_text(encoding="utf-8")
    parts = [p for p in re.split(r"^## ", raw, flags=re.M) if p.strip()]
    cleaned = []
    for part in parts:
        text = re.sub(r"^---\s*$", "", part, flags=re.M)
        text = re.sub(r"\*\*(.*?)\*\*", r"\1", text)
        text = re.sub(r"^- (?=\d)", "", text, flags=re.M)
        cleaned.append(text)
    return cleaned


def squash(text: str) -> str:
    """Text with all whitespace removed: "whitespace aside" comparisons."""
    return re.sub(r"\s+", "", text)


DESIGN_KEYS = (
    "file", "form", "source", "speaker_name", "effective_date", "event_title", "event_date",
    "consent", "signature", "signed", "sign_date", "countersigner_name", "countersigned",
    "countersign_date", "release_id", "status", "findings",
)  # fmt: skip
"""The record's keys, in the order DESIGN.md gives them."""

VALUE_KEYS = (
    "speaker_name", "effective_date", "event_title", "event_date", "consent", "signature",
    "sign_date", "countersigner_name", "countersign_date",
)  # fmt: skip
"""The values a release carries and a record reads back."""


Edit = Callable[[PdfWriter], object]
"""A change made to a document through pypdf's writer."""


def helvetica() -> DictionaryObject:
    """A font dictionary of the standard Helvetica, not embedded, in the WinAnsi encoding."""
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def update(data: bytes, *edits: Edit) -> bytes:
    """``data`` plus one incremental update written by pypdf after ``edits``."""
    writer = PdfWriter(PdfReader(io.BytesIO(data)), incremental=True)
    for edit in edits:
        edit(writer)
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(data)
    return out.getvalue()


def form_xobject(
    writer: PdfWriter, content: bytes, bbox: tuple[float, ...], resources: Any = None
) -> Any:
    """A Form XObject drawing ``content`` in ``bbox`` (with ``resources``; none when None),
    added to ``writer``'s document: its reference."""
    form = DecodedStreamObject()
    form.set_data(content)
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in bbox),
        }
    )
    if resources is not None:
        form[NameObject("/Resources")] = resources
    return writer._add_object(form)


def add_form_xobject(
    writer: PdfWriter,
    page: Any,
    name: str,
    content: bytes,
    *,
    resources: Any = None,
    bbox: tuple[float, ...] = (0, 0, 612, 792),
) -> None:
    """:func:`form_xobject` added to ``page``'s resources (of ``writer``'s document) under
    ``name``."""
    own = page["/Resources"].get_object()
    named = own.get("/XObject")
    xobjects = DictionaryObject() if named is None else named.get_object()
    xobjects[NameObject(name)] = form_xobject(writer, content, bbox, resources)
    own[NameObject("/XObject")] = xobjects


def rewritten(data: bytes, *edits: Edit) -> bytes:
    """``data`` written anew whole by pypdf after ``edits`` (the re-saved twin of
    :func:`update`)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for edit in edits:
        edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_grey(data: bytes, page: int, scale: float) -> Any:
    """Page ``page`` of ``data`` rendered by PDFium at ``scale`` pixels a point: grey
    levels (0 black .. 255 white) as ints, rows from the top."""
    import numpy as np

    doc = pdfium.PdfDocument(data)
    try:
        return np.asarray(doc[page].render(scale=scale).to_pil().convert("L")).astype(int)
    finally:
        doc.close()


def interruptible() -> None:
    """For ``subprocess.Popen(preexec_fn=...)``: the child takes Ctrl-C (SIGINT) as a
    terminal's foreground command does, whatever this process does with it (a test run
    started in the background by a script, ``cmd &``, ignores SIGINT, and its children
    inherit that: a test's Ctrl-C then reached nobody)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def widget_readings(source: Path | bytes, **options: Any) -> tuple[Any, bool, Any]:
    """``source`` parsed (``options`` as :func:`pubrelease.parse` takes them), whether the
    reading of other tools' fills from their widgets took it
    (:mod:`pubrelease.reading.provenfill`), and ``source`` parsed the general way."""
    return readings_by("read_proven", source, **options)


def readings_by(path: str, source: Path | bytes, **options: Any) -> tuple[Any, bool, Any]:
    """``source`` parsed, whether the reading ``path`` (a function of
    :mod:`pubrelease.reading.read` that answers None when it does not read the file) took
    it, and ``source`` parsed with that reading off (the general path's)."""
    from unittest import mock

    import pubrelease.reading.read as read_module
    from pubrelease import parse

    taken: list[bool] = []
    real = getattr(read_module, path)

    def spy(*args: Any) -> Any:
        found = real(*args)
        taken.append(found is not None)
        return found

    with mock.patch.object(read_module, path, spy):
        record = parse(source, **options)
    with mock.patch.object(read_module, path, lambda *args: None):
        general = parse(source, **options)
    return record, any(taken), general


def pdfium_glyph_boxes(style: str) -> tuple[dict[int, tuple[float, ...]], tuple[float, ...]]:
    """Each WinAnsi byte's glyph in the standard font ``style`` as PDFium's text layer
    boxes it, from its origin, in thousandths of the size (tight box, then the loose
    box's left and right), and of the loose boxes the lowest bottom, highest top and
    lowest middle: measured now, by ``tools/pdfium_boxes.py``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pdfium_boxes", ROOT / "tools/pdfium_boxes.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    measured: tuple[dict[int, tuple[float, ...]], tuple[float, ...]] = tool.boxes(style)
    return measured


def poppler_blank_ticks(record: Any) -> bool:
    """Whether ``record`` says a box's tick is drawn in ZapfDingbats named in WinAnsi,
    which poppler draws as nothing (``pdf/symbolnames.py``: PyMuPDF's fills)."""
    return any(
        f.code == "viewers-disagree" and "ZapfDingbats" in f.message for f in record.findings
    )
