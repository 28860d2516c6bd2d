"""The record types' pickled state (:mod:`pubrelease.slotstate`): as :mod:`dataclasses`
makes it, the list of field values in field order, and read back to an equal object."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from pubrelease import fill, parse
from pubrelease.auditing.audit import Return
from pubrelease.auditing.cache import Entry, decode, encode
from pubrelease.auditing.work import Done
from pubrelease.certsig import Signature
from pubrelease.record import AuditTrail, Finding, Record, ValueEvidence

from .signed import release

CLASSES = (Finding, ValueEvidence, AuditTrail, Record, Signature, Done, Entry, Return)


def _dataclasses_state(obj: Any) -> list[Any]:
    """The state ``dataclasses`` gives a frozen slotted class (``_dataclass_getstate``)."""
    return [getattr(obj, f.name) for f in dataclasses.fields(obj)]


@pytest.fixture(scope="module")
def record() -> Record:
    record = parse(fill(release(name="Zoë Ødegård")))
    assert record.findings and record.evidence
    return record


@pytest.mark.parametrize("kind", CLASSES, ids=lambda k: k.__name__)
def test_each_record_type_has_the_quick_state(kind: type) -> None:
    assert kind.__getstate__.__module__ == "pubrelease.slotstate"  # type: ignore[attr-defined]


def test_the_state_is_the_field_values_in_order(record: Record) -> None:
    for obj in (
        record,
        record.findings[0],
        record.evidence[0],
        Done(record),
        Entry(record, b"x", True),
    ):
        assert obj.__getstate__() == _dataclasses_state(obj)  # type: ignore[attr-defined]


def test_pickled_and_read_back_alike(record: Record) -> None:
    for obj in (record, Done(record, None, 1.5, True), Entry(record, None, False)):
        again = pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        assert again == obj and type(again) is type(obj)


def test_a_cache_entry_round_trips_and_a_changed_one_does_not(record: Record) -> None:
    entry = Entry(record, None, False)
    assert decode("k", encode("k", entry)) == entry
    # a field of the wrong type inside a finding: refused (the entry is read again)
    bad = dataclasses.replace(record, findings=(*record.findings, "not a finding"))  # type: ignore[arg-type]
    assert decode("k", encode("k", Entry(bad, None, False))) is None
    wrong = dataclasses.replace(record, speaker_name=3)  # type: ignore[arg-type]
    assert decode("k", encode("k", Entry(wrong, None, False))) is None
