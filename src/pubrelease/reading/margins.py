"""What a sheet printed "fit to page" shows beyond the form's page, said for a person.

A return printed on other paper is read laid in the form's frame (..pdf.reframe), where
what the sheet shows beyond the form's page is outside the page: its words were read as
hidden text, though anyone looking at the sheet sees them. They are taken off the copy
that is read (..pdf.sheetmargin) and said here, quoted, with where they stand. So are
the words a print on the form's own paper (Letter, at actual size or fit within the
sheet's margins) shows wholly beyond the box in which the form's pages draw anything,
over the form's blank margin: a browser's header and footer there read ``page-differs``:

* ``print-header`` (info): a browser's or printer's header and footer, every piece of it
  one a printer writes: a date and time (English months' names whole or cut short,
  "Sep", "Sept", "September": "Declined 15, 2027" is no date), the page's number ("1/2",
  "Page 1 of 2"), the document's address or file name (spaces and apostrophes too, as
  macOS, Finder, Windows and scanning programs name files: "Scan 2020-09-15 at
  10.32.11.pdf", "release copy 2.pdf", "release - Copy.pdf", "Han's release.pdf"; a
  name whose words, split at ``_ - . /``, spaces, ``%20`` and case changes, accents
  set aside, refuse or take consent back, "I_do_not_agree.pdf", "NOT AGREED.pdf",
  "DECLINED-consent.pdf", "Décliné.pdf", or set a condition,
  "consent-expires-2027.pdf", read also with digits as the letters they look like,
  "V0ID.pdf", is words; so is one whose word mixes Latin, Greek or Cyrillic
  look-alikes, "DЕCLINED.pdf"; of an address, the words its writer chose are read so,
  the file's name, the host's labels, the query and the fragment, not the folders it lay
  in, nor its top-level domain: "file:///Users/no/Downloads/release.pdf",
  "https://www.uio.no/release.pdf" are no refusal, review rev34, the folders' words are
  held against the known ones below, a listed word for a person; runs of two words or
  more of the release's own values are taken out first, so an event's title "... Object
  Detection" or a speaker "Jaehyun No" is no refusal, a lone "No" is; a list, so a
  refusal in words it does not hold passes it, to the next test), the form's title
  (Chromium and Firefox print these);
* ``margin-marks`` (error): other words there, which the form does not have ("VOID", a
  condition): the sheet says more than the form, as words added on its page do
  (``page-differs``);
* ``margin-marks`` (warning): a file's name or an address of a printer's header whose
  words are none a printer's, the form's or this release's own (..marginwords: the
  allow side, against what the deny-list misses: "동의하지_않음.pdf", "不同意发表.pdf",
  another speaker's name, "rights_revert_to_me.pdf", "opt_out.pdf", "Dr0p.pdf", a
  word in an address's host, query or fragment): a verdict in doubt is not ``valid``,
  the words are quoted
  for a person to read (the record then reads ``incomplete``); and other ink there, a
  drawing, a picture or words drawn as outlines, that cannot be read: a person should
  look at it.

A printer's header and footer at the edge of a page typeset by another system (a
layout, ..furniture) are judged by the same :func:`judged`, their line cut into pieces
by :func:`print_pieces`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

from ..form.template import Form
from ..form.wording import squashed
from ..pdf.reframe import Frame
from ..pdf.sheetmargin import MarginLine
from ..record import Finding, Severity
from .marginwords import (
    LEET,
    KnownWords,
    known_words,
    title_known_words,
    unknown_words,
    unmarked,
    without_values,
)

__all__ = ["judged", "margin_findings", "print_pieces", "printers_piece", "refusing"]

_MONTH = (  # English names, whole or cut short ("Declined 15, 2027" is no date)
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
)
_TIME = (  # 3:40, 15:40:02, 3:40 AM; 3.40 PM (a dot only with AM or PM: "3.40" is a number)
    r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\.\d{2}\s*[ap]\.?\s?m\.?)"
)
MAX_WORDS = 40
"""Words of a line cut into pieces (a header's line holds a dozen)."""
_TIME_IN = re.compile(r"\d{1,2}:\d{2}|\d{1,2}\.\d{2}\s*[ap]", re.IGNORECASE)
_PIECES = [
    re.compile(rf"(?:{_DATE}(?:,?\s*{_TIME})?|{_TIME})", re.IGNORECASE),  # 12/2/26, 9:27 AM
    re.compile(r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?", re.IGNORECASE),  # 1/2
    re.compile(r"-\s*\d{1,4}\s*-"),  # - 1 -
]
_NAMES = [
    re.compile(r"(?:file|https?)://\S+|about:blank", re.IGNORECASE),  # the address
    # a file's name, spaces and apostrophes too ("release (1).pdf", "release copy 2.pdf",
    # "Scan 2020-09-15 at 10.32.11.pdf", "Han's release.pdf": whose words are read)
    # (dashes, "&", "#", "%", "!" too: "Release \u2013 Bohyung Han.pdf", "Han & Blei.pdf",
    # review 33)
    re.compile(r"[\w.,~+()\[\]'\u2019\u2013\u2014&#%! -]{1,120}\.(?:pdf|html?)", re.IGNORECASE),
]
# words that refuse, or change what consent is given, in a file's name or an address
# (a person's name, "final", "Downloads" are not words a list of allowed ones could hold,
# so the words a name must not have are listed): whole words, and stems found in a run
# of letters between separators ("IDONOTAGREE.pdf")
_REFUSING = frozenset(
    {
        "not", "no", "non", "nor", "never", "dont", "doesnt", "didnt", "wont", "cannot", "cant",
        "shant", "wouldnt", "shouldnt", "couldnt", "mustnt", "neednt", "arent", "wasnt",
        "werent", "havent", "hasnt", "hadnt", "aint",
        "isnt", "dnp", "decline", "declined", "declines", "declining", "refuse", "refused",
        "refuses", "refusal", "disagree", "disagreed", "withdraw", "withdrawn", "withdrew",
        "withdrawal", "void", "voided", "cancel", "canceled", "cancelled", "revoke", "revoked",
        "revocation", "reject", "rejected", "rejection", "deny", "denied", "denies", "object",
        "objected", "objection", "oppose", "opposed", "withhold", "withheld", "without", "except",
        "excluding", "exclusive", "exclusively", "only", "unless", "condition", "conditional",
        "conditions", "restricted", "restriction", "retract", "retracted", "nullify", "null",
        "invalid", "unsigned", "unpublished", "confidential", "embargo", "embargoed",
        "false", "expire", "expires", "expired", "expiry", "until", "hold", "excluded",
        "exclude", "excludes", "superseded", "nein", "nicht", "kein", "keine",
    }
)  # fmt: skip
_REFUSING_STEMS = (
    "declin", "refus", "disagre", "withdr", "revok", "revoc", "reject", "retract",
    "donot", "doesnot", "notagree", "notconsent", "nopubli", "notpubli", "void",
    "nullif", "withhold", "withheld", "unpubli", "expir", "exclud", "supersed",
)  # fmt: skip
_ADDRESS = re.compile(r"(?:file|https?)://", re.IGNORECASE)
_LOOK_ALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def printers_piece(piece: str, form: Form, values: Sequence[str] = ()) -> bool:
    """Whether ``piece`` (of a line in a sheet's margin) is one a printer writes in its
    header or footer (see the module); ``values``: the release's own, whose runs of two
    words or more a file's name may have though a word of them is listed ("Object
    Detection" of the event's title, "Jaehyun No" of the speaker's name)."""
    text = " ".join(piece.split())
    return _shaped(text, form) and not (
        _named(text) and refusing(without_values(_own(text), values))
    )


def _own(name: str) -> str:
    """Of a file's name or an address, the words its writer chose: the file's name, or an
    address without the folders the document lay in and its top-level domain (the
    document's name "file:///home/x/NOT_AGREED.pdf", "https://x/withdrawn", the host's
    other labels, the query and the fragment: "?consent=false"); the folders' words
    ("file:///Users/no/Downloads/release.pdf" of an account "no", "/home/bo/declined/",
    review rev34: read ``invalid``) are held against the known ones as any other's
    (:func:`judged`: a word the deny-list holds is never known, for a person)."""
    if not _ADDRESS.match(name):
        return name
    parts = urlsplit(name)
    labels = (parts.hostname or "").split(".")[:-1]
    last = unquote(parts.path).rstrip("/").rsplit("/", 1)[-1]
    return " ".join([*labels, last, unquote(parts.query), unquote(parts.fragment)])


def _shaped(text: str, form: Form) -> bool:
    """Whether ``text`` (a piece, its spaces single) is shaped as a piece a printer writes:
    a date, a time, a page's number, an address, a file's name (whatever its words) or
    the form's title."""
    if any(pattern.fullmatch(text) for pattern in (*_PIECES, *_NAMES)):
        return True
    return bool(text) and squashed(text).casefold() == squashed(form.definition.title).casefold()


def _named(text: str) -> bool:
    """Whether ``text`` (a piece, its spaces single) is an address or a file's name."""
    return not any(p.fullmatch(text) for p in _PIECES) and any(p.fullmatch(text) for p in _NAMES)


def timed(pieces: Sequence[str]) -> bool:
    """Whether one of a line's ``pieces`` (:func:`print_pieces`) is a date with a time of
    day, or a time ("12/3/26, 3:40 AM"): a print's own stamp."""
    return any(_PIECES[0].fullmatch(p) and _TIME_IN.search(p) for p in pieces)


def print_pieces(text: str, form: Form) -> tuple[list[str], list[str], bool]:
    """A line of words (of a page's text, at its edge) cut, left to right, into the longest
    runs of its words shaped as pieces a printer writes (a file's name with spaces too,
    whatever its words: they are judged with the release's values, :func:`judged`)
    and the words between them that are none; and whether a piece is one only a print
    writes (a time, an address, a file's name: not a bare date or page number, which a
    page's own wording may hold)."""
    words = text.split()
    if len(words) > MAX_WORDS:
        return [], words, False  # (a line of the page's own, not a header's)
    pieces: list[str] = []
    other: list[str] = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):  # the longest run first
            run = " ".join(words[start:end])
            if _shaped(run, form):
                pieces.append(run)
                start = end
                break
        else:
            other.append(words[start])
            start += 1
    printed = timed(pieces) or any(_named(p) for p in pieces)
    return pieces, other, printed


def refusing(name: str) -> bool:
    """Whether a file's name or an address has words that refuse or take consent back
    (split at ``_ - . / + :``, ``%20`` and case changes, "don't" one word:
    "I_do_not_agree.pdf", "DECLINED-consent.pdf", "https://I-DO-NOT-AGREE/x",
    "IDoNotAgree.pdf"), accents set aside ("Décliné.pdf")."""
    name = unicodedata.normalize("NFKC", name)  # (full-width letters: "ＮＯＴ")
    name = unmarked(name)  # (accents set aside: "Décliné", "nọt")
    if any(_mixed_scripts(word) for word in re.findall(r"[^\W\d_]+", name)):
        return True  # a word of Latin letters and look-alikes ("DЕCLINED", a Cyrillic Е)
    spaced = re.sub(r"%[0-9A-Fa-f]{2}", " ", re.sub(r"['\u2019]", "", name))
    # a word of letters and digits read also with the digits as letters ("V0ID")
    spaced += " " + " ".join(
        w.translate(LEET)
        for w in re.findall(r"[A-Za-z0-9]+", spaced)
        if re.search(r"[A-Za-z]", w) and re.search(r"\d", w)
    )
    words = {w.casefold() for w in _WORD.findall(spaced)}
    runs = re.findall(r"[a-z]+", spaced.casefold())
    return bool(words & _REFUSING) or any(s in run for run in runs for s in _REFUSING_STEMS)


# a document's own marking in a running header or footer, or above its text, not words
# about consent: "Speaker agreements 2020 | confidential", a piece of the line of its own
# ("Confidential - do not publish": what follows it is still read); not words about the
# talk ("Talk slides strictly confidential", "Recording for internal use only": review
# rev34, valid when these were taken out anywhere in the line)
_MARKING = re.compile(r"(?:(?:strictly|private\s+and)\s+)?confidential", re.IGNORECASE)
_PIECE_SEPARATOR = re.compile(r"\s*[|\u2022\u00b7:\u2013\u2014]\s*|\s+-\s+")


def _unmarked(line: str) -> str:
    """``line`` without the pieces of it that are a document's marking alone."""
    pieces = _PIECE_SEPARATOR.split(line)
    return " ".join(p for p in pieces if not _MARKING.fullmatch(p.strip()))


def unknown_title_words(title: str, form: Form, values: Sequence[str] = ()) -> list[str]:
    """The words of ``title`` (what a printer's header holds beside its date and time,
    not shaped as a file's name: a page's title, "Rights revert to me") that are none a
    printer's, ``form``'s or the release's own ``values``' (..marginwords), runs of
    the values and a document's marking ("Confidential") taken out first."""
    text = _unmarked(without_values(title, values))
    return unknown_words(text, _title_known(form, tuple(values)))


def line_refuses(line: str, values: Sequence[str] = ()) -> bool:
    """Whether a line of a page's text outside the agreement's wording (a running header
    or footer, words above the agreement) has words that may refuse or take consent back
    (:func:`refusing`), runs of the release's own ``values`` and a document's marking
    ("Confidential" as a piece of the line of its own) taken out first."""
    return refusing(_unmarked(without_values(line, values)))


def _mixed_scripts(word: str) -> bool:
    """Whether ``word`` mixes Latin, Cyrillic or Greek letters (look-alikes of each other)."""
    scripts = {unicodedata.name(c, "?").split()[0] for c in word}
    return len(scripts & _LOOK_ALIKE_SCRIPTS) > 1


def margin_findings(laid: Sequence[Frame], form: Form, values: Sequence[str] = ()) -> list[Finding]:
    """The findings of what the sheets of ``laid`` (pages laid in the form's frame) show
    beyond the form's page (see the module); ``values``: the release's own, as read
    (..marginwords.own_values), whose words a file's name may have."""
    out: list[Finding] = []
    for frame in laid:
        margin = frame.margin
        if margin is None:
            continue
        page = f"page {frame.page + 1}"
        lines = [line for line in margin.lines if line.pieces]
        other, named = judged([line.pieces for line in lines], form, values)
        if other:
            out.append(
                Finding(
                    "margin-marks",
                    Severity.ERROR,
                    f"{page}: words on the sheet outside the form's page, which the form "
                    f"does not have: {_quoted([lines[i] for i in other])}",
                )
            )
        elif named:
            unknown = ", ".join(
                repr(w) for w in dict.fromkeys(w for ws in named.values() for w in ws)
            )
            out.append(
                Finding(
                    "margin-marks",
                    Severity.WARNING,
                    f"{page}: words on the sheet outside the form's page that are "
                    "neither a printer's nor the form's or this release's: look at what "
                    f"they say: {unknown} in {_quoted([lines[i] for i in named])}",
                )
            )
        elif lines:
            out.append(
                Finding(
                    "print-header",
                    Severity.INFO,
                    f"{page}: a printer's header and footer on the sheet, outside the "
                    f"form's page: {_quoted(lines)}",
                )
            )
        if margin.ink is not None:
            left, bottom, right, top = (round(v) for v in margin.ink)
            out.append(
                Finding(
                    "margin-marks",
                    Severity.WARNING,
                    f"{page}: the sheet shows ink outside the form's page at ({left}, "
                    f"{bottom})-({right}, {top}) pt on the sheet (a drawing, a picture or "
                    "words drawn as outlines): look at what it shows there",
                )
            )
    return out


def judged(
    lines: Sequence[Sequence[str]], form: Form, values: Sequence[str]
) -> tuple[list[int], dict[int, list[str]]]:
    """A page's lines of a printer's header and footer, each its pieces (a sheet's margin's
    here, a page's edge's in ..furniture: :func:`print_pieces`), judged: the lines (their
    indexes) with a piece none a printer writes (the form does not have it, or a file's
    name's words refuse, runs of the release's own ``values`` taken out:
    :func:`printers_piece`); and, when there is none, the lines whose file names and
    addresses have words that are none a printer's, ``form``'s or ``values``'
    (..marginwords), with those words."""
    other = [
        i
        for i, pieces in enumerate(lines)
        if not all(printers_piece(p, form, values) for p in pieces)
    ]
    if other or not lines:
        return other, {}
    known = _known(form, tuple(values))
    named = {
        i: words for i, pieces in enumerate(lines) if (words := _unknown(pieces, known, values))
    }
    return [], named


@functools.lru_cache(maxsize=8)
def _known(form: Form, values: tuple[str, ...]) -> KnownWords:
    """The words known for a name printed of ``form`` with ``values``, once a release."""
    return known_words(form, values, _REFUSING)


@functools.lru_cache(maxsize=8)
def _title_known(form: Form, values: tuple[str, ...]) -> KnownWords:
    """The words known for a page's title (..marginwords.title_known_words), once a
    release."""
    return title_known_words(form, values, _REFUSING)


def _unknown(pieces: Sequence[str], known: KnownWords, values: Sequence[str]) -> list[str]:
    """The words of the file's names and addresses among ``pieces`` (a printer's line's)
    that are none of ``known`` (..marginwords), runs of the release's own ``values``
    taken out."""
    out: list[str] = []
    for piece in pieces:
        text = " ".join(piece.split())
        if _named(text):
            out += unknown_words(without_values(text, values), known)
    return out


def _quoted(lines: Sequence[MarginLine]) -> str:
    """The lines' pieces quoted, each line with where it stands on the sheet."""
    return "; ".join(
        " ".join(repr(p) for p in line.pieces)
        + f" at ({round(line.box[0])}, {round(line.box[1])})"
        + f"-({round(line.box[2])}, {round(line.box[3])}) pt"
        for line in lines
    )
