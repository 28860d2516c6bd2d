"""Page furniture: running headers, footers and page numbers that other systems add.

A word processor or a browser's print adds "Page 1 of 2", a running title or a date at
the top and bottom of every page. They are not the agreement: they are dropped before
the page text is compared with the form's wording. A line counts as furniture when it
stands in the top or bottom band of its page and is a page number, or repeats (digits
aside) in that band on another page; a line of the form's own wording never does
("Continued on the next page..." is wording).

A browser's or printer's header and footer (the date and time, the document's title or
file name, its address, "1/1") on the top and bottom lines of a page are furniture too,
repeated or not: a return typeset by another system and printed again on one long page
read its footer's address as part of the countersignature's date, the last value on the
page. Such a line (one cut wholly into pieces shaped as a printer writes them,
:func:`.margins.print_pieces`: a file's name with spaces and apostrophes too, whatever its
words; one of them a time, an address or a file's name) is dropped, and judged once the
release's values are read as a sheet's margin over the form's own page is
(:func:`.margins.judged`, one judgement for both): said (``print-header``, info); counted
where a file's name refuses or takes consent back, runs of the release's own values taken
out first ("NOT AGREED.pdf"; "Jaehyun_No.pdf" of a speaker Jaehyun No does not:
``margin-marks``, error); said for a person to read where it names the document in words
none a printer's, the form's or the release's own ("不同意发表.pdf", "Release Jane Doe
speaker.pdf": ``margin-marks``, warning, :mod:`.marginwords`). A line that holds, besides
such pieces, other words (a page's title beside a date and time or an address, a
browser's header: "12/3/26, 3:40 AM  Rights revert to me", "3.40 PM 12/3/2026 ...") is
dropped, and its words judged once the release's values are read: counted where they
refuse or take consent back, runs of the values and a document's marking taken out
first ("VOID: I do not agree"; "Conditional Image Synthesis" of the event's title and
"Confidential - ICML 2020 Publishing Release" are not, review rev34: refused before the
values were read), for a person where they are none a title's, the form's or the
release's (``margin-marks``, warning, :func:`.marginwords.title_known_words`). Any
other line is left as the page's own text; before the agreement's wording, such text
is for a person where its words are none of those either (..sources: "12/3/26 Rights
revert to me", a header without a time of day, read ``valid`` on ec2449f).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..form.template import Form
from ..form.wording import Wording, squashed
from ..pdf.pagetext import Line, PageText
from ..record import Finding, Severity
from .margins import judged, line_refuses, print_pieces, unknown_title_words

__all__ = ["PrintedEdges", "printed_furniture", "strip_furniture"]

BAND = 0.09
"""Share of the page height at the top and at the bottom where furniture stands."""
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—(\[]*(page|p\.|seite|página|pagina)?\s*\d+\s*((of|/|von|de|di)\s*\d+)?[\s\-–—)\]]*$",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


@dataclass(frozen=True, slots=True)
class PrintedEdges:
    """A print's header and footer lines taken off the pages (see the module): the pieces
    of each (by page number, from 0), and the lines with words of their own."""

    headers: tuple[tuple[int, tuple[str, ...]], ...] = ()
    repeated: tuple[str, ...] = ()
    """Lines at the pages' edges repeated on two pages or more, taken off as a running
    header or footer (:func:`strip_furniture`)."""
    titled: tuple[tuple[int, tuple[str, ...], str, str], ...] = ()
    """A printer's header lines with a time or an address or a file's name and other
    words, a title not shaped as a file's name ("12/3/26, 3:40 AM  Rights revert to me",
    "VOID: I do not agree release.pdf"): the page, the line's pieces, the title (judged
    once the release's values are read: "Conditional Image Synthesis" of the event's
    title is no refusal), the line as it reads."""

    def findings(self, form: Form, values: Sequence[str]) -> list[Finding]:
        """``print-header`` (info) for each page's header and footer; ``margin-marks``
        where they refuse (error) or name the document in words none a printer's, the
        form's or the release's own ``values`` (warning): judged as a sheet's margin is
        (:func:`.margins.judged`); a page's title beside a printer's date and time, for a
        person where its words are none of those (:func:`.margins.unknown_title_words`);
        a running line that may refuse (:func:`.margins.line_refuses`)."""
        out: list[Finding] = []
        titles = {p for p, _, _, _ in self.titled}
        for page in sorted({p for p, _ in self.headers} | titles):
            where = f"page {page + 1}"
            lines = [pieces for p, pieces in self.headers if p == page]
            other, named = judged(lines, form, values)
            refused = [_quoted(lines[i]) for i in other]
            for p, pieces, title, text in self.titled:
                # (a page's title a browser prints beside the date: refusing once the
                # release's own values and a marking are taken out, "Conditional Image
                # Synthesis" of the event's title is not; else read as a file's name is,
                # for a person where its words are none the form's or the release's)
                if p != page:
                    continue
                if line_refuses(title, values):
                    refused.append(repr(text))
                    continue
                words = unknown_title_words(title, form, values)
                if words:
                    out.append(
                        Finding(
                            "margin-marks",
                            Severity.WARNING,
                            f"{where}: a printer's header at the page's edge titles the "
                            "document in words that are neither a printer's nor the form's "
                            f"or this release's: look at what they say: "
                            f"{', '.join(map(repr, words))} in {_quoted((*pieces, title))}",
                        )
                    )
                else:
                    lines.append((text,))  # (quoted as it reads)
            if refused:
                out.append(
                    Finding(
                        "margin-marks",
                        Severity.ERROR,
                        f"{where}: a printer's header or footer at the page's edge holds "
                        f"words that refuse or take consent back: {'; '.join(refused)}",
                    )
                )
            elif named:
                unknown = dict.fromkeys(w for words in named.values() for w in words)
                out.append(
                    Finding(
                        "margin-marks",
                        Severity.WARNING,
                        f"{where}: a printer's header or footer at the page's edge names the "
                        "document in words that are neither a printer's nor the form's or "
                        f"this release's: look at what they say: "
                        f"{', '.join(repr(w) for w in unknown)} in "
                        f"{'; '.join(_quoted(lines[i]) for i in named)}",
                    )
                )
            elif lines:
                out.append(
                    Finding(
                        "print-header",
                        Severity.INFO,
                        f"{where}: a printer's header and footer at the page's edge, outside "
                        f"the agreement: {'; '.join(_quoted(pieces) for pieces in lines)}",
                    )
                )
        # (a running line of another layout: a person reads one that may refuse, review 33,
        # or whose words are none a title's, the form's or the release's, review rev34)
        unsure = [
            t
            for t in self.repeated
            if line_refuses(t, values) or unknown_title_words(t, form, values)
        ]
        if unsure:
            out.append(
                Finding(
                    "margin-marks",
                    Severity.WARNING,
                    "a line repeated at the pages' edges holds words that may refuse or take "
                    "consent back, or that are neither a printer's nor the form's or this "
                    f"release's: look at what it says: {'; '.join(map(repr, unsure))}",
                )
            )
        return out


def _quoted(pieces: Sequence[str]) -> str:
    return " ".join(repr(piece) for piece in pieces)


def printed_furniture(
    pages: list[PageText], wording: Wording, form: Form
) -> tuple[list[PageText], PrintedEdges]:
    """``pages`` without their headers, footers and page numbers, and a print's header and
    footer lines among them (see the module), said once the release's values are read
    (:meth:`PrintedEdges.findings`)."""
    flat = wording.flat
    out: list[PageText] = []
    headers: list[tuple[int, tuple[str, ...]]] = []
    titled: list[tuple[int, tuple[str, ...], str, str]] = []
    for page in pages:
        drop = set()
        for i in _outermost(page):
            text = page.lines[i].text
            if squashed(text) in flat:
                continue  # the agreement's own words
            pieces, other, printed = print_pieces(text, form)
            if not printed:
                continue
            if not other:
                headers.append((page.page, tuple(pieces)))
            else:  # (a browser's date and time or address, and the page's title)
                titled.append((page.page, tuple(pieces), " ".join(other), text))
            drop.add(i)
        out.append(_without(page, drop))
    repeated: list[str] = []
    stripped = strip_furniture(out, wording, repeated)
    edges = PrintedEdges(tuple(headers), tuple(dict.fromkeys(repeated)), tuple(titled))
    return stripped, edges


def _outermost(page: PageText) -> list[int]:
    """The lines (indexes) of the page's top row and bottom row, in its bands."""
    if not page.lines:
        return []
    top, bottom = page.height * (1 - BAND), page.height * BAND
    highest = max(page.lines, key=lambda line: line.top)
    lowest = min(page.lines, key=lambda line: line.bottom)

    def beside(line: Line, other: Line) -> bool:  # (the same row: its middle in the other)
        return other.bottom <= (line.top + line.bottom) / 2 <= other.top

    return [
        i
        for i, line in enumerate(page.lines)
        if (line.bottom >= top and beside(line, highest))
        or (line.top <= bottom and beside(line, lowest))
    ]


def _without(page: PageText, drop: set[int]) -> PageText:
    if not drop:
        return page
    lines = tuple(line for i, line in enumerate(page.lines) if i not in drop)
    return dataclasses.replace(page, lines=lines)


def strip_furniture(
    pages: list[PageText], wording: Wording, repeated: list[str] | None = None
) -> list[PageText]:
    """``pages`` without their headers, footers and page numbers (each line taken off as
    repeated on two pages or more added to ``repeated``, when given)."""
    flat = wording.flat
    banded: list[list[int]] = []
    for page in pages:
        top, bottom = page.height * (1 - BAND), page.height * BAND
        banded.append(
            [i for i, line in enumerate(page.lines) if line.bottom >= top or line.top <= bottom]
        )
    seen: dict[str, int] = {}
    for page, indexes in zip(pages, banded, strict=True):
        for key in {_key(page.lines[i].text) for i in indexes}:
            seen[key] = seen.get(key, 0) + 1
    out = []
    for page, indexes in zip(pages, banded, strict=True):
        drop = set()
        for i in indexes:
            text = page.lines[i].text
            if squashed(text) in flat:
                continue  # the agreement's own words
            if _PAGE_NUMBER.match(text):
                drop.add(i)
            elif seen.get(_key(text), 0) > 1:
                drop.add(i)
                if repeated is not None:
                    repeated.append(" ".join(text.split()))
        lines = tuple(line for i, line in enumerate(page.lines) if i not in drop)
        out.append(dataclasses.replace(page, lines=lines))
    return out
