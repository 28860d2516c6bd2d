"""A TrueType program's glyphs read one by one from its tables (:mod:`.sfntglyphs`): the
same records, metrics and components fontTools reads; a glyph known by what it is in
every subset, whatever its id; a damaged table refused as fontTools refuses it."""

from __future__ import annotations

import io
import struct

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from pubrelease.pdf import fontcodes, outlineproof
from pubrelease.pdf.fonts import bundled_font
from pubrelease.pdf.sfntglyphs import Glyphs, name_of, tables, tags


def _program(text: str | None = None) -> bytes:
    """The bundled DejaVu Sans, or a subset of it drawing ``text`` (new glyph ids, no
    hinting: as a printer embeds it)."""
    data = bundled_font().path.read_bytes()
    if text is None:
        return data
    font = TTFont(io.BytesIO(data))
    options = subset.Options()
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _gid(program: bytes, char: str) -> int:
    font = TTFont(io.BytesIO(program), lazy=True)
    return int(font.getGlyphID(font.getBestCmap()[ord(char)]))


def _with_table(program: bytes, tag: str, data: bytes) -> dict[str, bytes]:
    found = tables(program)
    found[tag] = data
    return found


def test_every_glyph_is_the_record_metrics_and_components_fonttools_reads() -> None:
    program = _program()
    font = TTFont(io.BytesIO(program), lazy=True)
    order, glyf, hmtx = font.getGlyphOrder(), font["glyf"], font["hmtx"]
    glyphs = Glyphs(tables(program))
    assert glyphs.count == len(order) and glyphs.units_per_em == font["head"].unitsPerEm
    for gid, name in enumerate(order):
        assert glyphs.record(gid) == getattr(glyf.glyphs[name], "data", b""), name
        assert glyphs.metrics[name_of(gid)] == hmtx[name], name
    for gid, name in enumerate(order):  # (decompiling now: fontTools' components)
        glyph = glyf[name]
        parts = (
            {font.getGlyphID(c.glyphName) for c in glyph.components}
            if glyph.isComposite()
            else set()
        )
        assert parts <= glyphs.parts(gid), name
        assert glyphs.empty(gid) == (not glyphs.record(gid))
    accented = _gid(program, "é")
    shape = glyphs[name_of(accented)]  # (decompiled by fontTools' own Glyph)
    assert shape.isComposite()
    assert {font.getGlyphID(c.glyphName) for c in glyf[order[accented]].components} == {
        int(c.glyphName) for c in shape.components
    }


def test_a_glyph_is_known_by_what_it_is_whatever_its_id_in_a_subset() -> None:
    first, second = _program("é"), _program("Aaébz")
    one, other = Glyphs(tables(first)), Glyphs(tables(second))
    e_one, e_other = _gid(first, "é"), _gid(second, "é")
    assert e_one != e_other  # (each subset numbers its glyphs anew)
    assert one.identity(e_one) == other.identity(e_other)
    assert one.identity(e_one) != other.identity(_gid(second, "a"))
    assert other.identity(_gid(second, "b")) != other.identity(_gid(second, "z"))
    # a composite moved by one unit is another glyph
    record = bytearray(one.record(e_one))
    index = 10 + 4  # (the first component's first argument)
    record[index + 1] = (record[index + 1] + 1) % 256
    moved = bytearray(first)
    found = tables(first)
    start = first.index(found["glyf"]) + one.loca[e_one]
    moved[start : start + len(record)] = record
    assert Glyphs(tables(bytes(moved))).identity(e_one) != one.identity(e_one)


def test_a_component_beyond_the_glyphs_or_nested_too_deep_is_not_read() -> None:
    program = _program("é")
    glyphs = Glyphs(tables(program))
    accented = _gid(program, "é")
    record = bytearray(glyphs.record(accented))
    record[12:14] = struct.pack(">H", glyphs.count)  # (the first component's id)
    glyf = bytearray(tables(program)["glyf"])
    glyf[glyphs.loca[accented] : glyphs.loca[accented + 1]] = record
    broken = Glyphs(_with_table(program, "glyf", bytes(glyf)))
    assert broken.identity(accented) is None
    assert broken.parts(accented) == set()
    with pytest.raises(ValueError):
        broken.getGlyphName(glyphs.count)
    # a glyph made of itself never ends: read 8 deep at most
    record[12:14] = struct.pack(">H", accented)
    glyf[glyphs.loca[accented] : glyphs.loca[accented + 1]] = record
    looped = Glyphs(_with_table(program, "glyf", bytes(glyf)))
    assert looped.identity(accented) is None
    assert accented in looped.parts(accented)  # (and what else it is made of)


def test_damaged_tables_are_refused_as_fonttools_refuses_them() -> None:
    program = _program("ab")
    found = tables(program)
    long = int.from_bytes(found["head"][50:52], "big")
    size, fmt = (4, ">I") if long else (2, ">H")
    loca = found["loca"]
    count = len(loca) // size
    offsets = list(struct.unpack(f">{count}{fmt[1]}", loca))
    backwards = offsets[:]
    first = next(i for i in range(1, count - 1) if offsets[i] < offsets[i + 1])
    backwards[first] = offsets[first + 1] + 1  # (a record ending before it starts)
    cases = {
        "backwards": _with_table(program, "loca", struct.pack(f">{count}{fmt[1]}", *backwards)),
        "past glyf": _with_table(program, "glyf", found["glyf"][: max(0, len(found["glyf"]) - 8)]),
        "short loca": _with_table(program, "loca", loca[: size * (count - 2)]),
        "short hmtx": _with_table(program, "hmtx", found["hmtx"][:4]),
        "no metrics": _with_table(program, "hhea", found["hhea"][:34] + b"\0\0"),
        "short head": _with_table(program, "head", found["head"][:40]),
    }
    for label, damaged in cases.items():
        with pytest.raises((ValueError, KeyError)):
            Glyphs(damaged)
        try:  # fontTools refuses each too, once it reads the glyphs
            font = TTFont(io.BytesIO(_rebuilt(damaged)), lazy=True)
            font["glyf"]
            font["hmtx"]
            font["glyf"][font.getGlyphOrder()[-1]]
        except Exception:
            continue
        if label not in ("short loca",):  # (fontTools warns of that, then fails later)
            pytest.fail(f"fontTools read a program with {label}")


def _rebuilt(found: dict[str, bytes]) -> bytes:
    """A program of these tables (a plain directory, checksums left out)."""
    order = sorted(found)
    head = struct.pack(">4sHHHH", b"\0\1\0\0", len(order), 0, 0, 0)
    offset = 12 + 16 * len(order)
    records, body = b"", b""
    for tag in order:
        data = found[tag] + b"\0" * (-len(found[tag]) % 4)
        records += struct.pack(
            ">4sIII", tag.encode("latin-1"), 0, offset + len(body), len(found[tag])
        )
        body += data
    return head + records + body


def test_table_tags_of_a_fragment_or_a_collection_are_none() -> None:
    program = _program("ab")
    assert {"glyf", "loca", "hmtx", "head", "maxp", "cmap"} <= tags(program)
    assert tags(program[:8]) == set()
    assert tags(b"ttcf" + program[4:]) == set()
    assert tags(program[:40]) <= tags(program)  # (a directory cut short: what it lists)


def test_a_print_of_the_same_glyphs_under_other_ids_is_proved_without_reading_them() -> None:
    outlineproof._SEEN.clear()
    reference = outlineproof.shipped_fonts()["DejaVuSans"][0]
    first, second = _program("Zoë Åström"), _program("Zoë Åström, Max")
    assert _gid(first, "ö") != _gid(second, "ö")  # (the subset numbers them anew)
    counts = []
    for program, text in ((first, "Zoë Åström"), (second, "Zoë Åström, Max")):
        glyphs = Glyphs(tables(program))
        codes = [(c, {_gid(program, c)}) for c in set(text) if c != " "]
        before = len(outlineproof._SEEN)
        proved, misdrawn, matched = outlineproof._compared(glyphs, codes, *reference)
        # (every glyph with ink is read as its text, or is a piece of one: an accent)
        assert proved and misdrawn == frozenset() and matched == len(codes)
        counts.append(len(outlineproof._SEEN) - before)
    # (each glyph read once, and .notdef); then only the new glyphs
    assert counts == [len(set("ZoëÅström")) + 1, len(set(",Max"))]


def _per_code(program: bytes, codec: str, read: dict[int, str]) -> list[tuple[str, set[int]]]:
    """Which glyphs each code of a simple TrueType font may draw, looked up code by code
    as a viewer looks it up: in each map raw, by its character (a Unicode map), behind
    the symbol prefixes (a symbol map), by its character's Mac Roman code (a Mac map),
    and by its character's glyph name."""
    from fontTools.agl import UV2AGL

    font = TTFont(io.BytesIO(program), lazy=True)
    order = font.getGlyphOrder()
    position = {name: gid for gid, name in enumerate(order)}
    out = []
    for code in range(256):
        char = bytes([code]).decode(codec, errors="ignore")
        text = read.get(code, char)
        chars = [c for c in {char, text} if len(c) == 1]
        names = {UV2AGL[ord(c)] for c in chars if ord(c) in UV2AGL}
        for table in font["cmap"].tables:
            points = [code]
            if table.isUnicode():
                points += [ord(c) for c in chars]
            if (table.platformID, table.platEncID) == (3, 0):
                points += [0xF000 + code, 0xF100 + code, 0xF200 + code]
            if table.platformID == 1:
                points += [m[0] for c in chars if (m := c.encode("mac_roman", errors="ignore"))]
            names |= {table.cmap[p] for p in points if p in table.cmap}
        gids = {position[n] for n in names if n in position}
        if gids - {0} or code in read:
            out.append((text, gids or {0}))
    return out


def test_each_map_walked_once_reaches_every_code_a_lookup_code_by_code_does() -> None:
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    font = TTFont(io.BytesIO(_program("AaBbÉé€ﬁ1,")), lazy=False)
    best = font.getBestCmap()
    maps = []
    for platform, encoding, entries in (
        (3, 1, dict(best)),
        (3, 0, {0xF000 + ord("b"): best[ord("B")], 0xF141: best[ord("é")]}),
        (1, 0, {0x83: best[ord("a")], ord("1"): best[ord("A")]}),  # (0x83: "É" in Mac Roman)
    ):
        table = CmapSubtable.newSubtable(4)
        table.platformID, table.platEncID, table.language = platform, encoding, 0
        table.cmap = entries
        maps.append(table)
    font["cmap"].tables = maps
    out = io.BytesIO()
    font.save(out)
    program = out.getvalue()
    stream = StreamObject()
    stream.set_data(program)
    descriptor = DictionaryObject({NameObject("/FontFile2"): stream})
    for codec, encoding in (("cp1252", "/WinAnsiEncoding"), ("mac_roman", "/MacRomanEncoding")):
        pdf_font = DictionaryObject(
            {
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/Encoding"): NameObject(encoding),
                NameObject("/FontDescriptor"): descriptor,
            }
        )
        for read in ({}, {ord("a"): "B", 0x41: "ﬁ", 0x80: "é", 300: "x", ord("1"): "€"}):
            found = fontcodes._simple(pdf_font, read)
            assert found is not None
            assert found[1] == _per_code(program, codec, read), (codec, read)


def test_the_cmap_kinds_a_directory_lists_and_none_for_what_is_not_read_here() -> None:
    from pubrelease.pdf.sfntglyphs import cmap_kinds

    program = _program("ab")
    kinds = cmap_kinds(program)
    font = TTFont(io.BytesIO(program), lazy=True)
    assert kinds == {(t.platformID, t.platEncID) for t in font["cmap"].tables}
    font = TTFont(io.BytesIO(program))
    font.flavor = "woff"  # (FreeType and fontTools unpack it: not said here)
    woff = io.BytesIO()
    font.save(woff)
    assert cmap_kinds(woff.getvalue()) is None
    assert cmap_kinds(b"ttcf" + program[4:]) is None
    cut = program[: program.index(tables(program)["cmap"]) + 6]  # (a table cut short)
    assert cmap_kinds(cut) is not None and cmap_kinds(cut) <= (kinds or set())


def test_a_kept_verdict_is_not_given_to_a_glyph_made_of_other_pieces() -> None:
    """After a print whose "ë" and "é" are proved, a print whose accents trade places
    (the same composite records, their pieces' ids holding the other accent: "ë" shows
    "é") is not taken for it: a composite is known by its pieces, not its record."""
    outlineproof._SEEN.clear()
    reference = outlineproof.shipped_fonts()["DejaVuSans"][0]
    honest = _program("Zoëé")
    font = TTFont(io.BytesIO(honest), recalcBBoxes=False)
    cmap = font.getBestCmap()
    diaeresis, acute = font["glyf"][cmap[ord("ë")]], font["glyf"][cmap[ord("é")]]
    assert diaeresis.isComposite() and acute.isComposite()
    glyf, dots, stroke = (
        font["glyf"],
        diaeresis.components[1].glyphName,
        acute.components[1].glyphName,
    )
    glyf[dots], glyf[stroke] = glyf[stroke], glyf[dots]
    out = io.BytesIO()
    font.save(out)
    for program, proved in ((honest, True), (out.getvalue(), False)):
        glyphs = Glyphs(tables(program))
        codes = [(c, {_gid(program, c)}) for c in "Zoëé"]
        found, misdrawn, _ = outlineproof._compared(glyphs, codes, *reference)
        assert found is proved
        assert misdrawn == (frozenset() if proved else frozenset({"ë", "é"}))
        if not proved:  # (the composites' records are the honest print's, byte for byte)
            first = Glyphs(tables(honest))
            assert glyphs.record(_gid(program, "ë")) == first.record(_gid(honest, "ë"))
