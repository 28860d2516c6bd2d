"""Every speaker's name drawn right, in every script: checked against Chromium as typesetter.

Each name is filled (live and flattened) with the fonts pubrelease depends on, then:

- rendered by poppler, MuPDF and PDFium and compared, pixel for pixel, with the same
  name set by headless Chromium in the same font file (``@font-face``) at the same size
  and rendered by the same renderer: glyphs joined and ordered the same way. A
  reversed or unjoined name fails (the test checks that it would);
- extracted by ``pdftotext``, MuPDF and pdf.js: ``pdftotext`` gives the logical string of
  every name, also where it puts spaces inside the words of Chromium's PDF of the name
  (Persian, Bengali); MuPDF and pdf.js what they give for Chromium's PDF;
- read back by ``parse``, live and flattened, to the logical string.
"""

from __future__ import annotations

import functools
import io
import json
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFilter

from pubrelease import FontCoverageError, Release, fill, parse
from pubrelease.filling.appearance import _source_for
from pubrelease.pdf import fonts
from pubrelease.pdf.bidi import display
from pubrelease.pdf.fonts import BUNDLED, packaged_fonts

from .helpers import JS_DIR, require_node_module, require_tool

DPI = 200
BOX = (72.0, 656.0, 262.0, 669.0)
"""The first ``speaker_name`` widget of the ICML form (PDF points)."""
PAGE_HEIGHT = 792.0


@dataclass(frozen=True)
class Name:
    id: str
    text: str
    fonts: tuple[str, ...]
    """Font folders (``notosansarabic``) or ``dejavu``, as CSS fallbacks in this order."""
    logical: bool = True
    """pdftotext gives the logical string back for Chromium's PDF of the name too (for ours
    it always does)."""
    size: float = 10.0
    """The size pubrelease draws the name at, in points (smaller than the field's 10 for a
    font whose lines are taller than the box: Sinhala's)."""


NAMES = (
    Name("arabic", "محمد عبد الله", ("notosansarabic",)),
    Name("arabic-lam-alef", "علاء سلامة", ("notosansarabic",)),
    Name("persian", "محمدرضا شجریان", ("notosansarabic",), logical=False),
    Name("hebrew", "דוד בן-גוריון", ("notosanshebrew",)),
    Name("hindi", "प्रिया शर्मा", ("notosansdevanagari",)),
    Name("bengali", "রবীন্দ্রনাথ ঠাকুর", ("notosansbengali",), logical=False),
    Name("tamil", "சுப்பிரமணியன் பாரதி", ("notosanstamil",)),
    Name("thai", "สมชาย ใจดี", ("notosansthai",)),
    Name("chinese", "李飞飞", ("notosanssc",)),
    Name("japanese", "山田 はなこ", ("notosansjp",)),
    Name("korean", "김민수", ("notosanskr",)),
    Name("vietnamese", "Nguyễn Thị Minh Khai", ("dejavu",)),
    Name("greek", "Γιώργος Παπαδόπουλος", ("dejavu",)),
    Name("cyrillic", "Пётр Ильич Чайковский", ("dejavu",)),
    Name("mixed", "محمد Ali", ("notosansarabic", "dejavu")),
    Name("gujarati", "મહાત્મા ગાંધી", ("notosansgujarati",)),
    Name("gurmukhi", "ਗੁਰੂ ਨਾਨਕ", ("notosansgurmukhi",)),
    Name("kannada", "ಕುವೆಂಪು", ("notosanskannada",)),
    Name("malayalam", "മോഹൻലാൽ വിശ്വനാഥൻ", ("notosansmalayalam",)),
    Name("oriya", "ଗୋପବନ୍ଧୁ ଦାସ", ("notosansoriya",)),
    Name("sinhala", "මහින්ද රාජපක්ෂ", ("notosanssinhala",), size=9.6),
    Name("ethiopic", "ኃይለ ሥላሴ", ("notosansethiopic",)),
)
ACTUAL_TEXT = frozenset(
    {"arabic", "arabic-lam-alef", "persian", "hindi", "bengali", "tamil", "thai", "mixed"}
    | {"gujarati", "gurmukhi", "kannada", "malayalam", "oriya", "sinhala"}
)
"""Names with clusters drawn inside ``/ActualText``: MuPDF's text ignores it (U+FFFD for
glyphs with no text of their own, as for Chromium's PDF), and pdf.js's page text of a
flattened release puts it out of place (form XObjects): not checked with those two."""
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _font_file(folder: str) -> Path:
    if folder == "dejavu":
        return BUNDLED
    found = [s.path for s in packaged_fonts() if s.path.parent.name == folder]
    assert found, f"no packaged font {folder}"
    return found[0]


def _run(args: list[str | Path]) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout.decode("utf-8", errors="replace")


def _release(text: str) -> Release:
    return Release.create(speaker_name=text, event_title="Talk", event_date="2020-07-15")


def _html(names: tuple[str, ...], fonts: list[tuple[str, ...]], sizes: list[float]) -> str:
    faces = sorted({f for group in fonts for f in group})
    css = "".join(
        f'@font-face {{ font-family: "{f}"; src: url("{_font_file(f).as_uri()}"); }}\n'
        for f in faces
    )
    pages = "".join(
        f'<p dir="auto" style="font-family: {", ".join(repr(f) for f in group)}; '
        f'font-size: {size}pt">{text}</p>'
        for text, group, size in zip(names, fonts, sizes, strict=True)
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        f"{css} @page {{ size: 612pt 792pt; margin: 72pt; }}"
        " p { font-size: 10pt; font-weight: 400; margin: 0; break-after: page; }"
        f"</style></head><body>{pages}</body></html>"
    )


_SCRATCH = tempfile.TemporaryDirectory(prefix="pubrelease-scripts-")
"""The files the cached helpers below make, removed when the test process ends."""


@functools.cache
def chromium_pdf() -> Path:
    """Every name, and every name reversed, one per page, set by Chromium."""
    exe = require_tool("chromium")
    folder = Path(tempfile.mkdtemp(dir=_SCRATCH.name))
    texts = tuple(n.text for n in NAMES) + tuple(n.text[::-1] for n in NAMES)
    fonts = [n.fonts for n in NAMES] * 2
    page = folder / "names.html"
    page.write_text(_html(texts, fonts, [n.size for n in NAMES] * 2), encoding="utf-8")
    target = folder / "names.pdf"
    args: list[str | Path] = [
        exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
        f"--print-to-pdf={target}", page.as_uri(),
    ]  # fmt: skip
    _run(args)
    return target


@functools.cache
def filled(name_id: str, flatten: bool = False) -> Path:
    name = next(n for n in NAMES if n.id == name_id)
    path = Path(tempfile.mkdtemp(dir=_SCRATCH.name)) / f"{name_id}.pdf"
    path.write_bytes(fill(_release(name.text), flatten=flatten))
    return path


# -- pixels --------------------------------------------------------------------------


def _ink(image: Image.Image) -> Image.Image:
    """The dark pixels of ``image``, cropped to their bounding box (white on black)."""
    mask = image.convert("L").point(lambda v: 255 if v < 140 else 0)
    box = mask.getbbox()
    assert box is not None, "nothing drawn"
    return mask.crop(box)


def _render(renderer: str, pdf: Path, page: int, region: tuple[float, ...] | None) -> Image.Image:
    """Page ``page`` (1-based) at ``DPI``, cropped to ``region`` (PDF points) if given."""
    scale = DPI / 72.0
    if renderer == "pdfium":
        doc = pdfium.PdfDocument(str(pdf))
        doc.init_forms()
        image = doc[page - 1].render(scale=scale, may_draw_forms=True).to_pil()
    elif renderer == "poppler":
        exe = require_tool("pdftoppm")
        png = subprocess.run(
            [exe, "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", "-gray", str(pdf)],
            capture_output=True,
            check=True,
        ).stdout
        image = Image.open(io.BytesIO(png))
    else:
        exe = require_tool("mutool")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "page.png"
            _run([exe, "draw", "-q", "-r", str(DPI), "-c", "gray", "-o", out, pdf, str(page)])
            image = Image.open(out)
            image.load()
    if region is not None:
        x0, y0, x1, y1 = region
        image = image.crop(
            (
                round(x0 * scale),
                round((PAGE_HEIGHT - y1) * scale),
                round(x1 * scale),
                round((PAGE_HEIGHT - y0) * scale),
            )
        )
    return _ink(image)


def similarity(a: Image.Image, b: Image.Image) -> float:
    """Overlap of two ink masks (intersection over union, after a 2-pixel dilation),
    0 when their sizes differ by more than a few pixels."""
    if abs(a.width - b.width) > max(4, a.width // 40) or abs(a.height - b.height) > 4:
        return 0.0
    size = (max(a.width, b.width), max(a.height, b.height))
    pa, pb = Image.new("L", size), Image.new("L", size)
    pa.paste(a)
    pb.paste(b)
    pa, pb = pa.filter(ImageFilter.MaxFilter(5)), pb.filter(ImageFilter.MaxFilter(5))
    both = ImageChops.multiply(pa, pb).histogram()[255]
    either = ImageChops.lighter(pa, pb).histogram()[255]
    return both / either if either else 0.0


RENDERERS = ("poppler", "mupdf", "pdfium")
SAME = 0.78
"""Two renders of one name in one font overlap at least this much."""


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("name", NAMES, ids=[n.id for n in NAMES])
def test_drawn_as_chromium_sets_it(name: Name, renderer: str) -> None:
    index = NAMES.index(name)
    reference = _render(renderer, chromium_pdf(), index + 1, None)
    ours = _render(renderer, filled(name.id), 1, BOX)
    score = similarity(ours, reference)
    assert score >= SAME, f"{name.id} in {renderer}: overlap {score:.2f} with Chromium's"
    flat = _render(renderer, filled(name.id, flatten=True), 1, BOX)
    assert similarity(flat, reference) >= SAME


@pytest.mark.parametrize(
    "name", [n for n in NAMES if len(set(n.text.replace(" ", ""))) > 2], ids=lambda n: n.id
)
def test_the_comparison_sees_a_reversed_name(name: Name) -> None:
    """The pixel comparison can fail: the name reversed (unjoined, for Arabic) is not it."""
    reversed_page = len(NAMES) + NAMES.index(name) + 1
    reference = _render("poppler", chromium_pdf(), NAMES.index(name) + 1, None)
    wrong = _render("poppler", chromium_pdf(), reversed_page, None)
    assert similarity(wrong, reference) < SAME


# -- text --------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join(_CONTROLS.sub("", text).split())


def _pdftotext(pdf: Path, page: int, region: tuple[float, ...] | None) -> str:
    exe = require_tool("pdftotext")
    args: list[str | Path] = [exe, "-enc", "UTF-8", "-f", str(page), "-l", str(page)]
    if region is not None:
        x0, y0, x1, y1 = region
        args += ["-x", str(round(x0)), "-y", str(round(PAGE_HEIGHT - y1))]
        args += ["-W", str(round(x1 - x0)), "-H", str(round(y1 - y0))]
    return _clean(_run([*args, pdf, "-"]))


@pytest.mark.parametrize("name", NAMES, ids=[n.id for n in NAMES])
def test_pdftotext_gives_the_logical_string(name: Name) -> None:
    """Ours always; Chromium's PDF where :attr:`Name.logical` (poppler puts spaces inside
    some Persian and Bengali words of Chromium's)."""
    ours = _pdftotext(filled(name.id), 1, BOX)
    reference = _pdftotext(chromium_pdf(), NAMES.index(name) + 1, None)
    assert ours == name.text
    assert (reference == name.text) is name.logical


@pytest.mark.parametrize("name", NAMES, ids=[n.id for n in NAMES])
def test_parse_reads_the_logical_string(name: Name) -> None:
    for flatten in (False, True):
        record = parse(filled(name.id, flatten=flatten).read_bytes())
        assert record.speaker_name == name.text, (flatten, record.findings)
        codes = {f.code for f in record.findings}
        assert not codes & {"modified-after-issue", "name-mismatch", "value-disagreement"}


def test_mupdf_and_pdfjs_show_every_name() -> None:
    """MuPDF's text of a flattened release holds each name in drawing order (MuPDF does
    not reorder right-to-left text, for Chromium's PDFs neither; a glyph that is part of
    an ``/ActualText`` cluster comes out as U+FFFD), pdf.js's in logical order; not for
    the names with ``/ActualText`` clusters (:data:`ACTUAL_TEXT`)."""
    mutool = require_tool("mutool")
    require_node_module("pdfjs-dist")
    node = require_tool("node")
    for name in NAMES:
        if name.id in ACTUAL_TEXT:
            continue
        path = filled(name.id, flatten=True)
        text = _clean(_run([mutool, "draw", "-q", "-F", "txt", "-o", "-", path, "1"]))
        assert display(name.text) in text, name.id
        pages = json.loads(_run([node, JS_DIR / "pdfjs_fields.mjs", path]))["text"]
        assert name.text in _clean(pages[0]), name.id


@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
@pytest.mark.parametrize(
    "text",
    ["สมศรี จันทร์โอชา", "ณัฐวุฒิ ศรีสุข", "कृष्ण मूर्ति", "স্বামী বিবেকানন্দ"]
    + [n.text for n in NAMES if n.id in ("gujarati", "gurmukhi", "kannada", "malayalam")]
    + [n.text for n in NAMES if n.id in ("oriya", "sinhala")],
)
def test_pdfium_reads_each_clustered_letter_once(text: str, flatten: bool) -> None:
    """A cluster drawn as a base and a mark inside one ``/ActualText`` span is read by
    PDFium once: a span drawn by two text-showing operators was read twice ("จันทจั ร์").
    (Spaces aside: PDFium drops some between Thai words. Arabic: see docs/filling.md.)"""
    doc = pdfium.PdfDocument(fill(_release(text), flatten=flatten))
    try:
        if not flatten:
            doc.init_forms()
        page = doc[0]
        if not flatten:
            import pypdfium2.raw as pdfium_c

            pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
            page.close()
            page = doc[0]
        textpage = page.get_textpage()
        read = "".join(textpage.get_text_range().split())
        textpage.close()
        page.close()
    finally:
        doc.close()
    assert "".join(text.split()) in read, read


def _read_back(text: str, field: str = "speaker_name") -> None:
    """``text`` in ``field`` is read back as written, live and flattened, with no finding
    that the page and the stored value disagree."""
    release = Release.create(
        **{"speaker_name": "A", "event_title": "Talk", "event_date": "2020-07-15", field: text}
    )
    for flatten in (False, True):
        record = parse(fill(release, flatten=flatten))
        assert getattr(record, field) == text, (flatten, record.findings)
        codes = {f.code for f in record.findings}
        assert not codes & {"modified-after-issue", "value-disagreement", "altered-text"}


@pytest.mark.parametrize("text", ["স্বামী বিবেকানন্দ", "স্বামী"])
def test_a_cluster_with_a_raised_glyph_reads_without_a_space_inside(text: str) -> None:
    """PDFium gives an ``/ActualText`` span the box of its first text-showing operator:
    the subjoined ba of "স্বা", raised with ``Ts``, once came before the vowel sign, so the
    span ended short of "মী" and a space was made up inside the word ("স্বা মী")."""
    _read_back(text)


@pytest.mark.parametrize("text", ["ป้อม ช้างเผือก", "ป้ห"])
def test_a_thai_mark_lowered_a_unit_is_read_once(text: str) -> None:
    """HarfBuzz lowers the tone mark of "ป้" and "ช้" by a unit of the em: drawn with its
    own ``Ts``, the span took two text-showing operators and PDFium read it twice
    ("ป้ป้อม")."""
    _read_back(text)


@pytest.mark.parametrize("text", ["অনন্ত", "শান্তনু"])
def test_a_below_base_letter_drawn_back_is_read_in_its_place(text: str) -> None:
    """HarfBuzz makes the below-base ত of "ন্ত" a cluster of its own, drawn back under the
    ন: drawn apart, PDFium put it first ("অনতন্"); it is now one span with the ন."""
    _read_back(text)


SAME_AS_CHROMIUM = {
    ("arabic", "mupdf"), ("hindi", "mupdf"), ("hindi", "pdfjs"), ("bengali", "mupdf"),
    ("bengali", "pdfjs"), ("tamil", "mupdf"), ("thai", "mupdf"), ("thai", "pdfjs"),
    ("mixed", "mupdf"),
}  # fmt: skip
"""Extractors that ignore ``/ActualText`` and give for our flattened release the text they
give for Chromium's PDF of the same name (letters from ``ToUnicode``, presentation forms
and U+FFFD aside). The others differ from Chromium's in order (pdf.js puts Arabic in
logical order for ours, not for Chromium's) or in the letters of glyphs Chromium maps and
we leave unmapped (the dotless bodies of Persian and ة)."""


def _letters(text: str) -> str:
    """Text as an extractor that ignores ``/ActualText`` gives it: presentation forms as
    letters, no U+FFFD, control characters or spaces."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if c.isprintable() and c != "\ufffd" and not c.isspace())


def _extracted(tool: str, pdf: Path, page: int) -> str:
    if tool == "mupdf":
        mutool = require_tool("mutool")
        return _run([mutool, "draw", "-q", "-F", "txt", "-o", "-", pdf, str(page)])
    require_node_module("pdfjs-dist")
    pages = json.loads(_run([require_tool("node"), JS_DIR / "pdfjs_fields.mjs", pdf]))["text"]
    return str(pages[page - 1])


@pytest.mark.parametrize("tool", ["mupdf", "pdfjs"])
@pytest.mark.parametrize("name", [n for n in NAMES if n.id in ACTUAL_TEXT], ids=lambda n: n.id)
def test_extractors_that_ignore_actual_text(name: Name, tool: str) -> None:
    """MuPDF and pdf.js read no ``/ActualText``: each glyph gives what ``ToUnicode`` says.
    Where the script allows (a glyph that is a letter's own glyph maps to it, as Chromium
    maps it), they give what they give for Chromium's PDF of the name (Thai: the logical
    string); everywhere, they show no letter that is not in the name."""
    ours = _letters(_extracted(tool, filled(name.id, flatten=True), 1))
    reference = _letters(_extracted(tool, chromium_pdf(), NAMES.index(name) + 1))
    if (name.id, tool) in SAME_AS_CHROMIUM:
        assert reference in ours
    if name.id == "thai":
        assert _letters(name.text) in ours
    assert {c for c in ours if ord(c) >= 0x590} <= set(_letters(name.text))  # no wrong letter


@pytest.fixture
def fonts_reset() -> Iterator[None]:
    """Font choices are cached per process: start and end with a clean cache."""
    _source_for.cache_clear()
    yield
    _source_for.cache_clear()


def test_every_script_draws_without_system_fonts(
    monkeypatch: pytest.MonkeyPatch, fonts_reset: None
) -> None:
    """A machine with no font package: the pip-installed fonts draw every name."""
    monkeypatch.setattr(fonts, "system_fonts", lambda: ())
    monkeypatch.delenv("PUBRELEASE_FONTS", raising=False)
    for name in NAMES:
        data = fill(_release(name.text))
        assert parse(data).speaker_name == name.text
        assert b"NotoSansCJK" not in data and b"DroidSans" not in data


def test_an_uncovered_character_names_its_script_and_what_to_install(
    monkeypatch: pytest.MonkeyPatch, fonts_reset: None
) -> None:
    monkeypatch.setattr(fonts, "system_fonts", lambda: ())
    monkeypatch.setattr(
        fonts,
        "packaged_fonts",
        lambda: tuple(s for s in packaged_fonts() if "devanagari" not in s.path.name.lower()),
    )
    installed = fonts._package_dir
    monkeypatch.setattr(
        fonts, "_package_dir", lambda m: None if m == "justmytype_intl_south_asia" else installed(m)
    )
    with pytest.raises(FontCoverageError) as caught:
        fill(_release("प्रिया शर्मा"))
    assert "Devanagari script" in str(caught.value)
    assert "pip install justmytype-intl-south-asia" in str(caught.value)
    assert caught.value.field == "speaker_name"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        # a rare ideograph (Extension B) no packaged CJK font has: installing it is no help
        ("\u5415\U0002a6a5", "no font of justmytype-intl-cjk draws it"),
        # an ideographic variation sequence no font has: not "the Variation script"
        ("\u845b\U000e0103\u57ce", "it is a variation selector, and no font"),
        # a sign (Unicode 13) the Noto Sans Oriya pubrelease ships lacks
        ("\u0b15\u0b55", "no font of pubrelease draws it: install one that does (for the Oriya"),
    ],
)
def test_an_uncovered_character_of_an_installed_package_says_so(name: str, said: str) -> None:
    with pytest.raises(FontCoverageError) as caught:
        fill(_release(name))
    assert said in str(caught.value) and "pip install" not in str(caught.value)
