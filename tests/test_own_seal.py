"""pubrelease's own certificate-signed release reads back ``valid`` in every script it draws.

``fill --sign`` (:func:`pubrelease.filling.certsign.sign_release`) draws its seal over the
typed signature: a frame along the signature box and a speck of translucent art. Left in
the page the reading reads, the seal was a drawing over the value that the form does not
make: the box was not vouched for, and differed from ``fill``'s drawing. A Latin or
Vietnamese signature was read by OCR through it; a Greek, Arabic, Hebrew, Devanagari, Thai
or Chinese one was left to a person (``shown-text-unchecked``: "not drawn as pubrelease
draws it ... in a script its OCR does not read"), and the release came back
``incomplete`` (probe, 3 December 2026). The seal is known by its drawing now and read
past; the typed signature under it is judged as any other: drawn in another font, or
under a seal that only looks like ours, it is still left to a person.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pubrelease import fill, parse
from pubrelease.filling.certsign import certify_release, load_signing_key, sign_release
from pubrelease.reading.trust import load_trust
from pubrelease.record import Record, Status

from . import attacks as A
from . import shadow as S
from .pki import PASSPHRASE, Pki
from .signed import release
from .test_cli import run

NAMES = {
    "greek": "Γιώργος Παπαδόπουλος",
    "arabic": "محمد الزهراء",
    "chinese": "王小明",
    "hebrew": "דָּוִד לֵוִי",
    "devanagari": "प्रिया शर्मा",
    "thai": "สมชาย ใจดี",
}
"""Signatures in scripts the installed OCR does not read (the probe's)."""


def _unchecked(record: Record) -> list[str]:
    return [f.message for f in record.findings if f.code == "shown-text-unchecked"]


def _signed(name: str, pki: Pki) -> bytes:
    key = load_signing_key(pki.speaker.p12, passphrase=PASSPHRASE)
    return sign_release(fill(release(name)), key)


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_signature_in_a_script_ocr_does_not_read_under_our_seal_is_valid(
    script: str, pki: Pki
) -> None:
    name = NAMES[script]
    record = parse(_signed(name, pki), trust=load_trust([pki.ca_pem]))
    assert record.status is Status.VALID, record.findings
    assert record.speaker_name == name and record.signature == name
    assert not _unchecked(record), record.findings
    assert not {f.code for f in record.findings} & {"stamp-covers", "signature-stamp"}


def test_certified_after_the_speakers_seal_both_seals_are_read_past(pki: Pki) -> None:
    name = NAMES["arabic"]
    conference = load_signing_key(pki.conference.p12, passphrase=PASSPHRASE)
    record = parse(certify_release(_signed(name, pki), conference), trust=load_trust([pki.ca_pem]))
    assert record.status is Status.VALID, record.findings
    assert record.countersigned and record.signature == name


def test_fill_sign_of_a_greek_release_parses_valid(pki: Pki, tmp_path: Path) -> None:
    out = tmp_path / "signed.pdf"
    name = NAMES["greek"]
    done = run(
        "fill",
        "--name",
        name,
        "--title",
        "Βαθιά μάθηση δομημένων μοντέλων",
        "--event-date",
        "2020-07-15",
        "--accept",
        "--signature",
        name,
        "--sign-date",
        dt.date.today().isoformat(),
        "--sign",
        str(pki.speaker.p12),
        "-o",
        str(out),
        env={"PUBRELEASE_KEY_PASSPHRASE": PASSPHRASE.decode()},
    )
    assert done.returncode == 0, done.stderr
    (record,) = json.loads(run("parse", str(out), "--trust", str(pki.ca_pem)).stdout)
    assert record["status"] == "valid", record["findings"]
    assert record["signature"] == name


# -- what the seal does not vouch for ------------------------------------------------------


@pytest.mark.parametrize("script", ["greek", "arabic"])
def test_a_signature_redrawn_in_another_font_under_our_seal_is_for_a_person(
    script: str, pki: Pki
) -> None:
    name = NAMES[script]
    shown = {"greek": "Νίκος Ιωαννίδης Κωστόπουλος", "arabic": "علي حسن الكبيرة"}[script]
    lie = S.signature_lie(strip_cmap=True, shown=shown, meant=name)
    redrawn = A.apply(fill(release(name)), lie, A.Save.INCREMENTAL)
    key = load_signing_key(pki.speaker.p12, passphrase=PASSPHRASE)
    record = parse(sign_release(redrawn, key), trust=load_trust([pki.ca_pem]))
    assert record.status is not Status.VALID, record.findings
    (found,) = _unchecked(record)
    assert found.startswith(f"the signature {name!r} (its box, on page 2) is not drawn"), found


def _opaque_seal() -> Any:
    """A seal like ours, drawn opaque."""
    from pyhanko.stamp import StaticStampStyle
    from pyhanko.stamp.art import STAMP_ART_CONTENT

    return StaticStampStyle(
        border_width=1, border_color=(0.1, 0.25, 0.55), background=STAMP_ART_CONTENT
    )


def test_a_seal_that_only_looks_like_ours_stays_in_the_reading(pki: Pki) -> None:
    from pubrelease.filling import certsign

    with pytest.MonkeyPatch.context() as patch:  # (signed so; read with our own seal)
        patch.setattr(certsign, "_appearance", _opaque_seal)
        data = _signed(NAMES["greek"], pki)
    record = parse(data, trust=load_trust([pki.ca_pem]))
    assert record.status is Status.INCOMPLETE, record.findings
    assert len(_unchecked(record)) == 1, record.findings
