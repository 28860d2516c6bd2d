"""Letters of a value drawn white inside words drawn black, in any return (issue: hidden text).

The text layer keeps every letter; the page shows the value with gaps where the white
letters are, or without a white word added to it. The edit finds the text-showing
operator (``Tj``/``TJ``) that draws a value, in widget appearances, in the page's
content and in the form XObjects a flattener made of them, whichever tool wrote it
(pypdf, pdftk, pdf-lib, PyPDFForm, our own fill and flattening), and splits its string
so that the chosen letters are drawn with ``1 g`` (white fill) and the rest with the
colour the stream had. Edits are pypdf edits (:data:`.attacks.Edit`), applied with
:func:`.attacks.apply` as an incremental update or a file re-saved by qpdf.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    NumberObject,
    StreamObject,
)

Edit = Callable[[PdfWriter], None]
"""An edit of a file open in pypdf (as :data:`.attacks.Edit`)."""
Operation = tuple[list[object], bytes]
_COLOURS = {b"g", b"rg", b"k", b"sc", b"scn"}


def _raw(operand: object) -> bytes | None:
    if isinstance(operand, ByteStringObject):
        return bytes(operand)
    if isinstance(operand, str):
        original = getattr(operand, "original_bytes", None)
        return bytes(original) if original is not None else operand.encode("latin-1")
    return None


def _codes(raw: bytes, wide: bool) -> list[bytes]:
    step = 2 if wide else 1
    return [raw[i : i + step] for i in range(0, len(raw), step)]


def _matches(codes: list[bytes], value: str, wide: bool) -> bool:
    if len(codes) != len(value):
        return False
    if not wide:
        try:
            return b"".join(codes) == value.encode("cp1252")
        except UnicodeEncodeError:
            return False
    # an Identity-H font: codes are glyph ids; the same letters must have the same codes
    return all(
        (codes[i] == codes[j]) == (value[i] == value[j])
        for i in range(len(value))
        for j in range(i)
    )


def _items(operands: list[object], op: bytes) -> list[object] | None:
    """A ``Tj`` string or a ``TJ`` array as a list of strings (bytes) and kerning numbers."""
    if op == b"Tj":
        raw = _raw(operands[0])
        return None if raw is None else [raw]
    if op == b"TJ":
        out = []
        for item in operands[0]:  # type: ignore[attr-defined]
            raw = _raw(item)
            out.append(item if raw is None else raw)
        return out
    return None


def _rewrite(
    operations: list[Operation],
    wide_font: Callable[[str], bool],
    value: str,
    white: Sequence[int],
    extra: str | None,
    paint: Operation,
) -> int:
    """The value's text-showing operators of ``operations`` split in place; how many."""
    wide, colour = False, ([NumberObject(0)], b"g")
    count = 0
    at = 0
    while at < len(operations):
        operands, op = operations[at]
        if op == b"Tf":
            wide = wide_font(str(operands[0]))
        elif op in _COLOURS:
            colour = (list(operands), op)
        items = _items(operands, op)
        if items is not None:
            pieces = [c for i in items for c in _codes_or(i, wide)]
            codes = [c for c in pieces if isinstance(c, bytes)]
            if _matches(codes, value, wide):
                new = _split(pieces, white, colour, paint)
                if extra is not None:
                    drawn = dict(zip(value, codes, strict=True))
                    new += [paint]
                    new += [([ByteStringObject(b"".join(drawn[c] for c in extra))], b"Tj")]
                    new += [colour]
                operations[at : at + 1] = new
                at += len(new)
                count += 1
                continue
        at += 1
    return count


def _codes_or(item: object, wide: bool) -> list[object]:
    return list(_codes(item, wide)) if isinstance(item, bytes) else [item]


def _split(
    pieces: list[object], white: Sequence[int], colour: Operation, paint: Operation
) -> list[Operation]:
    """One ``TJ`` per run of letters (codes, with the kerning numbers among them), white
    runs between ``paint`` (``1 g``) and the stream's colour."""
    out: list[Operation] = []
    run: list[object] = []
    run_white = False
    letter = 0

    def flush() -> None:
        if not run:
            return
        if run_white:
            out.append(paint)
        array = ArrayObject(ByteStringObject(p) if isinstance(p, bytes) else p for p in run)
        out.append(([array], b"TJ"))
        if run_white:
            out.append(colour)
        run.clear()

    for piece in pieces:
        if isinstance(piece, bytes):
            is_white = letter in white
            letter += 1
            if run and is_white != run_white:
                flush()
            run_white = is_white
        run.append(piece)
    flush()
    return out


def _streams(writer: PdfWriter) -> Iterator[tuple[StreamObject, DictionaryObject | None]]:
    """Every widget appearance and form XObject of the file, with its resources."""
    seen: set[int] = set()

    def xobjects(
        resources: DictionaryObject | None,
    ) -> Iterator[tuple[StreamObject, DictionaryObject | None]]:
        if resources is None:
            return
        for ref in (resources.get("/XObject") or DictionaryObject()).values():
            obj = ref.get_object()
            if id(obj) in seen or obj.get("/Subtype") != "/Form":
                continue
            seen.add(id(obj))
            own = obj.get("/Resources")
            yield obj, own.get_object() if own is not None else resources
            yield from xobjects(own.get_object() if own is not None else None)

    for page in writer.pages:
        resources = page.get("/Resources")
        yield from xobjects(resources.get_object() if resources is not None else None)
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            normal = (annot.get("/AP") or DictionaryObject()).get("/N")
            if normal is None:
                continue
            normal = normal.get_object()
            if not isinstance(normal, StreamObject) or id(normal) in seen:
                continue
            seen.add(id(normal))
            own = normal.get("/Resources")
            yield normal, own.get_object() if own is not None else None
            yield from xobjects(own.get_object() if own is not None else None)


def _font_is_wide(writer: PdfWriter, resources: DictionaryObject | None) -> Callable[[str], bool]:
    acroform = writer._root_object.get("/AcroForm")
    dr = acroform.get_object().get("/DR") if acroform is not None else None

    def wide(name: str) -> bool:
        for where in (resources, dr.get_object() if dr is not None else None):
            fonts = (where or DictionaryObject()).get("/Font")
            if fonts is not None and name in fonts.get_object():
                return fonts.get_object()[name].get_object().get("/Subtype") == "/Type0"
        return False

    return wide


def whiten(
    value: str,
    white: Sequence[int] = (),
    *,
    extra: str | None = None,
    pages: bool = True,
    grey: float = 1.0,
) -> Edit:
    """An edit drawing the letters at ``white`` (indices into ``value``, in the order the
    stream draws them) of every drawing of ``value`` in white; ``extra``: text drawn white
    right after the value, of letters the value has (an Identity-H font's codes are glyph
    ids, taken from the value's own). With ``pages``, the page content streams are edited
    too (a flattened return). ``grey``: the grey level drawn instead of white (1)."""
    paint: Operation = ([NumberObject(1) if grey == 1 else FloatObject(grey)], b"g")

    def edit(writer: PdfWriter) -> None:
        done = 0
        for stream, resources in _streams(writer):
            content = ContentStream(stream, writer)
            operations = content.operations
            n = _rewrite(operations, _font_is_wide(writer, resources), value, white, extra, paint)
            if n:
                content.operations = operations
                stream.set_data(content.get_data())
                done += n
        if pages:
            for page in writer.pages:
                content = page.get_contents()
                if content is None:
                    continue
                resources = page.get("/Resources")
                operations = content.operations
                wide = _font_is_wide(
                    writer, resources.get_object() if resources is not None else None
                )
                n = _rewrite(operations, wide, value, white, extra, paint)
                if n:
                    content.operations = operations
                    page.replace_contents(content)
                    done += n
        assert done, f"{value!r} is drawn nowhere the edit can split it"

    return edit
