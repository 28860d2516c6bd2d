"""Make ``src/pubrelease/datewords.json``: the month and weekday names of every CLDR
locale, as :mod:`pubrelease.dates` reads a date written in words.

Run from the repository root with Babel installed (``pip install babel``; a dev
dependency, never needed at run time):

    python tools/make_datewords.py

Babel ships CLDR's data for some 1,150 locales (36 MB installed); loading them all takes
about two seconds, too slow for every run of ``pubrelease``, so the names are written
once here, as the reader will look them up:

* ``months``: every wide and abbreviated month name, format and stand-alone (so the
  genitive ``ноября``, ``listopada`` beside the nominative ``ноябрь``), each key
  :func:`pubrelease.datewords.word_key` of the name, mapped to every month it names in any
  locale (Croatian ``listopada`` is October where Polish ``listopada`` is November:
  such a word keeps both, and the reader never picks one);
  A name that is also a weekday's in some language is left out;
* ``weekdays``: the wide and abbreviated weekday names alike (0 = Monday); the reader
  takes a name of one letter (Japanese ``日``, which is also "day") only in brackets
  after a date written with its markers (``2026年11月29日(日)``);
* ``particles``: the words CLDR's long and full date patterns put around a date
  (Spanish ``de``, Russian ``г``, Lithuanian ``m``, Latvian ``gada``), and a few that
  people write though CLDR does not (``le``, ``den``, ``of``, ``года``, ``roku``...);
  none is a month's or a weekday's name.

Names written with the month's number (Chinese ``11月``, Korean ``11월``, Vietnamese
``tháng 11``) are left out: the reader reads those forms by their markers.
Narrow names (``N``) are left out: one letter is no month.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import babel
from babel import Locale
from babel.localedata import locale_identifiers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pubrelease.datewords import word_key  # noqa: E402

OUT = ROOT / "src" / "pubrelease" / "datewords.json"

# Written around dates though no CLDR pattern has them (lower case, as word_key gives).
EXTRA_PARTICLES = [
    "the", "of", "on",  # the 29th of November
    "le", "er",  # le 1er novembre
    "den", "am", "der",  # den 29. November
    "el", "del",  # el 29 de noviembre del 2026
    "il", "lo",  # il 29 novembre
    "dia", "do",  # dia 29 de novembro
    "года", "год", "г",  # 29 ноября 2026 года
    "року", "р",  # 29 листопада 2026 року
    "roku", "r",  # 29 listopada 2026 r.
    "godine", "god",  # 29. studenoga 2026. godine
    "anno",
]  # fmt: skip


# 85 widely written languages (about those CLDR covers at its "modern" level), each with
# its regional variants (en_GB's "Sept", de_AT's "Jänner"): 529 locales. CLDR's other
# 600-odd locales are left out: their short names collide with the common ones (English
# "Mar", "May" and "Jan" name other months in some of them, which would make
# "Mar 3, 2026" ambiguous).
LANGUAGES = {
    "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el",
    "en", "es", "et", "eu", "fa", "fi", "fil", "fr", "ga", "gl", "gu", "ha", "he", "hi",
    "hr", "hu", "hy", "id", "ig", "is", "it", "ja", "ka", "kk", "km", "kn", "ko", "ky",
    "lo", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "ne", "nl", "nn", "no",
    "or", "pa", "pl", "ps", "pt", "ro", "ru", "sd", "si", "sk", "sl", "so", "sq", "sr",
    "sv", "sw", "ta", "te", "th", "tk", "tr", "uk", "ur", "uz", "vi", "yo", "yue", "zh",
    "zu",
}  # fmt: skip


def _quoted(pattern: str) -> list[str]:
    """The literal text of a CLDR date pattern ('de', 'г', 'gada')."""
    return [m.replace("''", "'") for m in re.findall(r"'((?:[^']|'')+)'", pattern)]


def main() -> None:
    months: dict[str, set[int]] = {}
    weekdays: dict[str, set[int]] = {}
    particles: set[str] = set()
    for ident in sorted(locale_identifiers()):
        if ident.split("_")[0] not in LANGUAGES:
            continue
        locale = Locale.parse(ident)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months.get(context, {}).get(width, {}).items():
                    key = word_key(name)
                    if key and not re.search(r"\d", name) and len(key) > 1:
                        months.setdefault(key, set()).add(number)
                for number, name in locale.days.get(context, {}).get(width, {}).items():
                    key = word_key(name)
                    if key and not re.search(r"\d", name):
                        weekdays.setdefault(key, set()).add(number)
        for size in ("long", "full"):
            pattern = locale.date_formats.get(size)
            if pattern is not None:
                for literal in _quoted(pattern.pattern):
                    particles.update(k for k in word_key(literal).split() if k)
    particles.update(EXTRA_PARTICLES)
    # A name that is also a weekday's somewhere is no month's (Turkmen "sat" is not read
    # as September where English "Sat" is Saturday); English "Mar" is added back by the
    # reader, which always knew it.
    months = {k: v for k, v in months.items() if k not in weekdays}
    particles -= set(months) | {k for k in weekdays if len(k) > 1}
    particles = {p for p in particles if not re.search(r"\d", p)}
    data = {
        "source": f"CLDR via Babel {babel.__version__}; made by tools/make_datewords.py",
        "months": {k: sorted(v) for k, v in sorted(months.items())},
        "weekdays": {k: sorted(v) for k, v in sorted(weekdays.items())},
        "particles": sorted(particles),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    both = sum(1 for v in months.values() if len(v) > 1)
    print(
        f"{OUT}: {len(months)} month names ({both} name two months or more), "
        f"{len(weekdays)} weekday names, {len(particles)} particles"
    )


if __name__ == "__main__":
    main()
