"""Subsets are made from a face of only the tables a subset reads (pdf/shaping.py): the
glyphs, metrics and glyph mapping must be those HarfBuzz gives from the whole font file,
pinned at the same weight."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTCollection, TTFont

from pubrelease.pdf import shaping
from pubrelease.pdf.fonts import BUNDLED, packaged_fonts
from pubrelease.pdf.shaping import FontFace, load_face

SAME_TABLES = ("glyf", "loca", "hmtx", "hhea", "maxp")
"""What draws and places the glyphs; ``OS/2`` and ``head`` differ (no ``cmap``, no ranges)."""

SAMPLES = {
    "NotoSansSC": "王晓宇欧阳龘",  # variable, default Thin: pinned at regular weight
    "NotoSansHebrew": "דוד בן-גוריון",  # variable, default Thin
    "NotoSansArabic": "محمد علي",  # variable, default Regular
    "NotoSansDevanagari": "क्षितिज त्रिपाठी",  # conjuncts: glyphs no character maps to
    "DejaVuSans": "Αλέξανδρος Иванов",  # static
}


def _face(prefix: str) -> FontFace:
    if prefix == "DejaVuSans":
        return load_face(BUNDLED)
    for source in packaged_fonts():
        if source.path.name.startswith(prefix + "["):
            return source.face
    pytest.fail(f"{prefix}: not installed with pubrelease's dependencies")


def _glyphs(face: FontFace, text: str) -> set[int]:
    codepoints = [ord(c) for c in text]
    rtl = face.postscript_name.startswith(("NotoSansHebrew", "NotoSansArabic"))
    return {g.gid for g in face.shape(codepoints, 0, len(codepoints), rtl=rtl)}


def _whole_font_subset(face: FontFace, gids: set[int], *, pin: bool = True) -> hb.Face:
    whole = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    inp = hb.SubsetInput()
    inp.glyph_set.update(gids | {0})
    inp.drop_table_tag_set.update(shaping._DROP_TAGS)
    inp.flags = shaping._FLAGS
    for axis in whole.axis_infos:
        if not pin:
            inp.pin_axis_to_default(whole, axis.tag)
        elif axis.tag in face.location:
            inp.pin_axis_location(whole, axis.tag, face.location[axis.tag])
        else:
            inp.pin_axis_to_default(whole, axis.tag)
    return hb.subset(whole, inp)


def _table(data: bytes, tag: str) -> bytes:
    return TTFont(io.BytesIO(data)).getTableData(tag)


@pytest.mark.parametrize("prefix", sorted(SAMPLES))
def test_a_subset_draws_what_harfbuzz_gives_from_the_whole_font(prefix: str) -> None:
    face = _face(prefix)
    gids = _glyphs(face, SAMPLES[prefix])
    ours = face._subset(gids)
    reference = _whole_font_subset(face, gids)
    plan_inp = hb.SubsetInput()
    plan_inp.glyph_set.update(gids | {0})
    whole = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    assert ours.new_gid == dict(hb.SubsetPlan(whole, plan_inp).old_to_new_glyph_mapping)
    assert gids | {0} <= set(ours.new_gid)  # and the components of composite glyphs
    expected = bytes(reference.blob.data)
    for tag in SAME_TABLES:
        assert _table(ours.program, tag) == _table(expected, tag), tag
    assert "cmap" not in TTFont(io.BytesIO(ours.program))


def test_a_cjk_subset_is_at_regular_weight_not_the_fonts_default_thin() -> None:
    face = _face("NotoSansSC")
    assert face.location == {"wght": 400.0}
    gids = _glyphs(face, SAMPLES["NotoSansSC"])
    thin = bytes(_whole_font_subset(face, gids, pin=False).blob.data)
    assert _table(face._subset(gids).program, "glyf") != _table(thin, "glyf")


@pytest.mark.parametrize("prefix", ["NotoSansHebrew", "NotoSansThai", "DejaVuSans"])
def test_covers_is_what_the_cmap_maps(prefix: str) -> None:
    face = _face(prefix)
    mapped = set(face.face.unicodes)
    for code in range(0, 0x3000):
        assert face.covers(chr(code)) == (code in mapped), hex(code)


def test_the_tables_of_the_second_font_of_a_collection(tmp_path: Path) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(BUNDLED), TTFont(_face("NotoSansHebrew").path)]
    path = tmp_path / "two.ttc"
    collection.save(str(path))
    tables = shaping._sfnt_tables(path, 1)
    whole = hb.Face(hb.Blob.from_file_path(str(path)), 1)
    assert set(tables) == set(whole.table_tags) - shaping._UNREAD
    assert "cmap" not in tables and "gvar" in tables
    for tag, data in tables.items():
        assert data == bytes(whole.reference_table(tag).data), tag
    face = load_face(path, 1)
    gids = _glyphs(face, SAMPLES["NotoSansHebrew"])
    expected = bytes(_whole_font_subset(face, gids).blob.data)
    assert _table(face._subset(gids).program, "glyf") == _table(expected, "glyf")
