"""A CJK font's subset is assembled from glyphs HarfBuzz instanced once per process
(pdf/instanced.py): it must be, byte for byte, the subset HarfBuzz itself makes of the
same glyphs, whatever the process subset before, and a release's bytes must not depend
on the releases filled before it."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import uharfbuzz as hb

from pubrelease.pdf import shaping
from pubrelease.pdf.charmap import assembled_with_cmap, with_cmap
from pubrelease.pdf.fonts import packaged_fonts
from pubrelease.pdf.instanced import InstancedGlyphs, sfnt_tables
from pubrelease.pdf.shaping import FontFace, Subset, load_face

CJK = ("NotoSansSC", "NotoSansJP", "NotoSansKR", "NotoSansTC")
ROOT = Path(__file__).resolve().parent.parent


def _fresh(prefix: str) -> FontFace:
    """A face of its own (not ``load_face``'s): nothing instanced yet."""
    for source in packaged_fonts():
        if source.path.name.startswith(prefix + "["):
            face: FontFace = load_face.__wrapped__(source.path, 0)  # type: ignore[attr-defined]
            return face
    pytest.fail(f"{prefix}: not installed with pubrelease's dependencies")


def _harfbuzz(face: FontFace, gids: set[int]) -> Subset:
    """HarfBuzz's own subset of the glyphs, instanced and written by it: the sparse font
    of them (``HVAR`` included), subset whole with an input made here."""
    face._subset({0})  # the font's source
    source = face._source
    assert source is not None and source.sparse is not None
    tables, order = source.sparse.font_tables(gids | {0})
    sparse = shaping._tables_face(tables)
    inp = hb.SubsetInput()
    inp.glyph_set.add_range(0, len(order) - 1)
    inp.drop_table_tag_set.update(shaping._DROP_TAGS)
    inp.flags = shaping._FLAGS
    for axis in face.face.axis_infos:
        inp.pin_axis_location(sparse, axis.tag, face.location[axis.tag])
    program = bytes(hb.SubsetPlan(sparse, inp).execute().blob.data)
    return Subset(program, False, {gid: i for i, gid in enumerate(order)})


def _sets(face: FontFace, seed: int) -> list[set[int]]:
    """Glyph sets of every size a release has, and more: overlapping ones (glyphs met
    before and not), .notdef and empty glyphs asked for, the last glyphs of the font."""
    rng = random.Random(seed)
    count = face.face.glyph_count
    empty = [g for g in range(1, 200) if face.font.get_glyph_extents(g).width == 0][:2]
    sets = [set(rng.sample(range(1, count), rng.choice((1, 2, 3, 8, 40, 90)))) for _ in range(60)]
    sets += [{0}, set(empty), set(empty) | {7, 9000}, set(range(count - 30, count))]
    sets += [sets[3] | sets[4], sets[4] - set(list(sets[4])[:5])]
    return sets


@pytest.mark.parametrize("prefix", CJK)
def test_an_assembled_subset_is_harfbuzzs_own(prefix: str) -> None:
    face = _fresh(prefix)
    reference = _fresh(prefix)
    assert face.location == {"wght": 400.0}
    for gids in _sets(face, seed=len(prefix)):
        assert face._subset(gids) == _harfbuzz(reference, gids), sorted(gids)[:5]
    assert face._source is not None and face._source.instanced is not None
    assert face._source.instanced.known([0])[0], "the subsets above were assembled"


def test_glyphs_forgotten_and_met_again_give_the_same_subset() -> None:
    face = _fresh("NotoSansSC")
    reference = _fresh("NotoSansSC")
    face._subset({0})
    assert face._source is not None and face._source.instanced is not None
    face._source.instanced._limit = 5  # glyphs forgotten between and within subsets
    for gids in _sets(face, seed=7)[:30]:
        assert face._subset(gids) == _harfbuzz(reference, gids)


def test_an_assembled_subset_with_a_cmap_is_with_cmap_of_its_program() -> None:
    """A release's subset is written with its cmap from its tables at once: the bytes
    charmap.with_cmap makes of the program (BMP characters, astral ones, none)."""
    face = _fresh("NotoSansSC")
    for n, gids in enumerate(_sets(face, seed=3)[:24]):
        subset = face._subset(gids)
        assert subset.tables is not None
        rng = random.Random(n)
        count = len(subset.new_gid)
        chars = rng.sample(range(0x20, 0xFFFF), min(count, 12))
        chars += rng.sample(range(0x20000, 0x20100), n % 3)
        pairs = sorted((char, rng.randrange(count)) for char in chars)
        for chosen in (pairs, pairs[:1], []):
            assert assembled_with_cmap(subset.tables, chosen) == with_cmap(subset.program, chosen)


def test_a_subset_too_large_for_a_short_loca_is_harfbuzzs() -> None:
    """Past 128 kB of glyphs HarfBuzz writes a long ``loca``: left to it."""
    face = _fresh("NotoSansSC")
    halves = set(range(20000, 20300)), set(range(20300, 20600))
    for half in halves:  # each instanced and kept (short loca)
        assert sfnt_tables(face._subset(half).program)["head"][50:52] == b"\x00\x00"
    gids = halves[0] | halves[1]
    ours = face._subset(gids)
    assert sfnt_tables(ours.program)["head"][50:52] == b"\x00\x01"
    assert ours == _harfbuzz(_fresh("NotoSansSC"), gids)


def test_a_wrong_field_is_seen() -> None:
    """The comparison above fails on a font that differs by one computed field."""
    face = _fresh("NotoSansSC")
    gids = {1000, 2000, 3000}
    good = face._subset(gids)
    instanced = face._source.instanced if face._source else None
    assert isinstance(instanced, InstancedGlyphs)
    records, missing = instanced.known(sorted(gids | {0}))
    assert not missing
    record = records[2000]
    records[2000] = record._replace(advance=record.advance + 1)
    broken = instanced.assemble([records[g] for g in sorted(gids | {0})])
    assert broken is not None and broken != good.program
    assert good == _harfbuzz(_fresh("NotoSansSC"), gids)


_FILL = textwrap.dedent(
    """
    import datetime as dt, hashlib, sys
    from pubrelease import Release, fill
    def release(name, title):
        return Release.create(
            speaker_name=name, event_title=title, event_date="2020-07-14",
            effective_date="2020-07-01", consent="accept", signature=name,
            sign_date="2020-08-02", release_id="0" * 32,
        )
    before = sys.argv[1:]
    for name in before:
        fill(release(name, "研究 " + name), today=dt.date(2020, 7, 1))
    target = release("欧阳龘龍", "基于深度学习的图神经网络鲁棒优化研究")
    data = fill(target, today=dt.date(2020, 7, 1))
    print(hashlib.sha256(data).hexdigest())
    """
)


def test_a_release_is_the_same_whatever_was_filled_before() -> None:
    """Filled first, after releases sharing some of its glyphs, or after others in
    another order, in fresh processes: the same bytes."""
    histories = [[], ["欧阳小明", "王龍"], ["深度 学习", "佐藤 翔", "김민준", "王龍", "欧阳小明"]]
    digests = set()
    for history in histories:
        run = subprocess.run(
            [sys.executable, "-c", _FILL, *history],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1, digests
