"""Where a value set on two lines continues a word: the break is no space.

``fill`` breaks a value with no space where it must (a long Thai, Chinese or katakana
name) and marks the first cluster of the line after such a break with an
``/ActualText`` of :data:`JOINER` and its text: a reader that joins a box's lines with
a space (each line's text is read on its own) joins them without one there. The mark is
on the line's start, where no gap before it is read as a space (the ink of the last
glyph of a line, "・", may start well right of where its cluster does). The mark
is text, so it lives in the content stream: it survives flattening (the appearance
stream becomes the page's form XObject), re-saving (qpdf, ``mutool clean``) and every
reader that takes ``/ActualText`` (PDFium, poppler, the appearance reader); a reader
that does not know it reads the word joiner, which shows nothing and means the same.
"""

from __future__ import annotations

__all__ = ["JOINER", "join_line"]

JOINER = "\u2060"
"""U+2060 WORD JOINER: no word break here, written at the start of a line that goes on
with the last word of the line before."""


def join_line(text: str, line: str) -> str:
    """``text`` (a box's lines so far) and its next ``line``: with a space between them,
    or none where ``line`` starts with :data:`JOINER` (dropped)."""
    if line.startswith(JOINER):
        return text + line[1:]
    return f"{text} {line}" if text else line
