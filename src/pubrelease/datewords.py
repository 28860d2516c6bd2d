"""Dates written in words, in the writer's own language: ``29 de noviembre de 2026``,
``Sunday, November 29, 2026``, ``29 ноября 2026 г.``, ``2026年11月26日``, ``2026년 11월 26일``,
``ngày 29 tháng 11 năm 2026``.

The month and weekday names are CLDR's, for every locale it has, written once into
``datewords.json`` by ``tools/make_datewords.py`` (Babel is a build-time tool here, not
loaded at run time). A text reads as a date only when every word in it is known: one
month name (or a month number its marker names: ``11月``, ``tháng 11``), at most one
weekday name, particles a date is written with (``de``, ``le``, ``den``, ``г.``), an
ordinal ending on the day (``29th``, ``1er``), a four-digit year and a day. Any other
word, a second month, a weekday the date does not fall on, or more numbers than a day
and a year, and it is no date. A month in Roman numerals (``2 VII 2020``) counts as its
number; a Thai date's Buddhist Era year (``2 ก.ค. 2563``) is read as the Common Era's.

A month name that names different months in different languages (``listopada`` is
November in Polish, October in Croatian) gives every reading it can have: the caller
reports them and never picks one. When one of them is no date (``31 listopada``: there
is no 31 November) the text is no date at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ascii_digits", "read_words", "word_key"]

_TABLE = Path(__file__).with_name("datewords.json")

# English, as the reader always knew it (CLDR has them too; kept should the table change).
_ENGLISH = {
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1)},
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"],
        start=1)},
    "sept": 9,
}  # fmt: skip

# Words that make the number beside them a day, month or year.
_BEFORE = {"ngay": "day", "thang": "month", "thg": "month", "nam": "year"}  # Vietnamese
_ORDINALS = {"st", "nd", "rd", "th", "er", "e", "o", "a", "go", "го", "е", "ое", "ого"}
_PUNCTUATION = set(".,-/()'’،、。॰")
# A month in Roman numerals, in capitals as it is written by hand across Central and
# Eastern Europe (``2 VII 2020``, ``2.VII.2020``); in small letters it could be a word.
_ROMAN = {
    r: i
    for i, r in enumerate(
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], start=1
    )
}
_BUDDHIST_ERA = 543
"""Years a Thai date's year (the Buddhist Era, ``2563``) is ahead of the Common Era's."""
_CJK = re.compile(
    r"^(?P<before>[^\d]*?)[\s,、]*(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*"
    r"(?P<day>\d{1,2})\s*[日号號일](?P<after>.*)$"
)


def word_key(text: str) -> str:
    """A word or name as it is looked up: case folded, Latin and Greek accents dropped
    (``Février``, ``fevrier``; ``Νοεμβρίου``, ``ΝΟΕΜΒΡΙΟΥ``), Turkish dotless i as i,
    punctuation dropped between words."""
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", text).casefold().replace("ı", "i"):
        base = unicodedata.normalize("NFD", char)
        name = unicodedata.name(base[0], "")
        if name.startswith(("LATIN", "GREEK")):
            char = "".join(c for c in base if not unicodedata.combining(c))
            char = unicodedata.normalize("NFC", char)
        out.append(char if _letter(char[:1]) else " ")
    return " ".join("".join(out).split())


def _letter(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "LM"


def ascii_digits(text: str) -> str | None:
    """``text`` with its digits as ASCII (Arabic-Indic ``٢٩``, Persian ``۲۹``, Devanagari
    ``२९``, full-width ``２９``), or ``None`` when it mixes digits of two kinds."""
    zeros = {ord(c) - unicodedata.decimal(c) for c in text if unicodedata.category(c) == "Nd"}
    if len(zeros) > 1:
        return None
    if not zeros or zeros == {ord("0")}:
        return text
    return "".join(
        str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in text
    )


@dataclass(frozen=True)
class _Names:
    months: dict[str, frozenset[int]]
    weekdays: dict[str, frozenset[int]]
    particles: frozenset[str]
    longest: int


@functools.cache
def _names() -> _Names:
    data = json.loads(_TABLE.read_text("utf-8"))
    months = {k: frozenset(v) for k, v in data["months"].items()}
    for key, month in _ENGLISH.items():
        months[key] = months.get(key, frozenset()) | {month}
    weekdays = {k: frozenset(d) for k, d in data["weekdays"].items()}
    longest = max(len(k.split()) for k in itertools.chain(months, weekdays))
    return _Names(months, weekdays, frozenset(data["particles"]), longest)


@dataclass
class _Token:
    kind: str  # "number", "word" or "mark"
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token] | None:
    """Numbers, words and punctuation marks; ``None`` at any other character."""
    out: list[_Token] = []
    for match in re.finditer(r"\d+|\S", text):
        char = match.group()
        kind = "number" if char[0].isdigit() else "word" if _letter(char) else "mark"
        if kind == "mark" and char not in _PUNCTUATION:
            return None
        last = out[-1] if out else None
        if last and last.kind == kind == "word" and last.end == match.start():
            last.text += char
            last.end = match.end()
        else:
            out.append(_Token(kind, char, match.start(), match.end()))
    return out


def _weekday_ok(words: list[str], day: dt.date, *, short: bool = False) -> bool:
    """Whether the words (at most one weekday's name) are the weekday ``day`` falls on."""
    key = word_key(" ".join(words))
    if not key:
        return True
    names = _names().weekdays.get(key)
    return names is not None and (short or len(key) > 1) and day.weekday() in names


def _cjk(text: str) -> tuple[dt.date, ...] | None:
    """``2026年11月26日``, ``2026年11月26号``, ``2026년 11월 26일 (목)``; ``None``: another form."""
    match = _CJK.match(text)
    if match is None:
        return None
    try:
        day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return ()
    before = match["before"].strip(" ,、")
    after = match["after"].strip()
    short = after.startswith(("(", "（")) and after.endswith((")", "）"))
    after = after.strip("()（） ")
    if before and after:
        return ()
    for words in (before, after):
        if re.search(r"[^\w\s]|\d", words) or not _weekday_ok([words], day, short=short):
            return ()
    return (day,)


def read_words(text: str) -> tuple[dt.date, ...]:
    """Every date a text in words can be (see the module); ``()`` when it is none."""
    cjk = _cjk(text)
    if cjk is not None:
        return cjk
    tokens = _tokens(text)
    if tokens is None:
        return ()
    names = _names()
    items = [t for t in tokens if t.kind != "mark"]
    labels: dict[int, str] = {}  # index in items of a number -> day/month/year
    phrases: list[tuple[frozenset[int], frozenset[int]]] = []  # (months, weekdays) each
    i = 0
    while i < len(items):
        item = items[i]
        if item.kind == "number":
            i += 1
            continue
        if item.text in _ROMAN:
            phrases.append((frozenset({_ROMAN[item.text]}), frozenset()))
            i += 1
            continue
        key = word_key(item.text)
        after = items[i + 1] if i + 1 < len(items) else None
        before = items[i - 1] if i else None
        if key in _BEFORE and after is not None and after.kind == "number":
            labels[i + 1] = _BEFORE[key]
            i += 1
            continue
        if key in _ORDINALS and before is not None and before.kind == "number":
            gap = text[before.end : item.start]
            if gap in ("", "-", "."):
                labels.setdefault(i - 1, "day")
                i += 1
                continue
        for size in range(min(names.longest, len(items) - i), 0, -1):
            words = items[i : i + size]
            if any(w.kind != "word" for w in words):
                continue
            phrase = word_key(" ".join(w.text for w in words))
            months = names.months.get(phrase, frozenset())
            weekdays = names.weekdays.get(phrase, frozenset()) if len(phrase) > 1 else frozenset()
            if months or weekdays:
                phrases.append((months, weekdays))
                i += size
                break
        else:
            if key not in names.particles:
                return ()
            i += 1
    return _readings(items, labels, phrases, thai=any("\u0e00" <= c <= "\u0e7f" for c in text))


def _readings(
    items: list[_Token],
    labels: dict[int, str],
    phrases: list[tuple[frozenset[int], frozenset[int]]],
    *,
    thai: bool = False,
) -> tuple[dt.date, ...]:
    """The dates the numbers and names can be; ``thai``: a Thai date, whose four-digit
    year past 2400 is the Buddhist Era's (2563 is 2020), by the convention of its months'
    names (a Common Era year in Thai is written as it is: 2020)."""
    numbers = [(i, t.text) for i, t in enumerate(items) if t.kind == "number"]
    given: dict[str, int] = {}
    loose: list[str] = []
    for index, digits in numbers:
        label = labels.get(index)
        if label is None:
            loose.append(digits)
        elif label in given:
            return ()
        else:
            given[label] = int(digits)
    for digits in loose:
        label = "year" if len(digits) == 4 else "day" if len(digits) <= 2 else ""
        if not label or label in given:
            return ()
        given[label] = int(digits)
    if "year" not in given or "day" not in given:
        return ()
    if thai and given["year"] > 2400:
        given["year"] -= _BUDDHIST_ERA
    found: list[dt.date] = []
    # Each name is the month or the weekday (``mar`` is March in English, Tuesday in
    # Spanish): every way of reading them with one month and at most one weekday.
    for roles in itertools.product(("month", "weekday"), repeat=len(phrases)):
        months = [p[0] for p, r in zip(phrases, roles, strict=True) if r == "month"]
        weekdays = [p[1] for p, r in zip(phrases, roles, strict=True) if r == "weekday"]
        if any(not p[0] for p, r in zip(phrases, roles, strict=True) if r == "month"):
            continue
        if any(not w for w in weekdays) or len(weekdays) > 1:
            continue
        if len(months) + ("month" in given) != 1:
            continue
        choices = months[0] if months else frozenset({given["month"]})
        days: list[dt.date] = []
        for month in sorted(choices):
            try:
                days.append(dt.date(given["year"], month, given["day"]))
            except ValueError:
                return ()  # one reading is no date: the text is none
        days = [d for d in days if not weekdays or d.weekday() in weekdays[0]]
        found.extend(d for d in days if d not in found)
    return tuple(sorted(found))
