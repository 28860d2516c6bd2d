"""Hidden glyphs judged against a reference page are the ones judged on the whole page.

``rendering.hidden_glyphs(page, reference)`` takes the reference's verdict for the glyphs
whose box, paint, pixels and neighbours are the reference's, and judges only the others,
on the bands of rows they stand on (:mod:`pubrelease.pdf.likereference`). Here each page
is judged both ways, against a clean page as reference, for changes an attacker can make
where the pixels stay the same (a white word over the form's text, text that paints
nothing) or where the text layer stays the same (a letter whited out), and the verdict
must be the whole page's, with the attack caught.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from pubrelease.pdf import likereference, rendering
from pubrelease.pdf.likereference import Matched, like_reference
from pubrelease.pdf.rendering import Rendered

Draw = Callable[[canvas.Canvas], None]
WORDING = [
    "I grant the conference the right to record and publish my talk,",
    "its slides and its recording, in every form and medium.",
    "The speaker keeps every other right to the work.",
    "Signed on the date below, by the speaker named below.",
]


def _form(pdf: canvas.Canvas) -> None:
    """The wording, a rule and a value line, as a form's page draws them."""
    pdf.setFont("Helvetica", 10)
    for row, line in enumerate(WORDING):
        pdf.drawString(60, 700 - 16 * row, line)
    pdf.setFont("Helvetica", 16)
    pdf.drawString(60, 560, "Release of rights")
    pdf.line(60, 500, 400, 500)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, 300, "Name of the speaker:")
    pdf.line(170, 298, 400, 298)


def _pages(*extras: Draw | None, off: tuple[float, float] = (0, 0)) -> list[rendering.Rendered]:
    """The form's page, drawn once with each of ``extras`` after it (None: nothing);
    ``off``: the form's own drawing moved by so many points (as a print places it)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(612, 792))
    for extra in extras:
        pdf.translate(*off)
        _form(pdf)
        pdf.translate(-off[0], -off[1])
        if extra is not None:
            extra(pdf)
        pdf.showPage()
    pdf.save()
    doc = pdfium.PdfDocument(buffer.getvalue())
    try:
        return [
            rendering.render_page(doc, n, rendering.ViewMode.SCREEN, glyphs=True)
            for n in range(len(doc))
        ]
    finally:
        doc.close()


def _name(pdf: canvas.Canvas) -> None:
    pdf.setFont("Helvetica", 10)
    pdf.drawString(175, 301, "Bohyung Han")


def _white_letter(pdf: canvas.Canvas) -> None:
    """The name with its "a" drawn white (the text layer still reads "Han")."""
    pdf.setFont("Helvetica", 10)
    pdf.drawString(175, 301, "Bohyung H")
    x = 175 + pdf.stringWidth("Bohyung H", "Helvetica", 10)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.drawString(x, 301, "a")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawString(x + pdf.stringWidth("a", "Helvetica", 10), 301, "n")


def _white_over_wording(pdf: canvas.Canvas) -> None:
    """A white word drawn over the form's own black wording: the pixels stay the form's,
    the text layer gains glyphs whose boxes overlap the wording's (and take the pixels
    they share from the wording's glyphs' own)."""
    pdf.setFont("Helvetica", 10)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.drawString(62, 684, "not")
    pdf.setFillColorRGB(0, 0, 0)


def _invisible_clause(pdf: canvas.Canvas) -> None:
    """Text that paints nothing (render mode 3), in a blank part of the page."""
    text = pdf.beginText(60, 400)
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 10)
    text.textLine("The speaker withdraws every right granted above.")
    pdf.drawText(text)


def _twice(pdf: canvas.Canvas) -> None:
    """A line of the wording drawn a second time over itself (boldness), and the name."""
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, 700 - 16 * 2, WORDING[2])
    _name(pdf)


def _dot(pdf: canvas.Canvas) -> None:
    """A dot in the margin beside the wording's first line: its rows differ from the
    form's, left of the line only."""
    pdf.rect(30, 701, 2, 2, fill=1, stroke=0)


def _dot_and_a_letter_whited_out(pdf: canvas.Canvas) -> None:
    """The dot, and the "k" of "talk," at the far end of the same line covered white
    (the text layer still reads it)."""
    _dot(pdf)
    pdf.setFont("Helvetica", 10)
    x = 60 + pdf.stringWidth(WORDING[0][: WORDING[0].index("k,")], "Helvetica", 10)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(x, 698, pdf.stringWidth("k", "Helvetica", 10), 10, fill=1, stroke=0)
    pdf.setFillColorRGB(0, 0, 0)


def _chars(glyphs: list[rendering.Glyph]) -> str:
    return "".join(g.char for g in glyphs)


@pytest.mark.parametrize(
    ("extra", "caught"),
    [
        (_name, ""),
        (_white_letter, "a"),
        (_white_over_wording, None),  # the whole page's verdict, whatever it is
        (_invisible_clause, "Thespeakerwithdrawseveryrightgrantedabove."),
        (_twice, ""),
        (_dot, ""),
        (_dot_and_a_letter_whited_out, "k"),
    ],
    ids=lambda x: getattr(x, "__name__", "")[1:] or None,
)
def test_judged_against_the_form_as_on_the_whole_page(extra: Draw, caught: str | None) -> None:
    form, page = _pages(None, extra)
    alone = rendering.hidden_glyphs(page)
    assert rendering.hidden_glyphs(page, form) == alone
    assert caught is None or _chars(alone) == caught
    # and the other way round: the form's page judged against the return's
    assert rendering.hidden_glyphs(form, page) == rendering.hidden_glyphs(form) == []


def _matched(page: Rendered, reference: Rendered) -> Matched:
    """:func:`like_reference` of two renders, as :func:`rendering.hidden_glyphs` asks it."""
    keys = rendering._keys(page), rendering._keys(reference)
    return like_reference(page.levels, keys[0], reference.levels, keys[1])


def test_a_page_that_is_the_reference_takes_every_verdict_from_it() -> None:
    (page,) = _pages(_white_letter)
    reference = _pages(_white_letter)[0]  # drawn alike, another object
    matched = _matched(page, reference)
    assert matched.same.all()
    assert _chars(rendering.hidden_glyphs(page, reference)) == "a"


def test_only_the_rows_near_a_change_are_judged_anew() -> None:
    form, page = _pages(None, _white_letter)
    matched = _matched(page, form)
    # the wording at the top is the form's; the name and its line are judged anew
    assert matched.same[: len(form.glyphs)].sum() > len(WORDING[0])
    assert not matched.same[len(form.glyphs) :].any()
    assert not matched.same[page.glyphs.boxes[:, 1] < 320].any()


def test_a_change_beside_a_line_leaves_the_rest_of_it_to_the_reference() -> None:
    """A dot in the margin changes the pixels of the first line's rows, more than
    :data:`likereference.ACROSS` columns from most of its glyphs: those take the form's
    verdicts, the ones near the dot are judged anew (a Ghostscript print moves the "1."
    of each clause by a pixel, and keeps the rest of its line)."""
    form, page = _pages(None, _dot)
    matched = _matched(page, form)
    left, bottom = page.glyphs.boxes[:, 0], page.glyphs.boxes[:, 1]
    first_line = bottom > 690
    assert matched.same[first_line & (left > 32 + likereference.ACROSS + 10)].all()
    assert not matched.same[first_line & (left < 32 + likereference.ACROSS - 10)].any()
    assert matched.same[~first_line].all()


def _counted_judgings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many glyphs each judging from here on judges (every glyph: the page's count)."""
    judged: list[int] = []
    original = rendering._judged

    def spy(page: Rendered, chosen: object, keys: object) -> object:
        judged.append(len(page.glyphs) if chosen is None else int(chosen.sum()))  # type: ignore[attr-defined]
        return original(page, chosen, keys)  # type: ignore[arg-type]

    monkeypatch.setattr(rendering, "_judged", spy)
    return judged


def test_a_print_takes_its_verdicts_from_the_last_print_judged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two prints by one program, the second with a letter drawn white: neither shares
    a glyph with the form's page, the second shares most with the first (kept once
    judged), and its verdicts are its own whole page's, whichever is judged first."""
    form = _pages(None)[0]
    # (a print places every word its own way: a third of a point off, here, so that no
    # glyph's pixels are the form's)
    honest, doctored = _pages(_name, _white_letter, off=(0.45, 0.35))
    assert not _matched(honest, form).same.any()
    assert _matched(doctored, honest).same.sum() > 0.9 * len(doctored.glyphs)
    alone = rendering.hidden_glyphs(doctored)
    assert _chars(alone) == "a"
    rendering._RECENT.clear()
    assert rendering.hidden_glyphs(honest, form) == rendering.hidden_glyphs(honest) == []
    assert rendering._RECENT[id(form)][0].levels is honest.levels
    judged = _counted_judgings(monkeypatch)
    assert rendering.hidden_glyphs(doctored, form) == alone
    assert judged and judged[-1] < 0.1 * len(doctored.glyphs)  # (the rest: the honest print's)
    rendering._RECENT.clear()
    assert rendering.hidden_glyphs(doctored, form) == alone
    assert rendering.hidden_glyphs(honest, form) == []


def test_a_print_after_a_return_of_another_kind_takes_from_the_last_print(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A folder mixes prints with other returns: after a print and then a return drawn
    as the form draws it, the next print still takes most of its verdicts from the
    print (kept as the last page that placed its glyphs its own way), and they are its
    own whole page's."""
    form = _pages(None)[0]
    honest, doctored = _pages(_name, _white_letter, off=(0.45, 0.35))
    (other,) = _pages(_name)
    alone = rendering.hidden_glyphs(doctored)
    rendering._RECENT.clear()
    assert rendering.hidden_glyphs(honest, form) == rendering.hidden_glyphs(other, form) == []
    kept = rendering._RECENT[id(form)]
    assert len(kept) == 2 and kept[0].levels is other.levels and kept[1].levels is honest.levels
    assert [k.own for k in kept] == [False, True]
    judged = _counted_judgings(monkeypatch)
    assert rendering.hidden_glyphs(doctored, form) == alone
    assert judged and judged[-1] < 0.1 * len(doctored.glyphs)


def test_pages_of_another_size_are_judged_alone() -> None:
    form = _pages(None)[0]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(612, 791))
    _form(pdf)
    _white_letter(pdf)
    pdf.showPage()
    pdf.save()
    doc = pdfium.PdfDocument(buffer.getvalue())
    try:
        page = rendering.render_page(doc, 0, rendering.ViewMode.SCREEN, glyphs=True)
    finally:
        doc.close()
    assert _chars(rendering.hidden_glyphs(page, form)) == "a"


@pytest.mark.parametrize(
    "extra", [_name, _white_letter, _dot_and_a_letter_whited_out], ids=lambda x: x.__name__[1:]
)
def test_a_glyph_judged_alone_is_judged_as_on_the_whole_page(extra: Draw) -> None:
    """Each glyph chosen alone is judged on its band's rows and the columns around it
    only (as far as a rule's opening reads: the name on its value line, a letter whited
    out beside it): the verdict the whole page gives it."""
    (page,) = _pages(extra)
    keys = rendering._keys(page)
    whole = rendering._judged(page, None, keys)
    for index in range(len(page.glyphs)):
        chosen = np.zeros(len(page.glyphs), bool)
        chosen[index] = True
        assert rendering._judged(page, chosen, keys)[index] == whole[index], index
