"""Objects damaged in the bytes (one byte flipped, an array made a number) read from
the pages, never as an exception out of ``parse`` (found by flipping bytes of pypdf's
fills, session 60: a field's ``<<`` turned ``4<`` made the field a number, and reading
its name raised ``AttributeError``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf.errors import LimitReachedError

from pubrelease import Record, Status, parse

from . import returns as R
from . import xrefattacks as X
from .conftest import ADA


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return R.fill_pypdf(ADA, tmp_path_factory.mktemp("damaged") / "o.pdf").read_bytes()


def _field_made_a_number(data: bytes) -> bytes:
    head = re.search(rb"\d+ 0 obj\s*<<\s*/T \(countersigner\\137name\)", data)
    assert head is not None, "pypdf no longer writes the field so"
    at = data.index(b"<<", head.start())
    return data[:at] + b"4<" + data[at + 2 :]


def _fields_made_a_number(data: bytes) -> bytes:
    out, count = re.subn(rb"/Fields\s*\[[^\]]*\]", b"/Fields 7", data, count=1)
    assert count == 1
    return out


def _kids_made_a_number(data: bytes) -> bytes:
    out, count = re.subn(rb"/Kids\s*\[[^\]]*\]", b"/Kids 7", data, count=1)
    assert count == 1
    return out


@pytest.mark.parametrize(
    "damage", [_field_made_a_number, _fields_made_a_number, _kids_made_a_number]
)
def test_a_damaged_field_gives_a_record(filled: bytes, damage: object, tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(filled))  # type: ignore[operator]
    assert isinstance(parse(path), Record)


def _field_naming_itself(data: bytes) -> bytes:
    """An update redefining the countersigner's field as a reference to itself (pypdf:
    ``LimitReachedError``, found by flipping a byte of a pypdf answer)."""
    head = re.search(rb"(\d+) 0 obj\s*<<\s*/T \(countersigner\\137name\)", data)
    assert head is not None
    number = int(head[1])
    update = X.Update(data)
    at = update.obj(number, 0, b"%d 0 R" % number)
    return update.table([(number, at, 0)])


def test_a_field_naming_itself_gives_a_record(filled: bytes) -> None:
    assert isinstance(parse(_field_naming_itself(filled)), Record)


def test_a_filter_pypdf_does_not_know_gives_a_record(filled: bytes) -> None:
    """One byte of a page's ``/FlateDecode`` flipped (pypdf: ``NotImplementedError``
    when the reading checks what the pages inflate to)."""
    damaged = filled.replace(b"/FlateDecode", b"/0lateDecode")
    assert damaged != filled
    assert isinstance(parse(damaged), Record)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (LimitReachedError("Detected loop"), "damaged PDF: pypdf cannot read it: Detected loop"),
        (RecursionError("deep"), "damaged PDF: an object nests without end"),
    ],
)
def test_what_pypdf_gives_up_on_is_an_unreadable_record(
    filled: bytes, error: Exception, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: a pypdf error, or a recursion, that no reading caught."""

    def fails(*args: object) -> None:
        raise error

    monkeypatch.setattr("pubrelease.reading.read._parse", fails)
    record = parse(filled)
    assert record.status is Status.UNREADABLE
    assert [f.message for f in record.findings] == [message]
