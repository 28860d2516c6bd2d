"""Guessing what a field of a conference's PDF means: its role, from its words.

Each field's name, tooltip and the words printed nearest to it are matched against
the ways forms name each :class:`~pubrelease.form.definition.Role`; boxes by the words
of their states ("agree", "I do not agree"); dates no words name by where they stand
(the one beside the signature is the sign date). Every guess carries a confidence
and says what it rests on, for the person who reviews it.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ..pdf.pagetext import Line
from .definition import FieldKind, Role
from .imported import PdfField

__all__ = ["Guess", "dedupe", "guess", "label_of", "place_dates", "slug", "split_consent"]

_ACCEPT = re.compile(r"accept|agree|yes|consent|grant|allow|approve|\bi do\b|^on$|^1$", re.I)
_DECLINE = re.compile(r"decline|disagree|\bno\b|not|refuse|deny|reject|withh?old|^0$|^2$", re.I)
_COUNTER = re.compile(
    r"counter|on behalf|for the (conference|organi[sz]|society|association|publisher)|"
    r"\bchair\b|organi[sz]er|conference official|authori[sz]ed",
    re.I,
)
_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.EFFECTIVE_DATE, re.compile(r"effective", re.I)),
    # (before the signature's words: "Date signed" is a date)
    (Role.SIGN_DATE, re.compile(
        r"date\W*(signed|of signature|signing)|sign(ed|ing)?\W*date", re.I)),
    (Role.SIGNATURE, re.compile(r"signature|sign here|\bsigned\b|\bsign\b", re.I)),
    (Role.EVENT_DATE, re.compile(
        r"(event|talk|presentation|session|lecture|recording|conference|workshop)\W*date|"
        r"date\W*(of|for)?\W*(the)?\W*(event|talk|presentation|session|lecture|recording)",
        re.I)),
    (Role.EVENT_TITLE, re.compile(
        r"title|talk|paper|presentation|session|lecture|event(?!\W*date)|submission", re.I)),
    (Role.SPEAKER_NAME, re.compile(r"name|speaker|author|presenter|print", re.I)),
)  # fmt: skip
_EXTRAS = (
    ("email", re.compile(r"e-?mail", re.I)),
    (
        "affiliation",
        re.compile(r"affiliation|institution|organi[sz]ation|university|employer", re.I),
    ),
    ("coauthors", re.compile(r"co-?authors?", re.I)),
    ("phone", re.compile(r"phone|telephone|mobile", re.I)),
    ("address", re.compile(r"address", re.I)),
)
_DATE = re.compile(r"\bdate\b|\bdated\b|\bday\b", re.I)
_DATED = re.compile(r"date|\bday\b", re.I)
"""A field's own name or tooltip that says it holds a date ("Date2", "SigDate")."""
_COUNTER_ROLES = {
    Role.SPEAKER_NAME: Role.COUNTERSIGNER_NAME,
    Role.SIGNATURE: Role.COUNTERSIGNER_SIGNATURE,
    Role.SIGN_DATE: Role.COUNTERSIGN_DATE,
}


@dataclass(frozen=True, slots=True)
class Guess:
    """What the importer proposes for one field of the PDF."""

    field: str
    """The field's name in the PDF."""
    key: str
    """The role it plays (``speaker_name``), or an extra value's key (``affiliation``)."""
    kind: FieldKind
    confidence: float
    why: str
    """What the guess rests on, for the person reviewing it."""
    states: tuple[str, ...] = ()
    accept: str | None = None
    decline: str | None = None
    label: str = ""
    decline_field: str = ""
    """A consent given by two box fields: the decline box's field (``decline`` its state)."""


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text or not text[0].isalpha():
        text = f"field_{text}"
    return text[:40].rstrip("_")


def label_of(field: PdfField, lines: list[Line]) -> str:
    """The words printed nearest the field: on its line to the left, else just above it."""
    widget = field.widgets[0]
    x0, y0, x1, y1 = widget.rect
    middle = (y0 + y1) / 2
    same_line = [
        ln for ln in lines if ln.page == widget.page and ln.bottom - 2 <= middle <= ln.top + 2
    ]
    left = [ln for ln in same_line if ln.left < x0]
    if left:
        return max(left, key=lambda ln: ln.right).text
    above = [
        ln
        for ln in lines
        if ln.page == widget.page and y1 - 2 <= ln.bottom <= y1 + 30 and ln.left < x1
        and ln.right > x0 - 40
    ]  # fmt: skip
    if above:
        return min(above, key=lambda ln: ln.bottom).text
    below = [ln for ln in lines if ln.page == widget.page and y0 - 20 <= ln.top <= y0 + 1]
    return max(below, key=lambda ln: ln.top).text if below else ""


def _box_meaning(
    states: tuple[str, ...], labels: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """The states that accept and decline, by each state's name and label (its export
    value and the words beside its box); none when two states read alike (both "not":
    which is which is for a person to say, with ``--map accept=STATE``)."""
    accepts, declines = [], []
    for state in states:
        text = f"{state} {labels.get(state, '')}"
        if _DECLINE.search(text):
            declines.append(state)
        elif _ACCEPT.search(text):
            accepts.append(state)
    if len(accepts) > 1 or len(declines) > 1:
        return None, None
    accept = accepts[0] if accepts else None
    decline = declines[0] if declines else None
    if accept is None and len(states) == 2 and decline is not None:
        accept = next(s for s in states if s != decline)
    if decline is None and len(states) == 2 and accept is not None:
        decline = next(s for s in states if s != accept)
    return accept, decline


def guess(field: PdfField, label: str, box_labels: Mapping[str, str]) -> Guess:
    sources = {"name": field.name, "tooltip": field.tooltip, "label": label}
    kind = field.kind or FieldKind.TEXT
    if kind.boxes:
        accept, decline = _box_meaning(field.states, box_labels)
        if accept is not None:
            confidence = 0.9 if decline is not None else 0.6
            why = f"a {kind.value} whose states read as accept={accept}, decline={decline}"
            return Guess(field.name, Role.CONSENT.value, kind, confidence, why,
                         field.states, accept, decline, label)  # fmt: skip
    if not kind.boxes:
        for key, pattern in _EXTRAS:
            hits = [s for s, text in sources.items() if text and pattern.search(text)]
            if hits:
                return Guess(field.name, key, kind, 0.5 + 0.15 * len(hits),
                             f"{' and '.join(hits)} say {key}", label=label)  # fmt: skip
        for role, pattern in _WORDS:
            hits = [s for s, text in sources.items() if text and pattern.search(text)]
            if not hits:
                continue
            counter = any(_COUNTER.search(t) for t in sources.values() if t)
            if role is Role.SPEAKER_NAME and any(
                _DATE.search(t) for t in (field.name, field.tooltip) if t
            ):
                continue
            if role is Role.SIGNATURE and _DATED.search(f"{field.name} {field.tooltip}"):
                role = Role.SIGN_DATE  # ("Date2" beside "Signature:": the date signed)
            if counter and role in _COUNTER_ROLES:
                role = _COUNTER_ROLES[role]
            kind = FieldKind.DATE if role.value.endswith("date") else kind
            if role in (Role.SIGNATURE, Role.COUNTERSIGNER_SIGNATURE):
                kind = FieldKind.SIGNATURE if kind is FieldKind.TEXT else kind
            return Guess(field.name, role.value, kind, min(0.95, 0.5 + 0.2 * len(hits)),
                         f"{' and '.join(hits)} match {role.value}", label=label)  # fmt: skip
        if any(_DATE.search(t) for t in sources.values() if t):
            return Guess(field.name, "date", FieldKind.DATE, 0.3, "a date field", label=label)
        signers = [s for s, text in sources.items() if text and _COUNTER.search(text)]
        if signers:  # "On behalf of the Association: ____": where the organisers sign
            return Guess(field.name, Role.COUNTERSIGNER_SIGNATURE.value, FieldKind.SIGNATURE,
                         0.5, f"{' and '.join(signers)} name who signs for the organisers",
                         label=label)  # fmt: skip
    return Guess(field.name, slug(field.name), kind, 0.3, "no role recognised: an extra value",
                 field.states, label=label)  # fmt: skip


def place_dates(guesses: list[Guess], fields: dict[str, PdfField]) -> list[Guess]:
    """Date fields no words name: the one nearest the speaker's signature is the sign date,
    the one nearest a countersignature its date, the first one left the event date."""
    out = list(guesses)

    def centre(name: str) -> tuple[int, float, float]:
        w = fields[name].widgets[0]
        return w.page, (w.rect[0] + w.rect[2]) / 2, (w.rect[1] + w.rect[3]) / 2

    def near(anchor_key: str, candidates: list[int]) -> int | None:
        anchor = next((g for g in out if g.key == anchor_key), None)
        if anchor is None or not candidates:
            return None
        page, x, y = centre(anchor.field)

        def distance(i: int) -> float:
            p, cx, cy = centre(out[i].field)
            return abs(cy - y) + 0.3 * abs(cx - x) + (10_000 if p != page else 0)

        best = min(candidates, key=distance)
        return best if distance(best) < 120 else None

    for anchor, role in (
        ("signature", Role.SIGN_DATE),
        ("countersigner_signature", Role.COUNTERSIGN_DATE),
    ):
        if any(g.key == role.value for g in out):
            continue
        pending = [i for i, g in enumerate(out) if g.key == "date"]
        chosen = near(anchor, pending)
        if chosen is not None:
            g = out[chosen]
            out[chosen] = Guess(g.field, role.value, FieldKind.DATE, 0.6,
                                f"the date field beside the {anchor}", label=g.label)  # fmt: skip
    for i, g in enumerate(out):
        if g.key == "date":
            taken = any(x.key == Role.EVENT_DATE.value for x in out)
            key = slug(g.field) if taken else Role.EVENT_DATE.value
            out[i] = Guess(g.field, key, FieldKind.DATE, 0.4 if not taken else 0.3,
                           "the first date field no words name", label=g.label)  # fmt: skip
    return out


def dedupe(guesses: list[Guess]) -> list[Guess]:
    """One field per role (the most confident keeps it; the rest become extra values)."""
    best: dict[str, Guess] = {}
    for g in guesses:
        if g.key in Role._value2member_map_ and (
            g.key not in best or g.confidence > best[g.key].confidence
        ):
            best[g.key] = g
    out, used = [], set()
    for g in guesses:
        key = g.key
        if key in Role._value2member_map_ and best[key] is not g:
            key = slug(g.field)
            g = Guess(g.field, key, g.kind, 0.3, f"another field plays {g.key}",
                      g.states, label=g.label)  # fmt: skip
        while key in used:
            key = f"{key}_2"[:40]
        used.add(key)
        out.append(g if key == g.key else dataclasses.replace(g, key=key))
    return out


def split_consent(
    guesses: list[Guess],
    fields: Mapping[str, PdfField],
    box_labels: Mapping[str, Mapping[str, str]],
    mapped: frozenset[str] = frozenset(),
) -> list[Guess]:
    """A consent of one box ("I agree") beside another field that is a box of its own and
    declines ("I do not agree"): the two make one consent, the agree box's field ticked
    to accept and the decline box's to decline (a return with both ticked reads as
    both answers, never as accepted). With more than one such box, which one answers
    is for a person to say: the agree box is then an extra value, and the form has no
    consent. Fields ``--map`` names (``mapped``) keep what it gives them."""
    declines = [  # (a box of one state that declines, read as the consent's boxes are)
        name
        for name, field in fields.items()
        if field.kind is FieldKind.CHOICE and len(field.states) == 1 and name not in mapped
        and _box_meaning(field.states, box_labels.get(name, {}))[1] is not None
    ]  # fmt: skip
    out, paired = [], ""
    for g in guesses:
        if g.key == Role.CONSENT.value and g.decline is None:
            others = [n for n in declines if n != g.field]
            if len(others) == 1 and g.kind is FieldKind.CHOICE and len(g.states) == 1:
                paired = others[0]
                g = dataclasses.replace(
                    g, decline=fields[paired].states[0], decline_field=paired, confidence=0.8,
                    why=f"an agree box beside a separate decline box ({paired!r}): one "
                    "consent of the two fields",
                )  # fmt: skip
            elif others:
                g = Guess(g.field, slug(g.field), g.kind, 0.3,
                          f"an agree box beside {len(others)} separate decline boxes "
                          f"({', '.join(map(repr, others))}): which one declines is for a "
                          "person to say (--map KEY=FIELD for the others), and this box "
                          "alone would read a return with both ticked as accepted", g.states,
                          label=g.label)  # fmt: skip
        out.append(g)
    return [g for g in out if g.field != paired]
