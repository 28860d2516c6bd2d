"""Our own releases saved again whole, or flattened by ``fill``, proved to be the file
``fill`` writes for their issuance record's values (``reading/refilled.py``,
``pdf/byvalue.py``).

Such a file is filled again from its record and compared with that file object for
object, by value; its record must be the general path's, field for field and finding
for finding. A file that is not that file (a value changed, the record changed, a font
or a page changed) is read the general way. (Attacks on the proof:
``test_refilled_attacks.py``.)
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf.generic import NameObject, TextStringObject

from pubrelease import Release, Status, fill
from pubrelease.pdf.byvalue import same_by_value
from pubrelease.pdf.objects import Objects

from .conftest import ADA
from .helpers import rewritten, update, widget_readings

TODAY = dt.date(2020, 9, 23)
RELEASES = {
    "latin": ADA,
    "greek, declined": Release.create(
        speaker_name="Αλέξανδρος Παπαδόπουλος",
        event_title="Μάθηση χωρίς επίβλεψη",
        event_date="2020-07-18",
        effective_date="2020-07-01",
        consent="decline",
        signature="Αλέξανδρος Παπαδόπουλος",
        sign_date="2020-07-03",
    ),
    "arabic and han": Release.create(
        speaker_name="محمد الخوارزمي",
        event_title="深度学习 and الجبر",
        event_date="2020-07-18",
        effective_date="2020-07-01",
        consent="accept",
        signature="محمد الخوارزمي",
        sign_date="2020-07-03",
    ),
}


def _qpdf(data: bytes, tmp_path: Path, *options: str) -> bytes:
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(data)
    subprocess.run(["qpdf", *options, str(source), str(out)], check=True)
    return out.read_bytes()


def _pikepdf(data: bytes, tmp_path: Path) -> bytes:
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(data)
    with pikepdf.open(source) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.read_bytes()


SAVERS = {
    "untouched": lambda data, tmp_path: data,
    "qpdf": lambda data, tmp_path: _qpdf(data, tmp_path),
    "qpdf, object streams": lambda data, tmp_path: _qpdf(
        data, tmp_path, "--object-streams=generate"
    ),
    "pikepdf": _pikepdf,
    "pypdf": lambda data, tmp_path: rewritten(data),
}


@pytest.mark.parametrize("saver", sorted(SAVERS))
@pytest.mark.parametrize("release", sorted(RELEASES))
@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_our_release_saved_again_is_read_as_the_general_path_reads_it(
    flatten: bool, release: str, saver: str, tmp_path: Path
) -> None:
    issued = fill(RELEASES[release], flatten=flatten, today=TODAY)
    data = SAVERS[saver](issued, tmp_path)
    record, taken, general = widget_readings(data, today=TODAY)
    # (an untouched live release takes the quick path before: read_proven is not asked)
    assert taken is (flatten or saver != "untouched"), (saver, release)
    assert record == general
    declined = RELEASES[release].consent.value == "decline"
    assert record.status is (Status.DECLINED if declined else Status.VALID), record.findings
    assert record.speaker_name == RELEASES[release].speaker_name
    assert record.event_title == RELEASES[release].event_title


def _value(writer: object) -> None:
    """The stored title changed (its appearance kept)."""
    for page in writer.pages:  # type: ignore[attr-defined]
        for ref in page.get("/Annots") or []:
            widget = ref.get_object()
            field = widget.get("/Parent", widget).get_object()
            if field.get("/T") == "event_title":
                field[NameObject("/V")] = TextStringObject("Another Talk Entirely")


def _record_values(writer: object) -> None:
    """The issuance record's values changed (the pages kept)."""
    record = writer._root_object["/PubRelease"].get_object()  # type: ignore[attr-defined]
    values = str(record["/Values"]).replace("Analytical", "Analytic")
    record[NameObject("/Values")] = TextStringObject(values)


@pytest.mark.parametrize("edit", [_value, _record_values], ids=["stored value", "record"])
@pytest.mark.parametrize("how", [update, rewritten], ids=["update", "re-saved"])
def test_a_release_that_is_not_fills_file_is_read_the_general_way(
    how: object, edit: object
) -> None:
    issued = fill(ADA, today=TODAY)
    data = how(issued, edit)  # type: ignore[operator]
    record, taken, general = widget_readings(data, today=TODAY)
    assert not taken
    assert record == general
    assert record.status is not Status.VALID


def test_documents_are_compared_by_value_not_by_how_they_are_written() -> None:
    issued = fill(ADA, today=TODAY)
    same = Objects(issued)
    assert same_by_value(same, Objects(issued))
    assert same_by_value(same, Objects(rewritten(issued)))  # (numbered and written anew)
    other = fill(RELEASES["greek, declined"], today=TODAY)
    assert not same_by_value(same, Objects(other))


def test_a_changed_stream_or_a_true_for_a_one_is_not_the_same() -> None:
    issued = fill(ADA, today=TODAY)
    at = issued.rindex(b"/Tx BMC q")
    changed = issued[:at] + issued[at:].replace(b" 0 g", b" 1 g", 1)
    assert not same_by_value(Objects(issued), Objects(changed))
    flagged = issued.replace(b"/Flattened false", b"/Flattened 1    ")
    assert not same_by_value(Objects(issued), Objects(flagged))
