"""A PDF file's objects read straight from its bytes, as plain values, or not at all.

pypdf reads one byte at a time and builds an object per token; reading a two-page form
that way costs tens of milliseconds. :class:`Objects` reads the cross-reference data
(tables, streams, ``/Prev`` chains, object streams) and parses objects on demand into the
plain values of :data:`Node`, exactly as :func:`pubrelease.pdf.revisions.node_of` makes
them from pypdf's objects. A parsed object is cached by its exact bytes, so the fonts and
pages a form's returns share are parsed once per process (the values are shared: never
modify them).

It reads only files it can vouch for: whenever pypdf could read a file differently (a
repaired cross-reference, an object found by searching, a stream without a clean
``endstream``, an escaped name, a duplicate key, encryption, anything unusual) it raises
:class:`NotSure` and the caller reads the file with pypdf as before. Never trust a value
from here that the pypdf path would not give.
"""

from __future__ import annotations

import functools
import re

from .nodes import (
    SKIP,
    Ambiguous,
    Loc,
    Node,
    NotSure,
    Ref,
    Stream,
    cached,
    parse_node,
    stream_digest,
)
from .streamfilters import decoded as filtered
from .streamfilters import inflate
from .xrefrules import (
    MAX_LIVE,
    OBJECT_ZERO,
    PDFIUM_SIZE,
    REBUILT,
    body_refs,
    check_generations,
    refs,
    twice,
)

__all__ = [
    "OBJECT_HEADER",
    "STARTXREF_WINDOW",
    "Ambiguous",
    "Loc",
    "Node",
    "NotSure",
    "Objects",
    "Ref",
    "Stream",
    "inflate",
    "parse_node",
]

MAX_LENGTH = 64_000_000
"""A declared stream length beyond this is left to pypdf (its limit is 75 MB)."""

OBJECT_HEADER = re.compile(rb"[\x00\t\n\x0c\r ]*(\d+)[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+obj")
"""An object's header (``num gen obj``) where the cross-reference data says it starts,
whitespace before it allowed: its number and generation."""
_STREAM_EOL = re.compile(rb"stream *(?:\r\n|\n|\r)")
_ENDSTREAM = re.compile(rb"[\x00\t\n\x0c\r ]*endstream")
_SPACES = re.compile(rb"[\x00\t\n\x0c\r ]*")
_TAIL = re.compile(
    rb"(?:\r\n|\r|\n)startxref(?:\r\n|\r|\n)(\d+)(?:\r\n|\r|\n)%%EOF[\x00\t\n\x0c\r ]*\Z"
)
_WHITESPACE = b"\x00\t\n\x0c\r "
STARTXREF_WINDOW = 1024
"""How near its end a file's ``startxref`` must be, whitespace after its ``%%EOF``
counted: MuPDF looks for it in the last 1024 bytes (PDFium in the last 4096; pypdf,
poppler and pdf.js further), and rebuilds the cross-reference data from the bodies
without it. Within it, every reader finds the same section: a file that came back with
a blank line or NULs after its end (a mail program, a download) is read as it was."""
_XREF_SUB = re.compile(rb"(\d+) (\d+)[ \t]*(?:\r\n|\r|\n)")
_XREF_ENTRY = rb"(?:\d{10} \d{5} [nf](?: \r| \n|\r\n))"


@functools.lru_cache(maxsize=64)
def _xref_block(count: int) -> re.Pattern[bytes]:
    """``count`` cross-reference entries of 20 bytes each."""
    return re.compile(_XREF_ENTRY + b"{%d}" % count)


_TRAILER = re.compile(rb"[\x00\t\n\x0c\r ]*trailer[\x00\t\n\x0c\r ]*")


class Objects:
    """The objects of ``data[:end]``, read from its cross-reference data (or :class:`NotSure`)."""

    def __init__(self, data: bytes, end: int | None = None) -> None:
        data = data if end is None or end == len(data) else data[:end]
        self._unread(data)
        if not data.startswith(b"%PDF-"):
            raise NotSure("no header at the start")
        tail = _TAIL.search(data, max(0, len(data.rstrip(_WHITESPACE)) - 64))
        if tail is None or len(data) - tail.start() > STARTXREF_WINDOW:
            raise NotSure("no clean startxref at the end")
        self.startxref = int(tail.group(1))  # (where the last section starts)
        self._read_chain(self.startxref)
        if "/Encrypt" in self.trailer:
            raise NotSure("encrypted")
        for (num, gen), offset in self.xref.items():
            head = OBJECT_HEADER.match(data, offset)
            if head is None or (int(head.group(1)), int(head.group(2))) != (num, gen):
                raise NotSure(f"object {num} {gen} is not where the table says")
        self._check_object_streams()
        if self.revived or any(gens != {0} for gens in self.generations.values()):
            self.check_live()

    @classmethod
    def unread(cls, data: bytes) -> Objects:
        """A reader of ``data`` that has read no cross-reference data yet: each section is
        read by :meth:`read_section` (to look at sections off the chain)."""
        reader = cls.__new__(cls)
        reader._unread(data)
        return reader

    def _unread(self, data: bytes) -> None:
        self.data = data
        self.xref: dict[tuple[int, int], int] = {}
        """``(num, gen)``: offset of every object in use outside object streams."""
        self.in_stream: dict[int, tuple[int, int]] = {}
        """``num``: (object stream number, index) of compressed objects."""
        self.trailer: dict[str, Node] = {}
        self._nodes: dict[tuple[int, int], Node] = {}
        self._raw: dict[tuple[int, int], bytes] = {}
        self._bodies: dict[tuple[int, int], bytes] = {}
        """The bytes each object that is no stream was parsed from (:meth:`body`)."""
        self._streams: dict[int, dict[int, bytes]] = {}
        self._numbers: dict[int, list[int]] = {}
        """Per object stream read, the object numbers its header lists, in order."""
        self._resolving: set[tuple[int, int]] = set()
        self.generations: dict[int, set[int]] = {}
        """Per object number, the generations in use in every section read."""
        self._freed: set[int] = set()
        self.revived: set[int] = set()
        """Numbers a section marks free that an older section defines (pypdf and PDFium
        read the older object, MuPDF and pdf.js nothing: :meth:`_check_revived`)."""
        self.sections: frozenset[int] = frozenset()
        """Where the sections of the chain from ``startxref`` start (not a ``/XRefStm``)."""

    # -- cross-reference data -----------------------------------------------------------

    def _read_chain(self, offset: int) -> None:
        seen: set[int] = set()
        free: set[tuple[int, int]] = set()
        while True:
            if offset in seen or not 0 < offset < len(self.data) or len(seen) > 1000:
                raise NotSure("cross-reference chain")
            seen.add(offset)
            if self.data[offset - 1 : offset] not in (b"\r", b"\n", b" ", b"\t"):
                raise NotSure("startxref not after whitespace")
            if self.data.startswith(b"xref", offset):
                trailer = self._table(offset, free)
                kept = trailer
                hybrid = trailer.get("/XRefStm")  # a stream after the table, as pypdf reads it
                if hybrid is not None:
                    if not isinstance(hybrid, int) or isinstance(hybrid, bool):
                        raise NotSure("/XRefStm")
                    # (PDFium reads the /XRefStm of an update only, not of the first section)
                    self._xref_stream(hybrid, free, skipped="/Prev" not in trailer)
            else:
                trailer = self._xref_stream(offset, free)
                if "/XRefStm" in trailer:
                    raise NotSure("/XRefStm in a cross-reference stream")
                kept = {k: v for k, v in trailer.items() if k in _XREF_STREAM_TRAILER}
            for key, value in kept.items():
                self.trailer.setdefault(key, value)
            prev = trailer.get("/Prev")
            if prev is None:
                break
            if not isinstance(prev, int) or isinstance(prev, bool):
                raise NotSure("/Prev")
            offset = prev
        self.sections = frozenset(seen)
        if free & self.xref.keys():
            # a table's free entry that no older table redefines, for an object a
            # cross-reference stream defines: pypdf reads it as null
            raise NotSure("an object both free and in use")

    def _entry(self, num: int, used: bool) -> None:
        """Note a section's entry for ``num`` (sections are read newest first)."""
        if not used and num not in self.generations:
            self._freed.add(num)
        elif used and num in self._freed:
            self.revived.add(num)

    def _named(self, ref: Ref) -> None:
        """Raise :class:`Ambiguous` when readers resolve ``ref`` to different objects: a
        number a newer section marks free and an older one defines, one in use under two
        generations, or one in use under a generation other than 0 that ``ref`` names by
        another. Asked of every reference :meth:`check_live` follows, and of the
        references the reader follows by itself: a stream's ``/Length``, an object
        stream holding objects (PDFium finds either by its number)."""
        if ref.num in self.revived:
            raise Ambiguous(f"object {ref.num} is {_REVIVED}")
        gens = self.generations.get(ref.num, {0})
        if len(gens) > 1:
            check_generations({ref.num: gens})
        if gens != {0} and ref.gen not in gens:
            raise Ambiguous(
                f"object {ref.num} is in use as generation {min(gens)}, and a reference "
                f"names it by generation {ref.gen} (PDFium reads it, pypdf finds nothing)"
            )

    def check_live(self) -> None:
        """Raise :class:`Ambiguous` when a reference reached from the trailer names an
        object readers resolve differently: one a newer section marks free and an older
        one defines (:attr:`revived`), one in use under two generations
        (:func:`check_generations`), or one in use under a generation other than 0 that
        the reference names by another (:func:`check_references`). An object deleted,
        or replaced, and no longer named is no matter: poppler (Evince, Okular) saves a
        filled form with the appearance streams it replaced listed again under the next
        generation, named by nothing but the revision before."""
        left = refs(self.trailer)
        seen: set[Ref] = set()
        while left:
            ref = left.pop()
            self._named(ref)
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > MAX_LIVE:
                raise Ambiguous("objects readers resolve differently: too many to follow")
            node = self.get(ref)
            body = self._bodies.get((ref.num, ref.gen))
            left.extend(refs(node) if body is None else body_refs(body, node))

    def read_section(self, offset: int) -> dict[str, Node]:
        """The cross-reference section (a table or a stream) at ``offset`` read, its entries
        added to those read before; its trailer."""
        if self.data.startswith(b"xref", offset):
            return self._table(offset, set())
        return self._xref_stream(offset, set())

    def _table(self, offset: int, free: set[tuple[int, int]]) -> dict[str, Node]:
        listed: dict[int, bytes] = {}  # number -> its entry in this table
        data, pos = self.data, offset + 4
        pos = SKIP.match(data, pos).end()  # type: ignore[union-attr]
        while True:
            sub = _XREF_SUB.match(data, pos)
            if sub is None:
                break
            first, count = int(sub.group(1)), int(sub.group(2))
            pos = sub.end()
            if count > 1_000_000:
                raise NotSure("xref size")
            block = data[pos : pos + 20 * count]
            if len(block) != 20 * count or not _xref_block(count).fullmatch(block):
                raise NotSure("xref entries")
            pos += 20 * count
            if first == 1 and count and block[17] == 102:
                raise Ambiguous(
                    "a cross-reference subsection starts at object 1 with a free entry "
                    "(pdf.js reads it as starting at 0, other readers at 1)"
                )
            for i in range(count):
                at = 20 * i
                num, gen = first + i, int(block[at + 11 : at + 16])
                entry = block[at : at + 18]
                if listed.setdefault(num, entry) != entry:
                    raise twice(num)
                if num == 0 and block[at + 17] == 110:
                    raise Ambiguous(OBJECT_ZERO)
                self._entry(num, block[at + 17] == 110)
                if block[at + 17] == 110:
                    self.generations.setdefault(num, set()).add(gen)
                if (num, gen) in self.xref:
                    continue  # a newer section defined it
                if block[at + 17] == 110:  # n: pypdf's tables do not look at object streams
                    self.xref[(num, gen)] = int(block[at : at + 10])
                    free.discard((num, gen))
                else:  # f: pypdf marks it free until an older table defines it
                    free.add((num, gen))
        head = _TRAILER.match(data, pos)
        if head is None or head.end() == pos:
            raise NotSure("no trailer keyword")
        trailer, _ = parse_node(data, head.end())
        if not isinstance(trailer, dict):
            raise NotSure("trailer")
        return trailer

    def _xref_stream(
        self, offset: int, free: set[tuple[int, int]], *, skipped: bool = False
    ) -> dict[str, Node]:
        """The cross-reference stream at ``offset`` read, its entries added to those of
        newer sections; its trailer. ``skipped``: a stream PDFium does not read (the
        ``/XRefStm`` of the first section), whose entries must add nothing."""
        head = OBJECT_HEADER.match(self.data, offset)
        if head is None or head.start(1) != offset:
            raise NotSure("startxref points at neither a table nor an object")
        if head.group(1).lstrip(b"0") == b"":
            raise Ambiguous(REBUILT + "a cross-reference stream numbered 0")
        entries, raw = self._stream_at(head.end(), xref=True)
        if entries.get("/Type") != "/XRef" or "/Size" not in entries:
            raise NotSure("not an xref stream")
        widths = entries.get("/W")
        size = entries["/Size"]
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= PDFIUM_SIZE:
            raise Ambiguous(REBUILT + f"a cross-reference stream of /Size {size!r}")
        index = entries.get("/Index", (0, size))
        if (
            not isinstance(widths, tuple)
            or len(widths) != 3
            or not all(isinstance(w, int) and 0 <= w <= 8 for w in widths)
            or not isinstance(index, tuple)
            or len(index) % 2
            or not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in index)
        ):
            raise NotSure("xref stream /W or /Index")
        table = filtered(entries, raw)
        w0, w1, w2 = (int(w) for w in widths)  # type: ignore[arg-type]
        pairs = [int(i) for i in index]  # type: ignore[arg-type]
        row = w0 + w1 + w2
        total = sum(pairs[1::2])
        if total == 0 and row and len(table) >= row:
            raise Ambiguous(
                "a cross-reference stream whose /Index lists no object (PDFium drops every "
                "pair of count 0 and, none left, reads its rows as objects 0 to /Size; "
                "pypdf reads none)"
            )
        if row == 0 or total * row > len(table) or total > 1_000_000:
            raise NotSure("xref stream too short")
        pos = 0

        def field(width: int, default: int) -> int:
            nonlocal pos
            if width == 0:
                return default
            value = int.from_bytes(table[pos : pos + width], "big")
            pos += width
            return value

        listed: dict[int, tuple[int, int, int]] = {}  # number -> its entry in this stream
        for k in range(0, len(pairs), 2):
            first, count = pairs[k], pairs[k + 1]
            for num in range(first, first + count):
                kind, second, third = field(w0, 1), field(w1, 0), field(w2, 0)
                if listed.setdefault(num, (kind, second, third)) != (kind, second, third):
                    raise twice(num)
                if kind in (1, 2) and num == 0:
                    raise Ambiguous(OBJECT_ZERO)
                if kind in (1, 2) and skipped and num not in self.generations:
                    # (PDFium finds it nowhere; pypdf reads it: left to pypdf's path, whose
                    # reading is compared with what PDFium shows)
                    raise NotSure(
                        f"object {num} is listed in the /XRefStm of the first section, which "
                        "PDFium does not read (pypdf reads it)"
                    )
                if kind == 1 and third > 0xFFFF:
                    raise Ambiguous(
                        f"object {num} is listed under generation {third}, above 65535 "
                        "(PDFium drops the entry, pypdf reads it)"
                    )
                if kind == 0 and any(g < third for g in self.generations.get(num, ())):
                    # (an object freed is used again under the generation its entry gives)
                    raise Ambiguous(
                        f"object {num} is in use, and a cross-reference stream marks it free "
                        f"under generation {third} (PDFium reads it as free, pypdf reads it)"
                    )
                self._entry(num, kind in (1, 2))
                if kind in (1, 2):
                    self.generations.setdefault(num, set()).add(third if kind == 1 else 0)
                if kind == 1:
                    if (num, third) not in self.xref and num not in self.in_stream:
                        self.xref[(num, third)] = second
                elif kind == 2:
                    if (num, 0) not in self.xref and num not in self.in_stream:
                        self.in_stream[num] = (second, third)
                elif kind != 0:  # pypdf ignores a stream's free entries
                    raise NotSure("xref entry type")
        keys = (*_XREF_STREAM_TRAILER, "/Prev", "/XRefStm")
        return {k: v for k, v in entries.items() if k in keys}

    # -- objects ---------------------------------------------------------------------------

    def _stream_at(
        self, pos: int, *, xref: bool = False, keyword: int | None = None
    ) -> tuple[dict[str, Node], bytes]:
        """The dictionary and raw data of the stream object whose body starts at ``pos``
        (``xref``: a cross-reference stream, read before the objects are known), its
        ``stream`` keyword the first after ``pos`` unless ``keyword`` says where."""
        data = self.data
        keyword = data.find(b"stream", pos) if keyword is None else keyword
        if keyword < 0:
            raise NotSure("no stream keyword")
        entries = cached(data[pos:keyword])
        if not isinstance(entries, dict):
            raise NotSure("stream without a dictionary")
        if data.find(b"%", pos, keyword) >= 0 and data[parse_node(data, pos)[1] : keyword].strip(
            _WHITESPACE
        ):  # (PDFium reads a stream, pypdf a dictionary)
            raise NotSure("a comment between a stream's dictionary and its keyword")
        eol = _STREAM_EOL.match(data, keyword)
        if eol is None:
            raise NotSure("stream keyword without its end of line")
        length = entries.get("/Length")
        if isinstance(length, Ref):
            if xref:
                raise NotSure("a cross-reference stream's length by reference")
            self._named(length)
            length = self.get(length)
        if not isinstance(length, int) or isinstance(length, bool) or not 0 <= length <= MAX_LENGTH:
            raise NotSure("stream length")
        start = eol.end()
        if start + length > len(data) or not _ENDSTREAM.match(data, start + length):
            raise NotSure("stream not followed by endstream")
        return entries, data[start : start + length]

    def location(self, ref: Ref) -> Loc:
        """Where pypdf reads ``ref`` from (as :meth:`pubrelease.pdf.revisions.Revision.loc`)."""
        if ref.gen == 0 and ref.num in self.in_stream:
            stream, index = self.in_stream[ref.num]
            return ("s", self.location(Ref(stream, 0)), index)
        offset = self.xref.get((ref.num, ref.gen))
        if offset is None:
            raise NotSure(f"object {ref.num} {ref.gen} is not in the cross-reference data")
        return ("x", offset, ref.num, ref.gen)

    def get(self, ref: Ref) -> Node:
        """The object ``ref`` names (one level: its own references stay references)."""
        key = (ref.num, ref.gen)
        node = self._nodes.get(key, self._nodes)
        if node is not self._nodes:
            return node  # type: ignore[return-value]
        if key in self._resolving:
            raise NotSure("an object that needs itself")
        self._resolving.add(key)
        try:
            if ref.gen == 0 and ref.num in self.in_stream:
                node = self._compressed(ref.num)
            else:
                node = self._direct(key)
        finally:
            self._resolving.discard(key)
        self._nodes[key] = node
        return node

    def _direct(self, key: tuple[int, int]) -> Node:
        data = self.data
        offset = self.xref.get(key)
        if offset is None:
            raise NotSure(f"object {key} is not in the cross-reference data")
        head = OBJECT_HEADER.match(data, offset)
        assert head is not None  # checked when the table was read
        start = head.end()
        stop = data.find(b"endobj", start)
        keyword = data.find(b"stream", start, stop if stop >= 0 else len(data))
        try:
            if keyword >= 0 and (stop < 0 or keyword < stop):
                return self._stream(key, start)
            if stop < 0:
                raise NotSure("no endobj")
            node = cached(data[start:stop])
        except Ambiguous:
            raise
        except NotSure:  # ("stream" or "endobj" inside a string, a name, a comment?)
            return self._tokenized(key, start)
        self._bodies[key] = data[start:stop]
        return node

    def _stream(self, key: tuple[int, int], start: int, keyword: int | None = None) -> Stream:
        entries, raw = self._stream_at(start, keyword=keyword)
        self._raw[key] = raw
        return Stream({k: v for k, v in entries.items() if k != "/Length"}, stream_digest(raw))

    def _tokenized(self, key: tuple[int, int], start: int) -> Node:
        """The object whose body starts at ``start`` read token by token, as pypdf and
        PDFium read it: the first ``stream`` or ``endobj`` in its bytes may be inside a
        value (a title "Downstream...", a name ``/Upstream``). Only whitespace may lie
        between its value and its keyword (pypdf skips no comment there, PDFium does)."""
        data = self.data
        _, end = parse_node(data, start)
        after = _SPACES.match(data, end).end()  # type: ignore[union-attr]
        if data.startswith(b"stream", after):
            return self._stream(key, start, after)
        if not data.startswith(b"endobj", after):
            raise NotSure("an object not followed by endobj")
        body = self._bodies[key] = data[start:after]
        return cached(body)

    def _compressed(self, num: int) -> Node:
        stream_num, _ = self.in_stream[num]
        bodies = self._streams.get(stream_num)
        if bodies is None:
            bodies = self._object_stream(stream_num)
            self._streams[stream_num] = bodies
        body = bodies.get(num)
        if body is None:
            raise NotSure(f"object {num} is not in its object stream")
        self._bodies[(num, 0)] = body
        return cached(body)

    def body(self, ref: Ref) -> bytes | None:
        """The bytes :meth:`get` parsed ``ref`` from (in the file, or in its object
        stream); None for a stream."""
        self.get(ref)
        return self._bodies.get((ref.num, ref.gen))

    def _object_stream(self, stream_num: int) -> dict[int, bytes]:
        if stream_num in self.in_stream:
            raise NotSure("an object stream inside an object stream")
        ref = Ref(stream_num, 0)
        self._named(ref)
        node = self.get(ref)
        if not isinstance(node, Stream) or node.entries.get("/Type") != "/ObjStm":
            raise NotSure("not an object stream")
        n, first = node.entries.get("/N"), node.entries.get("/First")
        if not isinstance(n, int) or not isinstance(first, int) or isinstance(n, bool):
            raise NotSure("object stream /N /First")
        data = self.decoded(ref)
        header = data[:first].split()
        if len(header) != 2 * n or not 0 <= first <= len(data) or n > len(data) // 3:
            raise NotSure("object stream header")
        try:
            pairs = [(int(header[i]), int(header[i + 1])) for i in range(0, len(header), 2)]
        except ValueError as exc:
            raise NotSure("object stream header") from exc
        bodies: dict[int, bytes] = {}
        for i, (num, at) in enumerate(pairs):
            stop = first + pairs[i + 1][1] if i + 1 < len(pairs) else len(data)
            if num in bodies and bodies[num].strip() != data[first + at : stop].strip():
                raise Ambiguous(  # (two bodies: the same one twice, as pdfcpu writes, is sure)
                    f"object stream {stream_num} holds object {num} twice (PDFium reads "
                    "the body its index names, pypdf the first)"
                )
            if num == 0:
                raise Ambiguous(
                    f"object stream {stream_num} holds an object numbered 0 (PDFium skips "
                    "it, and finds each object after it at another index than pypdf)"
                )
            if not 0 <= first + at <= stop or num < 0:
                raise NotSure("object stream index")
            bodies.setdefault(num, data[first + at : stop])  # (the first, as pypdf)
        self._numbers[stream_num] = [num for num, _ in pairs]
        return bodies

    def _check_object_streams(self) -> None:
        """Every object stream in use read now, so that one holding an object twice, or
        an object the cross-reference data finds at an index holding another number
        (PDFium reads by index, pypdf by number), is :class:`Ambiguous` from the start."""
        for num, (stream_num, index) in sorted(self.in_stream.items()):
            if stream_num not in self._streams:
                self._streams[stream_num] = self._object_stream(stream_num)
            numbers = self._numbers[stream_num]
            if not 0 <= index < len(numbers) or numbers[index] != num:
                raise Ambiguous(
                    f"object {num} is listed at index {index} of object stream {stream_num}, "
                    "which holds another object there (PDFium reads by index, pypdf by number)"
                )

    def raw(self, ref: Ref) -> bytes:
        """The raw data of stream ``ref``."""
        node = self.get(ref)
        if not isinstance(node, Stream):
            raise NotSure("not a stream")
        return self._raw[(ref.num, ref.gen)]

    def decoded(self, ref: Ref, limit: int | None = None) -> bytes:
        """The decoded data of stream ``ref`` (:mod:`.streamfilters`), no longer
        than ``limit`` (default: pypdf's limit; a stream past it is :class:`NotSure`)."""
        node = self.get(ref)
        if not isinstance(node, Stream):
            raise NotSure("not a stream")
        return filtered(node.entries, self._raw[(ref.num, ref.gen)], limit)

    def resolve(self, value: Node) -> Node:
        """``value``, or what it refers to (through references to references)."""
        if not isinstance(value, Ref):
            return value  # (most values: asked for hundreds of times a file)
        nodes = self._nodes  # (what :meth:`get` gives, kept: looked up here first)
        for _ in range(8):
            if not isinstance(value, Ref):
                return value
            node = nodes.get((value.num, value.gen), nodes)
            value = self.get(value) if node is nodes else node  # type: ignore[assignment]
        raise NotSure("a chain of references")

    def dict_of(self, value: Node) -> dict[str, Node]:
        node = self.resolve(value) if isinstance(value, Ref) else value
        if type(node) is dict:
            return node
        if isinstance(node, Stream):
            return node.entries
        return node if isinstance(node, dict) else {}


_XREF_STREAM_TRAILER = ("/Root", "/Encrypt", "/Info", "/ID", "/Size")
_REVIVED = (
    "marked free by a newer cross-reference section than the one that defines it (pypdf "
    "and PDFium read it, MuPDF and pdf.js nothing)"
)
