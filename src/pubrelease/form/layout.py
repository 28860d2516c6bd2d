"""Typesetting a form definition: where each line of wording and each field box goes.

The result is plain geometry (points, origin bottom-left as in PDF), used by the
template builder to draw the page and place the widgets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..errors import FormDefinitionError
from ..form.definition import SLOT, Align, Block, BlockType, FormDefinition, parse_slot

__all__ = ["Box", "PageLayout", "TextRun", "layout_form"]

DESCENT = 0.3
"""Space below the baseline inside a value box, as a fraction of the text size."""
MIN_REST = 60.0
"""A rest-of-line box narrower than this moves to the next line."""
CLAUSE_INDENT = 18.0


@dataclass(frozen=True, slots=True)
class TextRun:
    x: float
    y: float
    font: str
    size: float
    text: str


@dataclass(frozen=True, slots=True)
class Box:
    """One widget: the box of a field (or of one state of a choice field) on a page."""

    field: str
    state: str | None
    page: int
    rect: tuple[float, float, float, float]
    lines: int
    align: Align
    comb: int = 0
    """Cells of a comb field (one character each), 0 for running text."""

    @property
    def width(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def height(self) -> float:
        return self.rect[3] - self.rect[1]


@dataclass(slots=True)
class PageLayout:
    runs: list[TextRun] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    underlines: list[tuple[float, float, float]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)


@dataclass(slots=True)
class _Token:
    text: str | None
    width: float
    space_before: bool
    slot_match: re.Match[str] | None = None


class _Typesetter:
    def __init__(self, form: FormDefinition) -> None:
        self.form = form
        self.style = form.text
        self.left = form.margins.left
        self.right = form.page_size[0] - form.margins.right
        self.space = stringWidth(" ", self.style.font, self.style.size)

    def page(self, index: int, blocks: tuple[Block, ...]) -> PageLayout:
        out = PageLayout()
        top = self.form.page_size[1] - self.form.margins.top
        y = top
        for block in blocks:
            if block.type is BlockType.HEADING:
                size = self.style.heading_size
                y -= size
                width = stringWidth(block.text, self.style.bold_font, size)
                x = (self.left + self.right - width) / 2
                out.runs.append(TextRun(x, y, self.style.bold_font, size, block.text))
                y -= size * 0.8
            elif block.type is BlockType.RULE:
                y -= self.style.leading * 0.6
                out.rules.append((self.left, y, self.right, y))
                y -= self.style.leading * 0.4
            elif block.type is BlockType.FOOTER:
                text_width = stringWidth(block.text, self.style.font, self.style.size)
                x = self.right - text_width
                out.runs.append(
                    TextRun(
                        x, self.form.margins.bottom, self.style.font, self.style.size, block.text
                    )
                )
                continue
            else:
                bold = block.type is BlockType.SUBHEADING
                font = self.style.bold_font if bold else self.style.font
                left = self.left
                if block.type is BlockType.CLAUSE:
                    out.runs.append(
                        TextRun(left, y - self.style.size, font, self.style.size, block.number)
                    )
                    left += CLAUSE_INDENT
                y = self._paragraph(index, block, font, left, y, out)
            y -= self.style.paragraph_space
        if y < self.form.margins.bottom + self.style.leading:
            raise FormDefinitionError(
                f"page {index + 1} overflows its bottom margin by "
                f"{self.form.margins.bottom + self.style.leading - y:.0f} pt",
                file=str(self.form.source),
            )
        return out

    def _tokens(self, text: str, font: str) -> list[_Token]:
        tokens: list[_Token] = []
        pos = 0
        for match in [*SLOT.finditer(text), None]:
            end = match.start() if match else len(text)
            chunk = text[pos:end]
            words = chunk.split()
            for i, word in enumerate(words):
                space = i > 0 or chunk[:1].isspace() or not tokens
                tokens.append(_Token(word, stringWidth(word, font, self.style.size), space))
            if match is None:
                break
            slot = parse_slot(match)
            spec = self.form.fields[slot.field]
            if spec.kind.boxes:
                width = self.form.values.box_size
            else:
                width = slot.width if slot.width is not None else spec.width or math.inf
            space = not tokens or text[match.start() - 1 : match.start()].isspace()
            tokens.append(_Token(None, width, space, match))
            pos = match.end()
        return tokens

    def _paragraph(
        self, page: int, block: Block, font: str, left: float, y: float, out: PageLayout
    ) -> float:
        size, leading = self.style.size, self.style.leading
        y -= size
        x = left
        line_words: list[str] = []
        run_x = left
        extra_lines = 0

        def flush() -> None:
            if line_words:
                out.runs.append(TextRun(run_x, y, font, size, " ".join(line_words)))
                line_words.clear()

        for token in self._tokens(block.text, font):
            gap = self.space if token.space_before and x > left else 0.0
            width = token.width
            if token.slot_match is not None and math.isinf(width):
                if self.right - (x + gap) < MIN_REST:
                    flush()
                    y -= leading * (1 + extra_lines)
                    extra_lines, x, gap = 0, left, 0.0
                width = self.right - (x + gap)
            elif x + gap + width > self.right and x > left:
                flush()
                y -= leading * (1 + extra_lines)
                extra_lines, x, gap = 0, left, 0.0
            if token.slot_match is None:
                assert token.text is not None
                if not line_words:
                    run_x = x + gap
                    line_words.append(token.text)
                elif gap:
                    line_words.append(token.text)
                else:
                    line_words[-1] += token.text
                x += gap + width
                continue
            flush()
            slot = parse_slot(token.slot_match)
            spec = self.form.fields[slot.field]
            x0 = x + gap
            if spec.kind.boxes:
                box = self.form.values.box_size
                rect = (x0, y - box * 0.15, x0 + box, y + box * 0.85)
                lines = 1
            else:
                lines = spec.lines
                bottom = y - DESCENT * size - (lines - 1) * leading
                rect = (x0, bottom, x0 + width, y + leading - DESCENT * size)
                out.underlines.append((x0, bottom + 1, x0 + width))  # under the last line
                extra_lines = max(extra_lines, lines - 1)
            out.boxes.append(Box(slot.field, slot.state, page, rect, lines, slot.align))
            x = x0 + width
        flush()
        return y - (leading - size) - leading * extra_lines


def layout_form(form: FormDefinition) -> list[PageLayout]:
    """Typeset every page of ``form``; raises :class:`FormDefinitionError` on overflow."""
    setter = _Typesetter(form)
    return [setter.page(i, blocks) for i, blocks in enumerate(form.pages)]
