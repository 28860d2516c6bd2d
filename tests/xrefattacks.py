"""Returns whose objects a viewer resolves otherwise than a reader, built byte by byte.

A reviewer's attacks on the cross-reference data and on the quick path:

- later, unlisted bodies of the name's appearance streams (drawing SHOWN in Helvetica with
  a /ToUnicode reading READ) behind a table that lists object 1 where object 2 is: PDFium,
  MuPDF and poppler rebuild the cross-reference data from the bodies (the last body of a
  number wins), pypdf mends that one entry and reads the honest appearances;
- an object stream whose header lists each name widget twice (the honest dictionary, then
  one whose appearance draws SHOWN): PDFium takes the body its index names, pypdf the first;
- our issued file with its one update rewritten in fill's own format (the quick path reads
  such a file without rendering) whose appearances draw something else than their text
  tokens say.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pubrelease.form.registry import load_form
from pubrelease.form.template import Form
from pubrelease.pdf.objects import Objects, Ref, Stream

SHOWN, READ = "Mark Wilson", "Bohyung Han"
"""What the attacks make a viewer show, and what the file's text still reads."""

Change = Callable[[dict[int, bytes], int], int]
"""Edits an update's objects (number -> body) in place; given and returns the next free number."""


def stream(content: bytes, extra: bytes = b"", length: bytes | None = None) -> bytes:
    """The body of a stream object holding ``content``, with ``extra`` dictionary entries
    and ``length`` as its ``/Length`` (by default its length)."""
    length = b"%d" % len(content) if length is None else length
    return b"<< %s/Length %s >>\nstream\n" % (extra, length) + content + b"\nendstream"


def row(kind: int, a: int, b: int) -> bytes:
    """One entry of a cross-reference stream whose /W is [1 4 2]."""
    return bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")


Row = tuple[int, int, int, int]
"""A cross-reference stream's entry: number, type, its second and third fields."""


class Update:
    """One update appended to ``data``, built byte by byte: its objects (:meth:`obj`),
    then its cross-reference section, a table (:meth:`table`) or a stream (:meth:`stream`)."""

    def __init__(self, data: bytes) -> None:
        self.out = bytearray(data if data.endswith(b"\n") else data + b"\n")
        self.size = _size(data)
        """The next free object number (take one with :meth:`new`)."""
        self.root = re.findall(rb"/Root (\d+ \d+) R", data)[-1]
        self.prev = _startxref(data)

    def new(self) -> int:
        self.size += 1
        return self.size - 1

    def obj(self, num: int, gen: int, body: bytes) -> int:
        """Object ``num gen`` written with ``body``: its offset."""
        at = len(self.out)
        self.out += b"%d %d obj\n" % (num, gen) + body + b"\nendobj\n"
        return at

    def table(self, entries: list[tuple[int, int, int]], hybrid: tuple[Row, ...] = ()) -> bytes:
        """The file with a table of ``entries`` (number, offset, generation) in use, and
        ``hybrid`` rows in the stream its trailer's ``/XRefStm`` names."""
        extra = b""
        if hybrid:
            num = self.new()
            index, rows = _rows(hybrid)
            entry = b"/Type /XRef /Size %d /W [1 4 2] /Index [%s] " % (self.size, index)
            at = self.obj(num, 0, stream(rows, entry))
            entries = [*entries, (num, at, 0)]
            extra = b" /XRefStm %d" % at
        xref = len(self.out)
        self.out += b"xref\n" + b"".join(
            b"%d 1\n%010d %05d n \n" % (n, at, g) for n, at, g in sorted(entries)
        )
        self.out += b"trailer\n<< /Size %d /Root %s R /Prev %d%s >>\n" % (
            self.size,
            self.root,
            self.prev,
            extra,
        )
        return bytes(self.out + b"startxref\n%d\n%%%%EOF\n" % xref)

    def stream(
        self, rows: list[Row], *, number: int | None = None, size: int | None = None
    ) -> bytes:
        """The file with a cross-reference stream of ``rows`` (itself listed too),
        numbered ``number`` (the next free number by default), of ``/Size`` ``size``."""
        num = self.new() if number is None else number
        at = len(self.out)
        index, raw = _rows([*rows, (num, 1, at, 0)])
        entries = b"/Type /XRef /Size %d /W [1 4 2] /Index [%s] /Root %s R /Prev %d " % (
            self.size if size is None else size,
            index,
            self.root,
            self.prev,
        )
        self.obj(num, 0, stream(raw, entries))
        return bytes(self.out + b"startxref\n%d\n%%%%EOF\n" % at)


def _rows(rows: tuple[Row, ...] | list[Row]) -> tuple[bytes, bytes]:
    """(/Index, data) of cross-reference stream ``rows``, in the order of their numbers."""
    ordered = sorted(rows)
    return b" ".join(b"%d 1" % num for num, *_ in ordered), b"".join(
        row(kind, a, b) for _, kind, a, b in ordered
    )


def signature_widget(data: bytes) -> tuple[int, int]:
    """The object numbers of the signature's widget and of its normal appearance."""
    objects = Objects(data)
    root = objects.dict_of(objects.trailer["/Root"])
    for ref in objects.resolve(objects.dict_of(root["/AcroForm"])["/Fields"]):  # type: ignore[union-attr]
        field = objects.dict_of(ref)
        if field.get("/T") == "signature":
            appearance = objects.dict_of(field["/AP"])["/N"]
            assert isinstance(ref, Ref) and isinstance(appearance, Ref)
            return ref.num, appearance.num
    raise AssertionError("no signature field")


def body(data: bytes, num: int) -> bytes:
    """Object ``num``'s body where the file's newest cross-reference data places it."""
    at = Objects(data).xref[(num, 0)]
    start = data.index(b"obj", at) + 3
    return data[start : data.index(b"endobj", start)].strip()


def lying_font(num: int, cmap: int) -> list[tuple[int, bytes]]:
    """Objects ``num`` (Helvetica, not embedded) and ``cmap`` (its /ToUnicode): the font
    draws SHOWN's letters and its text reads them as READ's."""
    pairs = sorted({(ord(s), ord(r)) for s, r in zip(SHOWN, READ, strict=True)})
    assert len({s for s, _ in pairs}) == len(pairs), "one reading per letter shown"
    body = "".join(f"<{s:02X}> <{r:04X}>\n" for s, r in pairs)
    tounicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Lie def /CMapType 2 def\n1 begincodespacerange <00> <FF> "
        f"endcodespacerange\n{len(pairs)} beginbfchar\n{body}endbfchar\nendcmap CMapName "
        "currentdict /CMap defineresource pop end end"
    ).encode()
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        b"/ToUnicode %d 0 R >>" % cmap
    )
    return [(cmap, stream(tounicode)), (num, font)]


def _size(data: bytes) -> int:
    return max(int(v) for v in re.findall(rb"/Size (\d+)", data))


def _startxref(data: bytes) -> int:
    return int(re.findall(rb"startxref\s+(\d+)", data)[-1])


def _lying_appearance(objects: Objects, ref: Ref, font: int) -> bytes:
    """The appearance stream ``ref`` drawing SHOWN where it drew READ, in the lying font."""
    node = objects.get(ref)
    assert isinstance(node, Stream)
    corners = node.entries["/BBox"]
    assert isinstance(corners, tuple)
    content = objects.decoded(ref).replace(READ.encode(), SHOWN.encode())
    bbox = " ".join(f"{float(v):g}" for v in corners if isinstance(v, int | float)).encode()
    return stream(
        content,
        b"/Type /XObject /Subtype /Form /BBox [%s] /Resources << /Font << /Helv %d 0 R >> >> "
        % (bbox, font),
    )


def _name_appearances(objects: Objects) -> list[Ref]:
    """The form streams of ``objects`` that draw READ."""
    found = []
    for num, gen in list(objects.xref):
        node = objects.get(Ref(num, gen))
        is_form = isinstance(node, Stream) and node.entries.get("/Subtype") == "/Form"
        if is_form and READ.encode() in objects.decoded(Ref(num, gen)):
            found.append(Ref(num, gen))
    return found


def _later_bodies(data: bytes) -> bytes:
    """Bodies to append to ``data``: the lying font and, under the numbers of the name's
    appearance streams, appearances drawing SHOWN in it (listed nowhere)."""
    objects = Objects(data)
    font, cmap = _size(data), _size(data) + 1
    out = bytearray()
    bodies = lying_font(font, cmap)
    bodies += [
        (ref.num, _lying_appearance(objects, ref, font)) for ref in _name_appearances(objects)
    ]
    for num, body in bodies:
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    return bytes(out)


def rebuilt_by_update(data: bytes) -> bytes:
    """``data`` (a return pypdf filled) with the name's lying appearances appended, unlisted,
    and an update whose table gives object 1 object 2's offset: viewers rebuild the
    cross-reference data and draw the later bodies."""
    objects = Objects(data)
    out = data + _later_bodies(data)
    root = objects.trailer["/Root"]
    assert isinstance(root, Ref)
    return out + (
        b"xref\n1 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %d %d R /Prev %d >>\n"
        b"startxref\n%d\n%%%%EOF\n"
        % (objects.xref[(2, 0)], _size(data), root.num, root.gen, _startxref(data), len(out))
    )


def rebuilt_in_one_section(data: bytes) -> bytes:
    """The same without an update: the lying bodies sit, unlisted, before the only table,
    whose entry for object 1 gives object 2's offset."""
    assert data.count(b"startxref") == 1, "expects a file of one section"
    objects = Objects(data)
    evil = _later_bodies(data)
    at = _startxref(data)
    end = data.index(b"trailer", at)
    right = b"%010d 00000 n" % objects.xref[(1, 0)]
    table = data[at:end]
    assert table.count(right) == 1
    table = table.replace(right, b"%010d 00000 n" % objects.xref[(2, 0)])
    tail = data[end : data.rindex(b"startxref")]
    return data[:at] + evil + table + tail + b"startxref\n%d\n%%%%EOF\n" % (at + len(evil))


def widget_twice_in_object_stream(data: bytes) -> bytes:
    """``data`` plus an update (a cross-reference stream) putting each widget whose
    appearance draws READ into one object stream that lists it twice: the honest
    dictionary, then one whose /AP draws SHOWN in the lying font; the entries name the
    second."""
    objects = Objects(data)
    size = _size(data)
    font, cmap, next_free = size, size + 1, size + 2
    out = bytearray(data)
    offsets: dict[int, int] = {}

    def add(num: int, body: bytes) -> None:
        offsets[num] = len(out)
        out.extend(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    for num, body in lying_font(font, cmap):
        add(num, body)
    head, bodies = b"", b""
    compressed: list[tuple[int, int]] = []
    for num, gen in list(objects.xref):
        node = objects.get(Ref(num, gen))
        appearance = node.get("/AP") if isinstance(node, dict) else None
        normal = appearance.get("/N") if isinstance(appearance, dict) else None
        if not isinstance(normal, Ref) or READ.encode() not in objects.decoded(normal):
            continue
        honest = objects.body(Ref(num, gen))
        assert honest is not None
        add(next_free, _lying_appearance(objects, normal, font))
        lying = honest.replace(b"/N %d 0 R" % normal.num, b"/N %d 0 R" % next_free)
        assert lying != honest, honest
        next_free += 1
        for body in (honest, lying):
            head += b"%d %d " % (num, len(bodies))
            bodies += body + b"\n"
        compressed.append((num, 2 * len(compressed) + 1))
    assert compressed, "no widget draws the name"
    objstm, xref = next_free, next_free + 1
    n = 2 * len(compressed)
    add(objstm, stream(head + bodies, b"/Type /ObjStm /N %d /First %d " % (n, len(head))))
    offsets[xref] = len(out)
    index, rows = [], b""
    for num, slot in compressed:
        index += [num, 1]
        rows += row(2, objstm, slot)
    index += [size, xref + 1 - size]
    rows += b"".join(row(1, offsets[num], 0) for num in range(size, xref + 1))
    root = objects.trailer["/Root"]
    assert isinstance(root, Ref)
    entries = b"/Type /XRef /Size %d /W [1 4 2] /Index [%s] /Root %d %d R /Prev %d " % (
        xref + 1,
        b" ".join(b"%d" % v for v in index),
        root.num,
        root.gen,
        _startxref(data),
    )
    out += b"%d 0 obj\n" % xref + stream(rows, entries) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref]
    return bytes(out)


# ------------------------------------------------------------------------ the quick path


def rewrite_update(data: bytes, change: Change, form: Form | None = None) -> bytes:
    """``data`` (our template plus one update) with the update's objects, edited by
    ``change``, written again in fill's format: each object in turn, one table, the
    trailer. With ``change`` editing nothing the file comes back byte for byte."""
    base = len((form or load_form()).template)
    update = data[base:]
    at = update.rindex(b"\nxref\n") + 1
    trailer = update[update.index(b"trailer\n", at) :]
    objs = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rb"(\d+) 0 obj\n(.*?)\nendobj\n", update[:at], re.S)
    }
    size = change(objs, int(re.findall(rb"/Size (\d+)", trailer)[0]))
    out = bytearray(data[:base])
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    table_at = len(out)
    out += b"xref\n"
    runs: list[list[int]] = []
    for num in sorted(offsets):
        if runs and runs[-1][-1] == num - 1:
            runs[-1].append(num)
        else:
            runs.append([num])
    for run in runs:
        out += b"%d %d\n" % (run[0], len(run))
        out += b"".join(b"%010d 00000 n \n" % offsets[num] for num in run)
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % size, trailer)
    out += re.sub(rb"startxref\n\d+", b"startxref\n%d" % table_at, trailer)
    return bytes(out)


def _appearances_of(objs: dict[int, bytes], fields: tuple[str, ...]) -> list[int]:
    """The numbers of the normal appearances of ``fields``' widgets among ``objs``."""
    found: set[int] = set()
    for body in list(objs.values()):
        title = re.search(rb"/T \((\w+)\)", body)
        if not title or title.group(1).decode() not in fields:
            continue
        widgets = [body]
        kids = re.search(rb"/Kids \[([^\]]*)\]", body)
        if kids:
            widgets += [objs[int(k)] for k in re.findall(rb"(\d+) 0 R", kids.group(1))]
        for widget in widgets:
            found.update(int(a) for a in re.findall(rb"/AP << /N (\d+) 0 R >>", widget))
    return sorted(found)


def _split(body: bytes) -> tuple[bytes, bytes]:
    head, content = body.split(b"\nstream\n", 1)
    return head, content[: content.rindex(b"\nendstream")]


def _join(head: bytes, content: bytes) -> bytes:
    head = re.sub(rb"/Length \d+", b"/Length %d" % len(content), head)
    return head + b"\nstream\n" + content + b"\nendstream"


def drawn_by_a_form(
    shown: str = SHOWN, fields: tuple[str, ...] = ("speaker_name", "signature")
) -> Change:
    """Each appearance of ``fields`` draws its glyphs invisibly (render mode 3) and calls
    a form XObject that draws ``shown`` in Helvetica: the text tokens still read the value."""

    def change(objs: dict[int, bytes], size: int) -> int:
        font, size = size, size + 1
        objs[font] = (
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        )
        for ap in _appearances_of(objs, fields):
            head, content = _split(objs[ap])
            bbox = re.search(rb"/BBox \[([^\]]*)\]", head)
            assert bbox
            xobject, size = size, size + 1
            draw = b"BT 0 Tr /Helv 11 Tf 0 g 2 3 Td (%s) Tj ET" % shown.encode()
            objs[xobject] = stream(
                draw,
                b"/Type /XObject /Subtype /Form /BBox [%s] "
                b"/Resources << /Font << /Helv %d 0 R >> >> " % (bbox.group(1), font),
            )
            content = content.replace(b"BT 0 g", b"BT 3 Tr 0 g").replace(
                b"ET Q EMC", b"ET /X1 Do Q EMC"
            )
            head = head.replace(b"/ProcSet", b"/XObject << /X1 %d 0 R >> /ProcSet" % xobject)
            objs[ap] = _join(head, content)
        return size

    return change


def under_actual_text(shown: str, read: str = READ, form: Form | None = None) -> Change:
    """The printed name's appearances draw ``shown`` in our own value font, inside a span
    whose /ActualText is ``read``."""
    glyphs = (form or load_form()).value_font.glyphs
    hexes = b"".join(b"%04X" % glyphs[c][0] for c in shown)

    def change(objs: dict[int, bytes], size: int) -> int:
        for ap in _appearances_of(objs, ("speaker_name",)):
            head, content = _split(objs[ap])
            spanned = re.sub(
                rb"/PRF0 10 Tf <[0-9A-F]+> Tj",
                b"/Span << /ActualText (%s) >> BDC /PRF0 10 Tf <%s> Tj EMC"
                % (read.encode(), hexes),
                content,
            )
            assert spanned != content, content
            objs[ap] = _join(head, spanned)
        return size

    return change


def appearance_edited(
    old: bytes, new: bytes, fields: tuple[str, ...] = ("speaker_name",)
) -> Change:
    """Each appearance of ``fields`` with ``old`` replaced by ``new``: still made of the
    operators fill writes (grey level, clip, rise), but no longer what fill draws."""

    def change(objs: dict[int, bytes], size: int) -> int:
        for ap in _appearances_of(objs, fields):
            head, content = _split(objs[ap])
            assert old in content, content
            objs[ap] = _join(head, content.replace(old, new))
        return size

    return change
