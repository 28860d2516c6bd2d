"""Filled releases look right in every viewer: poppler, MuPDF, PDFium and pdf.js.

Each name (in its own script) is filled, live (not flattened), with a 250-character
event title, once per module; then every viewer is asked, separately, whether it shows
and reads each value. Widgets must carry their own appearance streams: nothing relies
on ``NeedAppearances``, so a viewer that does not regenerate fields still shows them.

Renders are at 72 dpi (one pixel per point) and only of the two pages, which both
carry widgets. "Ink" is the number of dark pixels inside a widget's rectangle; a
filled widget must have more of it than the same widget in the blank template.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from pubrelease import FontCoverageError, Release, fill, load_form
from pubrelease.release import format_date

from .helpers import JS_DIR, require_node_module, require_tool

DPI = 72
DARK = 128
"""A pixel darker than this (0-255 grey) is ink."""
MIN_TEXT_INK = 15
"""A text widget showing a value has at least this many more dark pixels than when blank."""
TITLE_LENGTH = 250
LATIN_LIMIT = 60_000
CJK_LIMIT = 200_000

EFFECTIVE = dt.date(2020, 9, 23)
EVENT = dt.date(2020, 7, 15)
SIGNED = dt.date(2020, 9, 24)
COUNTERSIGNED = dt.date(2020, 9, 25)
COUNTERSIGNER = "David Blei"
COUNTERSIGNATURE = "D. M. Blei"


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    consent: str
    """accept, decline or none: both boxes are exercised, and neither."""


CASES = (
    Case("latin", "Bohyung Han", "accept"),
    Case("accented", "Zoë Ødegård-Łukasiewicz", "accept"),
    Case("greek", "Γιώργος Παπαδόπουλος", "decline"),
    Case("cyrillic", "Дмитрий Шостакович", "accept"),
    Case("vietnamese", "Nguyễn Thị Minh Khai", "none"),
    Case("chinese", "李飞飞", "accept"),
    Case("korean", "김민수", "decline"),
    Case("japanese", "山田太郎", "accept"),
)

CJK_PREFIXES = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA")


def is_cjk(text: str) -> bool:
    return any(unicodedata.name(c, "").startswith(CJK_PREFIXES) for c in text)


def long_title(name: str) -> str:
    """A title of exactly ``TITLE_LENGTH`` characters that repeats ``name`` (its script)."""
    words = (
        f"{name}: Operation-Aware Soft Channel Pruning using Differentiable Masks, "
        "with a Study of Efficient Inference on Mobile Devices;"
    ).split()
    text = ""
    index = 0
    while len(text) < TITLE_LENGTH:
        text += (" " if text else "") + words[index % len(words)]
        index += 1
    text = text[:TITLE_LENGTH]
    if text.endswith(" "):
        text = text[:-1] + "."
    return text


def collapse(text: str) -> str:
    """Runs of whitespace to one space."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Filled:
    case: Case
    release: Release
    path: Path
    data: bytes

    @property
    def texts(self) -> dict[str, str]:
        """Each text field's expected value, as printed."""
        r = self.release
        assert r.effective_date and r.sign_date and r.countersign_date
        return {
            "speaker_name": r.speaker_name,
            "effective_date": format_date(r.effective_date),
            "event_title": r.event_title,
            "event_date": format_date(r.event_date),
            "signature": r.signature or "",
            "sign_date": format_date(r.sign_date),
            "countersigner_name": r.countersigner_name or "",
            "countersigner_signature": r.countersigner_signature or "",
            "countersign_date": format_date(r.countersign_date),
        }

    @property
    def checked(self) -> str | None:
        """The on-state of the consent box that is checked (``Accept``/``Decline``), if any."""
        return None if self.case.consent == "none" else self.case.consent.title()


def make_release(case: Case) -> Release:
    return Release.create(
        speaker_name=case.name,
        event_title=long_title(case.name),
        event_date=EVENT.isoformat(),
        effective_date=EFFECTIVE.isoformat(),
        consent=case.consent,
        signature=case.name,
        sign_date=SIGNED.isoformat(),
        countersigner_name=COUNTERSIGNER,
        countersigner_signature=COUNTERSIGNATURE,
        countersign_date=COUNTERSIGNED.isoformat(),
    )


@pytest.fixture(scope="module", params=CASES, ids=[c.id for c in CASES])
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Filled:
    case: Case = request.param
    release = make_release(case)
    data = fill(release)  # every script from the fonts pubrelease depends on: no skip
    path = tmp_path_factory.mktemp("viewers") / f"{case.id}.pdf"
    path.write_bytes(data)
    return Filled(case, release, path, data)


@pytest.fixture(scope="module")
def template_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.pdf"
    path.write_bytes(load_form().template)
    return path


# -- ink in widget rectangles ------------------------------------------------------------

WidgetKey = tuple[str, int]
"""(field name, widget index)."""


@dataclass(frozen=True)
class Ink:
    whole: int
    """Dark pixels in the widget's rectangle."""
    middle: int
    """Dark pixels in the middle third of the rectangle (where a box's cross is)."""


def widget_ink(pages: list[np.ndarray]) -> dict[WidgetKey, Ink]:
    """Ink in every widget's rectangle, from grey page images rendered at ``DPI``."""
    form = load_form()
    _, page_height = form.definition.page_size
    scale = DPI / 72.0
    ink: dict[WidgetKey, Ink] = {}
    for name, plan in form.fields.items():
        for index, widget in enumerate(plan.widgets):
            image = pages[widget.box.page]
            x0, y0, x1, y1 = widget.box.rect
            # PDF y grows upwards, image rows downwards; stay inside the rectangle.
            top, bottom = (
                math.ceil((page_height - y1) * scale),
                math.floor((page_height - y0) * scale),
            )
            left, right = math.ceil(x0 * scale), math.floor(x1 * scale)
            region = image[top:bottom, left:right] < DARK
            h, w = region.shape
            middle = region[h // 3 : h - h // 3, w // 3 : w - w // 3]
            ink[(name, index)] = Ink(int(region.sum()), int(middle.sum()))
    return ink


def assert_values_drawn(
    filled: Filled, ink: dict[WidgetKey, Ink], blank: dict[WidgetKey, Ink]
) -> None:
    """Every text widget shows ink it lacks when blank; only the checked box is crossed."""
    problems: list[str] = []
    texts = filled.texts
    form = load_form()
    for name, plan in form.fields.items():
        for index, widget in enumerate(plan.widgets):
            got, was = ink[(name, index)], blank[(name, index)]
            where = f"{name}[{index}] on page {widget.box.page + 1} at {widget.box.rect}"
            state = widget.box.state
            if state is None:
                if texts.get(name) and got.whole < was.whole + MIN_TEXT_INK:
                    problems.append(
                        f"{where}: no value drawn ({got.whole} dark px, blank {was.whole})"
                    )
            elif state == filled.checked:
                if got.middle <= was.middle:
                    problems.append(f"{where}: {state} box not crossed ({got} vs blank {was})")
            else:
                if got.middle > was.middle:
                    problems.append(
                        f"{where}: {state} box crossed but not chosen ({got} vs blank {was})"
                    )
                if got.whole == 0:
                    problems.append(f"{where}: {state} box not drawn at all")
    assert not problems, "\n".join(problems)


def grey_pngs(paths: list[Path]) -> list[np.ndarray]:
    return [np.asarray(Image.open(p).convert("L")) for p in paths]


def render_poppler(pdf: Path, out_dir: Path) -> list[np.ndarray]:
    pdftoppm = require_tool("pdftoppm")
    prefix = out_dir / f"{pdf.stem}-poppler"
    run(
        [
            pdftoppm,
            "-q",
            "-r",
            str(DPI),
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "2",
            str(pdf),
            str(prefix),
        ]
    )
    return grey_pngs(sorted(out_dir.glob(f"{prefix.name}-*.png")))


def render_mupdf(pdf: Path, out_dir: Path) -> list[np.ndarray]:
    mutool = require_tool("mutool")
    pattern = out_dir / f"{pdf.stem}-mupdf-%d.png"
    run([mutool, "draw", "-q", "-r", str(DPI), "-c", "gray", "-o", str(pattern), str(pdf), "1,2"])
    return grey_pngs([out_dir / f"{pdf.stem}-mupdf-{n}.png" for n in (1, 2)])


def render_pdfium(pdf: Path, out_dir: Path) -> list[np.ndarray]:
    """PDFium as Chrome draws: with the form environment, widgets drawn by FFLDraw.

    Without ``init_forms()`` PDFium draws no widget at all (its annotation pass skips
    widgets, leaving them to the form layer), whatever the file carries; Chrome always
    initialises forms, so that is the path tested.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        document.init_forms()
        pages = []
        for number in range(2):
            page = document[number]
            bitmap = page.render(scale=DPI / 72.0, may_draw_forms=True, grayscale=True)
            array = np.array(bitmap.to_numpy())
            pages.append(array if array.ndim == 2 else array[..., 0])
            page.close()
        return pages
    finally:
        document.close()


Renderer = Callable[[Path, Path], list[np.ndarray]]
_BLANK: dict[str, dict[WidgetKey, Ink]] = {}


def blank_ink(renderer: Renderer, template: Path, out_dir: Path) -> dict[WidgetKey, Ink]:
    key = renderer.__name__
    if key not in _BLANK:
        _BLANK[key] = widget_ink(renderer(template, out_dir))
    return _BLANK[key]


def run(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{args[0]} failed ({done.returncode}): {done.stderr}"
    return done.stdout


# -- the file ------------------------------------------------------------------------------


def test_starts_with_template_bytes(filled: Filled) -> None:
    template = load_form().template
    assert filled.data[: len(template)] == template
    assert len(filled.data) > len(template)


@pytest.mark.tools
def test_qpdf_check(filled: Filled) -> None:
    qpdf = require_tool("qpdf")
    done = subprocess.run([qpdf, "--check", str(filled.path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr


def test_size(filled: Filled) -> None:
    limit = CJK_LIMIT if is_cjk(filled.case.name) else LATIN_LIMIT
    assert len(filled.data) <= limit, f"{len(filled.data)} bytes"


@pytest.mark.tools
def test_fonts_embedded_subsets_with_tounicode(filled: Filled) -> None:
    """pdffonts (it reads appearance streams too): each value font embedded, subset, mapped."""
    pdffonts = require_tool("pdffonts")
    rows = run([pdffonts, str(filled.path)]).splitlines()[2:]
    fonts = [row.split() for row in rows if row.strip()]
    value_fonts = [f for f in fonts if f[0] not in ("Helvetica", "Helvetica-Bold", "ZapfDingbats")]
    assert value_fonts, rows
    for font in value_fonts:
        emb, sub, uni = font[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), font
        assert "+" in font[0], font


# -- pypdf: the values, /V and /AS, the appearance streams ------------------------------------


def _widgets(reader: PdfReader) -> list[DictionaryObject]:
    out = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Widget":
                out.append(annot)
    return out


def _field_name(widget: DictionaryObject) -> str:
    node: Any = widget
    while "/T" not in node:
        node = node["/Parent"].get_object()
    return str(node["/T"])


def test_pypdf_values_and_appearances(filled: Filled) -> None:
    reader = PdfReader(io.BytesIO(filled.data))
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    acroform = cast(DictionaryObject, root["/AcroForm"].get_object())
    assert acroform.get("/NeedAppearances") in (None, False), "relies on NeedAppearances"
    fields: dict[str, Any] = {
        str(f.get_object()["/T"]): f.get_object() for f in cast(list[Any], acroform["/Fields"])
    }

    for name, value in filled.texts.items():
        assert fields[name].get("/V") == value, name

    consent = fields["consent"]
    assert consent["/FT"] == "/Btn"
    want_v = f"/{filled.checked}" if filled.checked else "/Off"
    assert consent["/V"] == want_v
    kids = [k.get_object() for k in consent["/Kids"]]
    states = []
    for kid in kids:
        on = [s for s in kid["/AP"]["/N"] if s != "/Off"]
        assert len(on) == 1, on
        states.append(on[0])
        expected = on[0] if on[0] == want_v else "/Off"
        assert kid["/AS"] == expected, (on[0], kid["/AS"], want_v)
    assert sorted(states) == ["/Accept", "/Decline"]

    widgets = _widgets(reader)
    assert len(widgets) == sum(len(p.widgets) for p in load_form().fields.values())
    for widget in widgets:
        name = _field_name(widget)
        normal: Any = cast(Any, widget["/AP"])["/N"].get_object()
        if name == "consent":
            assert widget["/AS"] in normal, name
            continue
        content = normal.get_data()
        assert b"Tj" in content or b"TJ" in content, f"{name}: empty appearance {content!r}"


# -- poppler ---------------------------------------------------------------------------------


@pytest.mark.tools
def test_poppler_text(filled: Filled) -> None:
    pdftotext = require_tool("pdftotext")
    text = collapse(run([pdftotext, "-enc", "UTF-8", str(filled.path), "-"]))
    assert filled.case.name in text
    assert collapse(filled.release.event_title) in text
    for name in ("effective_date", "event_date", "sign_date", "countersign_date"):
        assert filled.texts[name] in text, name


@pytest.mark.tools
def test_poppler_render(filled: Filled, template_pdf: Path, tmp_path: Path) -> None:
    blank = blank_ink(render_poppler, template_pdf, tmp_path)
    assert_values_drawn(filled, widget_ink(render_poppler(filled.path, tmp_path)), blank)


# -- MuPDF -----------------------------------------------------------------------------------


@pytest.mark.tools
def test_mupdf_text(filled: Filled) -> None:
    mutool = require_tool("mutool")
    text = collapse(run([mutool, "draw", "-q", "-F", "txt", "-o", "-", str(filled.path), "1,2"]))
    assert filled.case.name in text
    assert collapse(filled.release.event_title) in text


@pytest.mark.tools
def test_mupdf_render(filled: Filled, template_pdf: Path, tmp_path: Path) -> None:
    blank = blank_ink(render_mupdf, template_pdf, tmp_path)
    assert_values_drawn(filled, widget_ink(render_mupdf(filled.path, tmp_path)), blank)


# -- PDFium (Chrome) -------------------------------------------------------------------------


def test_pdfium_render(filled: Filled, template_pdf: Path, tmp_path: Path) -> None:
    blank = blank_ink(render_pdfium, template_pdf, tmp_path)
    assert_values_drawn(filled, widget_ink(render_pdfium(filled.path, tmp_path)), blank)


# -- pdf.js (Firefox) ------------------------------------------------------------------------


@pytest.mark.tools
def test_pdfjs_fields(filled: Filled) -> None:
    require_node_module("pdfjs-dist")
    node = require_tool("node")
    out = json.loads(run([node, str(JS_DIR / "pdfjs_fields.mjs"), str(filled.path)]))
    fields: dict[str, list[dict[str, Any]]] = out["fields"]

    for name, value in filled.texts.items():
        widgets = [e for e in fields[name] if e.get("type") == "text"]
        assert widgets, name
        assert [w["value"] for w in widgets] == [value] * len(widgets), name

    boxes = {
        e["exportValues"]: e["value"] for e in fields["consent"] if e.get("type") == "checkbox"
    }
    want = {s: (s if s == filled.checked else "Off") for s in ("Accept", "Decline")}
    assert boxes == want

    annotations = [a for page in out["annotations"] for a in page]
    assert len(annotations) == sum(len(p.widgets) for p in load_form().fields.values())
    for annotation in annotations:
        assert annotation["hasAppearance"], annotation
        if annotation["fieldType"] == "Tx":
            assert annotation["fieldValue"] == filled.texts[annotation["fieldName"]]


# -- characters no font has ------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\U00013000", "\U0001f9ff"], ids=["hieroglyph", "emoji"])
@pytest.mark.parametrize(
    "field", ["speaker_name", "event_title", "signature", "countersigner_name"]
)
def test_character_no_font_has(field: str, char: str) -> None:
    values: dict[str, Any] = {
        "speaker_name": "Bohyung Han",
        "event_title": "Operation-Aware Soft Channel Pruning",
        "event_date": "2020-07-15",
    }
    values[field] = f"Nefer {char} Ankh"
    release = Release.create(**values)
    with pytest.raises(FontCoverageError) as caught:
        fill(release)
    assert caught.value.field == field
    assert f"U+{ord(char):04X}" in str(caught.value)


def test_names_cover_the_issue() -> None:
    assert {c.name for c in CASES} >= {"Zoë Ødegård-Łukasiewicz", "李飞飞", "김민수"}
    assert all(len(long_title(c.name)) == TITLE_LENGTH for c in CASES)
    assert all(len(make_release(c).event_title) == TITLE_LENGTH for c in CASES)
