"""pyHanko's hex strings and names read whole (:mod:`pubrelease.reading.hankotokens`):
every token reads as pyHanko's own functions read it, value, error and where the stream is
left."""

from __future__ import annotations

import io

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
