"""Signature fields found from the fast reader's objects (:mod:`pubrelease.reading.sigfields`):
the same signatures, names and order as pyHanko's own walk of the field tree, on signed
files pyHanko and pubrelease made and on field trees of every shape; pyHanko walks
itself wherever the fast reader could part from it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.pdf_embedded import collect_embedded_signatures
from pypdf import PdfReader

from pubrelease import parse
from pubrelease.pdf.objects import Objects
from pubrelease.reading import hankotokens, sigfields
from pubrelease.reading.trust import TrustRoots

from .pki import Pki
from .signed import key, release, signed_set

DATA = Path(__file__).parent / "data"
hankotokens.install()


def _facts(found: list[object]) -> list[tuple[object, ...]]:
    return [
        (e.field_name, e.signed_revision, e.sig_object_type, bytes(e.pkcs7_content))  # type: ignore[attr-defined]
        for e in found
    ]


def _both(data: bytes) -> tuple[list[tuple[object, ...]] | None, object]:
    """Ours (None: left to pyHanko) and pyHanko's (or the kind of error it raises)."""
    ours = sigfields.embedded_signatures(
        PdfFileReader(io.BytesIO(data), strict=False), Objects(data)
    )
    try:
        theirs: object = _facts(
            collect_embedded_signatures(PdfFileReader(io.BytesIO(data), strict=False))
        )
    except Exception as exc:
        theirs = type(exc)
    return (None if ours is None else _facts(ours)), theirs


@pytest.fixture(scope="module")
def signed_files(pki: Pki, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("signed")
    signed_set(folder, pki)
    kept = [p for p in sorted(DATA.rglob("*.pdf")) if b"/ByteRange" in p.read_bytes()]
    assert len(kept) >= 5
    return sorted(folder.glob("*.pdf")) + kept


def test_the_signatures_of_signed_files_are_pyhankos_own(signed_files: list[Path]) -> None:
    """pubrelease's signatures and certifications, e-signed pages, changes after signing,
    the kept files of pyHanko's stamps: the same signatures in the same order."""
    walked = 0
    for path in signed_files:
        data = path.read_bytes()
        try:
            Objects(data)
        except Exception:
            continue  # (a file the fast reader leaves to pypdf: pyHanko walks it)
        ours, theirs = _both(data)
        assert ours == theirs, path.name
        walked += 1
    assert walked >= 8


def test_a_signed_return_reads_the_same_whichever_walks(
    signed_files: list[Path], monkeypatch: pytest.MonkeyPatch, roots: TrustRoots
) -> None:
    """The whole record, read with the fast walk and with pyHanko's."""
    fast = [asdict(parse(p, trust=roots)) for p in signed_files]
    monkeypatch.setattr(sigfields, "embedded_signatures", lambda reader, objects: None)
    assert fast == [asdict(parse(p, trust=roots)) for p in signed_files]


Base = tuple[bytes, int, int, int]


@pytest.fixture(scope="module")
def base(pki: Pki) -> Base:
    """A release signed by pubrelease: its bytes, its catalog's pages object, the
    signature dictionary's number, and the next free object number."""
    from pubrelease import fill
    from pubrelease.filling.certsign import sign_release

    data = sign_release(fill(release()), key(pki.speaker.p12))
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    fields = [r.get_object() for r in root["/AcroForm"]["/Fields"]]
    (sig,) = [f.raw_get("/V").idnum for f in fields if f.get("/FT") == "/Sig" and "/V" in f]
    return data, root.raw_get("/Pages").idnum, sig, int(reader.trailer["/Size"])


def _with_fields(base: Base, fields: str, objects: dict[str, str]) -> bytes:
    """The signed release plus an update whose catalog's form lists ``fields``; objects
    are written as ``{name: body}``, and ``@name`` in any body or in ``fields`` is that
    object's reference, ``@sig`` the signature dictionary's."""
    data, pages, sig, size = base
    numbers = {name: size + k for k, name in enumerate(objects)}
    numbers["sig"] = sig
    catalog = size + len(objects)

    def refs(text: str) -> str:
        return re.sub(r"@(\w+)", lambda m: f"{numbers[m[1]]} 0 R", text)

    bodies = {numbers[name]: refs(body) for name, body in objects.items()}
    bodies[catalog] = (
        f"<< /Type /Catalog /Pages {pages} 0 R /AcroForm << /Fields {refs(fields)} >> >>"
    )
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, body in sorted(bodies.items()):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n{size} {len(bodies)}\n".encode()
    for number in sorted(bodies):
        out += b"%010d 00000 n \n" % offsets[number]
    prev = re.findall(rb"startxref\s+(\d+)", data)[-1].decode()
    out += (
        f"trailer\n<< /Size {catalog + 1} /Root {catalog} 0 R /Prev {prev} >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _cases() -> Iterator[tuple[str, str, dict[str, str]]]:
    yield "one field", "[@a]", {"a": "<< /T (a) /FT /Sig /V @sig >>"}
    yield (
        "inherited type",
        "[@p]",
        {
            "p": "<< /T (parent) /FT /Sig /Kids [@k] >>",
            "k": "<< /T (kid) /V @sig >>",
        },
    )
    yield (
        "under a text field",
        "[@p]",
        {
            "p": "<< /T (p) /FT /Tx /Kids [@k] >>",
            "k": "<< /T (s) /FT /Sig /V @sig >>",
        },
    )
    yield (
        "a kid that is text",
        "[@p]",
        {
            "p": "<< /T (p) /FT /Sig /V @sig /Kids [@k] >>",
            "k": "<< /T (t) /FT /Tx /V (x) >>",
        },
    )
    yield "listed twice", "[@a @a]", {"a": "<< /T (a) /FT /Sig /V @sig >>"}
    yield (
        "a direct kid",
        "[@p]",
        {
            "p": "<< /T (p) /FT /Sig /Kids [<< /T (d) /V @sig >>] >>",
        },
    )
    yield (
        "no name",
        "[@w]",
        {
            "w": "<< /FT /Sig /V @sig /Kids [@k] >>",
            "k": "<< /T (k) /FT /Sig /V @sig >>",
        },
    )
    yield "type by reference", "[@a]", {"a": "<< /T (a) /FT @t /V @sig >>", "t": "/Sig"}
    yield (
        "kids by reference",
        "[@p]",
        {
            "p": "<< /T (p) /FT /Sig /Kids @ks >>",
            "ks": "[@k]",
            "k": "<< /T (k) /V @sig >>",
        },
    )
    yield "fields by reference", "@fs", {"fs": "[@a]", "a": "<< /T (a) /FT /Sig /V @sig >>"}
    yield (
        "empty",
        "[@a @b]",
        {
            "a": "<< /T (a) /FT /Sig >>",
            "b": "<< /T (b) /FT /Sig /V << >> >>",
        },
    )
    yield (
        "UTF-16 names",
        "[@p]",
        {
            "p": "<< /T <FEFF00C9> /Kids [@k] >>",
            "k": "<< /T <FEFF0103> /FT /Sig /V @sig >>",
        },
    )
    yield (
        "an empty parent name",
        "[@p]",
        {
            "p": "<< /T () /Kids [@k] >>",
            "k": "<< /T (k) /FT /Sig /V @sig >>",
        },
    )
    yield "not a list", "7", {}
    yield "a name as type", "[@a]", {"a": "<< /T (a) /FT (/Sig) /V @sig >>"}
    yield "escaped name", "[@a]", {"a": "<< /T (a) /FT /S#69g /V @sig >>"}
    yield "a number among them", "[5 @a]", {"a": "<< /T (a) /FT /Sig /V @sig >>"}
    yield "not a dictionary", "[@n @a]", {"n": "42", "a": "<< /T (a) /FT /Sig /V @sig >>"}


CASES = list(_cases())


@pytest.mark.parametrize(("case", "fields", "objects"), CASES, ids=[c[0] for c in CASES])
def test_every_shape_of_field_tree_walks_as_pyhanko_walks_it(
    base: Base, case: str, fields: str, objects: dict[str, str]
) -> None:
    ours, theirs = _both(_with_fields(base, fields, objects))
    assert ours is not None, case
    assert ours == theirs, case


def test_a_cycle_is_left_to_pyhanko(base: Base) -> None:
    """A field among its own kids: pyHanko refuses the file (the signatures are
    ``signature-broken``), and so it does when the fast walk hands it over."""
    data = _with_fields(base, "[@p]", {"p": "<< /T (p) /FT /Sig /V @sig /Kids [@p] >>"})
    ours, theirs = _both(data)
    assert ours is None
    assert theirs is PdfReadError


def test_a_field_that_is_a_stream_is_left_to_pyhanko(base: Base) -> None:
    data = _with_fields(
        base, "[@a]", {"a": "<< /T (a) /FT /Sig /V @sig /Length 0 >>\nstream\n\nendstream"}
    )
    assert _both(data)[0] is None


def test_a_huge_tree_is_left_to_pyhanko(base: Base, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sigfields, "MAX_VISITS", 3)
    data = _with_fields(base, "[@a @a @a @a]", {"a": "<< /T (a) /FT /Sig /V @sig >>"})
    assert _both(data)[0] is None
