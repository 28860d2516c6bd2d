"""pyHanko's hex strings read whole (:mod:`pubrelease.reading.hexstrings`): every string
reads as pyHanko's own function reads it, value, error and where the stream is left, and
the signatures of a signed return validate alike."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic

from pubrelease.reading import hexstrings

hexstrings.install()
ORIGINAL = hexstrings._ORIGINAL


def _read(function: object, data: bytes) -> tuple[object, int]:
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
    assert _read(hexstrings.read_hex_string, data) == _read(ORIGINAL, data)


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
    assert _read(hexstrings.read_hex_string, data) == _read(ORIGINAL, data)


def test_pyhankos_parser_reads_its_hex_strings_with_it() -> None:
    assert generic.read_hex_string_from_stream is hexstrings.read_hex_string
    stream = io.BytesIO(b"<< /Contents <3082 01> /Name (x) >>")
    read = generic.read_object(stream, generic.Reference(1, 0, None))  # type: ignore[arg-type]
    assert bytes(read["/Contents"]) == b"\x30\x82\x01"
