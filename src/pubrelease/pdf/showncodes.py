"""The codes a page's content shows, each with its font and where it stands.

A viewer's text layer says which character each glyph is only as the font's
``/ToUnicode`` map says; a printer's map may name none for the glyphs it drew for a
ligature or a joined form (Ghostscript writes a control code, pdftocairo U+FFFD). What
the glyph is can still be told from the font program (:mod:`.glyphreading`), given the
code the page shows it by. PDFium does not give a character's code, so the page's own
content is read here: the text-showing operators of the page's content stream (not of
the forms it draws), each code placed by the text and graphics state as the
specification places it (``Tm``, ``Td``, ``TD``, ``T*``, ``TL``, ``Tc``, ``Tw``, ``Tz``,
``Ts``, ``cm``, ``q``/``Q``; widths from ``/W`` or ``/Widths``; ``Tr``: whether it is
painted).

What is read here only proposes a reading: the caller checks it against what the page
shows (:mod:`..reading.glyphtext`). Nothing is proposed for a page whose content gives an
operator read here another count of operands than it takes (PDFium reads the last ones:
``/F1 /F9 12 Tf`` draws with /F9), or sets a font by a graphics state (``gs``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pypdf import PageObject as PypdfPage
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

__all__ = ["ShownCode", "shown_codes"]

MAX_OPERATIONS = 200_000
"""Operators read per page, at most (a print's page has some thousands)."""

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class ShownCode(NamedTuple):
    """One code a text-showing operator shows."""

    font: DictionaryObject
    code: int
    x: float
    """Its origin on the page, in default user space."""
    y: float
    size: float
    """The height of an em on the page (font size times the matrices' vertical scale)."""
    painted: bool = True
    """Not drawn invisible (render mode 3 or 7)."""
    plain: bool = True
    """Filled (render mode 0) and drawn upright as the font draws it: the matrices and a
    font size above 0 (a negative one turns a glyph about its origin) scale it alike
    both ways, without turning, slanting or mirroring it."""


def _get(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _times(a: Matrix, b: Matrix) -> Matrix:
    """``a`` then ``b`` (PDF's row-vector order)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _upright(matrix: Matrix, scale: float) -> bool:
    """Whether a glyph placed by ``matrix``, stretched across by ``scale`` (``Tz``), is
    drawn as the font draws it, only larger or smaller."""
    a, b, c, d = matrix[:4]
    across = a * scale
    return d > 0 and across > 0 and abs(b) + abs(c) <= 1e-6 * d and abs(across - d) <= 1e-3 * d


def _widths(font: DictionaryObject) -> tuple[Any, bool]:
    """A function of a code giving its width in thousandths of an em, and whether the
    font's codes are two bytes (a Type 0 font, ``Identity-H``)."""
    if font.get("/Subtype") == "/Type0":
        kids = _get(font.get("/DescendantFonts"))
        cid_font = _get(kids[0]) if isinstance(kids, ArrayObject) and kids else {}
        default = float(cid_font.get("/DW", 1000))
        table: dict[int, float] = {}
        w = _get(cid_font.get("/W")) or []
        index = 0
        while index < len(w):
            first = int(w[index])
            item = _get(w[index + 1])
            if isinstance(item, ArrayObject):
                for k, width in enumerate(item):
                    table[first + k] = float(width)
                index += 2
            else:
                for code in range(first, int(item) + 1):
                    table[code] = float(w[index + 2])
                index += 3
        return (lambda code: table.get(code, default)), True
    first = int(font.get("/FirstChar", 0))
    widths = [float(_get(w)) for w in _get(font.get("/Widths")) or []]
    missing = 0.0
    return (
        lambda code: widths[code - first] if 0 <= code - first < len(widths) else missing
    ), False


def shown_codes(page: PypdfPage) -> list[ShownCode]:
    """Every code the text-showing operators of ``page``'s content show (see the
    module), in the order shown; empty when the content cannot be read."""
    try:
        content = page.get_contents()
        resources = _get(page.get("/Resources")) or DictionaryObject()
        fonts = _get(resources.get("/Font")) or DictionaryObject()
        if content is None:
            return []
        operations = ContentStream(content, page.pdf).operations
    except Exception:  # a damaged content stream: nothing proposed
        return []
    if len(operations) > MAX_OPERATIONS:
        return []
    states = _get(resources.get("/ExtGState")) or DictionaryObject()
    try:
        return _shown(operations, fonts, states)
    except (MemoryError, RecursionError):
        raise
    except Exception:  # an operator with operands of another kind: nothing proposed
        return []


_OPERANDS = {
    **dict.fromkeys((b"q", b"Q", b"BT", b"ET", b"T*"), 0),
    **dict.fromkeys((b"Tc", b"Tw", b"Tz", b"Tr", b"Ts", b"TL", b"Tj", b"TJ", b"'", b"gs"), 1),
    **dict.fromkeys((b"Tf", b"Td", b"TD"), 2),
    b'"': 3,
    **dict.fromkeys((b"cm", b"Tm"), 6),
}
"""How many operands each operator read here takes: with others, PDFium takes the last
ones (``/F1 /F9 12 Tf`` sets /F9), and what is read here would not be what it draws."""


def _shown(
    operations: list[Any], fonts: DictionaryObject, states: DictionaryObject
) -> list[ShownCode]:
    """:func:`shown_codes` of a page's operators, its fonts ``fonts`` and graphics states
    ``states``; empty where an operator read here has another count of operands, or a
    graphics state sets a font."""
    out: list[ShownCode] = []
    ctm: Matrix = _IDENTITY
    stack: list[tuple[Any, ...]] = []
    tm = line = _IDENTITY
    font: DictionaryObject | None = None
    widths: Any = None
    two_bytes = False
    size = spacing = word = rise = leading = 0.0
    mode = 0
    scale = 1.0

    def show(strings: list[Any]) -> None:
        nonlocal tm
        for item in strings:
            if isinstance(item, (int, float)) or hasattr(item, "as_numeric"):
                tm = _times((1, 0, 0, 1, -float(item) / 1000 * size * scale, 0), tm)
                continue
            raw = getattr(item, "original_bytes", None)
            raw = bytes(raw) if raw is not None else bytes(item) if isinstance(item, bytes) else b""
            step = 2 if two_bytes else 1
            for at in range(0, len(raw) - step + 1, step):
                code = int.from_bytes(raw[at : at + step], "big")
                placed = _times((1, 0, 0, 1, 0, rise), _times(tm, ctm))
                height = abs(size * (placed[3] if placed[3] else placed[1]))
                if font is not None:
                    out.append(
                        ShownCode(
                            font,
                            code,
                            placed[4],
                            placed[5],
                            height,
                            mode not in (3, 7),
                            mode == 0 and size > 0 and _upright(placed, scale),
                        )
                    )
                advance = widths(code) / 1000 * size + spacing
                if step == 1 and code == 32:
                    advance += word
                tm = _times((1, 0, 0, 1, advance * scale, 0), tm)

    for operands, operator in operations:
        if _OPERANDS.get(operator, len(operands)) != len(operands):
            return []
        if operator == b"gs" and "/Font" in (_get(states.get(operands[0])) or {}):
            return []  # (a font set otherwise than by Tf)
        if operator == b"q":  # (the text state is the graphics state's)
            stack.append(
                (ctm, font, widths, two_bytes, size, spacing, word, rise, leading, scale, mode)
            )
        elif operator == b"Q":
            if not stack:
                return []
            ctm, font, widths, two_bytes, size, spacing, word, rise, leading, scale, mode = (
                stack.pop()
            )
        elif operator == b"cm" and len(operands) == 6:
            ctm = _times(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif operator == b"BT":
            tm = line = _IDENTITY
        elif operator == b"Tf" and len(operands) == 2:
            font = _get(fonts.get(operands[0]))
            if not isinstance(font, DictionaryObject):
                font = None
                continue
            size = float(operands[1])
            try:
                widths, two_bytes = _widths(font)
            except Exception:  # widths not read: codes not placed
                return []
        elif operator == b"Tc" and operands:
            spacing = float(operands[0])
        elif operator == b"Tw" and operands:
            word = float(operands[0])
        elif operator == b"Tz" and operands:
            scale = float(operands[0]) / 100
        elif operator == b"Tr" and operands:
            mode = int(operands[0])
        elif operator == b"Ts" and operands:
            rise = float(operands[0])
        elif operator == b"TL" and operands:
            leading = float(operands[0])
        elif operator in (b"Td", b"TD") and len(operands) == 2:
            if operator == b"TD":
                leading = -float(operands[1])
            line = _times((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
            tm = line
        elif operator == b"Tm" and len(operands) == 6:
            tm = line = tuple(float(v) for v in operands)  # type: ignore[assignment]
        elif operator in (b"T*", b"'", b'"'):
            if operator == b'"' and len(operands) == 3:
                word, spacing = float(operands[0]), float(operands[1])
            line = _times((1, 0, 0, 1, 0, -leading), line)
            tm = line
            if operator != b"T*" and widths is not None:
                show([operands[-1]])
        elif operator == b"Tj" and operands and widths is not None:
            show([operands[0]])
        elif operator == b"TJ" and operands and widths is not None:
            show(list(operands[0]))
    return out
