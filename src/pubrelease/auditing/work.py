"""The work done for one file of an audit, the same whichever engine runs it.

A worker reads the file from its path or URL, looks its bytes up in the record
cache, and otherwise reads it (and pictures its signature block when asked),
then stores the result in the cache. Workers only *read*: the audit judges each
record once (:func:`pubrelease.verify.verify`), against the roster row it matches,
so a cached reading is judged again with today's date and today's roster. The time
and memory limits are not here: they belong to the process that runs this
(:mod:`pubrelease.auditing.pool`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..form.registry import DEFAULT_FORM, load_form
from ..form.template import Form
from ..reading.trust import TrustRoots
from ..record import Finding, Record, Severity, Source
from ..slotstate import quick_state
from .cache import Entry, RecordCache
from .filestate import Opened, open_local
from .locations import is_url, modified, read_bytes, shown

__all__ = ["Done", "Job", "Worker", "form_digest"]


@dataclass(frozen=True, slots=True)
class Job:
    """What every file of one audit gets done to it."""

    form: str = DEFAULT_FORM
    pictures: bool = False
    """Also make a PNG of each readable return's signature block."""
    cache: str | None = None
    """Directory of the record cache, reachable by the workers; ``None``: no cache."""
    trust: TrustRoots | None = None
    """Roots that certificate signatures are validated against."""


@quick_state
@dataclass(frozen=True, slots=True)
class Done:
    """One file's result, as it leaves a worker."""

    record: Record
    picture: bytes | None = None
    modified: float = 0.0
    """The file's modification time (seconds since the epoch; 0.0 when unknown)."""
    cached: bool = False
    """Taken from the record cache rather than read."""
    missing: bool = False
    """The file was not found where the worker looked (a cluster's worker that does not
    see the folder this machine listed: :mod:`.dask_engine` says so)."""


def form_digest(form: Form) -> str:
    """A digest of everything a form brings to a reading: its definition and its template,
    not where they were found (the same form by another path, or copied, is the same)."""
    definition = form.definition
    placeless = dataclasses.replace(
        definition, source=Path(), template=None if definition.template is None else Path()
    )
    digest = hashlib.sha256(f"{form.id}\0{placeless!r}\0".encode())
    digest.update(form.template)
    return digest.hexdigest()


class Worker:
    """Does :class:`Job` for one file at a time; holds the loaded form and the cache."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.before_reading: Callable[[int], None] | None = None
        """Called before a file is read (not taken from the cache), with its size."""
        self.form: Form = load_form(job.form)
        self.cache = (
            RecordCache(job.cache, form_digest(self.form), job.trust) if job.cache else None
        )

    def __call__(self, location: str) -> Done:
        opened = open_local(location) if self.cache is not None else None
        try:
            return self._done(location, opened)
        finally:
            if opened is not None:
                opened.close()

    def _done(self, location: str, opened: Opened | None) -> Done:
        """:meth:`__call__`, of ``location`` opened (a local file, with a cache) or not."""
        name, raw_name = shown(location)
        info = opened.info if opened is not None else None
        when = info.st_mtime if info is not None else modified(location)
        if info is not None and self.cache is not None:
            known = self.cache.known(location, info)
            if known is not None:
                done = self._cached(self.cache.key_of(known), name, raw_name, when)
                if done is not None:
                    return done
        began = time.time_ns()
        try:  # (through the descriptor the state was taken from: the same file's bytes)
            data = opened.read() if opened is not None else read_bytes(location)
        except OSError as exc:
            # a folder here is one the listing could not list (locations.listing)
            what = "cannot list this folder" if _is_folder(location) else "cannot read"
            record = Record.unreadable(name, f"{what}: {exc.strerror or exc}")
            missing = isinstance(exc, FileNotFoundError)
            return Done(_named(record, raw_name), None, when, missing=missing)
        key = ""
        if self.cache is not None:
            content = hashlib.sha256(data).digest()
            key = self.cache.key_of(content)
            if info is not None:
                self.cache.remember(location, info, content, began)
            done = self._cached(key, name, raw_name, when)
            if done is not None:
                return done
        if self.before_reading is not None:
            self.before_reading(len(data))
        from ..reading.pictures import signature_block_png  # (imported once a file is read)
        from ..reading.read import read
        from ..reading.verdicttimes import turning_points

        stream = io.BytesIO(data)
        stream.name = name  # the record's ``file``
        # the reading and the picture come from the same bytes, read once
        with turning_points() as turns:
            record = read(stream, form=self.form, trust=self.job.trust)
        picture = None
        if self.job.pictures and record.source is Source.OCR:
            from ..reading.ocr.crops import scan_block_png

            picture = scan_block_png(data, self.form)
        elif self.job.pictures and record.source is not Source.NONE:
            picture = signature_block_png(data, form=self.form)
        if self.cache is not None:
            entry = Entry(record, picture, self.job.pictures, began / 1e9, turns.frozen())
            self.cache.put(key, entry)
        return Done(_named(record, raw_name), picture, when)

    def _cached(self, key: str, name: str, raw_name: bool, when: float) -> Done | None:
        """The file's result from its cache entry ``key``, when there is one that serves."""
        assert self.cache is not None
        entry = self.cache.get(key)
        if entry is None or not (entry.pictured or not self.job.pictures):
            return None
        if not entry.serves_at(time.time()):  # (a certificate expired since: read again)
            return None
        record = dataclasses.replace(entry.record, file=name)
        picture = entry.picture if self.job.pictures else None
        return Done(_named(record, raw_name), picture, when, True)


def _is_folder(location: str) -> bool:
    return not is_url(location) and os.path.isdir(location)


def _named(record: Record, raw_name: bool) -> Record:
    """``record`` with a warning when its file's name is not UTF-8 (it is shown escaped)."""
    if not raw_name:
        return record
    note = Finding("file-name", Severity.WARNING, "the file name is not UTF-8 (shown escaped)")
    return dataclasses.replace(
        record, findings=(*record.findings, note), observations=(*record.observed, note)
    )
