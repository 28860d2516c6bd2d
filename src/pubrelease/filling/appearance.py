"""Appearance streams for text values: choose fonts, wrap, shrink, never clip.

Every value is drawn by us, so each viewer shows it without regenerating
anything (no ``NeedAppearances``). A value that does not fit its box at the
form's smallest size is an error, never a clipped drawing.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

from ..errors import FieldValueError, FontCoverageError
from ..form.layout import DESCENT, Box
from ..form.template import COMMON_CHARS, VALUE_FONT, Form
from ..pdf.fonts import EmbeddedFont, FontSource, available_fonts
from ..pdf.syntax import num

__all__ = ["ValueFonts", "text_appearance"]

PADDING = 2.0
"""Horizontal space kept free at each side of a value, in points."""


@dataclass(slots=True)
class ValueFonts:
    """The fonts one release's values are drawn in.

    Characters the template's value font has use it; the rest get one subset per
    system font, embedded in the release itself.
    """

    form: Form
    extra: dict[str, EmbeddedFont] = field(default_factory=dict)
    """Resource name to subset font, for fonts this release adds."""
    _by_char: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_values(cls, form: Form, values: dict[str, str]) -> ValueFonts:
        """Fonts for every character of ``values`` (field name to text)."""
        fonts = cls(form)
        wanted: dict[FontSource, set[str]] = {}
        sources: tuple[FontSource, ...] | None = None
        for name, text in values.items():
            for char in text:
                if char in COMMON_CHARS or char in fonts._by_char:
                    continue
                if sources is None:
                    sources = available_fonts()
                source = next((s for s in sources if s.covers(char)), None)
                if source is None:
                    raise FontCoverageError(
                        f"no available font can draw {char!r} (U+{ord(char):04X}, "
                        f"{unicodedata.name(char, 'unnamed')}); install a font that covers it "
                        "(for CJK, fonts-droid-fallback or fonts-wqy-zenhei) or list one in "
                        "PUBRELEASE_FONTS",
                        field=name,
                    )
                wanted.setdefault(source, set()).add(char)
                fonts._by_char[char] = ""
        for index, (source, chars) in enumerate(wanted.items(), start=1):
            key = f"PRF{index}"
            fonts.extra[key] = source.subset(chars)
            for char in chars:
                fonts._by_char[char] = key
        return fonts

    def runs(self, text: str) -> list[tuple[str, EmbeddedFont, str]]:
        """``text`` split into runs of one font each: (resource name, font, text)."""
        runs: list[tuple[str, EmbeddedFont, str]] = []
        common = self.form.value_font
        for char in text:
            key = VALUE_FONT if char in COMMON_CHARS else self._by_char[char]
            if runs and runs[-1][0] == key:
                runs[-1] = (key, runs[-1][1], runs[-1][2] + char)
            else:
                runs.append((key, common if key == VALUE_FONT else self.extra[key], char))
        return runs

    def width(self, text: str, size: float) -> float:
        return sum(font.width(chunk, size) for _, font, chunk in self.runs(text))


def _wrap(text: str, fonts: ValueFonts, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if fonts.width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:  # a word wider than the box breaks between characters
            if fonts.width(current + char, size) > width and current:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines


def text_appearance(
    form: Form, box: Box, text: str, fonts: ValueFonts, *, field: str
) -> tuple[str, set[str]]:
    """Content of the appearance stream of ``text`` in ``box``, and the fonts it uses."""
    style = form.definition.values
    body = form.definition.text
    ratio = body.leading / body.size
    avail = box.width - 2 * PADDING
    if box.lines == 1:
        natural = fonts.width(text, 1.0)
        size = min(style.size, math.floor(avail / natural * 10) / 10 if natural else style.size)
        if size < style.min_size:
            raise FieldValueError(
                f"too long to fit: {natural * style.min_size:.0f} pt wide at "
                f"{num(style.min_size)} pt, the box is {avail:.0f} pt",
                field=field,
            )
        lines = [(text, DESCENT * body.size)]
    else:
        size = style.size
        while True:
            wrapped = _wrap(text, fonts, size, avail)
            if len(wrapped) <= math.floor(box.height / (ratio * size) + 1e-9):
                break
            size = round(size - 0.5, 1)
            if size < style.min_size:
                raise FieldValueError(
                    f"too long to fit: {len(text)} characters need more than "
                    f"{box.lines} lines at {num(style.min_size)} pt",
                    field=field,
                )
        first = box.height - (ratio - DESCENT) * size
        lines = [(line, first - i * ratio * size) for i, line in enumerate(wrapped)]

    used: set[str] = set()
    ops = [
        "/Tx BMC q",
        f"1 1 {num(round(box.width - 2, 3))} {num(round(box.height - 2, 3))} re W n",
        "BT 0 g",
    ]
    for line, y in lines:
        width = fonts.width(line, size)
        if box.align == 1:
            x = (box.width - width) / 2
        elif box.align == 2:
            x = box.width - PADDING - width
        else:
            x = PADDING
        ops.append(f"1 0 0 1 {num(round(x, 3))} {num(round(y, 3))} Tm")
        for key, font, chunk in fonts.runs(line):
            used.add(key)
            ops.append(f"/{key} {num(size)} Tf {font.encode(chunk)} Tj")
    ops.append("ET Q EMC")
    return "\n".join(ops), used
