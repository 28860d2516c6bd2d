"""Form widgets viewers draw again from the stored values, and what they draw them with.

Under ``/NeedAppearances true``, and for a widget that has no appearance stream, poppler
(Evince, Okular), PDFium with its form layer (Chrome) and Acrobat draw the field from its
value themselves, in the font, size and colour its default appearance (``/DA``) names,
the font looked up in the form's ``/DR``. MuPDF draws the stored appearance, pdf.js its
HTML input. The stored appearance and the value are then not what a person sees in most
viewers: the ``/DA`` decides it (review rev28: a ``/DR`` TrueType font whose ``B`` draws
"I DO NOT AGREE" and whose other letters are empty, named by the signature's ``/DA``,
shows "Signature: I DO NOT AGREE" in poppler and Chrome over a value "Bohyung Han"; a
``/DA`` colour ``1 1 1 rg`` leaves the line empty).

A ``/DA`` draws the value as its letters only when it names a standard font that is not
embedded (its glyphs are the viewer's own, for the letters the encoding says), a size of
at least :data:`SMALLEST` points or 0 (fit to the box), a fill colour that stands out
from the widget's background, and nothing else but stroke colours; and a text field
shows its value only when it is no password field (poppler and PDFium draw asterisks)
and its ``/MaxLen`` holds the value (PDFium cuts it there, poppler does not).
:func:`redrawn_widgets` names each redrawn widget that does not.

Also here, because the same walk of the field tree finds them: values some viewer shows
that the field's own ``/V`` is not (review rev28, pdf.js/Firefox's form layer reads a
widget's own ``/V`` before its field's): a widget with a ``/V`` of its own that differs
from its field's (a box's ``/V /Off``, as pypdf writes on the box not chosen, only where
it is the box's own state that is the field's value), a field with a value that has
sub-fields of its own (a viewer's form layer shows the sub-field's value in the widget
the field's value is read from), and a rich-text value (``/RV``), which a viewer that
draws rich text may show in place of ``/V`` (none of our forms writes one, nor do pypdf,
pdftk, PyPDFForm or pdf-lib).

And text fields whatever their appearance: pdf.js (Firefox, whose form layer is on by
default) draws no text widget's appearance stream but an HTML input over the box,
showing the field's value in the ``/DA``'s size and colour on the ``/MK /BG``
background, as a password's bullets, its white space as written (a review of session
36 built each; the reading from widgets declined them, the general path read them
``valid``; a review of session 38 saw each in pdf.js: ``getAnnotations`` and its canvas,
which with forms on draws no editable text widget's appearance; a read-only one it
draws). :func:`form_layer_widgets` names each text field pdf.js shows so otherwise than
its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .nodes import Node, NotSure, Stream
from .objects import Objects

__all__ = ["form_layer_widgets", "redrawn_widgets", "shadowed_values"]

STANDARD_FONTS = frozenset(
    f"/{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Symbol", ("",)),
        ("ZapfDingbats", ("",)),
    )
    for style in styles
)
"""The 14 fonts every viewer has glyphs of its own for."""

PLAIN_ENCODINGS = frozenset(
    {"/WinAnsiEncoding", "/StandardEncoding", "/MacRomanEncoding", "/PDFDocEncoding"}
)
"""Encodings that name each code's letter by a fixed table (no ``/Differences``)."""

SMALLEST = 4.0
"""Font size (points) below which a drawn value is not read (0 is: fit to the box)."""

CONTRAST = 0.4
"""Least difference in lightness (0 to 1) between a value's colour and its background."""

PASSWORD = 1 << 13
"""A text field's flag (``/Ff``): viewers draw its value as asterisks."""

READ_ONLY = 1
"""A field's flag (``/Ff``): no one may change its value (pdf.js draws its appearance)."""

MULTILINE = 1 << 12
"""A text field's flag (``/Ff``): its value on lines (pdf.js: a text area)."""

LINE = 1.15
"""Of a text area's font size, the least height of a line (pdf.js's are taller)."""

MAX_NODES = 2000
"""Field-tree nodes walked at most (a hostile file)."""

_TOKEN = re.compile(rb"/[^\s/\[\]()<>{}%]*|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+|\S")
_COLOUR_OPERANDS = {"g": 1, "rg": 3, "k": 4}
_STROKE_OPERANDS = {"G": 1, "RG": 3, "K": 4}


def redrawn_widgets(objects: Objects) -> list[tuple[str, str]]:
    """``(field name, why)`` for each widget a viewer draws again from its value (every
    one under ``/NeedAppearances``, else those without an appearance stream) whose
    default appearance does not draw the value as its letters; nothing when the form
    cannot be walked."""
    try:
        acroform = _acroform(objects)
        if not acroform:
            return []
        need = objects.resolve(acroform.get("/NeedAppearances")) is True
        fonts = objects.dict_of(objects.dict_of(acroform.get("/DR")).get("/Font"))
        out: dict[str, str] = {}
        for name, chain, widget in _widgets(objects, acroform):
            if name in out or not (need or not _has_appearance(objects, widget)):
                continue
            da = _default_appearance(objects, [widget, *chain, acroform])
            own = objects.dict_of(objects.dict_of(widget.get("/DR")).get("/Font"))
            text = _inherited(objects, chain, "/FT") == "/Tx"
            background = _background(objects, widget)
            why = _undrawn(objects, da, fonts, background, text)
            if not why and own:  # (a widget's own /DR, which some viewers look in first)
                why = _undrawn(objects, da, {**fonts, **own}, background, text)
            why = why or _cut(objects, chain) or _unshown(objects, chain, widget)
            if why:
                out[name] = why
    except NotSure:
        return []
    return list(out.items())


def form_layer_widgets(objects: Objects) -> list[tuple[str, str]]:
    """``(field name, why)`` for each text field with a value that pdf.js's form layer
    shows otherwise than as its letters (see the module): a password field, a ``/DA``
    size under :data:`SMALLEST` points or a colour that does not stand out from the
    widget's background, white space that runs the value out of its box (a ``/MaxLen``
    shorter than the value cuts it only while a person types in it); nothing when the
    form cannot be walked. pdf.js reads each entry from the widget first, then up its
    ``/Parent`` chain; the field tree's chain is read too (each may be asked)."""
    try:
        acroform = _acroform(objects)
        if not acroform:
            return []
        out: dict[str, str] = {}
        for name, chain, widget in _widgets(objects, acroform):
            for line in (_lineage(objects, widget), [widget, *chain]):
                if name not in out and (why := _form_layer(objects, line, widget, acroform)):
                    out[name] = why
    except NotSure:
        return []
    return list(out.items())


def _lineage(objects: Objects, widget: dict[str, Node]) -> list[dict[str, Node]]:
    """The widget and its ``/Parent`` chain, nearest first (as pdf.js inherits)."""
    line = [widget]
    while "/Parent" in line[-1] and len(line) < 32:
        parent = objects.dict_of(line[-1]["/Parent"])
        if not parent or any(parent is node for node in line):
            break
        line.append(parent)
    return line


def _form_layer(
    objects: Objects,
    line: list[dict[str, Node]],
    widget: dict[str, Node],
    acroform: dict[str, Node],
) -> str:
    """Why pdf.js shows a text widget's value otherwise, its entries inherited along
    ``line`` (the widget first), or ``""``."""
    value = _inherited(objects, line, "/V")
    if _inherited(objects, line, "/FT") != "/Tx" or not value:
        return ""
    flags = _inherited(objects, line, "/Ff")
    da = _default_appearance(objects, [*line, acroform])
    if isinstance(flags, int) and flags & READ_ONLY:
        return ""  # (pdf.js draws a read-only field's appearance, as the others do)
    if isinstance(flags, int) and flags & PASSWORD:
        return "it is a password field: Firefox shows bullets"
    if why := _unseen(da, _background(objects, widget)):
        return why
    if _spaced_out(objects, line, widget, value, da):
        return "its white space as written runs its value out of its box there"
    return ""


_COMMENT = re.compile(rb"%[^\r\n]*")


def _unseen(da: bytes | None, background: float) -> str:
    """Why a value drawn in the size and fill colour the default appearance ``da`` ends
    with (pdf.js takes the last of each, and an operator's last operands) on
    ``background`` does not show, or ``""``."""
    operands: list[float | None] = []
    size, colour = None, None
    for token in _TOKEN.findall(_COMMENT.sub(b" ", da or b"")):
        if token.startswith(b"/") or token[:1] in b"+-.0123456789":
            operands.append(_number(token))
            continue
        op = token.decode("latin-1")
        if op == "Tf" and operands and operands[-1] is not None:
            size = operands[-1]
        elif op in _COLOUR_OPERANDS and len(operands) >= _COLOUR_OPERANDS[op]:
            last = operands[-_COLOUR_OPERANDS[op] :]
            numbers = [v for v in last if v is not None]
            colour = _lightness(numbers) if len(numbers) == len(last) else colour
        operands = []
    if size is not None and 0 < size < SMALLEST:
        return f"its /DA sets {size:g} pt: Firefox shows it that high"
    if colour is not None and abs(colour - background) < CONTRAST:
        return "its /DA colour does not stand out from its background: Firefox hides it"
    return ""


def _spaced_out(
    objects: Objects, chain: list[dict[str, Node]], widget: dict[str, Node], value: Node, da: Node
) -> bool:
    """Whether a one-line text field's value, as written (pdf.js keeps its white space;
    the reading folds it), is wider than its box where the value folded is not: "Ada",
    150 spaces and "Lovelace" shows "Ada" alone. Measured in Helvetica up to its last
    letter, at the ``/DA``'s size, or as pdf.js sizes an automatic one: 9 points, at
    most the box's height less 2 over 1.35 (a review of session 38: 12 points took
    "September 23, 2020 " for a value out of its box). A text area's value: whether its
    blank lines push its lines out of the box where its lines alone fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    flags = _inherited(objects, chain, "/Ff")
    rect = objects.resolve(widget.get("/Rect"))
    corners = [objects.resolve(v) for v in rect] if isinstance(rect, tuple) else []
    edges = [float(v) for v in corners if isinstance(v, int | float)]
    if not isinstance(value, str) or len(edges) != 4:
        return False
    width, height = abs(edges[2] - edges[0]), abs(edges[3] - edges[1])
    sizes = _sizes(da) if isinstance(da, bytes) else []
    size = sizes[-1] if sizes and sizes[-1] > 0 else min(9.0, (height - 2) / 1.35)
    if isinstance(flags, int) and flags & MULTILINE:
        # (a text area: its blank lines as written push the rest down, out of the box)
        lines = re.split(r"\r\n|\r|\n", value.strip())
        filled = [line for line in lines if line.strip()]
        return len(lines) * size * LINE > height >= len(filled) * size * LINE
    written = value.replace("\r", "").replace("\n", "").rstrip()
    folded = " ".join(value.split())
    if written == folded:
        return False
    shown = written.encode("latin-1", "replace").decode("latin-1")
    wide: float = stringWidth(shown, "Helvetica", size)
    narrow: float = stringWidth(folded, "Helvetica", size)
    return wide > width >= narrow


def _sizes(da: Node) -> list[float]:
    """The sizes a default appearance sets with ``Tf``."""
    tokens = _TOKEN.findall(_COMMENT.sub(b" ", da)) if isinstance(da, bytes) else []
    return [
        size
        for at, token in enumerate(tokens)
        if token == b"Tf" and at and (size := _number(tokens[at - 1])) is not None
    ]


def _number(token: bytes) -> float | None:
    try:
        return float(token)
    except ValueError:
        return None


def shadowed_values(objects: Objects) -> list[tuple[str, str]]:
    """``(field name, why)`` for each value of a field that some viewer shows in place of
    the field's own ``/V``: a widget's own ``/V`` that differs, a sub-field under a field
    that has a value, a rich-text value; nothing when the form cannot be walked."""
    try:
        acroform = _acroform(objects)
        if not acroform:
            return []
        out: list[tuple[str, str]] = []
        for name, chain, widget in _widgets(objects, acroform):
            if not chain or widget is chain[0]:
                continue
            own, field = objects.resolve(widget.get("/V")), objects.resolve(chain[0].get("/V"))
            if "/V" in widget and _shows_otherwise(objects, chain, widget, own, field):
                out.append((name, f"a widget of it has a value of its own, {own!r}"))
        for name, (field, *_) in _fields(objects, acroform):
            if "/RV" in field:
                out.append((name, "it has a rich-text value (/RV) of its own"))
            kids = objects.resolve(field.get("/Kids"))
            kids = kids if isinstance(kids, tuple) else ()
            named = [k for k in kids if "/T" in objects.dict_of(k)]
            if named and "/V" in field:
                out.append((name, f"it has a value and {len(named)} sub-field(s) of its own"))
    except NotSure:
        return []
    return list(dict.fromkeys(out))


def _shows_otherwise(
    objects: Objects, chain: list[dict[str, Node]], widget: dict[str, Node], own: Node, field: Node
) -> bool:
    """Whether a widget's own value ``own`` shows otherwise than its field's ``field``: a
    box widget's ``/V /Off`` (as pypdf writes on a box not chosen) only where its own
    state is the field's value; a box's value written as a text string by one and a name
    by the other (PyMuPDF writes the field's ``/V`` as the string ``(Accept)`` and its
    widget's as ``/Accept``) is one value."""
    kind = _inherited(objects, chain, "/FT")
    if own == field or (kind == "/Btn" and _state(own) == _state(field)):
        return False
    if kind != "/Btn" or own != "/Off":
        return True
    states = objects.resolve(objects.dict_of(widget.get("/AP")).get("/N"))
    return _state(field) in objects.dict_of(states)


def _state(value: Node) -> Node:
    """A box's value as a name: a text string as the name it spells."""
    return value if not isinstance(value, str) or value.startswith("/") else f"/{value}"


def _acroform(objects: Objects) -> dict[str, Node]:
    root = objects.dict_of(objects.trailer.get("/Root"))
    return objects.dict_of(root.get("/AcroForm"))


def _fields(
    objects: Objects, acroform: dict[str, Node]
) -> Iterator[tuple[str, list[dict[str, Node]]]]:
    """``(qualified name, the field and its ancestors nearest first)`` of every field
    (terminal or not) in the tree."""
    top = objects.resolve(acroform.get("/Fields"))
    stack: list[tuple[str, list[dict[str, Node]]]] = [
        ("", [objects.dict_of(f)]) for f in reversed(top if isinstance(top, tuple) else ())
    ]
    budget = MAX_NODES
    while stack and budget > 0:
        prefix, chain = stack.pop()
        budget -= 1
        part = objects.resolve(chain[0].get("/T"))
        part = part if isinstance(part, str) else ""
        name = f"{prefix}.{part}" if prefix and part else part or prefix
        yield name, chain
        kids = objects.resolve(chain[0].get("/Kids"))
        for kid in reversed(kids) if isinstance(kids, tuple) else ():
            node = objects.dict_of(kid)
            if "/T" in node:
                stack.append((name, [node, *chain]))


def _widgets(
    objects: Objects, acroform: dict[str, Node]
) -> Iterator[tuple[str, list[dict[str, Node]], dict[str, Node]]]:
    """``(field name, the field and its ancestors nearest first, widget)`` of every widget
    of every terminal field (a field without kids is its own widget, ``chain[0]``)."""
    for name, chain in _fields(objects, acroform):
        kids = objects.resolve(chain[0].get("/Kids"))
        nodes = [objects.dict_of(k) for k in kids] if isinstance(kids, tuple) else []
        if any("/T" in n for n in nodes):
            continue
        for widget in nodes or [chain[0]]:
            yield name, chain, widget


def _inherited(objects: Objects, chain: list[dict[str, Node]], key: str) -> Node:
    return objects.resolve(next((n[key] for n in chain if key in n), None))


_HIDDEN, _NO_VIEW = 2, 32


def _unshown(objects: Objects, chain: list[dict[str, Node]], widget: dict[str, Node]) -> str:
    """Why no viewer shows the value of a field it would draw again: its widget is flagged
    Hidden (drawn by none) or NoView (printed, not shown), or ``""``. A page that shows
    nothing there is no disagreement for a value viewers draw themselves, so it is said
    here (a signature's widget hidden so read `valid` re-saved: review of session 65)."""
    flags = objects.resolve(widget.get("/F"))
    value = _inherited(objects, chain, "/V")
    if not isinstance(flags, int) or not (flags & (_HIDDEN | _NO_VIEW)) or not value:
        return ""
    which = "Hidden: no viewer draws it" if flags & _HIDDEN else "NoView: viewers print it only"
    return f"its widget is flagged {which}"


def _cut(objects: Objects, chain: list[dict[str, Node]]) -> str:
    """Why a viewer drawing a text field again shows other characters than its value
    (a password field's asterisks, a value cut at ``/MaxLen``), or ``""``."""
    if _inherited(objects, chain, "/FT") != "/Tx":
        return ""
    flags, most = _inherited(objects, chain, "/Ff"), _inherited(objects, chain, "/MaxLen")
    value = _inherited(objects, chain, "/V")
    if isinstance(flags, int) and flags & PASSWORD:
        return "it is a password field: viewers draw its value as asterisks"
    if isinstance(most, int) and isinstance(value, str | bytes) and len(value) > most:
        return f"its /MaxLen {most} is shorter than its value: Chrome draws it cut"
    return ""


def _has_appearance(objects: Objects, widget: dict[str, Node]) -> bool:
    normal = objects.resolve(objects.dict_of(widget.get("/AP")).get("/N"))
    return isinstance(normal, Stream | dict)


def _default_appearance(objects: Objects, chain: list[dict[str, Node]]) -> bytes | None:
    for node in chain:
        if "/DA" in node:
            da = objects.resolve(node["/DA"])
            if isinstance(da, str):
                return da.encode("latin-1", "replace")
            return da if isinstance(da, bytes) else None
    return None


def _background(objects: Objects, widget: dict[str, Node]) -> float:
    """The lightness of the widget's background colour (``/MK /BG``), white if none."""
    colour = objects.resolve(objects.dict_of(widget.get("/MK")).get("/BG"))
    values = [objects.resolve(v) for v in colour] if isinstance(colour, tuple) else []
    if values and all(isinstance(v, int | float) for v in values):
        return _lightness([float(v) for v in values])  # type: ignore[arg-type]
    return 1.0


def _lightness(colour: list[float]) -> float:
    if len(colour) == 1:
        return colour[0]
    if len(colour) == 3:
        r, g, b = colour
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(colour) == 4:
        c, m, y, k = colour
        return (1 - k) * (0.299 * (1 - c) + 0.587 * (1 - m) + 0.114 * (1 - y))
    return 1.0


def _undrawn(
    objects: Objects, da: Node, fonts: dict[str, Node], background: float, text: bool
) -> str:
    """Why a viewer drawing with the default appearance ``da`` does not show the value
    as its letters (``text``: of a text field), or ``""``."""
    if not isinstance(da, bytes):
        return "it has no default appearance (/DA): each viewer draws it its own way"
    operands: list[bytes] = []
    font: str | None = None
    colour = 0.0
    for token in _TOKEN.findall(da):
        if token.startswith(b"/") or token[:1] in b"+-.0123456789":
            operands.append(token)
            continue
        op = token.decode("latin-1")
        want = {"Tf": 2, **_COLOUR_OPERANDS, **_STROKE_OPERANDS}.get(op)
        if want is None or len(operands) != want:
            return f"its /DA sets {op!r} as well: viewers copy it into the drawing"
        if op == "Tf":
            font, size = operands[0].decode("latin-1"), float(operands[1])
            if size != 0 and size < SMALLEST:
                return f"its /DA draws it {size:g} pt high"
        elif op in _COLOUR_OPERANDS:
            if any(o.startswith(b"/") for o in operands):
                return f"its /DA sets a colour {op!r} by name"
            colour = _lightness([float(o) for o in operands])
        operands = []
    if operands or font is None:
        return "its /DA names no font: each viewer draws it in a font of its own"
    if abs(colour - background) < CONTRAST:
        return "its /DA colour does not stand out from the background: viewers draw it unseen"
    return _font_problem(objects, font, fonts.get(font), text)


_SYMBOLS = frozenset({"/Symbol", "/ZapfDingbats"})
"""Standard fonts of signs: a check box's ``/DA`` names ZapfDingbats by right, a text
field's draws its letters as signs (a name drawn as dingbats read `valid`: review of
session 65)."""


def _font_problem(objects: Objects, name: str, ref: Node, text: bool) -> str:
    font = objects.dict_of(ref)
    if not font:
        return f"its /DA font {name} is not in the form's /DR: each viewer picks another"
    base = objects.resolve(font.get("/BaseFont"))
    descriptor = objects.dict_of(font.get("/FontDescriptor"))
    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    if objects.resolve(font.get("/Subtype")) != "/Type1" or base not in STANDARD_FONTS:
        return f"its /DA font {name} is not a standard font: its glyphs may draw other words"
    if text and base in _SYMBOLS:
        return f"its /DA font is {str(base)[1:]}: viewers draw its letters as that font's signs"
    if embedded:
        return f"its /DA font {name} carries glyphs of its own: they may draw other words"
    encoding = objects.resolve(font.get("/Encoding"))
    if encoding is not None and (type(encoding) is not str or encoding not in PLAIN_ENCODINGS):
        return f"its /DA font {name} has an encoding of its own: its codes may draw other letters"
    return ""
