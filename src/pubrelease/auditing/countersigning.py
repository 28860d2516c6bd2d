"""Countersigning a folder of returns: every valid one, each checked again afterwards."""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..auditing.audit import audit
from ..auditing.pool import DEFAULT_LIMITS, Limits
from ..errors import PubreleaseError
from ..files import write_atomic
from ..filling.countersign import Countersignature, CountersignError, Signer, countersign
from ..form.registry import DEFAULT_FORM, load_form
from ..record import Status
from ..verify import parse

__all__ = ["CountersignOutcome", "CountersignResult", "countersign_folder"]


class CountersignOutcome(enum.Enum):
    """What happened to one return."""

    COUNTERSIGNED = "countersigned"
    """Filled, checked again (still valid, now countersigned) and written."""
    ALREADY = "already-countersigned"
    """A valid return the conference had signed before: left as it is."""
    NOT_VALID = "not-valid"
    """Not a valid return (declined, incomplete, invalid, unreadable): left as it is."""
    FAILED = "failed"
    """Valid, but it cannot be countersigned (see the message): left as it is."""

    @property
    def ok(self) -> bool:
        return self in (CountersignOutcome.COUNTERSIGNED, CountersignOutcome.ALREADY)


@dataclass(frozen=True, slots=True)
class CountersignResult:
    file: str
    """The return's path as found."""
    outcome: CountersignOutcome
    message: str
    """Why, for a person: the status, or the problem."""
    written: str | None = None
    """Where the countersigned copy was written."""


def countersign_folder(
    folder: str | os.PathLike[str],
    signature: Countersignature,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    form: str = DEFAULT_FORM,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    signer: Signer | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[CountersignResult]:
    """Countersign every valid return under ``folder``.

    Each return is parsed (in isolated workers, as ``audit`` does); a valid one that is
    not countersigned yet gets :func:`~pubrelease.filling.countersign.countersign`'s
    update, is parsed again, and is written only if it is still valid and now reads as
    countersigned. Without ``out_dir`` the file is replaced atomically by its
    countersigned version, whose first bytes are the speaker's file unchanged; with
    ``out_dir`` the countersigned copy goes there (same relative path) and the folder
    is left alone.
    """
    root = Path(folder)
    report = audit(root, None, workers, limits=limits, form=form, progress=progress)
    loaded = load_form(form)
    results: list[CountersignResult] = []
    for item in report.returns:
        record = item.record
        if record.status is not Status.VALID:
            results.append(
                CountersignResult(record.file, CountersignOutcome.NOT_VALID, record.status.value)
            )
            continue
        if record.countersigned:
            results.append(CountersignResult(record.file, CountersignOutcome.ALREADY, "valid"))
            continue
        try:
            data = Path(record.file).read_bytes()
            signed = countersign(data, signature, loaded, file=record.file, signer=signer)
        except (CountersignError, OSError) as exc:
            message = exc.message if isinstance(exc, PubreleaseError) else str(exc)
            results.append(CountersignResult(record.file, CountersignOutcome.FAILED, message))
            continue
        check = parse(signed, form=loaded)
        if check.status is not Status.VALID or not check.countersigned:
            why = "; ".join(f.message for f in check.findings) or check.status.value
            results.append(
                CountersignResult(
                    record.file, CountersignOutcome.FAILED, f"not valid once countersigned: {why}"
                )
            )
            continue
        target = Path(record.file)
        if out_dir is not None:
            target = Path(out_dir) / Path(record.file).relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, signed, overwrite=out_dir is None)
        results.append(
            CountersignResult(
                record.file, CountersignOutcome.COUNTERSIGNED, "valid", written=str(target)
            )
        )
    return results
