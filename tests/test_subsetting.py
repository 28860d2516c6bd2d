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


def _fresh_face(prefix: str, *, sparse: bool, monkeypatch: pytest.MonkeyPatch) -> FontFace:
    """A face of its own (not ``load_face``'s), subset from the whole tables or glyph by
    glyph (:class:`pubrelease.pdf.outlines.SparseOutlines`) as asked."""
    face = load_face.__wrapped__(_face(prefix).path, 0)  # type: ignore[attr-defined]
    monkeypatch.setattr(shaping, "SPARSE_OUTLINES", 0 if sparse else 1 << 40)
    face._subset({0})
    assert (face._source.sparse is not None) is sparse
    return face


@pytest.mark.parametrize("prefix", sorted(SAMPLES))
def test_a_font_read_glyph_by_glyph_gives_the_same_subset(
    prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sparse font (the kept glyphs and their components, renumbered in order) gives
    the same bytes and glyph mapping as the whole tables, composites and variations too."""
    whole = _fresh_face(prefix, sparse=False, monkeypatch=monkeypatch)
    sparse = _fresh_face(prefix, sparse=True, monkeypatch=monkeypatch)
    count = whole.face.glyph_count
    sets = [_glyphs(whole, SAMPLES[prefix]), {1}, set(range(1, count, max(1, count // 40)))]
    sets.append(set(range(max(1, count - 25), count)))  # the last glyphs: hmtx's short entries
    for gids in sets:
        assert sparse._subset(gids) == whole._subset(gids)


@pytest.mark.parametrize("prefix", ["NotoSansSC", "NotoSansArabic", "NotoSansDevanagari"])
def test_the_sparse_fonts_advance_variations_are_the_glyphs_own(
    prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HarfBuzz instances advances from ``gvar`` here, so the subsets above cannot see a
    wrong ``HVAR``: read it back. The sparse font's glyph i has the advance of the whole
    font's glyph order[i], at a bold weight (Arabic's default is the regular one, where
    every delta is 0)."""
    face = _fresh_face(prefix, sparse=True, monkeypatch=monkeypatch)
    assert face._source.sparse is not None
    count = face.face.glyph_count
    gids = set(range(1, count, max(1, count // 60))) | _glyphs(face, SAMPLES[prefix])
    tables, order = face._source.sparse.font_tables(gids | {0})
    assert "HVAR" in tables
    font, whole = hb.Font(shaping._tables_face(tables)), hb.Font(face.face)
    font.set_variations({"wght": 700.0})
    whole.set_variations({"wght": 700.0})
    assert any(whole.get_glyph_h_advance(g) != face.font.get_glyph_h_advance(g) for g in order)
    for new, old in enumerate(order):
        assert font.get_glyph_h_advance(new) == whole.get_glyph_h_advance(old), old


def test_cjk_fonts_are_never_read_whole() -> None:
    """A CJK font's outlines (10-17 MB) stay in the file: each subset reads its glyphs."""
    face = _face("NotoSansSC")
    face.subset(_glyphs(face, SAMPLES["NotoSansSC"]))
    assert face._source is not None and face._source.sparse is not None
    assert face._source.face is None
    assert sum(len(t) for t in face._source.sparse.tables.values()) < 100_000


def test_without_pread_the_sparse_font_reads_by_seeking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no os.pread: the sparse font seeks and reads, and gives the same subset."""
    from pubrelease.pdf import outlines

    whole = _fresh_face("NotoSansSC", sparse=False, monkeypatch=monkeypatch)
    monkeypatch.setattr(outlines, "_PREAD", None)
    sparse = _fresh_face("NotoSansSC", sparse=True, monkeypatch=monkeypatch)
    gids = _glyphs(whole, SAMPLES["NotoSansSC"]) | {5, 500, 5000}
    assert sparse._subset(gids) == whole._subset(gids)
