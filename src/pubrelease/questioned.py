"""Values a person would question: verdict rules on what the values themselves look like.

A release can be consistent in every source and still not be one a careful auditor
accepts: a signature that is no name (".", "x", only invisible characters, a sentence such
as "I DO NOT AGREE", someone else's name), a name that looks Latin but mixes in a Cyrillic
"а" or a Greek "ο" (Unicode's confusables and script data, from the maintained
``confusable_homoglyphs`` package, not a hand-made table), a value carrying bidi controls
or invisible characters, an event far in the future. Each rule gives a finding that quotes
the value and names the code points involved.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable

from .names import REFUSALS
from .record import Finding, Record, Severity, ValueSource
from .release import format_date
from .text import hidden, shown

__all__ = ["HOLES", "QUESTION_CODES", "questioned"]

QUESTION_CODES = frozenset(
    {
        "signature-not-a-name",
        "signature-mismatch",
        "hidden-characters",
        "unnamed-characters",
        "confusable-name",
        "date-far",
    }
)
"""Codes these rules own (besides ``unsigned`` and ``bad-date``, shared with verify)."""

TEXT_VALUES = ("speaker_name", "signature", "event_title", "countersigner_name")
UNNAMED = "\ufffd"
"""What PDF readers give for a glyph whose font maps it to no character."""
FUTURE_EVENT = dt.timedelta(days=3 * 366)
"""An event further ahead than this is not a date a release is signed for."""
FAR_APART = dt.timedelta(days=2 * 366)
"""Signing or taking effect further than this from the event is questioned."""
_CONTROL_RANGES = "\x00-\x1f\x7f-\x9f"
_CONTROLS = re.compile(f"[{_CONTROL_RANGES}]")
"""The characters of Unicode's category Cc (controls), all of them: a value's are counted
and dropped by one search each, not a category looked up per character."""
HOLES = re.compile(f"[{UNNAMED}{_CONTROL_RANGES}]+")
"""Runs of glyphs a file names no character for, as a value read from it holds them
(U+FFFD, or a control code: ``unnamed-characters``)."""


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    """The words of ``text``, folded; a ZWNJ or ZWJ inside a word (how a Persian or Indic
    name is written, :func:`~pubrelease.text.shown`) does not part it (a page read back
    carries none, and a name written with one is signed without it)."""
    out, word = [], ""
    for char in _fold(shown(text)):
        if char.isalpha():
            word += char
        elif word:
            out.append(word)
            word = ""
    return [*out, word] if word else out


_ONE_WRITING = {"HIRAGANA": "HAN", "KATAKANA": "HAN", "HANGUL": "HAN", "BOPOMOFO": "HAN"}
"""Scripts written together in one word (UTS #39's Jpan, Kore and Hanb sets: "鈴木エリー",
"田中ローラ"), counted as one."""
_NO_SCRIPT = frozenset({"COMMON", "INHERITED"})
"""Characters of every script (the prolonged sound mark "ー", tatweel, marks): no script
of their own to mix in."""


@functools.lru_cache(maxsize=1 << 16)
def _script(char: str) -> str:
    """The script a character is written in (as :mod:`confusable_homoglyphs` names it,
    the scripts written together as one), remembered by character: the library finds it
    by a binary search in Python over its table of ranges (some 7 us a letter)."""
    from confusable_homoglyphs import categories

    alias = str(categories.alias(char))
    return _ONE_WRITING.get(alias, alias)


def _parts(value: str) -> list[str]:
    """The runs of letters and marks of ``value``: a name's parts, which a space, a hyphen,
    an apostrophe or a middle dot part ("Jean-Пьер", "Sergei Иванов-Smith" are names of
    two writings, each part of one). Look-alikes are looked for inside a part."""
    out, part = [], ""
    for char in value:
        if unicodedata.category(char)[0] in "LM":
            part += char
        elif part:
            out.append(part)
            part = ""
    return [*out, part] if part else out


@functools.lru_cache(maxsize=1 << 12)
def _confusable(word: str) -> tuple[str, ...]:
    """Letters of ``word`` from a minority script that look like the majority script's,
    or else letters of a script that look like another's the word is also written in
    (remembered by word: an audit judges the same signer's name in every return)."""
    scripts: dict[str, int] = {}
    for char in word:
        if char.isalpha() and (script := _script(char)) not in _NO_SCRIPT:
            scripts[script] = scripts.get(script, 0) + 1
    # (the majority's first; then each other script's: in "Zоё" the Latin Z is the
    # minority, and the Cyrillic о the look-alike)
    for main in sorted(scripts, key=lambda s: -scripts[s]):
        if all(_script(char) in (main, *_NO_SCRIPT) for char in word):
            continue  # (every character of that script or of none: none is another's)
        from confusable_homoglyphs import confusables  # (its tables: 40 ms to load)

        found = confusables.is_confusable(word, greedy=True, preferred_aliases=[main.lower()])
        alike = [
            f"{_name(item['character'])} (looks like {item['homoglyphs'][0]['c']!r})"
            for item in found or []
            if _ONE_WRITING.get(item["alias"], item["alias"]) not in (main, *_NO_SCRIPT)
        ]
        if alike:
            return tuple(alike)
    return ()


_BESIDE_A_NAME = frozenset(
    [
        "dr",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "mx",
        "sir",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "phd",
        "md",
        "msc",
        "bsc",
        "ma",
        "ba",
        "mba",
        "esq",
        "de",
        "la",
        "le",
        "du",
        "da",
        "di",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "bin",
        "binti",
        "ibn",
        "al",
        "el",
        "abu",
        "bint",
        "y",
    ]
)
"""Folded words a signature may carry beside the speaker's name: titles, degrees and the
particles of names (a roster's "Maria Cruz" signing "Maria de la Cruz")."""
MORE_WORDS = 4
"""Words beside the speaker's name a signature may carry that are none of the name's,
nor initials, titles, degrees or particles: middle names and second surnames ("Maria José
García Cruz" for "Maria Cruz"), an affiliation. More is a sentence, not a name."""


def _signature(record: Record) -> list[Finding]:
    text = record.signature
    if text is None:
        return []
    letters = _letters(text)
    if len(letters) < 2:
        return [
            Finding(
                "unsigned",
                Severity.WARNING,
                f"the signature {text!r} is not a name: a signature needs a name's letters",
            )
        ]
    words = _words(text)
    name = record.speaker_name
    if name is not None and words == _words(name):
        return []  # the speaker's own name, as printed
    not_a_name = [
        Finding("signature-not-a-name", Severity.ERROR, f"the signature {text!r} is not a name")
    ]
    if name is None:
        return not_a_name if len(words) > 5 else []
    given = _words(name)
    initials = "".join(w[0] for w in given)

    def of_the_name(word: str) -> bool:
        return word in given or any(g.startswith(word) for g in given)

    shared = any(w in given or (len(w) >= 2 and of_the_name(w)) for w in words)
    if "".join(words) in (initials, initials[::-1]):
        return []
    if not shared and len(words) > 5:
        return not_a_name
    if shared:
        beyond = [w for w in words if len(w) > 1 and not of_the_name(w) and w not in _BESIDE_A_NAME]
        if not REFUSALS.intersection(beyond) and len(beyond) <= MORE_WORDS:
            return []  # the name, with its middle names, initials, titles, degrees
        return [
            Finding(
                "signature-not-a-name",
                Severity.ERROR,
                f"the signature {text!r} says more than the speaker's name {name!r}: "
                f"{' '.join(beyond)!r}",
            )
        ]
    return [
        Finding(
            "signature-mismatch",
            Severity.ERROR,
            f"the signature {text!r} is not the speaker's name {name!r}",
        )
    ]


def _characters(record: Record) -> list[Finding]:
    out = []
    on_page = {e.field for e in record.evidence if e.source is not ValueSource.FIELDS}
    for field in TEXT_VALUES:
        value = getattr(record, field)
        if not value:
            continue
        unnamed = value.count(UNNAMED)
        if field in on_page:
            # read from the page's text layer: a control character there is a glyph the
            # font's map gives a code for, not a character (mutool convert writes \x04 for
            # the joined Arabic forms it cannot name), as U+FFFD is for other programs
            unnamed += len(_CONTROLS.findall(value))
            value_seen = _CONTROLS.sub("", value)
        else:
            value_seen = value
        # a join control inside a Persian or Indic word is how it is written (text.shown)
        unseen = sorted({c for c in set(shown(value_seen)) if hidden(c)})
        if unseen:
            out.append(
                Finding(
                    "hidden-characters",
                    Severity.ERROR,
                    f"{field} {value!r} carries characters that do not show or reorder the "
                    f"text: {', '.join(_name(c) for c in unseen)}",
                )
            )
        if unnamed:
            # a glyph the file's text layer gives no character for: what the value says
            # can only be read on the page, by a person (incomplete: nothing says it is
            # wrong; an honest print of a Persian name has such glyphs)
            what = "U+FFFD" if unnamed == value.count(UNNAMED) else "U+FFFD or a control code"
            out.append(
                Finding(
                    "unnamed-characters",
                    Severity.WARNING,
                    f"{field} {value!r} has {unnamed} glyph(s) the file names no "
                    f"character for ({what}): read the value on the page",
                )
            )
        if field == "event_title":
            continue
        mixed = [m for part in _parts(value) for m in _confusable(part)]
        if mixed:
            out.append(
                Finding(
                    "confusable-name",
                    Severity.ERROR,
                    f"{field} {value!r} mixes scripts with look-alike letters: "
                    + ", ".join(dict.fromkeys(mixed)),
                )
            )
    return out


def _dates(record: Record, today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    event = record.event_date
    if event is None:
        return out
    if event > today + FUTURE_EVENT:
        out.append(
            Finding(
                "bad-date",
                Severity.ERROR,
                f"event_date {format_date(event)} is more than three years away",
            )
        )
    for name in ("effective_date", "sign_date"):
        value = getattr(record, name)
        if isinstance(value, dt.date) and abs(value - event) > FAR_APART:
            out.append(
                Finding(
                    "date-far",
                    Severity.WARNING,
                    f"{name} {format_date(value)} is more than two years from the event "
                    f"({format_date(event)})",
                )
            )
    return out


RULES: tuple[Callable[[Record], list[Finding]], ...] = (_signature, _characters)


def questioned(record: Record, today: dt.date) -> list[Finding]:
    """Findings on values a careful person would question (see the module's description)."""
    out = [finding for rule in RULES for finding in rule(record)]
    return out + _dates(record, today)
