"""Optional content viewers show or hide each their own way (``pdf/optionalcontent.py``).

Review 6 drew a red "VOID" and a red X over the Accept box inside an optional-content
group, switched off on screen and in print by ``/AS`` events (poppler ignores them and
shows it), or by an ``/OCMD`` visibility expression (MuPDF ignores it and shows it).
PDFium, which the check of what the page shows uses, hides both: the re-saved returns
were ``valid``. Each case here is checked against the real viewers first (poppler's
``pdftoppm``, MuPDF's ``mutool draw``, PDFium), then parsed.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from pubrelease import Status, parse
from pubrelease.pdf.objects import Objects
from pubrelease.pdf.optionalcontent import disputed_groups

from . import attacks as A
from .helpers import require_tool

ACCEPT = A._widget_rect("consent", "Accept")
VOID = (
    b"1 0 0 RG 4 w 72 150 m 90 110 l 108 150 l S 118 110 30 40 re S 170 110 m 170 150 l S "
    b"60 130 m 400 130 l S "
)


def _marked(how: str, *, agree: bool = False) -> A.Edit:
    """An edit (pikepdf) putting a red VOID and an X over Accept on page 2 inside optional
    content: ``"as"``, a group on in the default configuration that ``/AS`` events turn
    off on screen and in print; ``"ve"``, a membership dictionary whose policy shows it
    and whose expression hides it; ``"usage"``, the group's ``/Usage`` hides it on screen,
    no events; ``"configs"``, an alternate configuration for viewing hides it;
    ``"deep-ve"``, as ``"as"``, with a membership dictionary whose expression is too deep
    to read beside it. ``agree``: the events or the expression say what the group's state
    says (nothing for viewers to disagree on)."""
    x0, y0, x1, y1 = ACCEPT

    def edit(pdf: pikepdf.Pdf) -> None:
        group = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name="Notes"))
        config = pikepdf.Dictionary(ON=[group], Order=[group])
        member: pikepdf.Object = group
        if how == "usage":  # the group's own usage, no events asking for it
            group.Usage = pikepdf.Dictionary(View=pikepdf.Dictionary(ViewState=pikepdf.Name.OFF))
        elif how == "configs":  # an alternate configuration for viewing hides it (below)
            pass
        elif how in ("as", "deep-ve"):
            state = pikepdf.Name.ON if agree else pikepdf.Name.OFF
            group.Usage = pikepdf.Dictionary(
                View=pikepdf.Dictionary(ViewState=state),
                Print=pikepdf.Dictionary(PrintState=state),
            )
            config.AS = [
                pikepdf.Dictionary(
                    Event=pikepdf.Name.View, OCGs=[group], Category=[pikepdf.Name.View]
                ),
                pikepdf.Dictionary(
                    Event=pikepdf.Name.Print, OCGs=[group], Category=[pikepdf.Name.Print]
                ),
            ]
        else:
            expression = group if agree else pikepdf.Array([pikepdf.Name.Not, group])
            member = pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OCMD, OCGs=[group], P=pikepdf.Name.AnyOn, VE=expression
                )
            )
        pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[group], D=config)
        if how == "configs":
            pdf.Root.OCProperties.Configs = [
                pikepdf.Dictionary(Name="View", Intent=pikepdf.Name.View, OFF=[group])
            ]
        if how == "deep-ve":  # the /AS case, and an expression too deep to read elsewhere
            deep: pikepdf.Object = group
            for _ in range(14):
                deep = pikepdf.Array([pikepdf.Name.And, deep])
            deep = pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.OCMD, OCGs=[group], VE=deep)
            )
        page = pdf.pages[1]
        resources = page.obj.Resources
        if "/Properties" not in resources:
            resources.Properties = pikepdf.Dictionary()
        resources.Properties.oc1 = member
        if how == "deep-ve":
            resources.Properties.oc2 = deep
        drawn = (
            b"/OC /oc1 BDC q " + VOID + b"1 0 0 RG 1.5 w "
            + f"{x0 - 3} {y0 - 3} m {x1 + 3} {y1 + 3} l "
            f"{x0 - 3} {y1 + 3} m {x1 + 3} {y0 - 3} l S".encode()
            + b" Q EMC"
        )  # fmt: skip
        page.contents_add(pikepdf.Stream(pdf, drawn), prepend=False)

    return edit


def _resaved(data: bytes, edit: A.Edit) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _red(image: Image.Image) -> int:
    """Pixels of a page 2 render (72 dpi) that are red."""
    rgb = np.asarray(image.convert("RGB")).astype(int)
    return int(((rgb[..., 0] > 180) & (rgb[..., 1] < 100) & (rgb[..., 2] < 100)).sum())


def _shown(data: bytes, viewer: str, folder: Path) -> int:
    """Red pixels ``viewer`` draws on page 2."""
    path = folder / "file.pdf"
    path.write_bytes(data)
    if viewer == "pdfium":
        doc = pdfium.PdfDocument(data)
        try:
            return _red(doc[1].render(scale=1).to_pil())
        finally:
            doc.close()
    out = folder / "page.png"
    if viewer == "poppler":
        command = [
            require_tool("pdftoppm"),
            "-r",
            "72",
            "-f",
            "2",
            "-l",
            "2",
            "-png",
            "-singlefile",
        ]
        subprocess.run([*command, str(path), str(out.with_suffix(""))], check=True)
    else:
        command = [require_tool("mutool"), "draw", "-q", "-r", "72", "-o", str(out), str(path), "2"]
        subprocess.run(command, check=True)
    return _red(Image.open(out))


@pytest.fixture(scope="module")
def flattened() -> bytes:
    from pubrelease import fill

    return fill(A.RELEASE, flatten=True, today=A.TODAY)


@pytest.mark.parametrize(
    ("how", "shows"),
    [
        ("as", "poppler"),
        ("ve", "mutool"),
        ("usage", "poppler"),  # review 7: a usage with no /AS events, PDFium follows it
        ("configs", "poppler"),  # review 7: an alternate configuration PDFium takes
    ],
)
def test_a_void_only_some_viewers_show_is_viewers_disagree(
    how: str, shows: str, flattened: bytes, tmp_path: Path
) -> None:
    data = _resaved(flattened, _marked(how))
    # the premise: one viewer shows the VOID and the X, PDFium does not
    assert _shown(data, shows, tmp_path) > 200
    assert _shown(data, "pdfium", tmp_path) == 0
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INVALID
    disagree = [f.message for f in record.findings if f.code == "viewers-disagree"]
    assert disagree and all("optional content" in m for m in disagree), record.findings


def _appended(how: str) -> A.Edit:
    """:func:`_marked`'s objects appended by pypdf as an update to the issued file."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    def name(text: str) -> NameObject:
        return NameObject(f"/{text}")

    def edit(writer: PdfWriter) -> None:
        group = writer._add_object(
            DictionaryObject({name("Type"): name("OCG"), name("Name"): TextStringObject("Notes")})
        )
        config = DictionaryObject({name("ON"): ArrayObject([group])})
        member = group
        if how == "as":
            group.get_object()[name("Usage")] = DictionaryObject(
                {
                    name("View"): DictionaryObject({name("ViewState"): name("OFF")}),
                    name("Print"): DictionaryObject({name("PrintState"): name("OFF")}),
                }
            )
            config[name("AS")] = ArrayObject(
                DictionaryObject(
                    {
                        name("Event"): name(event),
                        name("OCGs"): ArrayObject([group]),
                        name("Category"): ArrayObject([name(event)]),
                    }
                )
                for event in ("View", "Print")
            )
        else:
            member = writer._add_object(
                DictionaryObject(
                    {
                        name("Type"): name("OCMD"),
                        name("OCGs"): ArrayObject([group]),
                        name("P"): name("AnyOn"),
                        name("VE"): ArrayObject([name("Not"), group]),
                    }
                )
            )
        writer._root_object[name("OCProperties")] = DictionaryObject(
            {name("OCGs"): ArrayObject([group]), name("D"): config}
        )
        x0, y0, x1, y1 = ACCEPT
        drawn = (
            "/OC /oc1 BDC q " + VOID.decode() + "1 0 0 RG 1.5 w "
            f"{x0 - 3} {y0 - 3} m {x1 + 3} {y1 + 3} l {x0 - 3} {y1 + 3} m {x1 + 3} {y0 - 3} l S"
            " Q EMC"
        )
        A._edit_content(1, lambda text: text + "\n" + drawn)(writer)
        resources = writer.pages[1]["/Resources"].get_object()
        resources[name("Properties")] = DictionaryObject({name("oc1"): member})

    return edit


@pytest.mark.parametrize(("how", "shows"), [("as", "poppler"), ("ve", "mutool")])
def test_as_an_update_too(how: str, shows: str, flattened: bytes, tmp_path: Path) -> None:
    data = A.apply(flattened, _appended(how), A.Save.INCREMENTAL)
    assert _shown(data, shows, tmp_path) > 200
    assert _shown(data, "pdfium", tmp_path) == 0
    record = parse(data, today=A.TODAY)
    assert record.status is Status.INVALID
    assert any(f.code == "viewers-disagree" for f in record.findings), record.findings


@pytest.mark.parametrize("how", ["as", "ve"])
def test_groups_whose_events_or_expression_agree_are_not_disputed(
    how: str, flattened: bytes
) -> None:
    data = _resaved(flattened, _marked(how, agree=True))
    assert disputed_groups(Objects(data)) == []
    assert disputed_groups(Objects(_resaved(flattened, _marked(how)))) != []


def test_a_file_without_optional_content_has_nothing_disputed(flattened: bytes) -> None:
    assert disputed_groups(Objects(flattened)) == []


def test_an_expression_too_deep_to_read_does_not_hide_the_rest(flattened: bytes) -> None:
    """Review 7: one unreadable expression anywhere made the whole check say nothing."""
    found = disputed_groups(Objects(_resaved(flattened, _marked("deep-ve"))))
    assert any("/Usage" in m for m in found), found
    assert any("too deep to read" in m for m in found), found
