import io

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from pubrelease import FormDefinitionError, load_form
from pubrelease.form.definition import load_definition
from pubrelease.form.layout import layout_form
from pubrelease.form.registry import forms_dir
from pubrelease.form.template import Form


def _plain(obj: object) -> object:
    """A PDF object as comparable Python data: references by number, streams decoded."""
    if isinstance(obj, IndirectObject):
        return ("ref", obj.idnum)
    if isinstance(obj, StreamObject):
        head = {k: _plain(v) for k, v in obj.items() if k not in ("/Length", "/Filter")}
        return (head, obj.get_data())
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    return obj


def _all_objects(data: bytes) -> dict[int, object]:
    reader = PdfReader(io.BytesIO(data))
    size = int(reader.trailer["/Size"])  # type: ignore[call-overload]
    return {n: _plain(reader.get_object(n)) for n in range(1, size)}


def test_committed_template_is_what_the_definition_builds() -> None:
    shipped = load_form()  # raises when the template's build digest differs
    rebuilt = Form(load_definition(forms_dir() / "icml-2020" / "form.toml")).build()
    # compare decoded objects, not bytes: zlib versions may compress differently
    assert _all_objects(shipped.template) == _all_objects(rebuilt)


def test_template_fields_tooltips_and_checkbox_states() -> None:
    reader = PdfReader(str(forms_dir() / "icml-2020" / "template.pdf"))
    fields = reader.get_fields()
    assert fields is not None
    expected = {
        "speaker_name",
        "effective_date",
        "event_title",
        "event_date",
        "consent",
        "signature",
        "sign_date",
        "countersigner_name",
        "countersigner_signature",
        "countersign_date",
    }
    assert set(fields) == expected
    for name, field in fields.items():
        assert field.get("/TU"), f"{name} has no tooltip"
    consent = fields["consent"]
    assert consent["/FT"] == "/Btn"
    kids = [k.get_object() for k in consent["/Kids"]]
    states = [set(k["/AP"]["/N"].keys()) for k in kids]
    assert states == [{"/Accept", "/Off"}, {"/Decline", "/Off"}]
    assert all(k["/AS"] == "/Off" for k in kids)
    assert len(fields["speaker_name"]["/Kids"]) == 3
    assert "/NeedAppearances" not in reader.trailer["/Root"]["/AcroForm"]


def test_layout_puts_page_one_wording_before_the_continuation() -> None:
    pages = layout_form(load_form().definition)
    assert len(pages) == 2
    last = min(pages[0].runs, key=lambda r: r.y)
    assert last.text == "Continued on the next page..."
    assert {b.field for b in pages[1].boxes} >= {"consent", "signature", "countersign_date"}


def test_unknown_form() -> None:
    with pytest.raises(FormDefinitionError, match="unknown form"):
        load_form("no-such-form")


def test_stale_template_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    form = Form(load_definition(forms_dir() / "icml-2020" / "form.toml"))
    with pytest.raises(FormDefinitionError, match="does not match"):
        form.attach_template(b"%PDF-1.7\n%%EOF\n", str(tmp_path / "template.pdf"))


def test_definition_errors_name_the_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = (forms_dir() / "icml-2020" / "form.toml").read_text()
    bad = source.replace("{event_date:160}", "{evnt_date:160}")
    path = tmp_path / "form.toml"
    path.write_text(bad)
    with pytest.raises(FormDefinitionError) as info:
        load_definition(path)
    assert info.value.field == "evnt_date"
