"""The fields of an AcroForm as they are stored: fully qualified names, inherited keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["inherited", "terminal_fields"]

MAX_DEPTH = 32
"""Field trees deeper than this are not followed (a loop, or a hostile file)."""


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
    for ref in fields if isinstance(fields, list) else []:  # (pypdf's arrays are lists)
        field = ref.get_object()
        if not isinstance(field, dict):  # (a damaged file: a number where a field was)
            continue
        part = str(field.get("/T", ""))
        name = f"{prefix}.{part}" if prefix and part else part or prefix
        children = field.get("/Kids", [])
        kids = [
            k
            for k in (children if isinstance(children, list) else [])
            if isinstance(kid := k.get_object(), dict) and "/T" in kid
        ]
        if kids and depth < MAX_DEPTH // 2:
            yield from terminal_fields(kids, name, depth + 1)
        else:
            yield name, ref, field
