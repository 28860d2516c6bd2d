"""Review rev28's returns whose viewers draw what ``parse`` does not read
(``tests/data/attacks-rev28``).

A field a viewer draws again from its value (``/NeedAppearances``, or no appearance) shows
what its ``/DA`` font and colour draw: a ``/DR`` font of the file's own, or a white
colour, show other words or none, so such a field is ``viewers-disagree``. So is a value
pdf.js/Firefox shows in place of the field's own (a widget's ``/V``, a sub-field's), and
a NoRotate annotation on a turned page, which viewers swing elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from pubrelease import Status, parse

from . import returns as R
from .helpers import signed_release

FOLDER = Path(__file__).parent / "data" / "attacks-rev28"
ATTACKS = {
    "needapp_dr_font_sig_inc.pdf": "field signature is drawn again",
    "needapp_dr_font_sig_rs.pdf": "field signature is drawn again",
    "needapp_da_white_sig_inc.pdf": "field signature is drawn again",
    "noap_dr_font_sig.pdf": "field signature is drawn again",
    "widget_V_name_pdfjs_inc.pdf": "field speaker_name shows another value",
    "widget_V_name_pdfjs_rs.pdf": "field speaker_name shows another value",
    "subfield_name_pdfjs.pdf": "field speaker_name shows another value",
    "subfield_signature_pdfjs.pdf": "field signature shows another value",
    "norotate_decline_live.pdf": "page 2: 1 annotation flagged NoRotate on a turned page",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_a_field_viewers_draw_otherwise_is_not_valid(name: str) -> None:
    record = parse((FOLDER / name).read_bytes())
    assert record.status is not Status.VALID, record.findings
    disagreements = [f.message for f in record.findings if f.code == "viewers-disagree"]
    assert any(ATTACKS[name] in m for m in disagreements), record.findings


def test_the_honest_return_they_start_from_stays_valid() -> None:
    record = parse((FOLDER / "control_live.pdf").read_bytes())
    assert record.status is Status.VALID, record.findings


def test_a_need_appearances_fill_in_the_forms_own_font_stays_valid(tmp_path: Path) -> None:
    out = tmp_path / "need.pdf"
    R.fill_pypdf(signed_release("Bohyung Han"), out, need_appearances=True)
    record = parse(out.read_bytes())
    assert record.status is Status.VALID, record.findings


def _edited(tmp_path: Path, edit: Callable[[pikepdf.Pdf], None]) -> bytes:
    """``control_live.pdf`` edited and re-saved whole by pikepdf."""
    with pikepdf.open(FOLDER / "control_live.pdf") as pdf:
        edit(pdf)
        pdf.save(tmp_path / "edited.pdf")
    return (tmp_path / "edited.pdf").read_bytes()


def _signature_da(da: str) -> Callable[[pikepdf.Pdf], None]:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.Root.AcroForm.NeedAppearances = True
        (field,) = [f for f in pdf.Root.AcroForm.Fields if f.T == "signature"]
        field.DA = pikepdf.String(da)

    return edit


@pytest.mark.parametrize(
    ("da", "why"),
    [
        ("/Helv 0 Tf 0.95 g", "does not stand out"),
        ("/Helv 0 Tf 0 g 3 Tr", "sets 'Tr'"),
        ("/Helv 1 Tf 0 g", "1 pt high"),
        ("/Nope 0 Tf 0 g", "not in the form's /DR"),
        ("/PRF0 0 Tf 0 g", "not a standard font"),
    ],
)
def test_a_redrawn_field_whose_da_does_not_show_its_value_is_not_valid(
    tmp_path: Path, da: str, why: str
) -> None:
    record = parse(_edited(tmp_path, _signature_da(da)))
    assert record.status is not Status.VALID, record.findings
    assert any(f.code == "viewers-disagree" and why in f.message for f in record.findings)


@pytest.mark.parametrize(
    ("key", "value", "why"), [("Ff", 1 << 13, "password field"), ("MaxLen", 3, "/MaxLen 3")]
)
def test_a_redrawn_field_drawn_as_other_characters_is_not_valid(
    tmp_path: Path, key: str, value: int, why: str
) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        _signature_da("/Helv 0 Tf 0 g")(pdf)
        (field,) = [f for f in pdf.Root.AcroForm.Fields if f.T == "signature"]
        field[f"/{key}"] = value

    record = parse(_edited(tmp_path, edit))
    assert record.status is not Status.VALID, record.findings
    assert any(f.code == "viewers-disagree" and why in f.message for f in record.findings)


def test_a_note_icon_flagged_no_rotate_on_a_turned_page_is_left_alone(tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[1]
        page.Rotate = 90
        note = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Text,
            Rect=[300, 300, 320, 320],
            F=28,
            Contents=pikepdf.String("see p. 1"),
        )
        page.Annots.append(pdf.make_indirect(note))

    record = parse(_edited(tmp_path, edit))
    assert not [f for f in record.findings if "NoRotate" in f.message], record.findings


def test_a_widget_dr_font_of_its_own_is_judged_too(tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        _signature_da("/Helv 0 Tf 0 g")(pdf)
        (field,) = [f for f in pdf.Root.AcroForm.Fields if f.T == "signature"]
        prf0 = pdf.Root.AcroForm.DR.Font.PRF0
        field.DR = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=prf0))

    record = parse(_edited(tmp_path, edit))
    assert record.status is not Status.VALID, record.findings


def test_a_rich_text_value_beside_the_value_is_not_valid(tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        (field,) = [f for f in pdf.Root.AcroForm.Fields if f.T == "signature"]
        field.RV = pikepdf.String("<body><p>I DO NOT AGREE</p></body>")

    record = parse(_edited(tmp_path, edit))
    assert record.status is not Status.VALID, record.findings
    assert any("rich-text value" in f.message for f in record.findings)
