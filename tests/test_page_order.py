"""The form's pages saved in another order are read in the form's order.

A reviewer's returns with the two pages reversed (qpdf) showed the whole form, untouched,
and were ``invalid``: the wording out of order (``altered-text``), "the page shows
nothing" for the signature, each page an ``extra-page``. The reading now finds which page
begins each of the form's pages, reads a copy with them in order and says so
(``pages-reordered``, info); a page changed besides is still found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pubrelease import fill, parse
from pubrelease.record import Status

from .helpers import cut_pages, signed_release


@pytest.mark.parametrize("tool", ["qpdf", "pdftk"])
@pytest.mark.parametrize("flatten", [False, True], ids=["live", "flattened"])
def test_pages_in_reverse_order_read_in_the_forms_order(
    tool: str, flatten: bool, tmp_path: Path
) -> None:
    issued = tmp_path / "issued.pdf"
    issued.write_bytes(fill(signed_release("Zoë Ødegård"), flatten=flatten))
    record = parse(cut_pages(issued, tmp_path / "reversed.pdf", tool, "z-1"))
    assert record.status is Status.VALID, record.findings
    assert (record.speaker_name, record.signature) == ("Zoë Ødegård", "Zoë Ødegård")
    moved = [f.message for f in record.findings if f.code == "pages-reordered"]
    assert moved and "page 2 is its page 1, page 1 is its page 2" in moved[0]


def test_a_release_in_order_says_nothing_of_it(tmp_path: Path) -> None:
    record = parse(fill(signed_release("Zoë Ødegård"), flatten=True))
    assert "pages-reordered" not in {f.code for f in record.findings}


def test_a_reversed_release_with_a_page_changed_is_still_invalid(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    issued = tmp_path / "issued.pdf"
    issued.write_bytes(fill(signed_release("Zoë Ødegård"), flatten=True))
    writer = PdfWriter(clone_from=PdfReader(issued))
    page = writer.pages[0]  # the wording's first clause changed: "grant" becomes "deny"
    contents = page.get_contents()
    assert contents is not None
    data = contents.get_data()
    assert b"grant" in data
    contents.set_data(data.replace(b"grant", b"deny"))
    page.replace_contents(contents)
    changed = tmp_path / "changed.pdf"
    writer.write(changed)
    record = parse(cut_pages(changed, tmp_path / "reversed.pdf", "qpdf", "z-1"))
    assert record.status is Status.INVALID, record.findings
