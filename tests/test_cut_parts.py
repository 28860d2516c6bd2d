"""A value set on two lines: each line is cut from the value shaped once
(glyphlines.cut_part), not shaped again, where HarfBuzz says the text may be broken;
the cut must be, glyph for glyph, what shaping the part alone gives."""

from __future__ import annotations

import pytest

from pubrelease import Release, fill, load_form, parse
from pubrelease.filling.appearance import ValueFonts, _template_glyphs
from pubrelease.filling.glyphlines import UNSAFE_TO_BREAK, Line, cut_part
from pubrelease.form.template import COMMON_CHARS

TEXTS = (
    "基于深度学习的图神经网络鲁棒优化研究与高效表示学习方法",  # one font (SC)
    "AVATAR → Tomorrow: WAVE To You ∑ Yes, Ɐll Tɐlks √ Today",  # DejaVu and the template's
    "Ελληνικά Ψηφιακά Συστήματα για Νευρωνικά Δίκτυα Γράφων",  # Greek the template lacks
)


def _fonts() -> ValueFonts:
    form = load_form()
    return ValueFonts(form, _template=_template_glyphs(form))


def _drawn(line: Line) -> list[tuple[str, tuple[tuple[int, ...], ...]]] | None:
    """What a line draws: its clusters' text and glyphs (DejaVu's glyph ids whether in
    the template's font or in a subset of DejaVu); ``None`` for a plain line."""
    if not line.runs:
        return None
    return [
        (text, tuple(tuple(g) for g in glyphs))
        for _, runs in line.runs
        for run in runs
        for text, glyphs in run.clusters
    ]


def _breaks(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where :func:`~pubrelease.filling.glyphlines.wrap` may break ``text`` in two: at a
    space (which neither line keeps), or anywhere in a text without spaces."""
    if " " not in text:
        return [((0, at), (at, len(text))) for at in range(1, len(text))]
    return [((0, at), (at + 1, len(text))) for at, char in enumerate(text) if char == " "]


@pytest.mark.parametrize("text", TEXTS)
def test_a_cut_is_the_part_shaped_alone(text: str) -> None:
    fonts = _fonts()
    line = fonts._line(text, "event_title")
    assert line.runs and not COMMON_CHARS.issuperset(text)
    cuts = 0
    for ranges in _breaks(text):
        parts = [cut_part(line, start, end) for start, end in ranges]
        for part, (start, end) in zip(parts, ranges, strict=True):
            if part is None:
                continue
            cuts += 1
            assert part.text == text[start:end]
            alone = _fonts()._line(part.text, "event_title")
            if alone.runs:  # else all of it is the template's: a plain line, glyphs as CIDs
                assert _drawn(part) == _drawn(alone), (text, start, end)
            assert part.advances == pytest.approx(alone.advances), (text, start, end)
    assert cuts >= len(_breaks(text))


def test_no_cut_where_harfbuzz_says_shaping_would_change() -> None:
    """Kerned pairs ("AV", "Tố") are unsafe to break: no cut inside them."""
    text = TEXTS[1]
    line = _fonts()._line(text, "event_title")
    unsafe = {
        glyph.cluster
        for _, runs in line.runs
        for run in runs
        for (_, (glyph, *_)), info in zip(run.clusters, run.infos, strict=True)
        if int(info.flags) & UNSAFE_TO_BREAK
    }
    assert unsafe
    for at in unsafe - {0}:
        assert cut_part(line, 0, at) is None and cut_part(line, at, len(text)) is None


def test_a_cut_keeps_the_fonts_its_line_was_measured_in() -> None:
    """A Japanese title's Han characters are drawn in the Japanese font; a line of them
    alone, without kana, keeps it (shaped again, it took the Chinese one)."""
    text = "深層学習による効率的なグラフ表現学習の理論解析"
    fonts = _fonts()
    line = fonts._line(text, "event_title")
    part = cut_part(line, 0, 4)
    assert part is not None and part.text == "深層学習"
    faces = {fonts._faces[run.key].postscript_name for _, runs in part.runs for run in runs}
    assert faces == {"NotoSansJP-Regular"}


def test_a_right_to_left_line_is_shaped_again() -> None:
    line = _fonts()._line("محمد بن عبد الله الخوارزمي", "event_title")
    assert cut_part(line, 0, 5) is None


def test_a_wrapped_cjk_title_reads_back() -> None:
    title = "基于深度学习的图神经网络鲁棒优化研究与高效表示学习方法" * 3
    release = Release.create(
        speaker_name="王小明", event_title=title, event_date="2020-07-14", consent="accept"
    )
    data = fill(release)
    assert parse(data).event_title == title


@pytest.mark.parametrize(
    "name", ["Γιώργος Παπαδόπουλος", "Nguyễn Thị Minh Khai", "王小明", "Ǳenan Ɐlić"]
)
def test_a_line_all_in_the_templates_font_is_drawn_as_one(name: str) -> None:
    """A long title whose name the template's font lacks, wrapped so that a line holds
    none of it: that line is the template's plain line (it was cut as runs of the
    template's font, which the drawing of a plain line could not take)."""
    title = (
        f"{name}: Operation-Aware Soft Channel Pruning using Differentiable Masks, "
        f"with a Study of Efficient Inference on Mobile Devices; {name}"
    )
    release = Release.create(
        speaker_name=name, event_title=title, event_date="2020-07-14", consent="accept"
    )
    assert parse(fill(release)).event_title == title
