"""``fill --sign``'s files read as the release ``fill`` wrote (:mod:`.reading.quicksigned`).

A release ``fill`` issued, then signed with certificates and nothing else (the speaker's
seal, the conference's certification, or both), is read as the
quick path reads the release, the signatures joined. Every case is read both ways, the
quick reading of signed files on and off, and the records must be the same; whatever
else was done to the file (a value changed after signing, an update no signature is
in, a stamp with words, a broken signature, a seal redrawn, a file saved again by qpdf)
leaves it to the general path.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from pubrelease import fill
from pubrelease.certsig import SignerRole
from pubrelease.filling.certsign import certify_release, load_signing_key, sign_release
from pubrelease.reading.trust import TrustRoots
from pubrelease.record import Record, Status

from .helpers import readings_by, require_tool, update
from .pki import PASSPHRASE, Pki
from .signed import release, set_fields
from .test_signature_stamps import MARGIN, stamped
from .test_signed_fills import invisible

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def issued() -> bytes:
    return fill(release())


def both_ways(data: bytes, trust: TrustRoots | None = None) -> tuple[Record, bool]:
    """``data`` parsed, and whether it was read as ``fill``'s release signed; the record
    is the same with that reading off (the general path's)."""
    record, taken, general = readings_by("quick_signed", data, today=TODAY, trust=trust)
    assert record == general
    assert record.to_dict() == general.to_dict()
    return record, taken


def _speaker(pki: Pki) -> Any:
    return load_signing_key(pki.speaker.p12, passphrase=PASSPHRASE)


def _conference(pki: Pki) -> Any:
    return load_signing_key(pki.conference.p12, passphrase=PASSPHRASE)


# -- fill --sign's files: read as the release -------------------------------------------------


def test_the_speakers_seal(pki: Pki, issued: bytes, roots: TrustRoots) -> None:
    record, taken = both_ways(sign_release(issued, _speaker(pki)), roots)
    assert taken and record.status is Status.VALID, record.findings
    assert [(s.field, s.intact, s.trusted) for s in record.signatures] == [
        ("signature_cert", True, True)
    ]
    assert record.signed and record.speaker_name == release().speaker_name


def test_untrusted_the_same_file_says_so_the_same_way(pki: Pki, issued: bytes) -> None:
    record, taken = both_ways(sign_release(issued, _speaker(pki)))
    assert taken and "signature-untrusted" in {f.code for f in record.findings}


def test_the_conferences_certification(pki: Pki, issued: bytes, roots: TrustRoots) -> None:
    record, taken = both_ways(certify_release(issued, _conference(pki)), roots)
    assert taken and record.countersigned, record.findings


def test_the_speakers_own_certificate_in_the_conferences_box(
    pki: Pki, issued: bytes, roots: TrustRoots
) -> None:
    """A review signed a release in the countersigner's box with the speaker's own key:
    the role came from the box, and the release read countersigned (both paths). A
    certificate in the speaker's name there is no countersignature of the conference's."""
    data = sign_release(issued, _speaker(pki), role=SignerRole.COUNTERSIGNER)
    record, _ = both_ways(data, roots)
    assert not record.countersigned
    assert record.status is Status.INCOMPLETE, record.findings
    assert "countersign-unproven" in {f.code for f in record.findings}


def test_the_speaker_then_the_conference(pki: Pki, issued: bytes, roots: TrustRoots) -> None:
    data = certify_release(sign_release(issued, _speaker(pki)), _conference(pki))
    record, taken = both_ways(data, roots)
    assert taken and record.status is Status.VALID and record.countersigned, record.findings
    assert len(record.signatures) == 2


def test_an_invisible_signature_is_the_general_paths(pki: Pki, issued: bytes) -> None:
    """Its widget has no appearance: the general path says viewers draw it themselves."""
    record, taken = both_ways(invisible(issued, pki))
    assert not taken and record.signatures[0].intact


# -- anything else: the general path ------------------------------------------------------------


def test_a_value_changed_after_signing(pki: Pki, issued: bytes) -> None:
    data = update(sign_release(issued, _speaker(pki)), set_fields(speaker_name="Mallory Mole"))
    record, taken = both_ways(data)
    assert not taken
    assert record.speaker_name == release().speaker_name  # (what was signed)


def test_an_update_no_signature_is_in(pki: Pki, issued: bytes) -> None:
    data = sign_release(update(issued, set_fields(speaker_name="Mallory Mole")), _speaker(pki))
    record, taken = both_ways(data)
    assert not taken and record.speaker_name == "Mallory Mole"


def test_a_stamp_with_words(pki: Pki, issued: bytes) -> None:
    record, taken = both_ways(stamped(issued, pki.speaker, MARGIN))
    assert not taken and "signature-stamp" in {f.code for f in record.findings}


def test_a_broken_signature(pki: Pki, issued: bytes) -> None:
    data = bytearray(sign_release(issued, _speaker(pki)))
    at = data.rfind(b"/Contents <") + 40
    data[at : at + 2] = b"00" if data[at : at + 2] != b"00" else b"11"
    record, taken = both_ways(bytes(data))
    assert not taken and record.status is Status.INVALID


def _seal_redrawn(writer: PdfWriter) -> None:
    """The seal's appearance stream given other content (a line through the typed name)."""
    for annot in writer.pages[1]["/Annots"]:
        widget = annot.get_object()
        if widget.get("/FT") == "/Sig" or "/Sig" in str(widget.get("/Parent", {})):
            stream = widget["/AP"]["/N"].get_object()
            stream.set_data(b"0 0 0 RG 2 w 0 6 m 200 6 l S")


def test_a_seal_redrawn_after_signing(pki: Pki, issued: bytes) -> None:
    record, taken = both_ways(update(sign_release(issued, _speaker(pki)), _seal_redrawn))
    assert not taken and record.status is not Status.VALID


def test_saved_again_by_qpdf(pki: Pki, issued: bytes, tmp_path: Path) -> None:
    qpdf = require_tool("qpdf")
    source, out = tmp_path / "signed.pdf", tmp_path / "rewritten.pdf"
    source.write_bytes(sign_release(issued, _speaker(pki)))
    subprocess.run([qpdf, "--object-streams=generate", str(source), str(out)], check=True)
    record, taken = both_ways(out.read_bytes())
    assert not taken and record.status is Status.INVALID


def test_a_flattened_release_signed(pki: Pki) -> None:
    """Not the file the quick path reads: read the general way (its values in its pages)."""
    record, taken = both_ways(sign_release(fill(release(), flatten=True), _speaker(pki)))
    assert not taken and record.speaker_name == release().speaker_name


# -- changes slipped into a signature's own update (review of 6cc56c9) -------------------------


def _signed_with(data: bytes, pki: Pki, *late: Any, on_page: int | None = None) -> bytes:
    """``sign_release``'s signature by the speaker, with ``late`` edits made in pyHanko's
    writer just before it writes the signature's update (after its own preparation of the
    form, which drops /NeedAppearances), its seal on page ``on_page`` if given."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

    from pubrelease import load_form
    from pubrelease.filling.certsign import _appearance, certificate_field

    form = load_form()
    box = form.fields["signature"].widgets[0].box
    name = certificate_field(form, SignerRole.SPEAKER)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    spec = fields.SigFieldSpec(
        sig_field_name=name,
        on_page=box.page if on_page is None else on_page,
        box=tuple(round(v) for v in box.rect),  # type: ignore[arg-type]
    )
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        docmdp_permissions=MDPPerm.FILL_FORMS,
    )
    written = writer.write

    def write(stream: Any) -> Any:
        for edit in late:
            edit(writer)
        return written(stream)

    writer.write = write  # type: ignore[method-assign]
    signer = signers.PdfSigner(
        meta, _speaker(pki).signer, new_field_spec=spec, stamp_style=_appearance()
    )
    return bytes(signer.sign_pdf(writer, output=io.BytesIO()).getvalue())


def _set(name: str | None, key: str, value: Any) -> Any:
    """An edit: ``key`` set to ``value`` in the field ``name`` (its first widget when it
    has kids), or in the form's AcroForm dictionary (``name`` None)."""
    from pyhanko.pdf_utils import generic

    def edit(writer: Any) -> None:
        target = writer.root["/AcroForm"]
        if name is not None:
            target = next(
                f.get_object()
                for f in writer.root["/AcroForm"]["/Fields"]
                if str(f.get_object().get("/T")) == name
            )
        target[generic.NameObject(key)] = value
        writer.update_container(target)

    return edit


def _late_edits() -> dict[str, list[Any]]:
    from pyhanko.pdf_utils import generic

    appearances = _set(None, "/NeedAppearances", generic.BooleanObject(True))
    white = _set("speaker_name", "/DA", generic.TextStringObject("/Helv 0 Tf 1 g"))
    return {
        "viewers-redraw": [appearances],
        "white-text-redrawn": [appearances, white],
        "no-default-resources": [appearances, _set(None, "/DR", generic.DictionaryObject())],
        "rich-text": [_set("speaker_name", "/RV", generic.TextStringObject("<p>x</p>"))],
        "editable-white": [_set("speaker_name", "/Ff", generic.NumberObject(0)), white],
        "password": [_set("speaker_name", "/Ff", generic.NumberObject(8192))],
    }


def _appended_field(name: str) -> Any:
    """An edit: an unsigned signature field ``name``, with no widget, added to the form."""
    from pyhanko.pdf_utils import generic

    def edit(writer: Any) -> None:
        acroform = writer.root["/AcroForm"]
        field = generic.DictionaryObject(
            {
                generic.NameObject("/FT"): generic.NameObject("/Sig"),
                generic.NameObject("/T"): generic.TextStringObject(name),
            }
        )
        acroform["/Fields"].append(writer.add_object(field))
        writer.update_container(acroform)

    return edit


def _seal_renamed(name: str) -> Any:
    """An edit: the signature's own field renamed ``name`` (one of the form's fields)."""
    from pyhanko.pdf_utils import generic

    def edit(writer: Any) -> None:
        for ref in writer.root["/AcroForm"]["/Fields"]:
            field = ref.get_object()
            if str(field.get("/T")) == "signature_cert":
                field[generic.NameObject("/T")] = generic.TextStringObject(name)
                writer.update_container(field)

    return edit


def _titled_info(writer: Any) -> None:
    """An edit: the trailer's /Info pointed at a new dictionary whose title says "VOID"."""
    from pyhanko.pdf_utils import generic

    info = generic.DictionaryObject(
        {generic.NameObject("/Title"): generic.TextStringObject("VOID - withdrawn")}
    )
    writer._info = writer.add_object(info)  # (pyHanko writes the trailer's /Info from it)
    writer.trailer[generic.NameObject("/Info")] = writer._info


@pytest.mark.parametrize(
    "edit",
    [
        _seal_renamed("speaker_name"),
        _seal_renamed("signature"),
        _appended_field("speaker_name"),
        _appended_field("x"),
        _titled_info,
    ],
    ids=["seal-speaker-name", "seal-signature", "field-speaker-name", "field-x", "info"],
)
def test_new_objects_that_stand_for_the_release(pki: Pki, issued: bytes, edit: Any) -> None:
    """A second review's: new fields named as the form's (the signature's own renamed, or
    an unsigned one with no widget), a signature field with no widget, another
    information dictionary with a title: each read the general way."""
    _, taken = both_ways(_signed_with(issued, pki, edit))
    assert not taken


@pytest.mark.parametrize("case", list(_late_edits()))
def test_a_change_slipped_into_the_signatures_update(pki: Pki, issued: bytes, case: str) -> None:
    """The field's or the form's entries that viewers draw from, changed in the signing
    update itself: the history does not name those, the general path's checks do."""
    _, taken = both_ways(_signed_with(issued, pki, *_late_edits()[case]))
    assert not taken


def test_the_seal_on_another_page_than_its_box(pki: Pki, issued: bytes) -> None:
    """``fill --sign``'s seal at the speaker's box's place, but on page 1, over the
    wording: no signature box is there (it was taken for the seal in its box)."""
    record, taken = both_ways(_signed_with(issued, pki, on_page=0))
    assert not taken and record.status is not Status.VALID, record.findings
