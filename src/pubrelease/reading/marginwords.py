"""The words of a file's name or an address in a sheet's margin that a person should look at.

A printer's header and footer (:mod:`.margins`) name the document printed: its file's
name, its address, its title. :mod:`.margins` refuses a name with words it lists
(a refusal, a condition); a list misses what it does not hold ("동의하지_않음.pdf",
"不同意发表.pdf", another speaker's name). So a name's words are also held against
what a name of an honest print is made of, and a word that is none of these is said
for a person to look at:

* a printer's or a machine's furniture: digits (dates, times, numbers), the
  extension (``pdf``, ``html``), ``file``, ``www``, the folders of a machine
  (``Downloads``, ``Desktop``, ``Users``...), a copy's or a scan's words (``copy``,
  ``final``, ``signed``, ``scan``, ``v2``, "(1)"), a publishing release's own
  words (``release``, ``consent``, ``video``...), a run of letters and digits
  mixed (an identifier: ``k9t2x5cz``); in an address, the host, the query and
  the folder after ``home``, ``Users`` (an account's name) or ``tmp``, ``temp``
  (a program's temporary folder): where the file lay, not what it says;
* the form's words: its id, title, wording and field keys;
* the release's own values, as read from the return (and the roster's, when
  given): the speaker's name, the event's title, the countersigner's name, the
  signature, the form's extra values, in any script, also run together
  ("BohyungHan", "jdoe").

Words are split at ``_ - . / + :``, spaces, ``%20`` and case changes, digits apart;
a script written without spaces (Chinese, Japanese) gives one word a run. They are
compared casefolded, NFKC, accents set aside ("Muller" is "Müller"), and a final
"s" set aside ("Conferences").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..form.template import Form
from ..record import Record
from ..release import Release
from .sources import wording_for

__all__ = ["KnownWords", "known_words", "own_values", "unknown_words", "unmarked", "without_values"]

_FURNITURE = frozenset(
    {
        # the extension, an address's parts, a browser's and a machine's names
        "pdf", "html", "htm", "file", "files", "http", "https", "www", "about", "blank",
        "index", "page", "chromium", "chrome", "firefox", "mozilla", "safari", "edge",
        "localhost", "blob",
        # folders of a machine, a cloud drive's
        "downloads", "download", "desktop", "users", "user", "home", "tmp", "temp",
        "documents", "document", "docs", "doc", "my", "library", "mobile", "icloud",
        "dropbox", "onedrive", "google", "drive", "shared", "attachments", "attachment",
        "inbox", "mail", "content", "outlook", "private", "var", "folders",
        # a copy's, a scan's, a version's words
        "copy", "final", "signed", "sign", "scan", "scanned", "scanner", "img", "image",
        "version", "ver", "v", "rev", "revision", "print", "printed", "printout", "untitled",
        "new", "filled", "completed", "complete", "return", "returned", "out", "output",
        "and", "of", "the", "for", "to", "by",
        # dates and times
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "january", "february", "march", "april", "june", "july", "august",
        "september", "october", "november", "december", "mon", "tue", "wed", "thu", "fri",
        "sat", "sun", "am", "pm", "st", "nd", "rd", "th",
        # a publishing release's own words, whichever form
        "form", "release", "consent", "agreement", "publishing", "publication", "speaker",
        "conference", "workshop", "talk", "video", "recording", "presentation", "slides",
        "paper", "poster", "signature", "countersigned",
    }
)  # fmt: skip
LEET = str.maketrans("013457", "oieast")
"""Digits written for the letters they look like ("V0ID", "DECL1NED", "N0T_AGREED")."""
_ACCOUNT = frozenset({"home", "users", "tmp", "temp"})
"""Folders whose next folder is an account's name, or a program's temporary folder."""
_ADDRESS = re.compile(r"(?:file|https?)://", re.IGNORECASE)
_DRIVE = re.compile(r"[A-Za-z]:")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
"""A name's umlauts as German writes them without ("Jörg": "Joerg")."""
_PIECE = 3
"""The shortest known word a word run together is made of (beside a name's initials)."""


@dataclass(frozen=True, slots=True)
class KnownWords:
    """The words a name of an honest print is made of, compared as :func:`_key` makes them."""

    words: frozenset[str]
    initials: frozenset[str]
    """The first letters of the release's values' words ("j" of "Jane"): "jdoe"."""
    barred: frozenset[str] = frozenset()
    """Words a word run together may not be made of (a refusal: "invalidform")."""

    def knows(self, word: str) -> bool:
        key = _key(word)
        words = self.words
        if not key or key.isdigit() or key in words or _stem(key) in words:
            return True  # (a plural of a known word: "Conferences")
        if len(key) > 3 and key + "s" in words:
            return True  # (a singular: "consent" of the form's "consents")
        return _run_together(key, self)


@functools.lru_cache(maxsize=8)
def _form_words(form: Form) -> frozenset[str]:
    """The form's words (its id, title, wording, field keys) and the furniture, once a form."""
    definition = form.definition
    texts = [definition.id, definition.title, wording_for(form).text, *definition.fields]
    return frozenset({_key(w) for text in texts for w in _words(text)}) | _FURNITURE


def known_words(
    form: Form, values: Iterable[str] = (), barred: frozenset[str] = frozenset()
) -> KnownWords:
    """The words known for a name on a sheet printed of ``form`` with ``values``
    (``barred``: see :class:`KnownWords`)."""
    values = [v for value in values for v in dict.fromkeys((value, value.translate(_UMLAUTS)))]
    own = [_key(w) for value in values for w in _words(value)]
    own = [w for w in own if w]
    words = _form_words(form) | frozenset(own)
    return KnownWords(words, frozenset(w[0] for w in own if not w.isdigit()), barred)


def own_values(record: Record, expected: Release | None = None) -> tuple[str, ...]:
    """The values of the release read in ``record`` (and of the roster's ``expected``)."""
    values = [
        record.speaker_name,
        record.event_title,
        record.countersigner_name,
        record.signature,
        record.release_id,
        *record.extra.values(),
    ]
    if expected is not None:
        values += [
            expected.speaker_name,
            expected.event_title,
            expected.signature,
            expected.countersigner_name,
        ]
    return tuple(v for v in values if v)


def unknown_words(name: str, known: KnownWords) -> list[str]:
    """The words of ``name`` (a file's name or an address) that are none of ``known``
    (see the module), each once, in order."""
    out: list[str] = []
    for word in _name_words(name):
        if word not in out and not known.knows(word):
            out.append(word)
    return out


def _name_words(name: str) -> list[str]:
    """The words of a file's name, or of an address's path (the folder after an account's
    or a temporary folder left out)."""
    if name.casefold() == "about:blank":
        return []
    if not _ADDRESS.match(name):
        return _words(name)
    segments = unquote(urlsplit(name).path).split("/")
    kept = [
        segment
        for i, segment in enumerate(segments)
        if i == len(segments) - 1
        or not (_DRIVE.fullmatch(segment) or (i and segments[i - 1].casefold() in _ACCOUNT))
    ]
    return [w for segment in kept for w in _words(segment)]


def _words(text: str) -> list[str]:
    """The words of ``text``: split at what is no letter, mark or digit (``_ - . / + :``,
    spaces, ``%20``), at case changes ("IDoNot", "ICMLRelease"), between digits and
    letters, and between scripts with case and without ("Han김철수"); a run of Latin
    letters and digits mixed more than once ("k9t2x5cz", an identifier) is left out."""
    text = unicodedata.normalize("NFKC", re.sub(r"%[0-9A-Fa-f]{2}", " ", unquote(text)))
    spaced = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text)
    out: list[str] = []
    for chunk in unmarked(spaced).split():
        if re.fullmatch(r"[A-Za-z0-9]+", chunk) and len(re.findall(r"\d+|\D+", chunk)) > 2:
            continue  # an identifier: a folder's, a program's
        out += _split(chunk)
    return out


def _split(chunk: str) -> list[str]:
    """``chunk`` (letters, marks and digits) split at case changes and changes of kind."""
    tokens: list[str] = []
    current, last = "", ""
    for c in chunk:
        category = unicodedata.category(c)
        if category[0] == "M":
            current += c
            continue
        kind = "d" if category[0] == "N" else "u" if category in ("Lu", "Lt") else "l"
        kind = "o" if kind == "l" and category != "Ll" else kind
        if last == "u" and kind == "l" and len(current) > 1:
            tokens.append(current[:-1])  # "ICMLRelease": "ICML", "Release"
            current = current[-1]
        elif current and kind != last and not (last == "u" and kind == "l"):
            tokens.append(current)
            current = ""
        current += c
        last = kind
    return [t for t in (*tokens, current) if t]


def unmarked(text: str) -> str:
    """``text`` without accents on its letters ("Müller": "Muller")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", re.sub("[\u0300-\u036f]", "", decomposed))


def _key(word: str) -> str:
    return unmarked(unicodedata.normalize("NFKC", word).casefold())


def _stem(key: str) -> str:
    return key[:-1] if len(key) > 3 and key.endswith("s") else key


def _run_together(key: str, known: KnownWords) -> bool:
    """Whether ``key`` is known words (of at least :data:`_PIECE` letters) and a name's
    initials run together ("bohyunghan", "jdoe", "icmlrelease")."""
    if len(key) > 120:
        return False
    made = [True] + [False] * len(key)
    for end in range(1, len(key) + 1):
        made[end] = (made[end - 1] and key[end - 1] in known.initials) or any(
            made[start] and key[start:end] in known.words and key[start:end] not in known.barred
            for start in range(max(0, end - 40), end - _PIECE + 1)
        )
    return made[-1]


def without_values(text: str, values: Iterable[str]) -> str:
    """``text`` without the runs of two words or more of one of ``values`` (the release's
    own), in their order or reversed ("Object-Detection" of the event's title,
    "Jaehyun_No", "No_Jaehyun" of the speaker's name), each a space: a lone word of
    them stays ("No.pdf")."""
    for value in values:
        for variant in dict.fromkeys((value, unmarked(value), value.translate(_UMLAUTS))):
            words = re.findall(r"[^\W_]+", variant)
            for order in (words, words[::-1]):
                for n in range(len(order), 1, -1):
                    for i in range(len(order) - n + 1):
                        run = r"[\W_]*".join(re.escape(w) for w in order[i : i + n])
                        run += r"(?:['\u2019]s)?"  # (a possessive: "Bohyung_Han's")
                        text = re.sub(
                            run,
                            lambda m: " " if _apart(m.string, m.start(), m.end()) else m[0],
                            text,
                            flags=re.IGNORECASE,
                        )
    return text


def _apart(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is words whole: not run on into a word's letters
    ("Jaehyun_Not" is not "Jaehyun No")."""
    return _parted(text[start - 1 : start], text[start]) and _parted(
        text[end - 1], text[end : end + 1]
    )


def _parted(a: str, b: str) -> bool:
    """Whether characters ``a`` and ``b`` side by side part two words."""
    if not (a and b and a.isalnum() and b.isalnum()):
        return True
    if a.isdigit() != b.isdigit():
        return True
    return a.islower() and b.isupper()  # (a case change: "JaehyunNoRelease")
