"""pyHanko's hex strings and names read whole (:mod:`pubrelease.reading.hankotokens`):
every token reads as pyHanko's own functions read it, value, error and where the stream is
left."""

from __future__ import annotations

import contextlib
import decimal
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic

from pubrelease.reading import hankotokens

hankotokens.install()
ORIGINAL = hankotokens._ORIGINAL
ORIGINALS = hankotokens._ORIGINALS


def _read_stream(function: object, data: bytes) -> tuple[object, int]:
    stream = io.BytesIO(data)
    try:
        value: object = function(stream)  # type: ignore[operator]
    except Exception as exc:  # (the same kind of error, from the same place)
        value = type(exc)
    return value, stream.tell()


PIECES = st.lists(
    st.sampled_from(
        [
            *(b"0", b"7", b"a", b"F", b"e3"),
            *(b" ", b"\n", b"\r\n", b"\t", b"\x00", b"\x0c"),
            *(b"%", b"% a comment >\n", b"g", b"<", b">", b")", b"\xff", b"ab>cd>"),
        ]
    ),
    max_size=40,
)


@settings(max_examples=600, deadline=None)
@given(PIECES, st.sampled_from([b"", b">", b"> rest", b">>"]))
def test_a_hex_string_reads_as_pyhanko_reads_it(pieces: list[bytes], end: bytes) -> None:
    data = b"<" + b"".join(pieces) + end
    assert _read_stream(hankotokens.read_hex_string, data) == _read_stream(ORIGINAL, data)


@pytest.mark.parametrize(
    "data",
    [
        b"<>",
        b"<4>",
        b"<41 42\n43>",
        b"<FEFF0041>",  # a text string: pyHanko decodes it
        b"<" + b"ab" * 40000 + b">trailer",  # longer than a block
        b"<" + b"ab" * 40000,  # no end
        b"<41 % > a comment\n 42>",
    ],
)
def test_strings_of_every_shape_read_alike(data: bytes) -> None:
    assert _read_stream(hankotokens.read_hex_string, data) == _read_stream(ORIGINAL, data)


def test_pyhankos_parser_reads_its_hex_strings_with_it() -> None:
    assert generic.read_hex_string_from_stream is hankotokens.read_hex_string
    stream = io.BytesIO(b"<< /Contents <3082 01> /Name (x) >>")
    read = generic.read_object(stream, generic.Reference(1, 0, None))  # type: ignore[arg-type]
    assert bytes(read["/Contents"]) == b"\x30\x82\x01"


TOKEN_BYTES = st.lists(
    st.sampled_from(
        [
            *(b"A", b"z", b"0", b"-", b".", b"_", b"#", b"#20", b"#4", b"\x7f", b"\xe9", b"\x80"),
            *(b" ", b"\n", b"\x00", b"(", b")", b"<", b">", b"[", b"]", b"{", b"}", b"/", b"%"),
        ]
    ),
    max_size=30,
)


@settings(max_examples=600, deadline=None)
@given(TOKEN_BYTES, st.integers(min_value=0, max_value=3))
def test_a_token_ends_where_pyhanko_ends_it(pieces: list[bytes], skip: int) -> None:
    data = b"".join(pieces)
    ours, theirs = io.BytesIO(data), io.BytesIO(data)
    ours.seek(min(skip, len(data)))
    theirs.seek(min(skip, len(data)))
    got = hankotokens.read_until_delimiter(ours)
    assert (got, ours.tell()) == (ORIGINALS["read_until_delimiter"](theirs), theirs.tell())


def test_a_token_longer_than_a_block_and_at_the_end() -> None:
    for data in (b"x" * 700 + b" y", b"x" * 256, b"x" * 512, b"", b"/"):
        a, b = io.BytesIO(data), io.BytesIO(data)
        assert hankotokens.read_until_delimiter(a) == ORIGINALS["read_until_delimiter"](b)
        assert a.tell() == b.tell()


@settings(max_examples=600, deadline=None)
@given(TOKEN_BYTES)
def test_a_name_decodes_as_pyhanko_decodes_it(pieces: list[bytes]) -> None:
    name = b"".join(pieces)
    assert _decoded(hankotokens.decode_name, name) == _decoded(ORIGINALS["_decode_name"], name)


def _decoded(function: object, name: bytes) -> tuple[object, object]:
    try:
        value: object = function(name)  # type: ignore[operator]
    except Exception as exc:  # (the same kind of error)
        return type(exc), None
    return type(value), value


# -- whole objects -------------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


@contextlib.contextmanager
def _pyhankos_own() -> Iterator[None]:
    """pyHanko's parser as it is, none of the stand-ins in it."""
    saved = {name: getattr(generic, name) for name in ORIGINALS}
    for name, function in ORIGINALS.items():
        setattr(generic, name, function)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(generic, name, function)


def _read_object(data: bytes, start: int, container: object) -> tuple[object, int]:
    stream = io.BytesIO(data)
    stream.seek(start)
    try:
        value: object = generic.read_object(stream, container)  # type: ignore[arg-type]
    except Exception as exc:  # (the same kind of error)
        return type(exc), -1
    return value, stream.tell()


def _both(data: bytes, start: int = 0, container: object = None) -> tuple[object, object]:
    """``data``'s object at ``start`` read by the stand-in and by pyHanko's own parser."""
    if container is None:
        container = generic.Reference(7, 0, _Handler())
    ours = _read_object(data, start, container)
    with _pyhankos_own():
        theirs = _read_object(data, start, container)
    return _shape(ours), _shape(theirs)


class _Handler:
    """What a reference made while reading asks of its reader."""

    strict = False

    def get_object(self, ref: object) -> object:  # (an indirect /Length)
        return generic.NumberObject(4)


def _shape(read: tuple[object, int]) -> object:
    """Everything of a read object that can differ: types, values, containers, where
    the stream was left."""
    value, end = read

    def shape(item: object) -> object:
        container = getattr(item, "__dict__", {}).get("container_ref")
        held = (container.idnum, container.generation) if container is not None else None
        kind = type(item).__name__
        if isinstance(item, generic.StreamObject):
            entries = [(shape(k), shape(v)) for k, v in dict.items(item)]
            return kind, held, entries, item.encoded_data
        if isinstance(item, dict):
            return kind, held, [(shape(k), shape(v)) for k, v in dict.items(item)]
        if isinstance(item, list):
            return kind, held, [shape(v) for v in list.__iter__(item)]
        if isinstance(item, generic.IndirectObject):
            return kind, held, item.idnum, item.generation
        if isinstance(item, generic.BooleanObject):
            return kind, held, item.value
        if isinstance(item, generic.NullObject):
            return kind, held
        if isinstance(item, type):  # (an error's class)
            return item.__name__
        return kind, held, str(item) if isinstance(item, decimal.Decimal) else item

    return shape(value), end


OBJECT_PIECES = st.lists(
    st.sampled_from(
        [
            *(b"<<", b">>", b"[", b"]", b"/Name", b"/Kids", b"/A#20b", b"/", b"/\xe9"),
            *(b"0", b"12", b"-3", b"+.5", b"4.", b"1.2.3", b"1,5", b"12 0 R", b"3 0 R", b"0 0 R"),
            *(b"1\x0b0 R", b"5  \n 0\r\nR", b"R", b"obj", b"true", b"false", b"null", b"nul"),
            *(b"(a)", b"(a\\(b\\))", b"(\\101\\7\\778)", b"(\\\n\n)", b"(\\q)", b"(a(b)c)", b"(\\"),
            *(b"<41 42>", b"<4>", b"<>", b"<4g>", b"<<>>", b"stream\nabcd\nendstream", b"% c\n"),
            *(b" ", b"\n", b"\r\n", b"\x00", b"\x0c", b"\t", b"\x0b", b"{", b")", b"\xff"),
        ]
    ),
    max_size=30,
)


@settings(max_examples=3000, deadline=None)
@given(OBJECT_PIECES, st.sampled_from([b"", b" ", b"\nendobj", b" 3 0 R", b"\n1 0 obj"]))
def test_an_object_reads_as_pyhanko_reads_it(pieces: list[bytes], end: bytes) -> None:
    data = b" ".join(pieces) + end
    ours, theirs = _both(data)
    assert ours == theirs


@pytest.mark.parametrize(
    "data",
    [
        b"<< /Type /Annot /Rect [ 10 20.5 -3 .5 ] /T (speaker\\055name) /V <FEFF0041> >>",
        b"<< /Length 4 >>\nstream\nabcd\nendstream",  # a stream, its data read by pyHanko
        b"<< /Length 9 0 R >>\nstream\nabcd\nendstream",
        b"<< /A << /B [ 1 0 R 2 0 R ] >> /C true /D null /E false >>",
        b"<< /A 1 /A 2 >>",  # a key twice: pyHanko keeps the first and warns
        b"[ " + b"1 0 R " * 2000 + b"]",  # longer than the first block
        b"[ " + b"1 0 R " * 40000 + b"]",  # longer than the second
        b"<< /Kids [ " + b"[ " * 80 + b"] " * 80 + b"] >>",  # deeper than read here
        b"<< /A % a comment\n 1 >>",
        b" << /A 1 >>",  # whitespace first: pyHanko refuses it
        b"12 0 R",
        b"12",
        b"(unbalanced",
    ],
)
def test_objects_of_every_shape_read_alike(data: bytes) -> None:
    ours, theirs = _both(data)
    assert ours == theirs


def _depth(value: object) -> int:
    """How many arrays and dictionaries deep ``value`` goes (walked without recursion)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth + 1)
            stack.extend(
                (v, depth + 1) for v in (node.values() if isinstance(node, dict) else node)
            )
    return deepest


@pytest.mark.parametrize(
    ("data", "reading"),
    [
        (b"[" * 360 + b"]" * 360, None),
        (b"<</A " * 360 + b"1" + b">>" * 360, None),
        (b"<</A [" * 180 + b"1" + b"]>>" * 180, None),
        (b"[" * 400 + b"]" * 400 + b" ", "GRAPHIC_OPS"),  # (an operand of content)
    ],
)
def test_objects_deeper_than_read_here_read_as_deep_as_pyhanko_reads_them(
    data: bytes, reading: str | None
) -> None:
    """pyHanko reads every level of an object deeper than read here: the stand-in at each
    level ran out of frames first (review of session 62: 360 levels, a signed file's)."""

    def read() -> object:
        stream = io.BytesIO(data)
        more = () if reading is None else (False, getattr(generic.ContentOpReading, reading))
        try:
            value = generic.read_object(stream, generic.Reference(7, 0, _Handler()), *more)
        except Exception as exc:
            return type(exc)
        return type(value), _depth(value), stream.tell()

    ours = read()
    with _pyhankos_own():
        theirs = read()
    assert ours == theirs
    assert not isinstance(ours, type)  # (read, not refused)


def _objects_of(path: Path) -> list[tuple[bytes, int, object]]:
    """Where each object of the file at ``path`` begins (after ``n g obj``), with the
    reference a reader would read it as."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = path.read_bytes()
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    found = []
    for header in re.finditer(rb"(\d+)[ \r\n]+(\d+)[ \r\n]+obj[ \r\n\x00\t\x0c]*", data):
        reference = generic.Reference(int(header[1]), int(header[2]), reader)
        found.append((data, header.end(), reference))
    return found


def test_the_objects_of_other_programs_files_read_alike() -> None:
    """Every object of the files of other programs the tests keep (pypdf, pdf-lib, qpdf,
    Ghostscript, PyMuPDF, pdftk, Chromium, LibreOffice...) and of pubrelease's own."""
    files = sorted(DATA.rglob("*.pdf"))
    assert len(files) > 50
    read = 0
    for path in files:
        for data, start, reference in _objects_of(path):
            ours, theirs = _both(data, start, reference)
            assert ours == theirs, (path.name, reference)
            read += 1
    assert read > 3000


LITERAL_PIECES = [b"a", b" ", b"\\)", b"\\(", b"\\\\", b"\\n", b"\\053", b"\\7", b"\xfe"]
_SPACES = st.sampled_from([b" ", b"", b"\n", b"\r\n", b"  \x00", b"\t", b"\x0c"])


def _atoms() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.sampled_from([b"/Sig", b"/A#20B", b"/", b"/T.1", b"/\xc3\xa9"]),
        st.integers(-(10**12), 10**12).map(lambda n: str(n).encode()),
        st.decimals(-1000, 1000, places=3).map(lambda d: str(d).encode()),
        st.sampled_from([b"+1", b"-.25", b"5.", b".0", b"007"]),
        st.tuples(st.integers(1, 99999), st.integers(0, 3), _SPACES, _SPACES).map(
            lambda r: b"%d %d%sR" % (r[0], r[1], r[2] or b" ") if r[3] else b"%d %d R" % r[:2]
        ),
        st.binary(max_size=12).map(lambda b: b"<" + b.hex().encode() + b">"),
        st.lists(st.sampled_from(LITERAL_PIECES)).map(lambda parts: b"(" + b"".join(parts) + b")"),
        st.sampled_from([b"true", b"false", b"null"]),
    )


def _joined(parts: list[bytes], spaces: list[bytes]) -> bytes:
    return b"".join(p + s for p, s in zip(parts, spaces + [b" "] * len(parts), strict=False))


PLAIN_OBJECTS = st.recursive(
    _atoms(),
    lambda inner: st.one_of(
        st.tuples(st.lists(inner, max_size=6), st.lists(_SPACES, max_size=6)).map(
            lambda a: b"[" + _joined(a[0], a[1]) + b"]"
        ),
        st.tuples(
            st.dictionaries(st.sampled_from([b"/A", b"/Kids", b"/T", b"/V", b"/AP"]), inner),
            _SPACES,
        ).map(lambda d: b"<<" + b"".join(k + b" " + v + d[1] for k, v in d[0].items()) + b">>"),
    ),
    max_leaves=25,
)


@settings(max_examples=2000, deadline=None)
@given(PLAIN_OBJECTS, st.sampled_from([b"", b"\nendobj\n", b" 3 0 R", b">>", b"]"]))
def test_a_plain_object_reads_as_pyhanko_reads_it(data: bytes, end: bytes) -> None:
    ours, theirs = _both(data + end)
    assert ours == theirs


def test_plain_objects_are_read_here_not_by_pyhankos_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*args: object, **kwargs: object) -> object:
        raise AssertionError("read by pyHanko's reader")

    monkeypatch.setitem(ORIGINALS, "read_object", refused)
    field = (
        b"<< /FT /Sig /T (Signature1) /V 12 0 R /F 132 /Rect [ 0 0 0 0 ] /P 3 0 R\n"
        b"/Type /Annot /Subtype /Widget /DA (/Helv 0 Tf 0 g) /MK << /BC [ 0.5 ] >> >>\nendobj"
    )
    value, end = _read_object(field, 0, generic.Reference(9, 0, _Handler()))
    assert isinstance(value, generic.DictionaryObject) and value["/T"] == "Signature1"
    assert field[end:] == b"\nendobj"
    with pytest.raises(AssertionError, match="pyHanko's reader"):
        generic.read_object(io.BytesIO(b"<< /A % a comment\n1 >>"), generic.Reference(9, 0, None))
