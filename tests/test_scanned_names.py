"""Returns printed as images by Ghostscript ("print as image", what a scan makes of
them): a name OCR cannot read as it stands is left to a person, never taken misread.

Reviewer rev26 (#11, #12): ``gs -sDEVICE=pdfimage24 -r300`` of honest returns read
``valid`` with "Siobhan O'Brien-Nufez" for "Siobhán O'Brien-Núñez", "Nguyén Thi Minh
Khai" for "Nguyễn Thị Minh Khai", and at 200 dpi (``pdfimage8``) a Hebrew or Thai name
read 'n7 mw', 'auuis ba' was a ``name-mismatch`` (``invalid``) and a Hebrew or Chinese
signature was "the speaker's signature box is empty". Tesseract's English model, the
only one shipped, reads no accent it does not know and no other script.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pubrelease import Consent, RosterEntry, Status, fill, parse
from pubrelease.auditing.audit import Outcome, audit
from pubrelease.demo import SEED_RELEASES
from pubrelease.reading.ocr.marks import marks_unread

HAN = SEED_RELEASES[0]
TODAY = dt.date(2021, 1, 1)

needs_gs = pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")


def as_image(name: str, device: str, dpi: int, folder: Path) -> bytes:
    """Han's release signed by ``name`` (typed), printed to a PDF of page images by gs."""
    release = dataclasses.replace(HAN, speaker_name=name, signature=name, consent=Consent.ACCEPT)
    source, out = folder / "filled.pdf", folder / "image.pdf"
    source.write_bytes(fill(release, flatten=True, today=dt.date(2020, 9, 23)))
    subprocess.run(
        ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", f"-sDEVICE={device}", f"-r{dpi}",
         f"-sOutputFile={out}", str(source)],
        check=True,
    )  # fmt: skip
    return out.read_bytes()


def codes(record) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.code for f in record.findings}


@needs_gs
@pytest.mark.parametrize(
    ("name", "device", "dpi"),
    [
        ("Siobhán O'Brien-Núñez", "pdfimage24", 300),  # read "Siobhan O'Brien-Nufez"
        ("Nguyễn Thị Minh Khai", "pdfimage24", 300),  # read "Nguyén Thi Minh Khai"
        ("Nguyễn Thị Minh Khai", "pdfimage8", 200),
        ("Zoë Ødegård-Łukasiewicz", "pdfimage24", 300),  # read "Zoé Odegard-Lukasiewicz"
    ],
)
def test_a_name_read_without_its_accents_is_for_a_person(
    name: str, device: str, dpi: int, tmp_path: Path
) -> None:
    record = parse(as_image(name, device, dpi, tmp_path), today=TODAY)
    assert record.speaker_name in (name, None), record.speaker_name
    if record.speaker_name is None:
        unsure = [f for f in record.findings if f.code == "ocr-unsure"]
        assert unsure and unsure[0].field == "speaker_name"
        assert record.status is Status.INCOMPLETE, record.findings
    assert record.signed


@needs_gs
@pytest.mark.parametrize("name", ["Bohyung Han", "Jonathan Livingston-Smith"])
def test_a_plain_latin_name_printed_as_an_image_is_valid(name: str, tmp_path: Path) -> None:
    record = parse(as_image(name, "pdfimage24", 300, tmp_path), today=TODAY)
    assert record.speaker_name == name
    assert record.status is Status.VALID, record.findings


@needs_gs
@pytest.mark.parametrize("name", ["שרה לוי", "สมชาย ใจดี", "王小明"])
def test_a_name_in_a_script_ocr_does_not_read_is_for_a_person(name: str, tmp_path: Path) -> None:
    """No name-mismatch between places read as garbage, and the short signature signs."""
    record = parse(as_image(name, "pdfimage8", 200, tmp_path), today=TODAY)
    assert record.speaker_name is None, record.speaker_name
    assert "ocr-unsure" in codes(record)
    assert not {"name-mismatch", "unsigned"} & codes(record), record.findings
    assert record.signed and not record.countersigned
    assert record.status is Status.INCOMPLETE, record.findings


@needs_gs
def test_a_name_ocr_does_not_read_is_no_roster_mismatch(tmp_path: Path) -> None:
    """Judged against its roster row, the name left to a person is not "differs from the
    roster's"; the audit matches the scan to the row by its title (before, the row was
    chased as missing and the file was unexpected)."""
    name = "שרה לוי"
    (tmp_path / "returns").mkdir()
    scan = tmp_path / "returns" / "scan.pdf"
    scan.write_bytes(as_image(name, "pdfimage8", 200, tmp_path))
    row = dataclasses.replace(HAN, speaker_name=name, signature=None, consent=Consent.NONE)
    record = parse(scan, today=TODAY, expected=row)
    assert "roster-mismatch" not in codes(record), record.findings
    assert record.status is Status.INCOMPLETE
    other = dataclasses.replace(row, speaker_name="Ada Lovelace", event_title="Another Talk")
    roster = [RosterEntry("roster.csv", 2, other, None), RosterEntry("roster.csv", 3, row, None)]
    report = audit(tmp_path / "returns", roster, workers=1)
    (found,) = report.returns
    assert found.roster_row == 3
    assert found.roster_outcome is Outcome.INCOMPLETE


def crop(text_marks: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A grey crop with letter bodies (x-height 20) and the marks given as boxes."""
    image = Image.new("L", (200, 60), 255)
    draw = ImageDraw.Draw(image)
    for i in range(5):  # five x-height letters standing on the line y=45
        draw.rectangle((10 + 30 * i, 25, 30 + 30 * i, 45), fill=0)
    draw.rectangle((160, 12, 180, 45), fill=0)  # a capital or an ascender
    for box in text_marks:
        draw.rectangle(box, fill=0)
    return np.array(image)


def test_marks_are_counted_against_the_reading() -> None:
    acute = (15, 14, 20, 19)
    assert not marks_unread(crop([]), "aaaaa")
    assert marks_unread(crop([acute]), "aaaaa")  # "á" read "a"
    assert not marks_unread(crop([acute]), "áaaaa")
    assert not marks_unread(crop([acute]), "iaaaa")  # the dot of an i
    assert marks_unread(crop([acute, (45, 14, 49, 18)]), "áaaaa")  # one more than read
    assert marks_unread(crop([(15, 8, 25, 19)]), "éaaaa")  # two accents stacked: "ễ"
    assert marks_unread(crop([(15, 49, 19, 53)]), "aaaaa")  # a dot below: "ạ"
    assert not marks_unread(crop([(10, 50, 150, 51)]), "aaaaa")  # a sliver of the rule
