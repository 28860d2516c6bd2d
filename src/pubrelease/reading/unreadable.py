"""A text layer that disagrees with a value where nothing can tell which the page shows.

A value is compared with what the page shows by the page's text layer
(:func:`.sources.combine`: ``value-disagreement``, ``name-mismatch``). Where the value
box's text is in a script OCR does not read, drawn in a font pubrelease cannot vouch
for (:mod:`.valueboxes`: ``shown-text-unchecked``), that text layer is the font's own
map, and nothing proves it. pdf-lib, drawing an Arabic or Persian name in Noto Sans
Arabic through fontkit, draws the glyphs the name is shaped into, joined and right to
left as it should look in poppler, MuPDF and PDFium, and maps some of them to other
letters or to control characters: its text layer reads 'محمد ال\\x05زهزاء' for 'محمد
الزهراء' (``pdftotext`` too). The return was ``invalid`` where a person, looking, sees
the name written.

Where the text layer's reading is the value with some letters mapped wrong, left out or
out of order (:data:`ALIKE`), such a disagreement is not proof that the page shows other
words, nor that it shows the value: it is left to a person, in the box's
``shown-text-unchecked`` finding, which quotes the text layer's reading too, and the
return is ``incomplete``. Where
the reading is other words, the stored value is in a script OCR reads (Latin), or the
box's text is, the comparison stands as it was.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import Indel

from ..record import Finding, Record, Severity
from ..text import latin

__all__ = ["left_to_a_person"]

_COMPARED = frozenset({"value-disagreement", "name-mismatch"})
ALIKE = 0.75
"""Least likeness (:func:`_alike`) of the text layer's reading to the value for the
disagreement to be left to a person: pdf-lib's readings of Arabic and Persian names are
0.83 to 1 (letters mapped to control characters, mark glyphs to others, runs out of
order); another name of the same script, 'فاطمة علي' for 'محمد الزهراء', is 0.32 and
stays an error. A name a letter or two apart is for a person either way."""


def left_to_a_person(
    observed: Iterable[Finding], found: Sequence[Finding], record: Record, why: str
) -> tuple[list[Finding], list[Finding]]:
    """``observed`` and ``found`` (the value boxes' findings) with the errors comparing a
    value with the page's text layer, where the value's boxes are ``shown-text-unchecked``
    for ``why`` (a script OCR does not read), folded into that finding: one finding a
    field, quoting what the text layer reads (see the module)."""
    unread = unread_fields(found, why)
    readings: dict[str, list[str]] = {}
    kept: list[Finding] = []
    for finding in observed:
        name = finding.field
        value = getattr(record, name, None) if name in unread else None
        if (
            finding.code in _COMPARED
            and finding.severity is Severity.ERROR
            and isinstance(value, str)
            and value
            and not latin(value)
            and finding.readings
            and all(_alike(value, read) for read in finding.readings)
        ):
            assert name is not None
            readings.setdefault(name, []).extend(finding.readings)
        else:
            kept.append(finding)
    out: list[Finding] = []
    for finding in found:
        read = readings.pop(finding.field, None) if finding.field is not None else None
        if read and finding.code == "shown-text-unchecked" and why in finding.message:
            quoted = ", ".join(repr(r) for r in dict.fromkeys(read))
            message = finding.message.replace(
                f"{why}:", f"{why} (its text layer reads {quoted}, not the value):", 1
            )
            finding = Finding(finding.code, finding.severity, message, finding.field)
        out.append(finding)
    return kept, out


def _alike(value: str, read: str) -> bool:
    """Whether the text layer's reading ``read`` is ``value`` with some letters mapped
    wrong, left out or out of order (a font's broken map), not other words: their letters
    (no spaces, no control characters) alike by :data:`ALIKE`, in order or as sets."""
    a, b = _letters(value), _letters(read)
    if not a or not b:
        return False
    in_order = Indel.normalized_similarity(a, b)
    as_sets = Indel.normalized_similarity(sorted(a), sorted(b))
    return max(in_order, as_sets) >= ALIKE


def _letters(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c)[0] not in "CZ")


def unread_fields(found: Sequence[Finding], why: str) -> set[str]:
    """The fields whose boxes ``found`` leaves to a person for ``why``."""
    return {
        f.field
        for f in found
        if f.code == "shown-text-unchecked" and f.field is not None and why in f.message
    }
