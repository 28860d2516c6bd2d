"""The issuance record ``fill`` embeds (``/PubRelease`` in the catalog), both ways.

Writing and reading it live here together: :func:`record_body` writes the object
exactly as ``fill`` issues it, :func:`read_record_body` reads those bytes back (the
quick path trusts nothing else), and :func:`read_record` reads the record from a
PDF library's dictionary, whoever rewrote the file since.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..pdf.syntax import PDF_TEXT, pdf_text, read_pdf_text

__all__ = [
    "RECORD_VERSION",
    "Issued",
    "issue_digest",
    "issued_values",
    "new_release_id",
    "read_record",
    "read_record_body",
    "record_body",
]

RECORD_VERSION = 1
_BODY = re.compile(
    rb"/Form " + PDF_TEXT + rb" /ReleaseId " + PDF_TEXT + rb" /Digest \(([0-9a-f]{64})\) "
    rb"/Flattened (true|false) /Values " + PDF_TEXT + rb" >>"
)


@dataclass(frozen=True, slots=True)
class Issued:
    """What the issuance record says: the form, the release id, the digest, the values."""

    form_id: str
    release_id: str
    digest: str
    values_json: str
    """The values issued, as the JSON text stored (digest-checked by the reader)."""
    flattened: bool = False


def new_release_id() -> str:
    """A fresh issuance identifier (32 hex digits, random)."""
    return uuid.uuid4().hex


def issue_digest(form_id: str, values: dict[str, str | None]) -> str:
    """The digest ``fill`` stores: SHA-256 over the canonical JSON of the form id and values."""
    canonical = json.dumps(
        {"form": form_id, "values": values},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_ENCODE = getattr(json.encoder, "c_encode_basestring", None)
"""The C function ``json`` writes a string with (``ensure_ascii=False``), if there is one."""


def issued_values(form_id: str, values: dict[str, str | None]) -> tuple[str, str]:
    """:func:`issue_digest` of ``values`` and their JSON as the record stores it,
    ``json.dumps(values, ensure_ascii=False, sort_keys=True)``: the same texts, from one
    encoding of each key and value (two ``json.dumps`` cost some 0.1 million instructions
    of a release); values other than text or ``None`` go through ``json``."""
    encode = _ENCODE
    if encode is None or not (
        _TEXT.issuperset(map(type, values)) and _TEXT_OR_NONE.issuperset(map(type, values.values()))
    ):
        stored = json.dumps(values, ensure_ascii=False, sort_keys=True)
        return issue_digest(form_id, values), stored
    items = [(encode(k), "null" if v is None else encode(v)) for k, v in sorted(values.items())]
    stored = "{" + ", ".join([f"{k}: {v}" for k, v in items]) + "}"
    compact = ",".join([f"{k}:{v}" for k, v in items])
    canonical = f'{{"form":{encode(form_id)},"values":{{{compact}}}}}'
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest(), stored


_TEXT = frozenset({str})
_TEXT_OR_NONE = frozenset({str, type(None)})


def record_body(issued: Issued) -> bytes:
    """The issuance record's object body, exactly as ``fill`` writes it."""
    return (
        f"<< /Type /PubRelease /Version {RECORD_VERSION} /Form {pdf_text(issued.form_id)} "
        f"/ReleaseId {pdf_text(issued.release_id)} /Digest ({issued.digest}) "
        f"/Flattened {'true' if issued.flattened else 'false'} "
        f"/Values {pdf_text(issued.values_json)} >>"
    ).encode("latin-1")


def read_record_body(body: bytes) -> Issued | None:
    """The record in ``body`` when it is byte for byte what :func:`record_body` writes."""
    found = _BODY.search(body)
    if found is None:
        return None
    form_id, release_id, digest, flattened, values = found.groups()
    issued = Issued(
        read_pdf_text(form_id),
        read_pdf_text(release_id),
        digest.decode(),
        read_pdf_text(values),
        flattened == b"true",
    )
    return issued if record_body(issued) == body else None


def read_record(record: Mapping[str, Any]) -> Issued:
    """The record from a PDF library's dictionary of it (values as text)."""
    return Issued(
        str(record.get("/Form", "")),
        str(record.get("/ReleaseId", "")),
        str(record.get("/Digest", "")),
        str(record.get("/Values", "")),
        str(record.get("/Flattened", "false")) == "true",
    )
