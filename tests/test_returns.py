"""Sanity checks of the fixture builders in ``tests/returns.py``: each makes what it claims.

Live fills are read back with pypdf (``/V``, ``/AS``, ``/AP``, NeedAppearances);
flattened and other-system documents with poppler (``pdftotext``, ``pdftoppm``).
Chromium and LibreOffice are slow, so each style is rendered once per module
(LibreOffice in one batch).
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, StreamObject, TextStringObject

from pubrelease import Consent, Release, load_form
from pubrelease.form.definition import SLOT

from . import returns as rt
from .helpers import require_tool, squash

DPI = 144
DARK = 128

ACCENTED = Release.create(
    speaker_name="Zoë Ødegård-Łukasiewicz",
    event_title="Operation-Aware Soft Channel Pruning: a first, fine-grained study of "
    "efficient filters",
    event_date="2020-07-15",
    effective_date="2020-09-23",
    consent="accept",
    signature="Zoë Ødegård-Łukasiewicz",
    sign_date="2020-09-24",
    countersigner_name="David Blei",
    countersigner_signature="D. M. Blei",
    countersign_date="2020-09-25",
)
"""Outside Windows-1252 (Ł): only tools that embed fonts, or write /V alone, can take it."""

LATIN = Release.create(
    speaker_name="Zoë Ødegård",
    event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
    event_date="2020-07-15",
    effective_date="2020-09-23",
    consent="decline",
    signature="Zoë Ødegård",
    sign_date="2020-09-24",
    countersigner_name="David Blei",
)
"""Accented but inside Windows-1252: every tool can draw it."""

UNANSWERED = Release.create(
    speaker_name="Zoë Ødegård",
    event_title="Operation-Aware Soft Channel Pruning using Differentiable Masks",
    event_date="2020-07-15",
    effective_date="2020-09-23",
)


# --------------------------------------------------------------------------- helpers


def pdf_text(path: Path) -> str:
    exe = require_tool("pdftotext")
    return subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    """Points, from the top left of the page."""


WORD = re.compile(
    r'<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def pdf_words(path: Path) -> list[Word]:
    exe = require_tool("pdftotext")
    out = subprocess.run(
        [exe, "-bbox", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    words, page = [], 0
    for match in WORD.finditer(out):
        if match.group(0).startswith("<page"):
            page += 1
            continue
        x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
        words.append(Word(page, match.group(5), x0, y0, x1, y1))
    return words


def render_gray(path: Path, page: int) -> np.ndarray:
    exe = require_tool("pdftoppm")
    png = subprocess.run(
        [exe, "-r", str(DPI), "-f", str(page), "-l", str(page), "-gray", "-png", str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


def box_ink(path: Path, label: str) -> tuple[int, int]:
    """(ink of the box drawn left of the last ``label`` word, ink at that box's centre)."""
    words = pdf_words(path)
    index = max(i for i, w in enumerate(words) if w.text == label)
    word = words[index]
    before = words[index - 1]
    left = word.x0 - 16
    if before.page == word.page and before.y0 < word.y1 and before.y1 > word.y0:
        left = max(left, before.x1 + 0.5)
    scale = DPI / 72
    image = render_gray(path, word.page)
    region = image[
        int((word.y0 - 4) * scale) : int((word.y1 + 4) * scale),
        int(left * scale) : int((word.x0 - 0.5) * scale),
    ]
    dark = region < DARK
    rows, cols = np.nonzero(dark)
    if rows.size == 0:
        return 0, 0
    top, bottom, first, last = rows.min(), rows.max(), cols.min(), cols.max()
    height, width = bottom - top, last - first
    centre = dark[
        top + int(height * 0.3) : bottom - int(height * 0.3) + 1,
        first + int(width * 0.3) : last - int(width * 0.3) + 1,
    ]
    return int(dark.sum()), int(centre.sum())


def page_marks(path: Path) -> dict[str, int]:
    """Curves (``c``/``v``/``y``), lines and images drawn on the last page, XObjects included."""
    reader = PdfReader(path)
    page = reader.pages[-1]
    counts = {"curves": 0, "lines": 0, "images": 0}
    seen: set[int] = set()

    def walk(content: object, resources: DictionaryObject | None) -> None:
        for _operands, op in ContentStream(content, reader).operations:
            if op in (b"c", b"v", b"y"):
                counts["curves"] += 1
            elif op == b"l":
                counts["lines"] += 1
        xobjects = resources.get("/XObject") if resources is not None else None
        for ref in xobjects.get_object().values() if xobjects is not None else ():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                counts["images"] += 1
            elif xobject.get("/Subtype") == "/Form":
                inner = xobject.get("/Resources")
                walk(xobject, inner.get_object() if inner is not None else resources)

    resources = page.get("/Resources")
    walk(page.get_contents(), resources.get_object() if resources is not None else None)
    return counts


def resolved(value: object) -> Any:
    """An indirect object's target (pypdf's objects, loosely typed for the tests)."""
    get_object = getattr(value, "get_object", None)
    return get_object() if get_object is not None else value


def acroform_of(path: Path) -> Any:
    return resolved(resolved(PdfReader(path).trailer["/Root"]).get("/AcroForm"))


def fields_of(path: Path) -> dict[str, Any]:
    acroform = acroform_of(path)
    assert acroform is not None, f"{path.name}: no AcroForm"
    fields = (resolved(ref) for ref in acroform.get("/Fields", []))
    return {str(field["/T"]): field for field in fields}


def need_appearances(path: Path) -> bool:
    acroform = acroform_of(path)
    flag = None if acroform is None else acroform.get("/NeedAppearances")
    return getattr(flag, "value", flag) is True  # bool(BooleanObject(False)) is True


def widget_count(path: Path) -> int:
    return sum(
        1
        for page in PdfReader(path).pages
        for annot in page.get("/Annots", []) or []
        if annot.get_object().get("/Subtype") == "/Widget"
    )


def first_widget(field: Any) -> Any:
    kids = field.get("/Kids")
    return resolved(kids[0]) if kids else field


def consent_widgets(field: Any) -> dict[str, str]:
    """On-state of each kid -> its /AS."""
    out = {}
    for ref in field["/Kids"]:
        kid = resolved(ref)
        on = next(str(k) for k in kid["/AP"]["/N"] if k != "/Off")
        out[on] = str(kid.get("/AS"))
    return out


# --------------------------------------------------------------------------- values and wording


def test_field_values_print_dates_like_pubrelease() -> None:
    assert rt.field_values(LATIN) == {
        "effective_date": "Sep 23, 2020",
        "speaker_name": "Zoë Ødegård",
        "event_title": "Operation-Aware Soft Channel Pruning using Differentiable Masks",
        "event_date": "Jul 15, 2020",
        "consent": "Decline",
        "signature": "Zoë Ødegård",
        "sign_date": "Sep 24, 2020",
        "countersigner_name": "David Blei",
    }
    assert rt.field_values(UNANSWERED) == {
        "effective_date": "Sep 23, 2020",
        "speaker_name": "Zoë Ødegård",
        "event_title": "Operation-Aware Soft Channel Pruning using Differentiable Masks",
        "event_date": "Jul 15, 2020",
    }
    assert rt.consent_state(ACCENTED) == "Accept"
    assert rt.consent_state(UNANSWERED) is None


def test_agreement_is_the_forms_wording_with_the_values() -> None:
    definition = load_form().definition
    blocks = [block for page in definition.pages for block in page]
    paragraphs = rt.agreement(ACCENTED)
    assert len(paragraphs) == len(blocks)
    for para, block in zip(paragraphs, blocks, strict=True):
        wording = "".join(p.text for p in para.pieces if p.kind == "text")
        assert wording == SLOT.sub("", block.text)
        assert para.number == block.number
    starts = [i for i, p in enumerate(paragraphs) if p.page_start]
    assert starts == [len(definition.pages[0])]
    boxes = [p for para in paragraphs for p in para.pieces if p.kind == "box"]
    assert [(b.text, b.checked) for b in boxes] == [("Accept", True), ("Decline", False)]
    values = {p.field: p.text for para in paragraphs for p in para.pieces if p.kind == "value"}
    assert values["speaker_name"] == ACCENTED.speaker_name
    assert values["event_date"] == "Jul 15, 2020"


def test_alter_changes_wording_never_values() -> None:
    release = Release.create(
        speaker_name="Ann Lee", event_title="Learning in 60 days", event_date="2020-07-15"
    )
    altered = rt.agreement(release, alter={"60 days": "6 days"})
    wording = "".join(p.text for para in altered for p in para.pieces if p.kind == "text")
    assert "6 days" in wording and "60 days" not in wording
    title = [p.text for para in altered for p in para.pieces if p.field == "event_title"]
    assert title == ["Learning in 60 days"]
    with pytest.raises(ValueError, match="not in the form's wording"):
        rt.agreement(ACCENTED, alter={"ninety days": "9 days"})


def test_html_and_odf_sources_are_deterministic() -> None:
    style = rt.STYLES["sans-check-image"]
    page = rt.agreement_html(ACCENTED, style)
    assert page == rt.agreement_html(ACCENTED, style)
    assert rt.agreement_fodt(ACCENTED, style) == rt.agreement_fodt(ACCENTED, style)
    assert "{" not in re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    assert "Continued on the next page..." in page
    assert rt.signature_png("Zoë") == rt.signature_png("Zoë")
    assert rt.signature_ink_svg("Zoë") != rt.signature_ink_svg("Zoe")


# --------------------------------------------------------------------------- live fills


@dataclass(frozen=True)
class LiveCase:
    id: str
    build: Callable[[Release, Path], Path]
    appearance: str
    """fresh (a stream that draws the value), stale (the template's blank one) or string."""
    need_appearances: bool


LIVE = [
    LiveCase("pypdf", lambda r, p: rt.fill_pypdf(r, p), "fresh", False),
    LiveCase("pypdf-need", lambda r, p: rt.fill_pypdf(r, p, need_appearances=True), "fresh", True),
    LiveCase("pypdfform", lambda r, p: rt.fill_pypdfform(r, p), "string", False),
    LiveCase(
        "pypdfform-need",
        lambda r, p: rt.fill_pypdfform(r, p, mode="need-appearances"),
        "stale",
        True,
    ),
    LiveCase("pdftk-xfdf", lambda r, p: rt.fill_pdftk(r, p), "fresh", False),
    LiveCase("pdftk-fdf", lambda r, p: rt.fill_pdftk(r, p, data_format="fdf"), "fresh", False),
    LiveCase("pdftk-need", lambda r, p: rt.fill_pdftk(r, p, need_appearances=True), "fresh", True),
    LiveCase("pdflib", lambda r, p: rt.fill_pdflib(r, p), "fresh", False),
    LiveCase("pdflib-stale", lambda r, p: rt.fill_pdflib(r, p, appearances=False), "stale", False),
]


@pytest.mark.tools
@pytest.mark.parametrize("case", LIVE, ids=lambda c: c.id)
def test_live_fill_stores_values(case: LiveCase, tmp_path: Path) -> None:
    out = case.build(LATIN, tmp_path / f"{case.id}.pdf")
    fields = fields_of(out)
    for name, value in rt.field_values(LATIN).items():
        if name == "consent":
            assert fields[name].get("/V") == "/Decline"
            assert consent_widgets(fields[name]) == {"/Accept": "/Off", "/Decline": "/Decline"}
        else:
            assert fields[name].get("/V") == value, name
    assert need_appearances(out) is case.need_appearances
    ap = first_widget(fields["speaker_name"])["/AP"]
    if case.appearance == "string":
        # PyPDFForm replaces /AP by the value itself, so that viewers rebuild it.
        assert isinstance(ap, TextStringObject)
        return
    stream = ap.get_object()["/N"].get_object()
    assert isinstance(stream, StreamObject)
    draws = [op for _, op in ContentStream(stream, None).operations if op in (b"Tj", b"TJ")]
    assert bool(draws) is (case.appearance == "fresh")
    text = squash(pdf_text(out))
    if case.appearance == "fresh":
        assert squash(LATIN.speaker_name) in text
    elif not case.need_appearances:
        assert squash(LATIN.speaker_name) not in text  # stale: poppler shows the blank


@pytest.mark.tools
@pytest.mark.parametrize(
    "build",
    [
        lambda r, p: rt.fill_pypdfform(r, p),
        lambda r, p: rt.fill_pypdfform(r, p, mode="need-appearances"),
        lambda r, p: rt.fill_pdflib(r, p, appearances=False),
    ],
    ids=["pypdfform", "pypdfform-need", "pdflib-stale"],
)
def test_value_only_fills_take_any_script(
    build: Callable[[Release, Path], Path], tmp_path: Path
) -> None:
    fields = fields_of(build(ACCENTED, tmp_path / "out.pdf"))
    assert fields["speaker_name"]["/V"] == "Zoë Ødegård-Łukasiewicz"
    assert fields["consent"]["/V"] == "/Accept"


@pytest.mark.tools
def test_pypdf_stores_consent_as_a_string(tmp_path: Path) -> None:
    consent = fields_of(rt.fill_pypdf(LATIN, tmp_path / "out.pdf"))["consent"]
    assert isinstance(consent["/V"], TextStringObject)  # (/Decline), not the name /Decline
    assert [str(resolved(kid).get("/V")) for kid in consent["/Kids"]] == ["/Off", "/Decline"]


@pytest.mark.tools
def test_pypdfform_clears_consent_when_unanswered(tmp_path: Path) -> None:
    fields = fields_of(rt.fill_pypdfform(UNANSWERED, tmp_path / "out.pdf"))
    assert fields["consent"].get("/V") in (None, "/Off")
    assert consent_widgets(fields["consent"]) == {"/Accept": "/Off", "/Decline": "/Off"}


@pytest.mark.tools
@pytest.mark.parametrize(
    "build",
    [
        lambda p: rt.fill_pypdf(ACCENTED, p),
        lambda p: rt.fill_pypdf(ACCENTED, p, need_appearances=True),
        lambda p: rt.fill_pypdfform(ACCENTED, p, mode="appearances", strict=False),
        lambda p: rt.fill_pdftk(ACCENTED, p),
        lambda p: rt.fill_pdftk(ACCENTED, p, data_format="fdf"),
        lambda p: rt.fill_pdflib(ACCENTED, p),
    ],
    ids=["pypdf", "pypdf-need", "pypdfform-appearances", "pdftk-xfdf", "pdftk-fdf", "pdflib"],
)
def test_helvetica_tools_refuse_names_outside_winansi(
    build: Callable[[Path], Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.pdf"
    with pytest.raises(rt.ToolLimitation, match=r"WinAnsi.*speaker_name.*U\+0141"):
        build(out)
    assert not out.exists()


@pytest.mark.tools
def test_known_quirks_are_refused_unless_asked_for(tmp_path: Path) -> None:
    with pytest.raises(rt.ToolLimitation, match="both consent boxes"):
        rt.fill_pypdfform(LATIN, tmp_path / "a.pdf", mode="appearances")
    quirky = fields_of(
        rt.fill_pypdfform(LATIN, tmp_path / "a.pdf", mode="appearances", strict=False)
    )
    assert quirky["consent"]["/V"] == "/Decline"
    assert consent_widgets(quirky["consent"]) == {"/Accept": "/Accept", "/Decline": "/Decline"}

    with pytest.raises(rt.ToolLimitation, match="both consent boxes"):
        rt.fill_pypdf(LATIN, tmp_path / "b.pdf", flatten=True)
    # pypdf draws the first (Accept) widget's look on both boxes.
    declined = rt.fill_pypdf(LATIN, tmp_path / "b.pdf", flatten=True, strict=False)
    assert "☐Accept☐Decline" in squash(pdf_text(declined))
    accepted = replace(LATIN, consent=Consent.ACCEPT)
    both = rt.fill_pypdf(accepted, tmp_path / "c.pdf", flatten=True, strict=False)
    assert "☒Accept☒Decline" in squash(pdf_text(both))


@pytest.mark.tools
@pytest.mark.parametrize(
    ("build", "boxes"),
    [
        (lambda p: rt.fill_pypdf(UNANSWERED, p, flatten=True), "☐Accept☐Decline"),
        # pdftk's fill_form + flatten drops the unchecked box's look (its /Off appearance)
        (lambda p: rt.fill_pdftk(LATIN, p, flatten=True), "Signthiscontract:Accept☒Decline"),
        (lambda p: rt.fill_pdflib(LATIN, p, flatten=True), "☐Accept☒Decline"),
    ],
    ids=["pypdf", "pdftk", "pdflib"],
)
def test_fill_and_flatten(build: Callable[[Path], Path], boxes: str, tmp_path: Path) -> None:
    out = build(tmp_path / "out.pdf")
    assert widget_count(out) == 0
    text = squash(pdf_text(out))
    assert squash(UNANSWERED.speaker_name) in text
    assert boxes.lower() in text.lower()


# --------------------------------------------------------------------------- flatteners

TOOLS: list[rt.FlattenTool] = ["pdftk", "qpdf", "gs", "pdftocairo", "mutool"]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sources")
    return {
        "ours": rt.fill_pubrelease(ACCENTED, folder / "ours.pdf"),
        "pdftk": rt.fill_pdftk(LATIN, folder / "pdftk.pdf"),
        "need": rt.fill_pypdfform(LATIN, folder / "need.pdf", mode="need-appearances"),
    }


@pytest.mark.tools
@pytest.mark.parametrize("tool", TOOLS)
def test_flatten_our_fill(tool: rt.FlattenTool, sources: dict[str, Path], tmp_path: Path) -> None:
    out = rt.flatten_with(tool, sources["ours"], tmp_path / f"{tool}.pdf")
    assert widget_count(out) == 0
    assert not PdfReader(out).get_fields()
    text = squash(pdf_text(out))
    for value in (ACCENTED.speaker_name, "Sep 23, 2020", "Jul 15, 2020", "D. M. Blei"):
        assert squash(value) in text, value
    assert "☒Accept☐Decline" in text


@pytest.mark.tools
@pytest.mark.parametrize("tool", TOOLS)
def test_flatten_a_helvetica_fill(
    tool: rt.FlattenTool, sources: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / f"{tool}.pdf"
    if tool == "mutool":
        # MuPDF re-encodes the non-embedded WinAnsi Helvetica and loses ë, Ø, å.
        with pytest.raises(rt.ToolLimitation, match="mangles"):
            rt.flatten_with(tool, sources["pdftk"], out)
        rt.flatten_with(tool, sources["pdftk"], out, strict=False)
        assert squash(LATIN.speaker_name) not in squash(pdf_text(out))
        return
    rt.flatten_with(tool, sources["pdftk"], out)
    assert widget_count(out) == 0
    assert squash(LATIN.speaker_name) in squash(pdf_text(out))


@pytest.mark.tools
@pytest.mark.parametrize("tool", TOOLS)
def test_flatten_a_need_appearances_fill(
    tool: rt.FlattenTool, sources: dict[str, Path], tmp_path: Path
) -> None:
    out = rt.flatten_with(tool, sources["need"], tmp_path / f"{tool}.pdf")
    assert widget_count(out) == 0
    shown = squash(LATIN.speaker_name) in squash(pdf_text(out))
    assert shown is rt.REGENERATES_APPEARANCES[tool]


@pytest.mark.tools
def test_a_failing_tool_reports_its_stderr(tmp_path: Path) -> None:
    source = rt.fill_pypdfform(LATIN, tmp_path / "string-ap.pdf")
    with pytest.raises(rt.ToolError, match="ClassCastException"):  # pdftk vs /AP (string)
        rt.flatten_with("pdftk", source, tmp_path / "out.pdf")


@pytest.mark.tools
def test_regenerating_flatteners_refuse_names_outside_winansi(tmp_path: Path) -> None:
    source = rt.fill_pypdfform(ACCENTED, tmp_path / "need.pdf", mode="need-appearances")
    for tool in ("qpdf", "pdftocairo"):
        with pytest.raises(rt.ToolLimitation, match=r"U\+0141"):
            rt.flatten_with(tool, source, tmp_path / f"{tool}.pdf")


# --------------------------------------------------------------------------- other systems

OFFICE_STYLES = [
    "roman-ballot-typed",
    "sans-check-image",
    "mono-ascii-none",
    "serif-zapf-ink",
    "helvetica-cssbox-typed",
    "palatino-svg-ink",
]
RENDERED = [("chromium", name) for name in rt.STYLES] + [("office", n) for n in OFFICE_STYLES]


@pytest.fixture(scope="module")
def chromium_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every style, printed once by Chromium."""
    folder = tmp_path_factory.mktemp("chromium")
    return {
        name: rt.render_html(ACCENTED, folder / f"{name}.pdf", style)
        for name, style in rt.STYLES.items()
    }


@pytest.fixture(scope="module")
def office_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The office styles, exported by one LibreOffice run."""
    folder = tmp_path_factory.mktemp("office")
    jobs = [
        rt.OfficeJob(ACCENTED, folder / f"{name}.pdf", rt.STYLES[name]) for name in OFFICE_STYLES
    ]
    return dict(zip(OFFICE_STYLES, rt.render_office_many(jobs), strict=True))


def rendered(request: pytest.FixtureRequest, system: str, name: str) -> Path:
    docs: dict[str, Path] = request.getfixturevalue(f"{system}_docs")
    return docs[name]


@pytest.mark.tools
@pytest.mark.parametrize(("system", "name"), RENDERED, ids=lambda v: str(v))
def test_rendered_agreement_text_and_pages(
    system: str, name: str, request: pytest.FixtureRequest
) -> None:
    path = rendered(request, system, name)
    style = rt.STYLES[name]
    text = squash(pdf_text(path).replace("\ufb01", "fi"))
    for value in (
        ACCENTED.speaker_name,
        ACCENTED.event_title,
        "Sep 23, 2020",
        "Jul 15, 2020",
        "Sep 24, 2020",
        "David Blei",
        "Continued on the next page...",
    ):
        assert squash(value) in text, value
    assert squash(f"I, {ACCENTED.speaker_name}, agree that:") in text
    # pdftotext joins a compound broken after its hyphen ("fully-" / "assignable").
    unhyphenated = text.replace("-", "")
    for page in load_form().definition.pages:
        for block in page:
            if block.type == "clause":
                wording = squash(f"{block.number} {block.text}").replace("-", "")
                assert wording in unhyphenated, block.number
    assert len(PdfReader(path).pages) == (2 if style.page_break else 1)
    assert not PdfReader(path).get_fields()


@pytest.mark.tools
@pytest.mark.parametrize(("system", "name"), RENDERED, ids=lambda v: str(v))
def test_rendered_boxes_show_the_answer(
    system: str, name: str, request: pytest.FixtureRequest
) -> None:
    path = rendered(request, system, name)
    box = rt.STYLES[name].box
    text = squash(pdf_text(path))
    if box in rt.BOX_GLYPHS:
        on, off = rt.BOX_GLYPHS[box]
        assert squash(f"{on} Accept {off} Decline") in text
        if box == "zapf":
            fonts = subprocess.run(
                [require_tool("pdffonts"), str(path)], capture_output=True, check=True, timeout=60
            ).stdout.decode()
            assert rt.ZAPF_FAMILY in fonts or "Type 3" in fonts
        return
    _, accept_centre = box_ink(path, "Accept")
    decline_ink, decline_centre = box_ink(path, "Decline")
    assert decline_ink > 20, "the empty box is drawn"
    assert accept_centre > 0, "the checked box has an X through its centre"
    assert decline_centre == 0, "the empty box is empty"
    assert "AcceptDecline" in text  # no glyph stands in for a drawn box


@pytest.mark.tools
@pytest.mark.parametrize(("system", "name"), RENDERED, ids=lambda v: str(v))
def test_rendered_signature(system: str, name: str, request: pytest.FixtureRequest) -> None:
    path = rendered(request, system, name)
    kind = rt.STYLES[name].signature
    text = squash(pdf_text(path))
    marks = page_marks(path)
    typed = squash(f"Signature: {ACCENTED.signature}") in text
    assert typed is (kind == "typed")
    assert (marks["images"] >= 1) is (kind == "image")
    assert (marks["curves"] >= 8) is (kind == "ink")
    assert squash("Signature: D. M. Blei") in text  # the countersignature is typed


@pytest.mark.tools
def test_chromium_sets_fi_ligatures(chromium_docs: dict[str, Path]) -> None:
    reader = PdfReader(chromium_docs["roman-ballot-typed"])
    extracted = "".join(page.extract_text() for page in reader.pages)
    assert "\ufb01" in extracted  # "first", "fine" ... as the one-glyph ligature


@pytest.mark.tools
def test_rendered_altered_wording_and_repeatability(
    chromium_docs: dict[str, Path], tmp_path: Path
) -> None:
    style = rt.STYLES["sans-tick-typed"]
    altered = rt.render_html(ACCENTED, tmp_path / "altered.pdf", style, alter={"60 days": "6 days"})
    text = pdf_text(altered)
    assert "6 days" in text and "60 days" not in text
    again = rt.render_html(ACCENTED, tmp_path / "again.pdf", style)
    assert pdf_text(again) == pdf_text(chromium_docs["sans-tick-typed"])
    office = rt.render_office(ACCENTED, tmp_path / "office.pdf", style, alter={"60 days": "6 days"})
    assert "6 days" in pdf_text(office)
