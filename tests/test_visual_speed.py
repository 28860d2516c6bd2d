"""The visual check's quick ways give what the plain ways give, on attacked returns.

Issue 13 made the check of what a page shows cheaper: glyphs read in one sweep
(:mod:`pubrelease.pdf.glyphtable`), glyphs proven shown by an edge filter before any is
measured, differences blurred only in the bands of rows that differ, the box marks
judged with numpy. Each is compared here with a plain, slow reading of the same thing,
written out in the test, on the project's release attacked as in issue 9 (built with
pypdf, pikepdf and reportlab, as incremental updates and re-saved), so that a quick way
that drops a glyph, a hidden word or a changed pixel fails here, not in an audit.
"""

from __future__ import annotations

import ctypes
import functools

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from pubrelease import load_form, parse
from pubrelease.pdf import inkcompare, marks, ownink, rendering
from pubrelease.pdf.charplace import Placer
from pubrelease.pdf.glyphtable import Glyph, GlyphTable
from pubrelease.reading import pagematch, shownwords, visual

from . import attacks as A

CASES = [
    ("clause2-not-whited-out", A.Save.RESAVED),
    ("clause1-invisible-original", A.Save.INCREMENTAL),
    ("clause4-white-rect", A.Save.RESAVED),
    ("redraw-name", A.Save.INCREMENTAL),
    ("cover-accept-mark-decline", A.Save.RESAVED),
    ("white-descenders", A.Save.RESAVED),
]


@functools.cache
def _file(name: str, save: A.Save) -> bytes:
    return A.attacked(name, save)


def _plain_glyphs(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Glyph]:
    """Every character asked for one by one, as the check read them before."""
    raw = textpage.raw
    place = Placer(raw)
    out: list[Glyph] = []
    space = False
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        if code == 0x02 or chr(code).isspace():
            space = True
            continue
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        if not pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
            continue
        obj = pdfium_c.FPDFText_GetTextObject(raw, index)
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj) if obj else 0
        dx, dy = place.shift(index, code)
        box = (left.value + dx, bottom.value + dy, right.value + dx, top.value + dy)
        out.append(Glyph(chr(code), box, mode in (3, 7), space))
        space = False
    return out


def _plain_unowned(
    page: rendering.Rendered, index: int, rules: np.ndarray, places: np.ndarray
) -> bool:
    """Glyph ``index``'s own pixels (its box's, no other visible glyph's box's, no rule's)
    hold a square of ROOM pixels but none a CONTRAST darker than the lightest of its 3 x 3
    square: looked at pixel by pixel. ``places``: every glyph's pixels (y0, y1, x0, x1)."""
    y0, y1, x0, x1 = places[index].tolist()
    levels = page.levels
    assert levels is not None
    own = np.ones((y1 - y0, x1 - x0), bool)
    p = places
    near = (p[:, 0] < y1) & (p[:, 1] > y0) & (p[:, 2] < x1) & (p[:, 3] > x0)
    near &= ~page.glyphs.invisible
    near[index] = False
    for oy0, oy1, ox0, ox1 in p[near].tolist():  # each box that touches this one's pixels
        own[max(oy0, y0) - y0 : oy1 - y0, max(ox0, x0) - x0 : ox1 - x0] = False
    room = shows = False
    for y in range(y0, y1):
        for x in range(x0, x1):
            if not own[y - y0, x - x0] or rules[y, x] >= ownink.RULE_INK:
                continue
            least = levels[max(0, y - 1) : y + 2, max(0, x - 1) : x + 2].min()
            shows = shows or int(levels[y, x]) - int(least) >= rendering.CONTRAST
            side = ownink.ROOM
            square = own[y - y0 : y - y0 + side, x - x0 : x - x0 + side]
            if square.shape == (side, side) and square.all():
                ruled = rules[y : y + side, x : x + side] >= ownink.RULE_INK
                room = room or not ruled.any()
    return room and not shows


def _plain_hidden(page: rendering.Rendered) -> list[Glyph]:
    """Each glyph's box measured alone: invisible, or its lightest and darkest pixels
    less than CONTRAST apart, or its own pixels showing no ink."""
    out = []
    assert page.levels is not None
    rules = ownink.rules(page.levels)
    places = np.stack(page.pixel_boxes(page.glyphs.boxes), axis=1)
    for index, glyph in enumerate(page.glyphs):
        left, bottom, right, top = glyph.box
        if glyph.invisible:
            out.append(glyph)
            continue
        if right - left < 0.5 or top - bottom < 0.5:
            continue
        y0, y1, x0, x1 = page.pixels(glyph.box, margin=rendering.GLYPH_MARGIN)
        patch = page.ink[y0:y1, x0:x1]
        faint = y1 <= y0 or x1 <= x0 or float(patch.max() - patch.min()) < rendering.CONTRAST
        if faint or _plain_unowned(page, index, rules, places):
            out.append(glyph)
    return out


def _plain_shrink(page: rendering.Rendered, side: int) -> rendering.Image:
    """The page's floats averaged over squares by OpenCV's area resampling."""
    cv2 = rendering.opencv()
    rows, cols = page.ink.shape[0] // side, page.ink.shape[1] // side
    whole = np.ascontiguousarray(page.ink[: rows * side, : cols * side])
    return cv2.resize(whole, (cols, rows), interpolation=cv2.INTER_AREA)


def _plain_difference(shown: rendering.Image, expected: rendering.Image) -> rendering.Image:
    """The whole page blurred, every shift tried in turn over the whole page."""
    cv2 = rendering.opencv()
    r, size = rendering.SHIFT, (rendering.BLUR, rendering.BLUR)
    a = cv2.blur(shown, size, borderType=cv2.BORDER_CONSTANT)
    e = cv2.blur(expected, size, borderType=cv2.BORDER_CONSTANT)
    padded = cv2.copyMakeBorder(e, r, r, r, r, cv2.BORDER_REPLICATE)
    rows, cols = shown.shape
    best = np.full(shown.shape, np.inf, np.float32)
    out = np.zeros(shown.shape, np.float32)
    for dy in range(2 * r + 1):
        for dx in range(2 * r + 1):
            delta = a - padded[dy : dy + rows, dx : dx + cols]
            closer = np.abs(delta) < best
            best[closer], out[closer] = np.abs(delta)[closer], delta[closer]
    out[np.abs(a - e) <= rendering.CHANGE] = 0
    return out


@pytest.mark.parametrize(("name", "save"), CASES, ids=lambda c: getattr(c, "value", c))
def test_quick_glyphs_hidden_and_differences_are_the_plain_ones(name: str, save: A.Save) -> None:
    data = _file(name, save)
    form_pages = visual._template(load_form("icml-2020"))
    doc = pdfium.PdfDocument(data)
    hidden_total = 0
    try:
        for number in range(len(doc)):
            shown = rendering.render_page(doc, number, rendering.ViewMode.SCREEN, glyphs=True)
            page = rendering.flatten_page(doc, doc[number], number, rendering.ViewMode.SCREEN)
            textpage = page.get_textpage()
            try:
                assert list(shown.glyphs) == _plain_glyphs(page, textpage)
            finally:
                textpage.close()
                page.close()
            hidden = rendering.hidden_glyphs(shown)
            assert hidden == _plain_hidden(shown)
            for reference in form_pages:  # judged against a form's page: the same
                assert rendering.hidden_glyphs(shown, reference) == hidden
            hidden_total += len(hidden)
            # the page averaged from its levels is what OpenCV makes of its floats
            side = pagematch.SMALL
            assert np.array_equal(rendering.shrink(shown.levels, side), _plain_shrink(shown, side))
            if number < len(form_pages):
                expected = form_pages[number].ink
                quick = rendering.difference(shown.ink, expected, keep=True)
                plain = _plain_difference(shown.ink, expected)
                assert np.array_equal(quick, plain)
                assert (np.abs(quick) > rendering.CHANGE).any()  # the attack shows
                # compared as levels (bytes), and read box by box: the same changes
                found = inkcompare.changes(shown.levels, form_pages[number].levels, keep=True)
                assert np.array_equal(found.dense(), plain)
                # in reading order, which within() reads the rows of a box by
                reading = np.lexsort((found.xs, found.ys))
                assert np.array_equal(reading, np.arange(found.ys.size))
                for box in ((0, 40, 0, 50), (300, 400, 100, 500), (700, 792, 500, 612)):
                    y0, y1, x0, x1 = box
                    assert np.array_equal(found.within(*box), plain[y0:y1, x0:x1])
    finally:
        doc.close()
    hiding = ("clause2-not-whited-out", "clause1-invisible-original", "clause4-white-rect")
    if name in (*hiding, "white-descenders"):
        assert hidden_total > 0  # the words kept in the text layer do not show
        assert any(f.code == "hidden-text" for f in parse(data).findings)


def test_a_glyph_table_reads_as_its_glyphs() -> None:
    glyphs = [Glyph("a", (1.0, 2.0, 3.0, 4.0), False, False), Glyph("b", (5, 6, 7, 8), True, True)]
    table = GlyphTable.of(glyphs)
    assert list(table) == glyphs and table[1] == glyphs[1] and len(table) == 2
    assert table.boxes.shape == (2, 4) and table.invisible.tolist() == [False, True]
    assert not GlyphTable.of([])


def _plain_judge(pixels: list[list[int]], scale: float) -> marks.Mark:
    """The box judged by looping over the pixels (as before numpy)."""
    if not pixels or not pixels[0]:
        return marks.Mark.ABSENT
    columns = len(pixels[0])
    inked = [any(row[c] < marks.INK for row in pixels) for c in range(columns)]
    c = columns - 1
    while c >= 0 and not inked[c]:
        c -= 1
    if c < 0:
        return marks.Mark.ABSENT
    right = c
    while c >= 0 and inked[c]:
        c -= 1
    left = c + 1
    top, bottom = marks._longest_run(
        [any(v < marks.INK for v in row[left : right + 1]) for row in pixels]
    )
    width, tall = right - left + 1, bottom - top + 1
    if width < 3 * scale or tall < 3 * scale:
        return marks.Mark.UNSURE
    inner = [
        row[left + width // 4 : right + 1 - width // 4]
        for row in pixels[top + tall // 4 : bottom + 1 - tall // 4]
    ]
    ratio = sum(1 for r in inner for v in r if v < marks.INK) / (sum(len(r) for r in inner) or 1)
    return (
        marks.Mark.CHECKED
        if ratio >= 0.08
        else marks.Mark.EMPTY
        if ratio <= 0.02
        else marks.Mark.UNSURE
    )


@pytest.mark.parametrize("seed", range(40))
def test_box_marks_judged_with_numpy_as_by_a_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    grey = np.full((30, 40), 255, np.uint8)
    top, left = rng.integers(2, 12), rng.integers(0, 20)
    tall, wide = rng.integers(3, 18), rng.integers(3, 20)
    grey[top : top + tall, left] = grey[top : top + tall, left + wide - 1] = 0  # a box
    grey[top, left : left + wide] = grey[top + tall - 1, left : left + wide] = 0
    for _ in range(rng.integers(0, 25)):  # ticks, stray marks, noise
        grey[rng.integers(0, 30), rng.integers(0, 40)] = rng.integers(0, 256)
    scale = 1.0
    assert marks._judge(grey < marks.INK, scale) == _plain_judge(grey.tolist(), scale)


def _plain_regions(
    mask: np.ndarray, cell: float = inkcompare.CELL, min_pixels: int = inkcompare.MIN_PIXELS
) -> list[tuple[int, ...]]:
    """Set pixels counted per cell over the whole image (pixel y in cell row
    floor(y / cell)), cells grouped by OpenCV."""
    cv2 = rendering.opencv()
    rows, cols = mask.shape
    gy, gx = int(np.ceil(rows / cell - 1e-9)), int(np.ceil(cols / cell - 1e-9))
    counts = np.zeros((gy, gx), np.int64)
    for y, x in zip(*np.nonzero(mask), strict=True):
        counts[int(y / cell + 1e-9), int(x / cell + 1e-9)] += 1
    found, labels, stats, _ = cv2.connectedComponentsWithStats(
        (counts > 0).astype(np.uint8), connectivity=8
    )
    out = []
    for label in range(1, found):
        if counts[labels == label].sum() < min_pixels:
            continue
        x0, y0, w, h = (int(v) for v in stats[label, :4])
        top, left = int(y0 * cell + 1e-9), int(x0 * cell + 1e-9)
        bottom, right = int(np.ceil((y0 + h) * cell - 1e-9)), int(np.ceil((x0 + w) * cell - 1e-9))
        out.append((top, min(rows, bottom), left, min(cols, right)))
    return sorted(out)


@pytest.mark.parametrize("cell", [inkcompare.CELL, 6])
@pytest.mark.parametrize("seed", range(20))
def test_regions_from_the_pixels_are_those_of_the_whole_image(seed: int, cell: float) -> None:
    rng = np.random.default_rng(seed)
    mask = rng.random((int(rng.integers(20, 90)), int(rng.integers(20, 90)))) > rng.uniform(0.8, 1)
    assert rendering.regions(mask, cell=cell) == _plain_regions(mask, cell)


def _ruled(ink: np.ndarray) -> bool:
    """A rule, looked for row by row: at most three rows inked, one after another, each
    column between the ink's ends inked in one of them but for a twentieth (and so down
    the columns)."""
    for grid in (ink.tolist(), ink.T.tolist()):
        rows = [r for r, line in enumerate(grid) if any(line)]
        if rows and len(rows) <= 3 and rows[-1] - rows[0] < 3:
            columns = [any(grid[r][c] for r in rows) for c in range(len(grid[0]))]
            first = columns.index(True)
            last = len(columns) - 1 - columns[::-1].index(True)
            if sum(columns[first : last + 1]) >= 0.95 * (last - first + 1):
                return True
    return False


@pytest.mark.parametrize("name", ["outlined-terms-page", "declined-stamp", "preamble-page"])
def test_ink_without_text_cleared_by_arrays_as_glyph_by_glyph(name: str) -> None:
    data = _file(name, A.Save.RESAVED)
    doc = pdfium.PdfDocument(data)
    places = 0
    try:
        for number in range(len(doc)):
            page = rendering.render_page(doc, number, rendering.ViewMode.SCREEN, glyphs=True)
            mask = page.ink > shownwords.INK
            for glyph in page.glyphs:  # the plain way: each visible glyph's box cleared
                if not glyph.invisible:
                    y0, y1, x0, x1 = page.pixels(glyph.box, margin=2)
                    mask[y0:y1, x0:x1] = False
            plain = []
            for place in rendering.regions(mask, min_pixels=shownwords.WORD_PIXELS):  # kept so
                left, bottom, right, top = page.points(*place)
                y0, y1, x0, x1 = place
                if (
                    right - left >= 15
                    and 5 <= top - bottom <= 200
                    and not _ruled(mask[y0:y1, x0:x1])
                ):
                    box = (max(0.0, left - 3), bottom - 3, min(page.width, right + 3), top + 3)
                    plain.append(box)
            assert shownwords._unexplained(page) == plain
            places += len(plain)
    finally:
        doc.close()
    assert places > 0 or name != "outlined-terms-page"  # terms drawn as outlines: found


def test_a_rule_is_not_read_for_words_and_a_word_or_dashes_are() -> None:
    """A line across (or down) a page, however long, is no word: OCR is not asked
    (it read a Chromium print's rules as "ooo", 40 ms each); letters, which stand
    apart, and a dashed line are read."""
    rule = np.zeros((12, 400), bool)
    rule[5:7, 10:390] = True  # two rows, end to end
    assert shownwords._rule(rule) and shownwords._rule(rule.T)
    thick = rule.copy()
    thick[4:9, 10:390] = True  # five rows: a bar, as words drawn bold may be
    dashed = np.zeros((12, 400), bool)
    for start in range(10, 390, 20):
        dashed[5:7, start : start + 12] = True
    word = np.zeros((12, 400), bool)
    for start in range(10, 390, 9):  # letters a pixel apart, three rows tall
        word[4:7, start : start + 8] = True
    underlined = word.copy()
    underlined[9, 10:390] = True
    for other in (thick, dashed, word, underlined):
        assert not shownwords._rule(other) and not _ruled(other)
    assert _ruled(rule) and _ruled(rule.T)
