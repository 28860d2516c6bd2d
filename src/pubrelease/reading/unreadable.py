"""A text layer that disagrees with a value whose glyphs the box is proved to draw.

A value is compared with what the page shows by the page's text layer
(:func:`.sources.combine`: ``value-disagreement``, ``name-mismatch``). Where the value
box's text is in a script OCR does not read, drawn in a font pubrelease cannot vouch
for (:mod:`.valueboxes`: ``shown-text-unchecked``), that text layer is the font's own
map. pdf-lib, drawing an Arabic or Persian name in Noto Sans Arabic through fontkit,
draws the glyphs the name is shaped into, joined and right to left as it should look in
poppler, MuPDF and PDFium, and maps some of them to other letters or to control
characters: its text layer reads 'محمد ال\\x05زهزاء' for 'محمد الزهراء' (``pdftotext``
too). The return was ``invalid`` where a person, looking, sees the name written.

Where every box of the field draws the very glyphs the stored value is shaped into in an
installed font (:func:`.shapedproof.draws_shaped`: outlines compared, not letters), the
disagreement is the map's, not the page's: it is folded into the box's
``shown-text-unchecked`` finding, which quotes what the text layer reads, and the return
is ``incomplete`` (the glyphs' placement is for a person to see). So it is where the font
is none pubrelease has (PyMuPDF draws an Arabic name in its own Noto Naskh Arabic and maps
a lam to 'Ǆ': 'رحمنǄمحمد عبد ا', review rev26) but the text layer names no letter the
value does not have: its holes stand for the letters it leaves out
(:func:`holed_within`). Any other drawing (a
name with its words swapped, a letter changed, a Latin letter changed in a mixed value)
draws other glyphs, and the comparison stands as it was; so it does for a Latin value,
and where the box's text is Latin.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from ..record import Finding, Record, Severity
from ..text import latin
from .glyphholes import holes
from .shapedproof import draws_shaped

__all__ = ["holed_within", "left_to_a_person", "unchecked_finding", "unchecked_findings"]

_COMPARED = frozenset({"value-disagreement", "name-mismatch"})


CLUSTER = 3
"""Characters one glyph may stand for (a conjunct, a vowel sign before its consonant)."""


def holed_within(reading: str, value: str) -> bool:
    """Whether ``reading`` (a text layer's) has holes (:func:`.glyphholes.holes`), ``value``
    none, and ``reading`` names no letter that ``value`` does not have, in the value's
    order, the letters it leaves out no more than :data:`CLUSTER` a hole: a map that names
    some glyphs wrongly, not another name. The order may turn once at a hole inside a word
    (a Latin letter standing for an Arabic one splits the line's right-to-left run: the
    text after it comes first), never between words (words swapped are another drawing,
    whatever holes end them)."""
    marks = holes(reading)
    if not any(marks) or any(holes(value)):  # (a value read with holes proves nothing)
        return False
    named = [c for c, hole in zip(reading, marks, strict=True) if not hole and not c.isspace()]
    wanted = [c for c in value if not c.isspace()]
    if Counter(named) - Counter(wanted):
        return False
    if (Counter(wanted) - Counter(named)).total() > CLUSTER * sum(marks):
        return False
    cuts = [0]  # where, among the named letters, a hole stood inside a word (a turn)
    count = 0
    for at, (char, hole) in enumerate(zip(reading, marks, strict=True)):
        if hole and _letter(reading, marks, at - 1) and _letter(reading, marks, at + 1):
            cuts.append(count)
        elif not hole and not char.isspace():
            count += 1
    return any(_in_order(named[cut:] + named[:cut], wanted) for cut in cuts)


def _letter(text: str, marks: list[bool], at: int) -> bool:
    """Whether ``text[at]`` is a named letter (in the text, no hole, no space)."""
    return 0 <= at < len(text) and not marks[at] and not text[at].isspace()


def _in_order(letters: list[str], wanted: list[str]) -> bool:
    """Whether ``letters`` stand in ``wanted`` in their order (some of it left out)."""
    rest = iter(wanted)
    return all(any(c == w for w in rest) for c in letters)


UNVOUCHED = "is not drawn as pubrelease draws it, nor in a font it can vouch for"
"""How a box left to a person is drawn, as most findings say it."""


def unchecked_finding(
    name: str, pages: list[int], read: str | None, why: str, how: str = UNVOUCHED
) -> Finding:
    """The ``shown-text-unchecked`` finding of field ``name`` (its value ``read``) whose
    boxes on ``pages`` (counted from 1), drawn as ``how`` says, are left to a person, for
    ``why``."""
    value = f" {read!r}" if isinstance(read, str) else ""
    numbers = [str(page) for page in sorted(set(pages))]
    on = f"page {numbers[0]}" if len(numbers) == 1 else f"pages {', '.join(numbers[:-1])}"
    on += "" if len(numbers) == 1 else f" and {numbers[-1]}"
    boxes = "its box" if len(pages) == 1 else f"{len(pages)} boxes"
    return Finding(
        "shown-text-unchecked",
        Severity.WARNING,
        f"the {name}{value} ({boxes}, on {on}) {how}, {why}: look at what the page shows there",
        name,
    )


def unchecked_findings(
    asked: Iterable[tuple[str, int, str]],
    read: Callable[[str], str | None],
    how: str = UNVOUCHED,
) -> list[Finding]:
    """The ``shown-text-unchecked`` findings of the boxes ``asked`` of a person (each one's
    field, page counted from 0 and why), drawn as ``how`` says: one a field, in the order
    first asked, its boxes' pages, the first box's why, and the field's value (``read``)."""
    fields: dict[str, tuple[list[int], str]] = {}
    for name, page, why in asked:
        fields.setdefault(name, ([], why))[0].append(page + 1)
    return [
        unchecked_finding(name, pages, read(name), why, how)
        for name, (pages, why) in fields.items()
    ]


def left_to_a_person(
    observed: Iterable[Finding],
    found: Sequence[Finding],
    record: Record,
    why: str,
    data: bytes,
) -> tuple[list[Finding], list[Finding]]:
    """``observed`` and ``found`` (the value boxes' findings) with the errors comparing a
    value with the page's text layer, where the value's boxes are ``shown-text-unchecked``
    for ``why`` (a script OCR does not read) and are proved to draw the value's glyphs in
    ``data`` (:func:`.shapedproof.draws_shaped`), folded into that finding: one finding a
    field, quoting what the text layer reads (see the module)."""
    unread = _unread_fields(found, why)
    proved: dict[str, bool] = {}  # (a name-mismatch and a disagreement ask it of one field)

    def drawn(name: str, value: str) -> bool:
        if name not in proved:
            proved[name] = draws_shaped(data, name, value)
        return proved[name]

    readings: dict[str, list[str]] = {}
    kept: list[Finding] = []
    for finding in observed:
        name = finding.field or ""
        value = getattr(record, name, None) if name in unread else None
        if (
            finding.code in _COMPARED
            and finding.severity is Severity.ERROR
            and isinstance(value, str)
            and value
            and not latin(value)
            and finding.readings
            and (drawn(name, value) or all(holed_within(r, value) for r in finding.readings))
        ):
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


def _unread_fields(found: Sequence[Finding], why: str) -> set[str]:
    """The fields whose boxes ``found`` leaves to a person for ``why``."""
    return {
        f.field
        for f in found
        if f.code == "shown-text-unchecked" and f.field is not None and why in f.message
    }
