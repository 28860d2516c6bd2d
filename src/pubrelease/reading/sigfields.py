"""A file's signed signature fields found from the objects the fast reader already parsed.

pyHanko finds a file's signatures (``PdfFileReader.embedded_signatures``) by walking the
whole field tree of its form, parsing every field and widget it meets into its own
objects: about 1.6 ms of a signed release's 13 ms, to find the one or two fields that
hold a signature. The fast reader (:class:`~pubrelease.pdf.objects.Objects`) has parsed
those objects already, for the file's history. :func:`embedded_signatures` walks the tree
over its values exactly as pyHanko's ``enumerate_fields_in`` does (the same fields, in
the same order, a field met twice met twice), and hands pyHanko only the signature fields
it found, which pyHanko then reads, checks and sorts as it does its own.

Wherever the two could part (an object the fast reader is not sure of, a field that is a
stream, a cycle, a tree of more than :data:`MAX_VISITS` fields) it returns None and
pyHanko walks the tree itself, as before.
"""

from __future__ import annotations

from typing import Any

from ..pdf.nodes import Node, Ref, Stream
from ..pdf.objects import NotSure, Objects

__all__ = ["MAX_VISITS", "embedded_signatures"]

MAX_VISITS = 10_000
"""Fields visited (a field reached twice counts twice) before pyHanko is left to walk."""


class _Unsure(Exception):
    """The walk met something pyHanko might read otherwise."""


def embedded_signatures(reader: Any, objects: Objects) -> list[Any] | None:
    """What ``reader.embedded_signatures`` would be for pyHanko's ``reader`` of the file
    ``objects`` reads (and ``reader`` keeps it, as it keeps its own); None when the
    fast reader is not sure (then ask ``reader``)."""
    try:
        found = _signature_fields(objects)
    except (_Unsure, NotSure):
        return None
    return _embedded(reader, found)


def _signature_fields(objects: Objects) -> list[tuple[Ref, tuple[Ref, ...]]]:
    """The fields of type ``/Sig``, each with its ancestors (nearest first), in the
    order ``pyhanko.pdf_utils.form_tools.enumerate_fields_in`` meets them."""
    root = _dict(objects, objects.trailer.get("/Root"))
    if "/AcroForm" not in root:
        return []
    acroform = _dict(objects, root["/AcroForm"])
    if "/Fields" not in acroform:
        return []
    out: list[tuple[Ref, tuple[Ref, ...]]] = []
    visits = [0]

    def walk(listed: Node, path: tuple[tuple[Ref, dict[str, Node]], ...]) -> None:
        value = objects.resolve(listed)
        if isinstance(value, Stream):
            raise _Unsure("a field list that is a stream")
        if not isinstance(value, tuple):
            return  # pyHanko: not an array, skipped
        for item in value:
            if not isinstance(item, Ref):
                continue  # pyHanko: a direct entry, skipped
            if any(item == ref for ref, _ in path):
                raise _Unsure("a field among its own ancestors")  # pyHanko raises
            visits[0] += 1
            if visits[0] > MAX_VISITS:
                raise _Unsure("too many fields")
            node = objects.resolve(item)
            if isinstance(node, Stream):
                raise _Unsure("a field that is a stream")
            if not isinstance(node, dict) or "/T" not in node:
                continue  # pyHanko: not a field (nor are its kids looked at)
            here = ((item, node), *path)
            kind = next((f["/FT"] for _, f in here if "/FT" in f), None)
            if objects.resolve(kind) == "/Sig":
                out.append((item, tuple(ref for ref, _ in path)))
            if "/Kids" in node:
                walk(node["/Kids"], here)

    walk(acroform["/Fields"], ())
    return out


def _dict(objects: Objects, value: Node) -> dict[str, Node]:
    node = objects.resolve(value)
    if not isinstance(node, dict):
        raise _Unsure("not a dictionary where pyHanko expects one")
    return node


def _embedded(reader: Any, found: list[tuple[Ref, tuple[Ref, ...]]]) -> list[Any]:
    """pyHanko's ``collect_embedded_signatures`` over ``found`` (its own code from
    there: the name, the filled test, the sub-filter check, the order)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.validation import pdf_embedded as module

    pdf_embedded: Any = module  # (untyped)
    get: Any = generic.IndirectObject

    out = []
    for ref, ancestors in found:
        field_ref = get(ref.num, ref.gen, reader)
        field = field_ref.get_object()
        if not bool(field.get("/V")):
            continue  # (pyHanko's own test: filled)
        name = ""
        for parent in reversed(ancestors):
            title = get(parent.num, parent.gen, reader).get_object()["/T"]
            name = f"{name}.{title}" if name else title
        fq_name = f"{name}.{field['/T']}" if name else field["/T"]
        sub_filter = field.get("/V").get_object().get("/SubFilter", None)
        try:
            pdf_embedded._validate_subfilter(
                sub_filter,
                list(pdf_embedded.SigSeedSubFilter),
                "%s is not a recognized SubFilter type",
            )
        except pdf_embedded.SignatureValidationError:
            continue  # (pyHanko logs it and goes on)
        out.append(pdf_embedded.EmbeddedPdfSignature(reader, field_ref, fq_name))
    result = sorted(out, key=lambda emb: emb.signed_revision)
    reader._embedded_signatures = result
    return result
