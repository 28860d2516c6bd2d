"""A stream's data decoded as pypdf decodes it, for the fast reader (:mod:`.objects`), or
:class:`~.nodes.NotSure`.

The filters a form's streams are written with: ``/FlateDecode`` (with the PNG predictors
of cross-reference streams), and the ASCII filters before it that some producers add
(reportlab writes every page as ``[/ASCII85Decode /FlateDecode]``). The ASCII filters are
pypdf's own decoders, so their bytes are pypdf's whatever its version; FlateDecode is
inflated here, with pypdf's output cap, and refused where pypdf would recover from
damage. A chain pypdf reads in a way of its own (parameters for fewer filters than the
chain has, which pypdf's ``zip`` cuts short; more filters or more work than its limits)
and every other filter are :class:`~.nodes.NotSure`: the caller reads the file with pypdf.
"""

from __future__ import annotations

import zlib

from .nodes import Node, NotSure

__all__ = ["decoded", "inflate"]


def _png_unpredict(data: bytes, columns: int) -> bytes:
    row = columns + 1
    if columns <= 0 or len(data) % row:
        raise NotSure("predictor rows")
    out = bytearray()
    prior = bytearray(columns)
    for i in range(0, len(data), row):
        kind, line = data[i], bytearray(data[i + 1 : i + row])
        if kind == 2:
            for j in range(columns):
                line[j] = (line[j] + prior[j]) & 255
        elif kind == 1:
            for j in range(1, columns):
                line[j] = (line[j] + line[j - 1]) & 255
        elif kind != 0:
            raise NotSure("predictor kind")
        out += line
        prior = line
    return bytes(out)


def inflate(raw: bytes, limit: int) -> bytes:
    """FlateDecode as pypdf does it when nothing is wrong; :class:`NotSure` otherwise."""
    decompressor = zlib.decompressobj()
    try:
        out = (
            decompressor.decompress(raw, max_length=limit)
            if limit
            else decompressor.decompress(raw)
        )
    except zlib.error as exc:
        raise NotSure("damaged flate data") from exc
    if decompressor.unconsumed_tail:
        raise NotSure("beyond the limit")
    return out


def _flate(data: bytes, parms: Node, limit: int) -> bytes:
    out = inflate(data, limit)
    if parms is None:
        return out
    if not isinstance(parms, dict):
        raise NotSure("/DecodeParms")
    predictor = parms.get("/Predictor", 1)
    if predictor == 1:
        return out
    columns = parms.get("/Columns", 1)
    if (
        not isinstance(predictor, int)
        or not 10 <= predictor <= 15
        or parms.get("/Colors", 1) != 1
        or parms.get("/BitsPerComponent", 8) != 8
        or not isinstance(columns, int)
    ):
        raise NotSure("predictor")
    return _png_unpredict(out, columns)


def _ascii(name: str, data: bytes) -> bytes:
    """``data`` decoded by pypdf's decoder of the ASCII filter ``name``; anything it
    raises is :class:`NotSure`."""
    from pypdf import filters

    decoder = filters.ASCII85Decode if name == "/ASCII85Decode" else filters.ASCIIHexDecode
    try:
        out = decoder.decode(data)
    except Exception as exc:  # (pypdf's path meets the same, and reports it)
        raise NotSure(f"{name}: {type(exc).__name__}") from exc
    if not isinstance(out, bytes):
        raise NotSure(f"{name}: not bytes")
    return out


_ASCII = ("/ASCII85Decode", "/ASCIIHexDecode")


def decoded(entries: dict[str, Node], raw: bytes, limit: int | None = None) -> bytes:
    """The data of a stream of ``entries`` whose raw bytes are ``raw``, decoded by its
    ``/Filter`` chain, no filter's output longer than ``limit`` (default: pypdf's)."""
    chain = entries.get("/Filter")
    if chain is None:
        return raw
    names = chain if isinstance(chain, tuple) else (chain,)
    if not names or not all(
        isinstance(n, str) and (n == "/FlateDecode" or n in _ASCII) for n in names
    ):
        raise NotSure("a filter other than FlateDecode, ASCII85Decode or ASCIIHexDecode")
    parms = entries.get("/DecodeParms")
    if isinstance(parms, tuple):
        if len(parms) != len(names):  # (pypdf applies as many filters as it has parms)
            raise NotSure("/DecodeParms not one for each filter")
        each: tuple[Node, ...] = parms
    elif len(names) == 1:
        each = (parms,)
    elif parms is None:
        each = (None,) * len(names)
    else:
        raise NotSure("one /DecodeParms for a chain of filters")
    if not raw:
        return raw  # (pypdf decodes nothing then)
    from pypdf.filters import get_configuration  # type: ignore[attr-defined]

    configuration = get_configuration()
    if limit is None:
        limit = int(configuration.zlib_maximum_output_length)
    if len(names) > int(getattr(configuration, "stream_filters_maximum_length", 16)):
        raise NotSure("more filters than pypdf applies")
    work, most = 0, int(getattr(configuration, "stream_decoding_work_maximum_length", 1 << 62))
    data = raw
    for name, parm in zip(names, each, strict=True):
        work += len(data)
        if work > most:
            raise NotSure("more decoding work than pypdf does")
        if name == "/FlateDecode":
            data = _flate(data, parm, limit)
        else:
            if parm is not None and not isinstance(parm, dict):
                raise NotSure("/DecodeParms")
            data = _ascii(str(name), data)
    return data
