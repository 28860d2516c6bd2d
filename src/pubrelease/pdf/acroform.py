"""The fields of an AcroForm as they are stored: fully qualified names, inherited keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["array", "inherited", "terminal_fields"]

MAX_DEPTH = 32
"""Field trees deeper than this are not followed (a loop, or a hostile file)."""


def array(node: Any) -> list[Any]:
    """The items of an array pypdf read (its arrays are lists), through a reference to it
    (pdfcpu writes the AcroForm's ``/Fields`` so, as PDF allows any array to be stored);
    empty for anything else (a damaged file: a number where an array was)."""
    if node is not None and hasattr(node, "get_object") and not isinstance(node, list):
        node = node.get_object()
    return node if isinstance(node, list) else []


def inherited(field: Any, key: str) -> Any:
    """``key`` of a field, or of the nearest parent that has it (``/FT``, ``/Ff``, ``/DA``...)."""
    node, depth = field, 0
    while node is not None and depth < MAX_DEPTH:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        depth += 1
    return None


def terminal_fields(
    fields: Any, prefix: str = "", depth: int = 0
) -> Iterator[tuple[str, Any, Any]]:
    """``(qualified name, reference, field)`` of every terminal field under ``fields``
    (an AcroForm's ``/Fields`` array), in document order. A field's kids without a name
    of their own are its widgets, not fields."""
    for ref in array(fields):
        field = ref.get_object()
        if not isinstance(field, dict):  # (a damaged file: a number where a field was)
            continue
        part = str(field.get("/T", ""))
        name = f"{prefix}.{part}" if prefix and part else part or prefix
        kids = [
            k
            for k in array(field.get("/Kids"))
            if isinstance(kid := k.get_object(), dict) and "/T" in kid
        ]
        if kids and depth < MAX_DEPTH // 2:
            yield from terminal_fields(kids, name, depth + 1)
        else:
            yield name, ref, field
