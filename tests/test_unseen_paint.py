"""``unseen_paint`` walked over the fast reader's objects gives pypdf's walk's answer
(pubrelease.pdf.painted): for each thing the page-object calls cannot see, written
plainly, compressed, in an object stream and inherited from the page tree, and for the
returns other tools make."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from pubrelease.pdf import painted
from pubrelease.pdf.nodes import NotSure
from pubrelease.reading.pdffile import open_pdf

from . import attacks as A
from . import returns as R

TEXT = b"BT /F1 12 Tf 72 700 Td (Bohyung Han) Tj ET"


def _font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )


def _made(edit: Callable[[pikepdf.Pdf, pikepdf.Page], None], *, streams: bool) -> bytes:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font(pdf)))
    page.obj.Contents = pdf.make_stream(TEXT)
    edit(pdf, page)
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if streams else pikepdf.ObjectStreamMode.disable
    pdf.save(out, compress_streams=streams, object_stream_mode=mode)
    return out.getvalue()


def _content(data: bytes) -> Callable[[pikepdf.Pdf, pikepdf.Page], None]:
    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        page.obj.Contents = pdf.make_stream(data)

    return edit


def _resources(**entries: object) -> Callable[[pikepdf.Pdf, pikepdf.Page], None]:
    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        for key, value in entries.items():
            page.obj.Resources[pikepdf.Name("/" + key)] = value

    return edit


def _layers(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    group = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name="L"))
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[group], D=pikepdf.Dictionary(Order=[group]))


def _inherited(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """The page's resources, a pattern among them, in the page tree's root: inherited."""
    resources = page.obj.Resources
    resources.Pattern = pikepdf.Dictionary(P0=pdf.make_stream(b"", PatternType=1))
    del page.obj.Resources
    pdf.Root.Pages.Resources = resources


def _type3(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    page.obj.Resources.Font.T3 = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3)
    )


def _annotation_form(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """``W*`` inside a widget's appearance, reached from the page's annotations."""
    look = pdf.make_stream(b"0 0 10 10 re 2 2 6 6 re W* n", Type=pikepdf.Name.XObject)
    look.Subtype = pikepdf.Name.Form
    look.BBox = [0, 0, 10, 10]
    widget = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Widget,
        Rect=[0, 0, 10, 10],
        AP=pikepdf.Dictionary(N=look),
    )
    page.obj.Annots = pdf.make_indirect([pdf.make_indirect(widget)])


def _transfer(name: str) -> Callable[[pikepdf.Pdf, pikepdf.Page], None]:
    return _resources(ExtGState=pikepdf.Dictionary(G0=pikepdf.Dictionary(TR=pikepdf.Name(name))))


CASES: dict[str, tuple[Callable[[pikepdf.Pdf, pikepdf.Page], None], bool]] = {
    "plain": (lambda pdf, page: None, False),
    "even-odd-clip": (_content(b"q 0 0 9 9 re W* n " + TEXT + b" Q"), True),
    "marked-optional-content": (_content(b"/OC /L0 BDC " + TEXT + b" EMC"), True),
    "optional-content-properties": (_layers, True),
    "pattern": (_resources(Pattern=pikepdf.Dictionary()), True),
    "inherited-pattern": (_inherited, True),
    "type3-font": (_type3, True),
    "appearance-even-odd": (_annotation_form, True),
    "transfer-function": (_transfer("/Custom"), True),
    "identity-transfer": (_transfer("/Identity"), False),
}


@pytest.mark.parametrize("streams", [False, True], ids=["plain-file", "object-streams"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_fast_walk_answers_as_pypdfs(case: str, streams: bool) -> None:
    edit, unseen = CASES[case]
    data = _made(edit, streams=streams)
    objects = open_pdf(data).objects
    assert objects is not None
    assert painted._unseen(data, None) is unseen
    assert painted._unseen_nodes(objects) is unseen
    painted._ANSWERED.clear()
    assert painted.unseen_paint(data, None, objects) is unseen


def test_a_stream_behind_an_ascii_filter_is_read_as_pypdf_reads_it() -> None:
    """ASCIIHex (reportlab's ASCII85 alike): the fast reader decodes it as pypdf does
    (:mod:`pubrelease.pdf.streamfilters`), and both walks answer alike."""

    def hexed(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        body = (b"q 0 0 9 9 re W* n Q").hex().encode() + b">"
        page.obj.Contents = pdf.make_stream(body, Filter=pikepdf.Name.ASCIIHexDecode)

    data = _made(hexed, streams=False)
    objects = open_pdf(data).objects
    assert objects is not None
    assert painted._unseen_nodes(objects) is painted._unseen(data, None) is True


def test_a_stream_of_another_filter_is_left_to_pypdf() -> None:
    """RunLength: the fast reader does not decode it; pypdf's walk answers."""

    def run_length(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        body = b"q 0 0 9 9 re W* n Q"
        coded = bytes([len(body) - 1]) + body + b"\x80"  # one literal run, then the end
        page.obj.Contents = pdf.make_stream(coded, Filter=pikepdf.Name.RunLengthDecode)

    data = _made(run_length, streams=False)
    objects = open_pdf(data).objects
    assert objects is not None
    with pytest.raises(NotSure):
        painted._unseen_nodes(objects)
    painted._ANSWERED.clear()
    assert painted.unseen_paint(data, None, objects) is True


@pytest.mark.tools
@pytest.mark.parametrize("tool", ["pdftk", "qpdf", "gs", "pdftocairo", "mutool"])
def test_other_tools_returns_answer_alike(tool: R.FlattenTool, tmp_path: Path) -> None:
    source = tmp_path / "issued.pdf"
    source.write_bytes(A.issued())
    data = R.flatten_with(tool, source, tmp_path / "out.pdf").read_bytes()
    objects = open_pdf(data).objects
    if objects is None:
        pytest.fail(f"the fast reader does not read {tool}'s file")
    assert painted._unseen_nodes(objects) is painted._unseen(data, None)


@pytest.mark.parametrize("streams", [False, True], ids=["plain", "object-streams"])
def test_a_fonts_widths_are_not_walked(streams: bool) -> None:
    """A CIDFont's ``/W`` holds numbers that nothing paints with: a transfer function
    named only there is no paint the page shows (both walks skip it, and the thousands
    of arrays a form's copy of DejaVu Sans holds), while one in the page's graphics
    states is."""

    def graphics_state(pdf: pikepdf.Pdf) -> pikepdf.Object:
        curve = pdf.make_stream(b"{ 1 exch sub }", FunctionType=4, Domain=[0, 1], Range=[0, 1])
        return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, TR=curve))

    def in_widths(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        font = page.obj.Resources.Font.F1
        font.W = pikepdf.Array([1, pikepdf.Array([500, 600]), graphics_state(pdf)])

    def in_page(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        page.obj.Resources.ExtGState = pikepdf.Dictionary(G1=graphics_state(pdf))

    for edit, unseen in ((in_widths, False), (in_page, True)):
        data = _made(edit, streams=streams)
        objects = open_pdf(data).objects
        assert objects is not None
        assert painted._unseen_nodes(objects) is painted._unseen(data, None) is unseen
