"""A field's default appearance (``/DA``): what a viewer that draws the field's value
itself draws it with, read as :mod:`.plaintext` reads an appearance."""

from __future__ import annotations

import functools

from .contenttokens import NotPlain, content_tokens
from .plaintext import DARK, MIN_SIZE

__all__ = ["plain_appearance_string"]


@functools.lru_cache(maxsize=256)
def plain_appearance_string(da: str) -> bool:
    """Whether a field's default appearance (``/DA``, what a viewer that draws the
    field's value itself draws it with) is a font at an automatic size or
    :data:`MIN_SIZE` or more, in a dark fill, and nothing else."""
    try:
        tokens = content_tokens(da.encode("latin-1"))
    except (NotPlain, UnicodeEncodeError, ValueError):
        return False
    operands: list[tuple[str, object]] = []
    for kind, value in tokens:
        if kind != "o":
            operands.append((kind, value))
            continue
        kinds = [k for k, _ in operands]
        numbers = [float(v) for k, v in operands if k == "f"]  # type: ignore[arg-type]
        if value == "Tf" and kinds == ["n", "f"]:
            if numbers[0] != 0 and numbers[0] < MIN_SIZE:
                return False
        elif (value == "g" and kinds == ["f"]) or (value == "rg" and kinds == ["f"] * 3):
            if max(numbers) > DARK:
                return False
        else:
            return False
        operands = []
    return not operands
