"""Long titles filled by programs that set them larger than their box, cut by a clip.

MuPDF (PyMuPDF's ``widget.update()``, ``mutool run``) sets a long title in lines of a
fixed size: the fourth lies below the box, over the event date, and the third is cut
through at the box's bottom edge by the appearance's ``re W n``. QPDF
(``--generate-appearances`` of a fill that sets ``/NeedAppearances``) sets it on one line
running far past the box's right edge, cut by the appearance's ``/BBox``; flattened
(``--flatten-annotations=all``) or not. Each builder runs the real program.

Also clips an attacker may use on the issued release (:mod:`.attacks` edits): a name
drawn again under a clip that cuts it away, over the printed name's own ink; a name drawn
wholly outside its clip; a name shown whole with words past the box's edge.
"""

from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import pymupdf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject

from pubrelease import Release
from pubrelease.form.registry import load_form

from . import attacks as A
from . import mutoolfill
from . import returns as R
from .helpers import require_tool, signed_release

LONG_TITLE = ("Differentiable Masks for Operation-Aware Channel Pruning " * 5)[:250]
"""250 characters: four lines of MuPDF's 12 pt in the title's box, which holds three."""

RELEASE = dataclasses.replace(signed_release("Bohyung Han"), event_title=LONG_TITLE)


def mupdf_fill(
    release: Release = RELEASE, *, bake: bool = False, size: float = 0, font: str = ""
) -> bytes:
    """The template filled by PyMuPDF (``field_value``, ``update()``); ``bake``: its
    widgets then drawn into the pages (``Document.bake``); ``size`` and ``font``: the
    title's font size and font (PyMuPDF's name: "Cour", "TiRo"; 0 and "": its own)."""
    values = R._text_values(release, None)
    state = R.consent_state(release)
    doc = pymupdf.open(stream=load_form().template, filetype="pdf")
    for page in doc:
        for widget in page.widgets():
            if widget.field_name in values:
                widget.field_value = values[widget.field_name]
                if widget.field_name == "event_title" and size:
                    widget.text_fontsize = size
                if widget.field_name == "event_title" and font:
                    widget.text_font = font
                widget.update()
            elif widget.field_type_string == "CheckBox" and widget.on_state() == state:
                widget.field_value = state
                widget.update()
    if bake:
        doc.bake()
    data: bytes = doc.tobytes(garbage=1)
    return data


_IDENTITY_MAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Id def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <20> <7E> <0020> endbfrange endcmap CMapName currentdict /CMap defineresource pop
end end"""


def lying_title(data: bytes, *, incremental: bool) -> bytes:
    """``data`` (a fill whose title is cut at its box's edge) with the title's fonts made
    to draw "L" for the code of "T" (a ``/Differences`` entry) while their ``/ToUnicode``
    map still reads "T": the box's glyphs are not what its text layer reads."""
    if incremental:
        writer = PdfWriter(io.BytesIO(data), incremental=True)
    else:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/T") != "event_title":
                continue
            appearance = annot["/AP"]["/N"].get_object()
            for font_ref in appearance["/Resources"]["/Font"].values():
                font = font_ref.get_object()
                font[NameObject("/Encoding")] = DictionaryObject(
                    {
                        NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
                        NameObject("/Differences"): ArrayObject(
                            [NumberObject(0x54), NameObject("/L")]
                        ),
                    }
                )
                stream = StreamObject()
                stream.set_data(_IDENTITY_MAP)
                font[NameObject("/ToUnicode")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def mutool_fill(folder: Path, release: Release = RELEASE) -> Path:
    """The template filled by ``mutool run`` (:mod:`.mutoolfill`), saved as an
    incremental update."""
    labels = {spec.tooltip: name for name, spec in load_form().definition.fields.items()}
    values = R.field_values(release)
    by_label = {label: values[name] for label, name in labels.items() if name in values}
    return mutoolfill.mutool_fill(folder, by_label, incremental=True)


def qpdf_fill(folder: Path, *, flatten: bool, release: Release = RELEASE) -> Path:
    """The template filled by pypdf with ``/NeedAppearances``, its appearances made
    again by ``qpdf --generate-appearances`` (and ``--flatten-annotations=all``)."""
    values: dict[str, str] = dict(R._text_values(release, None))
    state = R.consent_state(release)
    if state is not None:
        values[R._choice_field(None)] = f"/{state}"
    writer = PdfWriter(clone_from=io.BytesIO(load_form().template))
    writer.update_page_form_field_values(None, values, auto_regenerate=True)
    writer.set_need_appearances_writer(True)
    source = folder / "needs-appearances.pdf"
    with source.open("wb") as handle:
        writer.write(handle)
    out = folder / ("qpdf-flattened.pdf" if flatten else "qpdf.pdf")
    args = [require_tool("qpdf"), "--warning-exit-0", "--generate-appearances"]
    args += ["--flatten-annotations=all"] if flatten else []
    subprocess.run([*args, str(source), str(out)], check=True, capture_output=True, timeout=120)
    return out


# ------------------------------------------------------------------------ clips of an attacker

NAME_BOX = (190.0, 13.0)
"""The printed name's box (width, height)."""

CUT_OVER_INK = (
    b"BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj ET "
    b"q 100 0 90 13 re W n BT /Helv 10 Tf 0 g 2 4 Td (Minsoo Kang) Tj ET Q"
)
"""The name shown, and another drawn over it under a clip it lies wholly left of: its
glyphs lie on the shown name's ink."""

CUT_INSIDE = (
    b"q 0 6 190 7 re W n BT /Helv 10 Tf 0 g 2 7 Td (Bohyung Han) Tj ET "
    b"BT /Helv 5 Tf 0 g 60 1 Td (Minsoo Kang) Tj ET Q"
)
"""The name shown in the box's upper half, under a clip of that half, and another name
below that clip's bottom edge but inside the box: cut as a value's next line would be,
but by a clip whose edge is not the box's."""

ALL_OUTSIDE = b"q 0 0 190 13 re W n BT /Helv 10 Tf 0 g 2 -12 Td (Bohyung Han) Tj ET Q"
"""The name drawn below the box, under the box's clip: the box shows nothing."""

TAIL_NOT_THE_VALUE = (
    b"q 0 0 190 13 re W n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung Han) Tj "
    b"200 0 Td (did not sign this release) Tj ET Q"
)
"""The name shown whole and, in the same text, words past the box's right edge, cut by
its clip as a value set too large would be: they are not the value stored."""


JUMP_PAST_EDGE = (
    b"q 0 0 190 13 re W n BT /Helv 10 Tf 0 g 2 4 Td "
    b"[(Bohyung Han ) -25000 (DOES NOT AGREE)] TJ ET Q"
)
"""The name shown and, in one TJ, words sent 250 points past the box's right edge: not
where a value set too large runs on (review rev18c, D2)."""

DROPPED_BELOW = (
    b"q 0 0 190 13 re W n BT /Helv 10 Tf 0 g 2 4 Td (Bohyung ) Tj "
    b"0 -66 Td (DOES NOT AGREE) Tj 45 66 Td (Han) Tj ET Q"
)
"""Words drawn 66 points below the box between the name's two words, cut by its clip:
not the next line of a value (review rev18c, D1)."""


def redrawn(content: bytes) -> A.Edit:
    """Every widget of the printed name given an appearance drawing ``content``."""
    return A._redraw("speaker_name", content)
