"""What the page shows: every page rendered as a viewer draws it, checked against the
text layer, against print, and (for the project's own forms) against the form itself.

An auditor reads a release on the screen or on paper, page by page; a text extractor
reads the text layer. The two part where a PDF hides text (invisible rendering, white
on white, covered by a later drawing, clipped, in a layer that is off), draws text the
layer does not have (outlines, images, stamps), maps glyphs to other characters than they
look like, or reads differently on screen and in print. Each of those is a finding that
names the page, the place and the words:

* ``hidden-text``: glyphs of the text layer that do not show (a Type 3 font's letters
  drawn at a speck of their size too: :mod:`..pdf.type3place`);
* ``page-differs``: on our own template, ink outside the value boxes that is not the
  form's, or the form's wording not showing (a lying ToUnicode map shows up here: the
  text layer reads the wording, the glyphs drawn do not);
* ``extra-page``: a page the form does not have, quoting its text (or naming the form's
  page it is another copy of);
* ``viewers-disagree``: a page that differs between screen and print, or annotations
  without an appearance stream (each viewer draws its own, or nothing);
* ``value-disagreement``: a consent box that shows another state than the record's;
* ``ink-without-text``: a value box showing ink that is no text of the file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ..form.definition import FieldKind, Role
from ..form.template import Form
from ..pdf.closeups import TINY, shown_up_close
from ..pdf.glyphtable import EMPTY
from ..pdf.painted import painted_in
from ..pdf.rendering import (
    CHANGE,
    CONTRAST,
    GLYPH_MARGIN,
    SCALE,
    Box,
    Changes,
    Glyph,
    GlyphTable,
    Image,
    Rendered,
    ViewMode,
    changes,
    difference,
    hidden_glyphs,
    regions,
    regions_at,
    render_pages,
)
from ..record import Finding, Severity
from ..release import Consent
from .overhang import overhang
from .pagematch import aligned, look_alike
from .provedboxes import Proved, flat_by_design
from .shownwords import Difference, ink_words, paper_words, shown_text_differs
from .storedfields import consent_of

__all__ = ["extra_page", "form_pages_shown", "matched_pages", "visual_findings"]

MAX_REGIONS = 5
"""Places quoted per page and kind; the rest are counted."""
BOX_CHECKED = 12.0
"""Mean extra ink inside a box (of 255) over the form's empty box for it to count as checked."""
BOX_MARKED = 8.0
"""Mean extra ink in the inner half of a box (across and up) for a mark to stand in it:
a check drawn by the form or another program has 57 or more, an empty box none (0 in
every return of the corpus and its prints), a cross of a 1 pt stroke in .85 grey 16, a
tick in .8 grey 10. Ink by what a person sees, in whatever colour (``Rendered.seen``)."""
BOX_GONE = -12.0
"""Mean ink missing inside a box for the box itself not to show."""
FAINT = 12.0
"""Blurred ink difference (of 255) that counts as a faint change, for :data:`FAINT_PIXELS`
together: a large word or a long stroke in a light grey (a .85 grey fill is 38 of 255,
a 1 pt stroke of .8 grey 17 once blurred), each short of :data:`..pdf.rendering.CHANGE`."""
FAINT_PIXELS = 200
"""Pixels (pt²) of one place of faint change outside the value boxes for it to count: a
150 pt "VOID" in .85 grey has 10,000, a .8 grey 1 pt line through the margin 1,400;
another program's drawing of a whole honest return (fills, re-saves, flattenings, prints
by pdftocairo, Ghostscript and mutool) 28 at most."""
# pixel sizes for renders at 72 dpi (a pixel a point, ..pdf.rendering.SCALE)
MARGIN = 2
"""Pixels around a value box (and around a glyph in it) that another program's drawing
of the value may reach (2 pt; 2.2 pt at 100 dpi before)."""
UNTEXTED = 10
"""Pixels of unexplained ink in a text value box for it to count (10 pt², as 20 pixels
at 100 dpi)."""


@functools.lru_cache(maxsize=8)
def _template(form: Form) -> tuple[Rendered, ...]:
    return tuple(
        render_pages(form.template, ViewMode.SCREEN, max_pages=len(form.pages), glyphs=True)
    )


def _where(box: Box) -> str:
    left, bottom, right, top = box
    return f"at ({left:.0f}, {bottom:.0f})-({right:.0f}, {top:.0f}) pt"


def _quote(glyphs: GlyphTable, box: Box, limit: int = 120) -> str:
    """The characters whose centres lie in ``box``, in reading order, spaced by gaps."""
    left, bottom, right, top = box
    b = glyphs.boxes
    x, y = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
    inside = (left <= x) & (x <= right) & (bottom <= y) & (y <= top)
    return _words([glyphs[i] for i in np.nonzero(inside)[0].tolist()], limit)


def _words(glyphs: list[Glyph], limit: int = 120) -> str:
    """Glyphs as text: rows by vertical overlap, top to bottom, spaces where gaps are wide."""
    rows: list[tuple[float, float, list[Glyph]]] = []
    for glyph in sorted(glyphs, key=lambda g: -g.box[3]):
        _, bottom, _, top = glyph.box
        for index, (low, high, members) in enumerate(rows):
            if bottom < high and top > low:
                members.append(glyph)
                rows[index] = (min(low, bottom), max(high, top), members)
                break
        else:
            rows.append((bottom, top, [glyph]))
    parts = []
    for low, high, row in rows:
        row.sort(key=lambda g: g.box[0])
        text = ""
        previous: Glyph | None = None
        for glyph in row:
            gap = glyph.box[0] - previous.box[2] if previous is not None else 0.0
            if previous is not None and (glyph.space_before or gap > 0.5 * (high - low)):
                text += " "
            text += glyph.char
            previous = glyph
        parts.append(" ".join(text.split()))
    text = " / ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tiny(box: Box) -> bool:
    return box[2] - box[0] <= TINY and box[3] - box[1] <= TINY


def _more(count: int) -> str:
    return f" (and {count} more places)" if count > 0 else ""


def _hidden(
    data: bytes, page: Rendered, reference: Rendered | None, proved: Sequence[Proved]
) -> list[Finding]:
    hidden = [g for g in hidden_glyphs(page, reference) if not flat_by_design(g, proved)]
    # (a glyph drawn at a speck of its size is not shown, whatever ink the speck has)
    looked = [g for g in hidden if not g.invisible and not g.clipped and not g.shrunk]
    if looked:  # thin strokes of dark ink (.pdf.painted)
        painted = painted_in(data, page.page, [(g.char, g.box) for g in looked])
        seen = {id(g) for g, yes in zip(looked, painted, strict=True) if yes}
        hidden = [g for g in hidden if id(g) not in seen]
        # a speck of type, under a pixel at 72 dpi, looked at up close (.pdf.closeups)
        tiny = [g for g in looked if id(g) not in seen and _tiny(g.box)]
        if tiny:
            margin = GLYPH_MARGIN / SCALE  # (the same points around it as on the page's render)
            up = shown_up_close(data, page.page, [g.box for g in tiny], margin, CONTRAST)
            seen_close = {id(g) for g, yes in zip(tiny, up, strict=True) if yes}
            hidden = [g for g in hidden if id(g) not in seen_close]
    if not hidden:
        return []
    groups: list[list[Glyph]] = []
    for glyph in hidden:
        last = groups[-1][-1] if groups else None
        near = last is not None and 0 <= glyph.box[0] - last.box[2] < 6
        if near and last is not None and abs(last.box[1] - glyph.box[1]) < 3:
            groups[-1].append(glyph)
        else:
            groups.append([glyph])
    shown = []
    for group in groups[:MAX_REGIONS]:
        box = (
            min(g.box[0] for g in group),
            min(g.box[1] for g in group),
            max(g.box[2] for g in group),
            max(g.box[3] for g in group),
        )
        how = (
            "cut away by a clip"
            if all(g.clipped for g in group)
            else "invisible text"
            if all(g.invisible for g in group)
            else "drawn at a speck of its size, flattened, or not at all"
            if all(g.shrunk for g in group)
            else "covered or blank"
        )
        shown.append(f"{_words(group)!r} {_where(box)} ({how})")
    message = (
        f"page {page.page + 1}: text that a viewer does not show: "
        + "; ".join(shown)
        + _more(len(groups) - MAX_REGIONS)
    )
    return [Finding("hidden-text", Severity.ERROR, message)]


def _viewers(screen: Rendered, printed: Rendered, on_paper: list[tuple[int, Box]]) -> list[Finding]:
    out = []
    if screen.unpainted:
        kinds = ", ".join(sorted(set(screen.unpainted)))
        out.append(
            Finding(
                "viewers-disagree",
                Severity.ERROR,
                f"page {screen.page + 1}: annotations without an appearance ({kinds}): "
                "each viewer draws them its own way, or not at all",
            )
        )
    # the same render (pageviews: print cannot differ there) shows no difference
    same = printed.levels is screen.levels
    change = None if same else difference(printed.levels, screen.levels)
    places = [] if change is None else regions(np.abs(change) > CHANGE)
    if places and change is not None:
        shown = []
        for y0, y1, x0, x1 in places[:MAX_REGIONS]:
            box = screen.points(y0, y1, x0, x1)
            paper = "more" if float(change[y0:y1, x0:x1].sum()) > 0 else "less"
            on_screen = _quote(screen.glyphs, box) or "no text"
            shown.append(f"{_where(box)} (on screen: {on_screen!r}; {paper} ink on paper)")
            on_paper.append((screen.page, box))
        out.append(
            Finding(
                "viewers-disagree",
                Severity.ERROR,
                f"page {screen.page + 1} prints differently from what the screen shows "
                + "; ".join(shown)
                + _more(len(places) - MAX_REGIONS),
            )
        )
    return out


def matched_pages(form: Form, screen: Sequence[Rendered]) -> dict[int, int]:
    """Pages of the return (rendered for the screen) taken for the form's pages, in
    order: return page -> form page (:func:`.pagematch.aligned`). Made once a return and
    given to the checks that compare its pages with the form's (:func:`visual_findings`,
    the wording's glyphs)."""
    return aligned(screen, _template(form))


def form_pages_shown(
    form: Form,
    screen: Sequence[Rendered],
    *,
    on_template: bool,
    matched: dict[int, int] | None = None,
) -> tuple[dict[int, int], tuple[Rendered, ...]]:
    """The pages of the return compared with the form's (return page -> form page, as
    :func:`visual_findings` compares them; none when they are not) and the form's pages.
    ``matched``: :func:`matched_pages` of ``screen``, when already made."""
    form_pages = _template(form)
    if matched is None:
        matched = aligned(screen, form_pages)
    if not on_template and len(matched) != len(form_pages):
        return {}, form_pages
    return matched, form_pages


def _value_boxes(form: Form, page_number: int) -> list[tuple[str, Box, str | None]]:
    """(field, rect, box state) of each widget on a page of the form."""
    number = form.pages[page_number].number
    return [
        (name, widget.box.rect, widget.box.state)
        for name, plan in form.fields.items()
        for widget in plan.widgets
        if widget.page == number
    ]


@functools.lru_cache(maxsize=16)
def _near_values(
    form: Form, index: int, height: float, shape: tuple[int, int]
) -> npt.NDArray[np.bool_]:
    """The pixels of a render of ``shape`` (of a page ``height`` points high) within
    :data:`MARGIN` of a value box of page ``index`` of the form (where a value's ink may
    go), as :meth:`Rendered.pixels` places each box: made once a form's page and size."""
    near = np.zeros(shape, bool)
    place = Rendered(index, 0.0, height, near.view(np.uint8), EMPTY)
    for _, rect, _ in _value_boxes(form, index):
        y0, y1, x0, x1 = place.pixels(rect, margin=MARGIN)
        near[y0 : max(0, y1), x0 : max(0, x1)] = True  # (a box wholly above or left: none)
    near.flags.writeable = False
    return near


def _against_form(
    shown: Rendered,
    form_page: Rendered,
    form: Form,
    index: int,
    consent: Consent,
    differences: list[Difference],
    glyph_read: frozenset[str] = frozenset(),
) -> list[Finding]:
    out: list[Finding] = []
    # by the ink a person sees, in any colour (Rendered.seen); the form page's blur kept
    found = changes(shown.seen, form_page.seen, keep=True, threshold=FAINT)
    # the changed pixels outside every value box (and its margin), as the pixels themselves
    boxes = _value_boxes(form, index)
    ys, xs, deltas = found.ys, found.xs, found.deltas
    near = _near_values(form, index, shown.height, found.shape)
    outside = ~near.ravel().take(ys * found.shape[1] + xs)  # (a flat take: the same pixels)
    more, less = outside & (deltas > CHANGE), outside & (deltas < -CHANGE)
    more |= _faint(found, outside & (deltas > FAINT))
    added = regions_at(ys[more], xs[more], found.shape)
    if added:  # (a value typed a little high: its letters' tops above its box, .overhang)
        texts = [rect for _, rect, state in boxes if state is None]
        added = [p for p in added if not overhang(shown, form_page, p, texts, MARGIN)]
    removed = regions_at(ys[less], xs[less], found.shape)
    page_label = f"page {shown.page + 1}"
    differences += [Difference(shown, shown.points(*p)) for p in added + removed]
    if added:
        shown_places = []
        for place in added[:MAX_REGIONS]:
            box = shown.points(*place)
            text = _quote(shown.glyphs, box)
            what = f"reads {text!r}" if text else "no text under it (an image, outlines or marks)"
            shown_places.append(f"{_where(box)}: {what}")
        out.append(
            Finding(
                "page-differs",
                Severity.ERROR,
                f"{page_label} shows ink the form does not have "
                + "; ".join(shown_places)
                + _more(len(added) - MAX_REGIONS),
            )
        )
    if removed:
        shown_places = []
        for place in removed[:MAX_REGIONS]:
            box = shown.points(*place)
            text = _quote(form_page.glyphs, box)
            shown_places.append(f"{_where(box)}: {text or 'the form’s lines'!r}")
        out.append(
            Finding(
                "page-differs",
                Severity.ERROR,
                f"{page_label} does not show the form's wording as drawn "
                + "; ".join(shown_places)
                + _more(len(removed) - MAX_REGIONS),
            )
        )
    glyphs: _Placed | None = None  # the visible glyphs and their pixels, when first needed
    for name, rect, state in boxes:
        y0, y1, x0, x1 = shown.pixels(rect)
        extra = found.within(y0, y1, x0, x1)
        if extra.size == 0:
            continue
        if state is not None:
            ink = _floats(shown, y0, y1, x0, x1) - _floats(form_page, y0, y1, x0, x1)
            spec = form.fields[name].spec
            if spec.role is Role.CONSENT:
                meaning = consent_of(state, spec)
                out.extend(_box(page_label, state, meaning, ink, consent))
        elif form.fields[name].spec.kind in (FieldKind.TEXT, FieldKind.DATE) and (
            name not in glyph_read
        ):
            if glyphs is None and (extra > CHANGE).any():
                glyphs = _placed(shown)
            if glyphs is not None:
                out.extend(_untexted(shown, name, rect, extra, glyphs))
    return out


def _faint(found: Changes, faint: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Of the ``faint`` changed pixels of ``found``, those in places of at least
    :data:`FAINT_PIXELS` (a light grey drawn large); none where no place is so large."""
    ys, xs = found.ys[faint], found.xs[faint]
    large = regions_at(ys, xs, found.shape, min_pixels=FAINT_PIXELS)
    out = np.zeros(faint.shape, bool)
    for y0, y1, x0, x1 in large:
        out |= faint & (found.ys >= y0) & (found.ys < y1) & (found.xs >= x0) & (found.xs < x1)
    return out


def _floats(page: Rendered, y0: int, y1: int, x0: int, x1: int) -> Image:
    """The ink a person sees (any colour) of pixels ``[y0:y1, x0:x1]`` of a page, as floats."""
    return page.seen[y0:y1, x0:x1].astype(np.float32)


def _box(
    page_label: str, state: str, meaning: Consent, ink: Image, consent: Consent
) -> list[Finding]:
    """Findings for a consent box whose pixels have ``ink`` more than the form's empty
    box (negative where they have less)."""
    want = meaning is not Consent.NONE and consent in (Consent.BOTH, meaning)
    extra = float(ink.mean())
    rows, cols = ink.shape
    inner = ink[rows // 4 : rows - rows // 4, cols // 4 : cols - cols // 4]
    # a mark inside the box is a check, outlined or not (pdftocairo's NeedAppearances box)
    marked = inner.size > 0 and float(inner.mean()) > BOX_MARKED
    if extra < BOX_GONE and not marked:
        # the box the answer needs must show; another box missing is a question only
        code, severity = (
            ("value-disagreement", Severity.ERROR) if want else ("consent-unsure", Severity.WARNING)
        )
        return [Finding(code, severity, f"{page_label}: the {state} box does not show")]
    checked = extra > BOX_CHECKED or marked
    if checked == want:
        return []
    return [
        Finding(
            "value-disagreement",
            Severity.ERROR,
            f"{page_label}: the {state} box shows {'checked' if checked else 'empty'} "
            f"but the consent read is {consent.value!r}",
        )
    ]


class _Placed(NamedTuple):
    """A page's visible glyphs: the edges of their boxes (points: left, bottom, right,
    top, each an array of its own, compared box by box) and the pixels each touches with
    :data:`MARGIN` (n x 4: y0, y1, x0, x1, as :meth:`Rendered.pixels` places them)."""

    edges: tuple[npt.NDArray[np.float64], ...]
    pixels: npt.NDArray[np.int64]


def _placed(shown: Rendered) -> _Placed:
    boxes = shown.glyphs.boxes.take((~shown.glyphs.invisible).nonzero()[0], axis=0)
    edges = tuple(np.ascontiguousarray(boxes[:, k]) for k in range(4))
    return _Placed(edges, np.stack(shown.pixel_boxes(boxes, margin=MARGIN), axis=1))


def _untexted(
    shown: Rendered, name: str, rect: Box, extra: Image, glyphs: _Placed
) -> list[Finding]:
    """Ink in a text value box that no visible glyph (``glyphs``) explains (outlines, an
    image of text)."""
    y0, _, x0, _ = shown.pixels(rect)
    unexplained = extra > CHANGE
    if not unexplained.any():
        return []
    left, bottom, right, top = rect
    g_left, g_bottom, g_right, g_top = glyphs.edges
    near = (g_right >= left) & (g_left <= right) & (g_top >= bottom) & (g_bottom <= top)
    places = glyphs.pixels.take(near.nonzero()[0], axis=0)
    places[:, :2] = np.maximum(0, places[:, :2] - y0)
    places[:, 2:] = np.maximum(0, places[:, 2:] - x0)
    for gy0, gy1, gx0, gx1 in places.tolist():
        unexplained[gy0:gy1, gx0:gx1] = False
    if int(unexplained.sum()) < UNTEXTED:
        return []
    return [
        Finding(
            "ink-without-text",
            Severity.ERROR,
            f"page {shown.page + 1}: the {name} box shows ink that is no text of the file "
            f"{_where(rect)} (drawn as outlines or an image: the value read may not be what "
            "it shows)",
        )
    ]


HEAD = 40
"""Characters (spaces aside) a page must begin with as a page of the form begins for a
page that resembles it to be taken for another copy of it."""


def _copy_of(page: Rendered, form_pages: Sequence[Rendered]) -> int | None:
    """The form's page (from 0) that ``page``, a page the alignment left out, is another
    copy of: a page it resembles (:func:`.pagematch.look_alike`: a letter of one line
    resembles the ICML form's sparse second page) that begins with the same words."""
    index = look_alike(page, form_pages)
    if index is None:
        return None
    heads = ["".join(_quote(p.glyphs, (0, 0, p.width, p.height), 200).split())[:HEAD] for p in
             (page, form_pages[index])]  # fmt: skip
    return index if len(heads[1]) == HEAD and heads[0] == heads[1] else None


def extra_page(page: Rendered, copy_of: int | None = None) -> Finding:
    """``extra-page`` for ``page``, none of the form's pages, quoting it; a page that shows
    nothing and holds no text at all (a scanner's or printer's blank sheet, review rev26)
    adds nothing to the release: only noted (``info``), what may hide on it (text that
    paints nothing, an annotation no viewer draws) having findings of its own.
    ``copy_of``: the form's page (from 0) it would be taken for alone, another page
    being taken for it (two copies of a page, with values each: only one is read)."""
    text = _quote(page.glyphs, (0, 0, page.width, page.height), limit=200)
    ink = float((page.levels > CHANGE).mean())
    if not text and not ink:
        return Finding(
            "extra-page",
            Severity.INFO,
            f"page {page.page + 1} is not a page of the form, and it is blank",
        )
    if copy_of is not None and text:
        return Finding(
            "extra-page",
            Severity.ERROR,
            f"page {page.page + 1} is another copy of the form's page {copy_of + 1}, whose "
            f"values are not read (a person should say which copy counts): it reads {text!r}",
        )
    what = (
        f"it reads {text!r}"
        if text
        else (
            "it has ink but no text (an image or outlines)"
            if ink > 0.0005
            else "it has a few marks but no text"
        )
    )
    return Finding(
        "extra-page",
        Severity.ERROR,
        f"page {page.page + 1} is not a page of the form: {what}",
    )


def visual_findings(
    data: bytes,
    form: Form,
    *,
    on_template: bool,
    consent: Consent,
    max_pages: int,
    service_pages: frozenset[int] = frozenset(),
    rendered: tuple[Sequence[Rendered], Sequence[Rendered]] | None = None,
    values: Sequence[str] = (),
    matched: dict[int, int] | None = None,
    glyph_read: frozenset[str] = frozenset(),
    proved: Mapping[int, Sequence[Proved]] | None = None,
) -> list[Finding]:
    """Findings about what the pages of ``data`` show (see the module's description).

    ``on_template``: the file says it is the form's own template (filled, flattened or
    re-saved). Its pages, and those of any file in which every page of the form is found
    (a flattening that dropped our marker), are compared with the form's. ``consent`` is
    the consent read from the file. ``service_pages`` (counted from 0) are an e-signing
    service's audit trail, recognised by the reading: no extra page of the form.
    ``rendered``: the screen and print renders already made (:mod:`..pdf.pageviews`, which
    reads and renders each page once); otherwise the pages are rendered here.
    ``values`` are the values read: words drawn without text that read as one of them
    (a signature pasted as a picture of the name) are no ink to report. ``matched``:
    :func:`matched_pages` of the screen's renders, when already made. ``glyph_read``:
    fields whose values were read from their glyphs (:mod:`.glyphtext`): every glyph in
    their boxes was found in a font we ship where it stands, ink that the text layer, which
    names no character for some, gives no box; their boxes are compared with ``fill``'s
    drawing of the value instead (:mod:`.valueboxes`), which an outline or an image
    drawn there fails. ``proved``: per page, boxes whose every glyph is proved upright
    as its font draws it (:class:`.clonetext.Cloned`).
    """
    if rendered is None:
        screen = render_pages(data, ViewMode.SCREEN, max_pages=max_pages, glyphs=True)
        printed = render_pages(data, ViewMode.PRINT, max_pages=max_pages)
    else:
        screen, printed = list(rendered[0]), list(rendered[1])
    out: list[Finding] = []
    on_paper: list[tuple[int, Box]] = []
    form_pages = _template(form)
    if matched is None:
        matched = aligned(screen, form_pages)
    for page, paper in zip(screen, printed, strict=True):
        # the form's page it was taken for: its glyphs judged alike where all is the form's
        reference = form_pages[matched[page.page]] if page.page in matched else None
        out.extend(_hidden(data, page, reference, (proved or {}).get(page.page, ())))
        out.extend(_viewers(page, paper, on_paper))
    compared = on_template or len(matched) == len(form_pages)
    differences: list[Difference] = []
    if compared:
        for page in screen:
            if page.page in matched:
                index = matched[page.page]
                out.extend(
                    _against_form(
                        page, form_pages[index], form, index, consent, differences, glyph_read
                    )
                )
            elif page.page not in service_pages:
                out.append(extra_page(page, _copy_of(page, form_pages)))
        missing = len(form_pages) - len(matched)
        if missing:
            out.append(
                Finding(
                    "page-differs",
                    Severity.ERROR,
                    f"{missing} of the form's {len(form_pages)} pages not found as drawn",
                )
            )
    # words read by OCR, only where the pixels already part from the text layer
    out.extend(shown_text_differs(data, differences, lambda page, box: _quote(page.glyphs, box)))
    out.extend(paper_words(data, on_paper))
    unmatched = [p for p in screen if not (compared and p.page in matched)]
    out.extend(ink_words(data, [p for p in unmatched if p.page not in service_pages], values))
    return out
