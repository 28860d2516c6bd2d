"""The words of a file's name or an address in a sheet's margin that a person should look at.

A printer's header and footer (:mod:`.margins`) name the document printed: its file's
name, its address, its title. :mod:`.margins` refuses a name with words it lists
(a refusal, a condition); a list misses what it does not hold ("동의하지_않음.pdf",
"不同意发表.pdf", another speaker's name). So a name's words are also held against
what a name of an honest print is made of, and a word that is none of these is said
for a person to look at:

* a printer's or a machine's furniture: digits (dates, times, numbers), the
  extension (``pdf``, ``html``), ``file``, ``www``, the folders of a machine and of
  the programs that keep a return (``Downloads``, ``Desktop``, ``Users``,
  ``AppData/Local``, Outlook's ``INetCache/Content.Outlook``, Apple Mail's
  ``Library/Containers/com.apple.mail/Data``, iCloud Drive's ``Mobile Documents/
  com~apple~CloudDocs``, "OneDrive - <its organisation>"...), a copy's or a scan's
  words (``copy``, ``final``, ``signed``, ``scan``, ``at``, ``Adobe``, ``CamScanner``,
  ``v2``, "(1)"), a publishing release's own words (``release``, ``consent``,
  ``video``, ``copyright``, ``license``...), a common host's (``github``, ``io``), an
  identifier (two runs of digits or more between runs of at most three letters,
  ``k9t2x5cz``, ``AB12CD34``, or hexadecimal: "ICML2020JaneDoe" and
  "Unwilling2020v2" are words); in an address, the folder after ``home``, ``Users``
  at its start (an account's name), the folder after ``tmp``, ``temp`` that is a
  program's (``chromium-uwbnqzxy``), macOS's ``/var/folders/x/y``, the file's or
  message's identifier in a Google, Dropbox, Microsoft or iCloud address: where the
  file lay, not what it says (the host's labels but the last, the query's keys and values and the
  fragment are read);
* the form's words: its id, title and field keys (not its wording: its words make
  sentences, "rights_revert_to_me.pdf", "I_am_against_publishing.pdf");
* the release's own values, as read from the return (and the roster's, when
  given): the speaker's name, the event's title, the countersigner's name, the
  signature, the form's extra values, in any script, also run together
  ("BohyungHan", "jdoe": at most two of their initials, leading; "opt", "drop" are
  no initials run together), a name's syllables written apart ("Bo-hyung"); runs of
  two words or more of them are taken out of the name first (:func:`without_values`).

A file's own name of two words or more (not the folders it lay in, nor a name of one
word, "out.pdf") does not know "private", "temporary", "out", "rights": with known words
they make a sentence that restricts what is given ("Private recording.pdf",
"Video_out.pdf", review rev34). A page's title (a browser's header beside its date and
time, text above the agreement, a line repeated at the pages' edges:
:func:`title_known_words`) is free words, not a file's place: it knows neither the
words of where a file lay nor those that join others into a sentence ("to", "of",
"out", "private", "rights": "Rights to Bohyung Han", "Video out"), but the form's and
the release's own.

Words are split at ``_ - . / + :``, spaces, ``%20`` and case changes, digits apart,
a possessive's "'s" left out; a script written without spaces (Chinese, Japanese)
gives one word a run. They are compared casefolded, NFKC, accents set aside
("Muller" is "Müller"), and a final "s" set aside ("Conferences"); a word with digits
between letters is also read whole with the digits as the letters they look like
("Dr0p" is "drop"); a word the deny-list holds (:mod:`.margins`) is never known.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from ..form.template import Form
from ..record import Record
from ..release import Release
from .romanized import romanized

__all__ = [
    "KnownWords",
    "known_words",
    "own_values",
    "record_values",
    "title_known_words",
    "unknown_words",
    "unmarked",
    "without_values",
]

# Words a printed file's name or address holds besides the document's own, by kind.
# The kinds of :data:`_PLACES` say where a file lay or join words into a sentence; a
# page's title is not made of them (:func:`title_known_words`).
_ADDRESS_PARTS = frozenset(
    {"file", "files", "http", "https", "www", "about", "blank", "index", "localhost", "blob"}
)  # fmt: skip
_BROWSERS = frozenset(
    {"pdf", "html", "htm", "page", "chromium", "chrome", "firefox", "mozilla", "safari", "edge"}
)  # fmt: skip
_FOLDERS = frozenset(
    {  # a machine's, a cloud drive's, a mail program's (Windows, macOS, iCloud Drive)
        "downloads", "download", "desktop", "users", "user", "home", "tmp", "temp",
        "documents", "document", "docs", "doc", "my", "library", "mobile", "icloud",
        "dropbox", "onedrive", "google", "drive", "shared", "attachments", "attachment",
        "inbox", "mail", "content", "outlook", "private", "var", "folders",
        "appdata", "data", "local", "roaming", "windows", "inet", "cache",
        "containers", "com", "apple", "clouddocs", "zip", "program", "programs",
    }
)  # fmt: skip
_HOSTS = frozenset(
    {  # a web address's hosts and their parts ("drive.google.com", "x.github.io")
        "github", "io", "org", "net", "edu", "ac", "co", "cc", "sharepoint", "office", "live",
        "view", "edit", "open", "dl", "id", "usp", "sharing", "raw", "u", "export", "format",
        "snap", "common", "t", "temporary", "items",
    }
)  # fmt: skip
_JOINING = frozenset(
    {  # words that make a sentence of others ("Video out", "Rights to Han")
        "new", "out", "output", "return", "returned", "and", "of", "the", "for", "to", "by",
        "on", "in", "with", "at", "rights", "fill", "fillable", "update", "updated", "media",
    }
)  # fmt: skip
_PLACES = _ADDRESS_PARTS | _FOLDERS | _HOSTS | _JOINING
"""Words of :data:`_FURNITURE` a page's title is not made of (review rev34: a title of
known words, "Private recording", "Video out", "Rights to Bohyung Han", read ``valid``):
where a file lay and the words that join others into a sentence; a title is free words,
not a file's place, so these are for a person there (the form's and the release's own
words stay known)."""
_FURNITURE = _PLACES | _BROWSERS | frozenset(
    {
        # a copy's, a scan's, a version's words
        "copy", "final", "signed", "sign", "scan", "scanned", "scanner", "img", "image",
        "version", "ver", "v", "rev", "revision", "print", "printed", "printout", "untitled",
        "filled", "completed", "complete",
        # dates and times
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "january", "february", "march", "april", "june", "july", "august",
        "september", "october", "november", "december", "mon", "tue", "wed", "thu", "fri",
        "sat", "sun", "am", "pm", "st", "nd", "rd", "th",
        # a publishing release's own words, whichever form
        "form", "release", "consent", "agreement", "publishing", "publication", "speaker",
        "conference", "workshop", "talk", "video", "recording", "presentation", "slides",
        "paper", "poster", "signature", "countersigned",
        # neutral words of what the form is (not its wording, whose words make sentences:
        # "rights_revert_to_me.pdf", "I_am_against_publishing.pdf")
        "license", "licence", "copyright", "permission", "terms", "international",
        "annual", "machine", "learning", "proceedings",
        # a scan's or a screenshot's program, a copy's ("Scan 2020-09-15 at 10.32.11.pdf")
        "adobe", "camscanner", "screenshot", "screen", "shot", "whatsapp", "author", "authors",
        # a word processor's title and extensions ("Microsoft Word - release.docx")
        "microsoft", "word", "docx", "odt", "rtf", "txt", "pages",
        # sites a conference's returns come from
        "openreview", "cmt",
    }
)  # fmt: skip
_UNNAMED = frozenset({"private", "temporary", "out", "rights"})
"""Words of :data:`_FURNITURE` that, in a file's own name of two words or more, make a
sentence with the others that restricts what is given ("Private recording.pdf",
"Video_out.pdf", "Rights to Bohyung Han.pdf", "Temporary release.pdf", review rev34:
``valid``; not "to", which honest names have, "release_to_sign.pdf"): there they are
for a person, though a word of the release's own values ("Learning to Rank ...": runs
of two words or more of them are taken out first); in the folders a file lay in
(``/private/var/folders``, ``.../Temporary Items``) and alone ("out.pdf", a program's
output) they are known."""
_EXTENSIONS = frozenset({"pdf", "html", "htm"})
_ACCOUNT = frozenset({"home", "users"})
"""Folders at an address's start whose next folder is an account's name."""
_TEMPORARY = frozenset({"tmp", "temp"})
_PROGRAMS = ("tmp", "temp", "chromium", "chrome", "google", "mozilla", "firefox", "gs")
"""The first words of a program's temporary folder ("chromium-uwbnqzxy", "mozilla_jo0")."""
_HOSTED_IDS = (
    "google.com", "dropbox.com", "office.com", "office365.com", "live.com", "outlook.com",
    "sharepoint.com", "icloud.com", "box.com",
)  # fmt: skip
"""Hosts whose addresses name the file by an identifier ("/file/d/1AbC.../view")."""
_CLOUD_FOLDER = re.compile(r"(OneDrive|Dropbox)\s*(?:-\s*.*|\(.*\))", re.IGNORECASE)
"""A cloud drive's folder naming its organisation ("OneDrive - Seoul National University")."""
LEET = str.maketrans("013457", "oieast")
"""Digits written for the letters they look like ("V0ID", "Dr0p")."""
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
    unnamed: frozenset[str] = frozenset()
    """Words known in the folders a file lay in but not in the file's own name
    (:data:`_UNNAMED`)."""

    def named(self) -> KnownWords:
        """These words without :attr:`unnamed` (barred: not a name's initials run
        together either, "to"): those of a file's own name."""
        if not self.unnamed:
            return self
        return KnownWords(self.words - self.unnamed, self.initials, self.barred | self.unnamed)

    def knows(self, word: str) -> bool:
        key = _key(word)
        if re.search(r"\d", key) and re.search(r"[^\W\d_]", key):
            key = key.translate(LEET)  # (letters and digits: "Dr0p" is "drop")
        words = self.words
        if key in self.barred or _stem(key) in self.barred:
            return False  # (a refusal: a word of the release's own values taken out before)
        if not key or key.isdigit() or key in words or _stem(key) in words:
            return True  # (a plural of a known word: "Conferences")
        if len(key) > 3 and key + "s" in words:
            return True  # (a singular: "consent" of the form's "consents")
        return _run_together(key, self)


@functools.lru_cache(maxsize=8)
def _form_words(form: Form) -> frozenset[str]:
    """The form's words (its id, title and field keys, not its wording) and the furniture,
    once a form."""
    return _own_form_words(form) | _FURNITURE


def known_words(
    form: Form, values: Iterable[str] = (), barred: frozenset[str] = frozenset()
) -> KnownWords:
    """The words known for a name on a sheet printed of ``form`` with ``values``
    (``barred``: see :class:`KnownWords`)."""
    return _known_words(_form_words(form), values, barred)


def title_known_words(
    form: Form, values: Iterable[str] = (), barred: frozenset[str] = frozenset()
) -> KnownWords:
    """The words known for a page's title (a browser's header beside its date and time,
    a line above the agreement or repeated at the pages' edges): as :func:`known_words`,
    without :data:`_PLACES` but the form's own words."""
    return _known_words(_own_form_words(form) | (_FURNITURE - _PLACES), values, barred)


@functools.lru_cache(maxsize=8)
def _own_form_words(form: Form) -> frozenset[str]:
    """The form's own words (its id, title and field keys), once a form."""
    definition = form.definition
    texts = [definition.id, definition.title, *definition.fields]
    return frozenset({_key(w) for text in texts for w in _words(text)})


def _known_words(base: frozenset[str], values: Iterable[str], barred: frozenset[str]) -> KnownWords:
    values = [v for value in values for v in spellings(value)]
    own = [_key(w) for value in values for w in _words(value)]
    own = [w for w in own if w]
    words = base | frozenset(own)
    initials = frozenset(w[0] for w in own if not w.isdigit())
    return KnownWords(words, initials, barred, _UNNAMED)


_NAMED = ("speaker_name", "event_title", "countersigner_name", "signature", "release_id")
"""The values read whose words a file's name may have, beside the form's extra values
(not the dates, not the consent)."""


def record_values(record: Record) -> dict[str, str | None]:
    """``record``'s values as :func:`own_values` takes them (field -> text)."""
    return {**record.extra, **{name: getattr(record, name) for name in _NAMED}}


def own_values(
    values: Mapping[str, str | None], expected: Release | None = None
) -> tuple[str, ...]:
    """The release's own values whose words a file's name may have: of ``values`` (field
    -> text as read: :func:`record_values`, or the reading's), the names, the event's
    title, the signature, the issue's id and the form's extra values; and the roster's
    ``expected`` names, title and signature."""
    standard = frozenset(Release.field_names())
    out = [v for k, v in values.items() if k in _NAMED or k not in standard]
    if expected is not None:
        out += [
            expected.speaker_name,
            expected.event_title,
            expected.signature,
            expected.countersigner_name,
        ]
    return tuple(v for v in out if v)


def unknown_words(name: str, known: KnownWords) -> list[str]:
    """The words of ``name`` (a file's name or an address) that are none of ``known``
    (see the module), each once, in order."""
    out: list[str] = []
    words, own = _name_words(name)
    named = words[len(words) - own :]
    sentence = sum(not w.isdigit() and _key(w) not in _EXTENSIONS for w in named) > 1
    for i, word in enumerate(words):
        # (a file's own name of words, not the folders it lay in: KnownWords.unnamed)
        knowing = known.named() if sentence and i >= len(words) - own else known
        if word in out:
            continue
        free = knowing is known or _key(word) not in known.unnamed  # (not joined: "out_pdf")
        if free and (knowing.knows(word) or _joined(words, i, knowing)):
            continue
        out.append(word)
    return out


def _joined(words: list[str], i: int, known: KnownWords) -> bool:
    """Whether ``words[i]`` joined with the word before or after it is known (a name's
    syllables written apart, "Bo-hyung"; "OneDrive", "AppData" split at the case change)."""
    pairs = [words[j : j + 2] for j in (i - 1, i) if j >= 0 and j + 2 <= len(words)]
    return any(not re.search(r"\d", a + b) and known.knows(a + b) for a, b in pairs)


def _name_words(name: str) -> tuple[list[str], int]:
    """The words of a file's name, or of an address (its host's labels but the last, its
    query, fragment and path; an account's folder at the path's start, a program's
    temporary folder and a drive's identifier of the file left out), and how many of
    them, at the end, are the file's own name (an address's last folder with an
    extension, ``.../release.pdf``)."""
    if name.casefold() == "about:blank":
        return [], 0
    if not _ADDRESS.match(name):
        words = _words(name)
        return words, len(words)
    parts = urlsplit(name)
    host = (parts.hostname or "").casefold()
    hosted = host.endswith(_HOSTED_IDS)
    folders = [s for s in unquote(parts.path).split("/") if s and not _DRIVE.fullmatch(s)]
    start = [f.casefold() for f in folders[:3]]
    kept: list[str] = []
    for i, folder in enumerate(folders):
        before = folders[i - 1].casefold() if i else ""
        last = i == len(folders) - 1
        if (
            (hosted and _hosted_id(folder))
            or (  # ("/file/d/1AbC.../view", ".../id/AAQk...")
                not last
                and (
                    (i == 1 and before in _ACCOUNT)  # (/home/x, /Users/x, C:/Users/x)
                    or (before in _TEMPORARY and _key(folder).startswith(_PROGRAMS))
                    or (
                        i in (2, 3) and start[:2] == ["var", "folders"]
                    )  # (macOS's /var/folders/x/y)
                    or (i in (3, 4) and start == ["private", "var", "folders"])
                )
            )
        ):
            continue
        cloud = _CLOUD_FOLDER.fullmatch(folder)
        kept.append(cloud.group(1) if cloud else folder)
    query = [
        text
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        for text in (key, value)
        if not (hosted and _hosted_id(text))
    ]
    fragment = [f for f in unquote(parts.fragment).split("/") if not (hosted and _hosted_id(f))]
    named = kept[-1:] if kept and not hosted and re.search(r"\.\w{2,5}$", kept[-1]) else []
    texts = [*host.split(".")[:-1], *kept[: len(kept) - len(named)], *query, *fragment]
    own = [w for text in named for w in _words(text)]
    return [*(w for text in texts for w in _words(text)), *own], len(own)


def _hosted_id(text: str) -> bool:
    """Whether ``text`` (a folder, a query's value, the fragment's part of
    :data:`_HOSTED_IDS`' addresses) is an identifier of a file or a message
    ("1AbCdEf...", "FMfcgxwKjKxyz", "k9t2x5cz0000gn"): ten letters and digits or more
    that change between small letters, capitals and digits at least every fourth
    character ("unwilling2020", a path a site's owner chose, is words)."""
    if not re.fullmatch(r"[\w-]{10,}", text):
        return False
    kinds = ["d" if c.isdigit() else "u" if c.isupper() else "l" for c in text if c.isalnum()]
    changes = sum(a != b for a, b in itertools.pairwise(kinds))
    return changes * 4 >= len(kinds)


def _words(text: str) -> list[str]:
    """The words of ``text``: split at what is no letter, mark or digit (``_ - . / + :``,
    spaces, ``%20``; a possessive's "'s" left out), at case changes ("IDoNot",
    "ICMLRelease"), between digits and letters, and between scripts with case and
    without ("Han김철수"); a run of letters and digits with digits between letters is also
    a word whole ("Dr0p", read as "drop"); an identifier (:func:`_identifier`) is left out."""
    text = unicodedata.normalize("NFKC", re.sub(r"%[0-9A-Fa-f]{2}", " ", unquote(text)))
    text = re.sub(r"(?<=[^\W\d_])['\u2019][sS](?![^\W_])", "", text)
    spaced = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text)
    out: list[str] = []
    for chunk in unmarked(spaced).split():
        if _identifier(chunk):
            continue  # an identifier: a folder's, a program's
        out += _split(chunk)
        if re.search(r"[A-Za-z][0-9]+[A-Za-z]", chunk) and not re.search(r"[2689]", chunk):
            out.append(chunk)  # (digits for letters: "Dr0p", "Unw1lling")
    return out


def _identifier(chunk: str) -> bool:
    """Whether ``chunk`` (letters and digits) is an identifier, not words: two runs of
    digits or more, between runs of at most three letters ("k9t2x5cz", "AB12CD34") or
    hexadecimal ("6a8ff144cddd4e83"); "ICML2020JaneDoe", "Unwilling2020v2" are words."""
    if not re.fullmatch(r"[A-Za-z0-9]+", chunk) or len(re.findall(r"\d+", chunk)) < 2:
        return False
    if all(len(run) <= 3 for run in re.findall(r"[A-Za-z]+", chunk)):
        return True
    return len(chunk) >= 8 and bool(re.fullmatch(r"[0-9a-f]+|[0-9A-F]+", chunk))


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


def spellings(value: str) -> tuple[str, ...]:
    """``value`` as a file's name may spell it: as it is, without accents, with German
    umlauts spelled out, and in Latin letters when it is written in another script
    (:func:`.romanized.romanized`)."""
    return tuple(
        dict.fromkeys((value, unmarked(value), value.translate(_UMLAUTS), *romanized(value)))
    )


def unmarked(text: str) -> str:
    """``text`` without accents on its letters ("Müller": "Muller")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", re.sub("[\u0300-\u036f]", "", decomposed))


def _key(word: str) -> str:
    return unmarked(unicodedata.normalize("NFKC", word).casefold())


def _stem(key: str) -> str:
    return key[:-1] if len(key) > 3 and key.endswith("s") else key


def _run_together(key: str, known: KnownWords) -> bool:
    """Whether ``key`` is known words (of at least :data:`_PIECE` letters) run together,
    after at most two of a name's initials ("bohyunghan", "jdoe", "bhan", "icmlrelease";
    not "opt", "drop": initials are no free letters)."""
    if len(key) > 120:
        return False
    made = [True] + [False] * len(key)
    for end in range(1, len(key) + 1):
        made[end] = (made[end - 1] and end <= 2 and key[end - 1] in known.initials) or any(
            made[start] and key[start:end] in known.words and key[start:end] not in known.barred
            for start in range(max(0, end - 40), end - _PIECE + 1)
        )
    return made[-1]


def without_values(text: str, values: Iterable[str]) -> str:
    """``text`` without the runs of two words or more of one of ``values`` (the release's
    own, as :func:`spellings` spells them), in their order or reversed ("Object-Detection"
    of the event's title, "Jaehyun_No", "No_Jaehyun" of the speaker's name), each a
    space, the longest runs (in letters) first: a lone word of them stays ("No.pdf"), and
    a run of one spelling is not cut short by a shorter one of another ("No_Jaehyun" of
    "노재현", not "No" and "Jae Hyun").

    A run is looked for (its pattern compiled) only when, at its turn, the text, its
    separators taken out and :func:`_folded`, holds the run's words one after another: a
    title of thirty words has some two thousand runs, and a page's whole text holding each
    of its words apart would otherwise compile every one (31 s for one such return,
    measured; under a second now)."""
    squeezed = _squeezed(text)
    # each run (its words) whose every word the text has -> its rank (longest first,
    # then in the order the values, their spellings, the orders and the runs come) and
    # its folded letters; taking a run out never adds a word, but may set two apart
    # words side by side ("Jaehyun_<title>_No"), so a run is asked of the text as it is
    # when its turn comes
    found: dict[tuple[str, ...], tuple[tuple[int, ...], str]] = {}
    for v, value in enumerate(values):
        for k, (words, keys) in enumerate(_spelled_words(value)):
            has = [key in squeezed for key in keys]
            for o, (order, folded, held) in enumerate(
                ((words, keys, has), (words[::-1], keys[::-1], has[::-1]))
            ):
                for i in range(len(order) - 1):
                    joined = folded[i]
                    for end in range(i + 2, len(order) + 1):
                        if not held[end - 1]:
                            break  # (nor any longer run from here)
                        joined += folded[end - 1]
                        run = order[i:end]
                        rank = (-sum(map(len, run)), v, k, o, i - end, i)
                        if run not in found or rank < found[run][0]:
                            found[run] = (rank, joined)
    for run in sorted(found, key=lambda r: found[r][0]):
        if found[run][1] not in squeezed:
            continue  # (taken out with a longer run: the pattern cannot match)
        pattern = _run_pattern(r"[\W_]*".join(re.escape(w) for w in run))
        changed = pattern.sub(lambda m: " " if _apart(m.string, m.start(), m.end()) else m[0], text)
        if changed != text:
            text, squeezed = changed, _squeezed(changed)
    return text


def _squeezed(text: str) -> str:
    """``text`` without what may stand between a run's words (``[\\W_]``), then
    :func:`_folded`: where the pattern of a run matches, its words' folded keys stand
    one after another here."""
    return _folded(re.sub(r"[\W_]+", "", text))


@functools.lru_cache(maxsize=256)
def _spelled_words(value: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Each of :func:`spellings` of ``value``: its words, and each case folded."""
    out = []
    for variant in spellings(value):
        words = tuple(re.findall(r"[^\W_]+", variant))
        out.append((words, tuple(_folded(w) for w in words)))
    return tuple(out)


def _folded(text: str) -> str:
    """``text`` upper-cased, case folded, decomposed, without combining marks: character
    by character, so a word the pattern matches whatever its case (``re.IGNORECASE``
    takes letters of one capital as one: "ı" and "i", "ſ" and "s", "İ" and "i") is, so
    folded, in the text so folded."""
    decomposed = unicodedata.normalize("NFD", text.upper().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1024)
def _run_pattern(run: str) -> re.Pattern[str]:
    return re.compile(run + r"(?:['\u2019]s)?", re.IGNORECASE)  # (a possessive: "Han's")


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
