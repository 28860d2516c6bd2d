"""The quick read of a release exactly as ``fill`` issued it (the speed path of ``parse``).

When a file is our template's bytes followed by exactly one update in the
format ``fill`` writes, redefining only field and widget objects and the
catalog, the values are read straight from the update's objects, and what each
widget shows is decoded from its appearance stream, with no PDF library, no
rendering and no text extraction. The update must be, byte for byte, what ``fill``
writes for the values its issuance record holds (filled again, about a millisecond):
then the wording is the form's and every appearance, clip, colour, position and font
program is ours. Anything else returns ``None`` and ``parse`` takes the
general path; nothing here is trusted that the general path would read differently
(viewers read the same, last, cross-reference section).
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..filling.appearance import mapped_as_before, read_appearance
from ..filling.hanfaces import han_as_before, redrawn
from ..filling.issuance import Issued, read_record_body
from ..filling.mirrored import respanned, spans_as_before
from ..form.template import Form
from ..pdf.syntax import PDF_TEXT, read_pdf_text

if TYPE_CHECKING:
    from ..release import Release

__all__ = [
    "QuickReading",
    "filled_as",
    "issued_as",
    "issued_release",
    "quick_read",
    "read_as_drawn",
]

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>")
_OBJ = re.compile(rb"(\d+) 0 obj\n")
_STREAM = re.compile(rb"/Length (\d+)[^>]*>>\nstream\n")
_TRAILER = re.compile(
    rb"trailer\n<< /Size (\d+) /Root 1 0 R(?: /Info \d+ 0 R)? /Prev (\d+) "
    rb"/ID \[<[0-9A-F]*> <[0-9A-F]*>\] >>\nstartxref\n(\d+)\n%%EOF\n$"
)
_V_TEXT = re.compile(rb"/V " + PDF_TEXT)
_V_NAME = re.compile(rb"/V /(\w+)")
_AS = re.compile(rb"/AS /(\w+)")
_AP = re.compile(rb"/AP << /N (\d+) 0 R >>")
_FONT = re.compile(rb"/(PRF\d+) (\d+) 0 R")

BLANK = b"/Tx BMC EMC"
_ERA = {"now": "now", "later": "now", "before": "before"}
"""How a release of each of ``fill``'s eras (:func:`issued_as`) is read."""


@dataclass(frozen=True, slots=True)
class QuickReading:
    stored: dict[str, str | None]
    """Each text field's ``/V``."""
    visible: dict[str, list[str | None]]
    """For each text field, the text each of its widgets shows."""
    states: dict[str, str]
    """Each box's state (its ``/AS``), keyed by its on-state name."""
    consent_value: str
    """The choice field's ``/V`` (a state name or ``Off``)."""
    record: Issued | None
    """The issuance record, byte for byte as ``fill`` writes it."""


class _NotOurs(Exception):
    """Something some other program wrote."""


def _xref(section: bytes) -> dict[int, int]:
    lines = section.split(b"\n")
    if lines[0] != b"xref":
        raise _NotOurs
    offsets: dict[int, int] = {}
    i = 1
    while i < len(lines) and not lines[i].startswith(b"trailer"):
        first, count = (int(x) for x in lines[i].split())
        for k in range(count):
            entry = lines[i + 1 + k]
            if entry.endswith(b" n "):
                offsets[first + k] = int(entry[:10])
        i += 1 + count
    return offsets


@functools.lru_cache(maxsize=8)
def _template_offsets(form: Form) -> dict[int, int]:
    template = form.template
    return _xref(template[form.trailer.startxref :])


def _allowed(form: Form) -> frozenset[int]:
    allowed = {form.CATALOG}
    for plan in form.fields.values():
        allowed.add(plan.number)
        allowed.update(w.number for w in plan.widgets)
    return frozenset(allowed)


def quick_read(data: bytes, form: Form, *, era: str | None = None) -> QuickReading | None:
    """The values of an untouched issued release, or ``None`` when the file is anything
    else; ``era``: ``data`` is known to be what ``fill`` wrote then (:func:`issued_as`)."""
    if form.definition.imported:
        return None  # their objects, not ours: the general path reads them
    template = form.template
    if not data.startswith(template):
        return None
    try:
        return _read(data, form, len(template), era)
    except (_NotOurs, KeyError, ValueError, IndexError, UnicodeDecodeError):
        return None


def read_as_drawn(data: bytes, form: Form, era: str) -> QuickReading | None:
    """:func:`quick_read` of the file ``fill`` wrote in ``era`` for another file that keeps
    its drawings (saved again, answered, flattened): None when it reads a word ``fill``
    broke across two lines, unmarked (``"before"``), as the value typed, since the
    general path reads such a file with a space at the break (an untouched release is
    ours whole, and read whole by the quick path alone)."""
    reading = quick_read(data, form, era=era)
    if reading is None or _ERA.get(era) != "before":
        return reading
    plain = quick_read(data, form, era="now")
    return reading if plain is not None and plain.visible == reading.visible else None


def _read(data: bytes, form: Form, base: int, issued_in: str | None = None) -> QuickReading:
    tail = _TRAILER.search(data, max(base, len(data) - 400))
    if tail is None or int(tail.group(2)) != form.trailer.startxref:
        raise _NotOurs
    xref_at = int(tail.group(3))
    if not base <= xref_at < len(data):
        raise _NotOurs
    offsets = _xref(data[xref_at : tail.start()] + b"trailer")
    allowed = _allowed(form)
    if any(n < form.trailer.size and n not in allowed for n in offsets):
        raise _NotOurs
    known = _template_offsets(form)

    def body(number: int) -> bytes:
        at = offsets.get(number, known.get(number))
        if at is None:
            raise _NotOurs
        head = _OBJ.match(data, at)
        if head is None or int(head.group(1)) != number:
            raise _NotOurs
        end = data.find(b"\nendobj\n", head.end())
        return data[head.end() : end]

    def stream(number: int) -> tuple[bytes, bytes]:
        whole = body(number)
        match = _STREAM.search(whole)
        if match is None or b"/Filter" in whole[: match.start()]:
            raise _NotOurs
        start = match.end()
        return whole[:start], whole[start : start + int(match.group(1))]

    value_font = {gid: char for char, (gid, _) in form.value_font.glyphs.items()}
    font_maps: dict[int, dict[int, str]] = {form.VALUE_FONT_OBJ: value_font}

    def shown(widget: bytes) -> str | None:
        ap = _AP.search(widget)
        if ap is None:
            raise _NotOurs
        header, content = stream(int(ap.group(1)))
        if content == BLANK:
            return None
        if not content.startswith(b"/Tx BMC q"):
            raise _NotOurs
        fonts = {key.decode(): int(num) for key, num in _FONT.findall(header)}

        def glyph_text(key: str, cid: int) -> str:
            number = fonts[key]
            if number not in font_maps:
                font_maps[number] = _tounicode(body, number)
            return font_maps[number].get(cid, "")

        return read_appearance(content, glyph_text)

    def exactly(number: int, expected: bytes) -> None:
        """An object of the update must be byte for byte what ``fill`` writes: nothing added."""
        if number in offsets and body(number) != expected:
            raise _NotOurs

    stored: dict[str, str | None] = {}
    visible: dict[str, list[str | None]] = {}
    states: dict[str, str] = {}
    consent_value = "Off"
    for name, plan in form.fields.items():
        field = body(plan.number)
        if plan.spec.kind.boxes:
            if plan.decline is not None:
                raise _NotOurs  # (a consent of two box fields: read by the general path)
            match = _V_NAME.search(field)
            consent_value = match.group(1).decode() if match else "Off"
            state = None if consent_value == "Off" else consent_value
            exactly(plan.number, form.field(plan, state))
            for widget in plan.widgets:
                found = _AS.search(body(widget.number))
                states[widget.box.state or ""] = found.group(1).decode() if found else "Off"
                exactly(widget.number, form.widget(plan, widget, state=state))
            continue
        value = _V_TEXT.search(field)
        text = read_pdf_text(value.group(1)) if value else None
        stored[name] = " ".join(text.split()) or None if text is not None else None
        visible[name] = [shown(field if plan.merged else body(w.number)) for w in plan.widgets]
        if plan.number in offsets:
            if text is None:
                raise _NotOurs  # fill rewrites a field only to give it a value
            locked = plan.spec.locked
            aps = [int(m.group(1)) for m in (_AP.search(body(w.number)) for w in plan.widgets) if m]
            exactly(
                plan.number,
                form.field(plan, text, locked=locked, ap=aps[0] if plan.merged else None),
            )
            for widget, ap in zip(plan.widgets, aps, strict=True):
                if not plan.merged:
                    exactly(widget.number, form.widget(plan, widget, ap=ap))

    record = re.search(rb"/PubRelease (\d+) 0 R", body(form.CATALOG))
    if record is None:
        raise _NotOurs  # fill always records the issuance
    exactly(form.CATALOG, form.catalog(release=int(record.group(1))))
    issuance = read_record_body(body(int(record.group(1))))
    if issuance is None or issuance.flattened:
        raise _NotOurs
    era = _issued(form, issuance, data) if issued_in is None else _ERA.get(issued_in)
    if era is None:
        raise _NotOurs
    if era == "before":  # a word too wide was broken unmarked: read with a space there
        for name, texts in visible.items():
            typed = stored.get(name) or ""
            visible[name] = [
                typed if v is not None and v.replace(" ", "") == typed.replace(" ", "") else v
                for v in texts
            ]
    return QuickReading(stored, visible, states, consent_value, issuance)


def _issued(form: Form, issuance: Issued, data: bytes) -> str | None:
    """``"now"`` when ``data`` is the file ``fill`` writes for the values the issuance
    record holds (under its release id: the same bytes, to the last), ``"before"`` when it
    is the file it wrote for them until 1 December 2026 (:func:`_as_issued_before`), else
    ``None``. A file equal to it is ours whole, its appearances, clips, colours, positions
    and font programs included: what its boxes show is the values, though a word then
    broken across two lines, unmarked, reads with a space at the break."""
    era = issued_as(form, issuance, data.__eq__)
    return None if era is None else _ERA[era]


def issued_as(
    form: Form, issuance: Issued, matches: Callable[[bytes], bool], *, flatten: bool = False
) -> str | None:
    """The way ``fill`` was when it wrote, for the values the issuance record holds, a
    file that ``matches``: ``"now"``, ``"later"`` (later on 1 December 2026,
    :func:`_as_issued_later`) or ``"before"`` (until then, :func:`_as_issued_before`);
    None when none of them matches."""
    eras = ["now"]
    texts = _texts(issuance.values_json)
    if redrawn(texts) or respanned(texts):  # drawn otherwise later on 1 December
        eras.append("later")
    eras.append("before")
    for era in eras:
        made = filled_as(form, issuance, era, flatten=flatten)
        if made is not None and matches(made):
            return era
    return None


def filled_as(form: Form, issuance: Issued, era: str, *, flatten: bool = False) -> bytes | None:
    """The file ``fill`` wrote in ``era`` (:func:`issued_as`) for the record's values."""
    then = (
        contextlib.nullcontext()
        if era == "now"
        else _as_issued_later()
        if era == "later"
        else _as_issued_before()
    )
    with then:
        return _filled(form, issuance, flatten)


@contextlib.contextmanager
def _as_issued_later() -> Iterator[None]:
    """``fill`` as it was later on 1 December 2026 (commit ``36eb6ca``): Han characters
    without kana or Hangul in Noto Sans SC, brackets of a line of both directions drawn as
    themselves outside any span."""
    with han_as_before(), spans_as_before():
        yield


@contextlib.contextmanager
def _as_issued_before() -> Iterator[None]:
    """``fill`` as it was until 1 December 2026 (the release of that day): lines kept
    inside their boxes, a word too wide broken anywhere and unmarked, a bracket drawn
    mirrored mapped to the bracket typed, no ``cmap`` in a release's subsets, and as
    :func:`_as_issued_later`."""
    from ..filling.inkbox import placed_as_before
    from ..pdf.charmap import without_cmaps

    with placed_as_before(moved=True), mapped_as_before(), without_cmaps(), _as_issued_later():
        yield


def _texts(values_json: str) -> list[str]:
    """The texts of the record's values."""
    try:
        values = json.loads(values_json)
    except ValueError:
        return []
    if not isinstance(values, dict):
        return []
    return [value for value in values.values() if isinstance(value, str)]


def issued_release(issuance: Issued) -> Release | None:
    """The release whose values the issuance record holds, under its release id."""
    from ..errors import PubreleaseError
    from ..release import Release

    try:
        values = json.loads(issuance.values_json)
        if not isinstance(values, dict):
            return None
        names = set(Release.field_names())
        standard = {k: v for k, v in values.items() if k in names}
        extra = {k: v for k, v in values.items() if k not in names}
        release = Release.create(**standard, extra=extra)
    except (PubreleaseError, ValueError, TypeError):
        return None
    return release if release.release_id == issuance.release_id else None


def _filled(form: Form, issuance: Issued, flatten: bool = False) -> bytes | None:
    """The file ``fill`` writes for the values the issuance record holds."""
    from ..errors import PubreleaseError
    from ..filling.fill import fill

    release = issued_release(issuance)
    if release is None:
        return None
    try:
        return fill(release, form, flatten=flatten)
    except (PubreleaseError, ValueError, TypeError):
        return None


def _tounicode(body: Callable[[int], bytes], number: int) -> dict[int, str]:
    """The glyph map of a Type0 font this update added (its ToUnicode, uncompressed by us)."""
    type0 = body(number)
    ref = re.search(rb"/ToUnicode (\d+) 0 R", type0)
    if ref is None:
        raise _NotOurs
    whole = body(int(ref.group(1)))
    match = _STREAM.search(whole)
    if match is None:
        raise _NotOurs
    raw = whole[match.end() : match.end() + int(match.group(1))]
    data = zlib.decompress(raw) if b"/FlateDecode" in whole[: match.start()] else raw
    return {
        int(g, 16): bytes.fromhex(u.decode()).decode("utf-16-be") for g, u in _BFCHAR.findall(data)
    }
