"""More shadow attacks (tests/shadow.py) are caught, incremental and re-saved; copies stay valid.

The words a page shows where its text layer says others are read by OCR and quoted;
resources redefined under unchanged content streams are named by the revision
comparison; words drawn without text on another system's layout are quoted.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pubrelease import Status, parse
from pubrelease.record import Record

from . import attacks as A
from . import shadow as S
from .helpers import require_tool


def _messages(record: Record, code: str) -> list[str]:
    return [f.message for f in record.findings if f.code == code]


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("name", ["clause1-off-layer-reworded", "clause1-lying-tounicode"])
def test_clause1_reworded_on_the_page_is_quoted_as_shown(name: str, save: A.Save) -> None:
    record = parse(S.shadowed(name, save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    quoted = _messages(record, "shown-text-differs")
    assert quoted, record.findings
    # what the page shows (read by OCR) and what the text layer says, both quoted
    assert "page 1" in quoted[0] and "nothing at all" in quoted[0], quoted
    assert "free use of any publicly available" in quoted[0], quoted


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_box_glyphs_whose_tounicode_lies_are_read_by_their_pixels(save: A.Save) -> None:
    record = parse(S.shadowed("boxes-lying-tounicode", save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    disagreements = _messages(record, "value-disagreement")
    assert any("Accept box shows empty" in m for m in disagreements), record.findings
    assert any("Decline box shows checked" in m for m in disagreements), record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_layer_that_only_prints_is_a_disagreement_between_screen_and_paper(
    save: A.Save,
) -> None:
    record = parse(S.shadowed("print-only-layer-decline", save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    differ = _messages(record, "viewers-disagree")
    assert any("page 2 prints differently" in m for m in differ), record.findings


REDEFINED = {
    "page-font-swapped": "page 1 resources changed (/Font /F1 /BaseFont)",
    "widget-font-widths": "/DescendantFonts [0] /W",
    "widget-font-program": "/FontDescriptor /FontFile2 (stream data)",
    "xobject-redefined": "resources changed (/XObject /W",
}
"""What the revision comparison names for each resource redefined under unchanged content."""


@pytest.mark.parametrize("name", sorted(REDEFINED))
def test_resources_redefined_in_an_update_are_named(name: str) -> None:
    record = parse(S.shadowed(name, A.Save.INCREMENTAL), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    changes = _messages(record, "modified-after-issue")
    assert any(REDEFINED[name] in m for m in changes), changes


@pytest.mark.parametrize("name", sorted(REDEFINED))
def test_resources_redefined_and_resaved_are_still_caught(name: str) -> None:
    record = parse(S.shadowed(name, A.Save.RESAVED), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings


def test_only_the_redefined_resource_counts() -> None:
    """An update that changes one field leaves the other widgets' fonts alone: the font
    comparison does not call every appearance redrawn."""
    from pypdf.generic import NameObject, TextStringObject

    from .helpers import update

    def change_title(writer: object) -> None:
        for page in writer.pages:  # type: ignore[attr-defined]
            for ref in page.get("/Annots") or []:
                annot = ref.get_object()
                if annot.get("/T") == "event_title":
                    annot[NameObject("/V")] = TextStringObject("Another Title")

    record = parse(update(A.issued(), change_title), today=A.TODAY)
    redrawn = [m for m in _messages(record, "modified-after-issue") if "redrawn" in m]
    assert redrawn == [], redrawn


@pytest.fixture(scope="module")
def foreign(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return S.foreign_release(tmp_path_factory.mktemp("foreign"))


FOREIGN_WORDS = {"stamp-image": ("page 2", "DECLINED"), "outlined-line": ("page 1", "NOT AGREE")}


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("name", sorted(S.FOREIGN))
def test_words_without_text_on_another_layout_are_quoted(
    foreign: bytes, name: str, save: A.Save
) -> None:
    record = parse(A.apply(foreign, S.FOREIGN[name], save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    page, words = FOREIGN_WORDS[name]
    found = _messages(record, "ink-without-text")
    assert any(page in m and words in m and " pt" in m for m in found), record.findings


@pytest.mark.parametrize("how", ["plain", "linearize", "object-streams"])
def test_another_layout_resaved_stays_valid(foreign: bytes, how: str, tmp_path: Path) -> None:
    qpdf = require_tool("qpdf")
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(foreign)
    options = {"plain": [], "linearize": ["--linearize"], "object-streams": []}[how]
    if how == "object-streams":
        options = ["--object-streams=generate"]
    subprocess.run([qpdf, *options, str(source), str(out)], check=True, timeout=60)
    record = parse(out.read_bytes(), today=A.TODAY)
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("flatten", [False, True], ids=["fields", "flattened"])
@pytest.mark.parametrize("options", [["--linearize"], ["--object-streams=generate"]])
def test_our_release_through_the_qpdf_command_stays_valid(
    flatten: bool, options: list[str], tmp_path: Path
) -> None:
    qpdf = require_tool("qpdf")
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(A.issued(flatten=flatten))
    subprocess.run([qpdf, *options, str(source), str(out)], check=True, timeout=60)
    record = parse(out.read_bytes(), today=A.TODAY)
    assert record.status is Status.VALID, record.findings
    assert not _messages(record, "shown-text-differs"), record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("name", sorted(S.SIGNATURE_LIES))
def test_a_value_drawn_in_a_lying_font_is_caught(name: str, save: A.Save) -> None:
    """The signature box shows "I DO NOT AGREE"; its text layer (and /V) read "Bohyung
    Han". With a cmap the font gives itself away; without one, the box differs from what
    our form draws for the value and OCR reads the words."""
    record = parse(A.apply(A.issued(), S.SIGNATURE_LIES[name], save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    assert record.signature == "Bohyung Han"  # what every text extractor reads
    found = _messages(record, "shown-text-differs")
    assert any("page 2" in m for m in found), record.findings
    if name.endswith("no-cmap"):
        assert any("NOT AGREE" in m and "'Bohyung Han'" in m for m in found), found
    else:
        assert any("'I' where it reads 'B'" in m for m in found), found


def test_swapped_box_glyphs_are_named_by_the_font_itself() -> None:
    record = parse(S.shadowed("boxes-lying-tounicode", A.Save.RESAVED), today=A.TODAY)
    found = _messages(record, "shown-text-differs")
    assert any("'☐' where it reads '☒'" in m for m in found), record.findings


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_box_glyph_map_swapped_on_another_layout(save: A.Save, tmp_path: Path) -> None:
    """Another system's layout of a declined release whose box font's map swaps ☒ and ☐:
    the text reads Accept ticked, the page shows Decline ticked."""
    declined = S.foreign_declined(tmp_path)
    assert parse(declined, today=A.TODAY).status is Status.DECLINED
    record = parse(A.apply(declined, S.swap_box_map, save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    found = _messages(record, "value-disagreement")
    assert any("Accept box reads '☒' (checked) in the text but is drawn empty" in m for m in found)


def test_tounicode_ranges_are_read() -> None:
    from pubrelease.pdf.tounicode import parse_to_unicode

    cmap = (
        b"2 beginbfchar <01> <0041> <02> <D83DDE00> endbfchar\n"
        b"1 beginbfrange <10> <12> <0061> endbfrange\n"
        b"1 beginbfrange <20> <21> [<0078> <0079>] endbfrange"
    )
    assert parse_to_unicode(cmap) == {
        1: "A",
        2: "\U0001f600",
        16: "a",
        17: "b",
        18: "c",
        32: "x",
        33: "y",
    }


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
def test_a_stamp_that_only_prints_is_quoted_as_paper_shows_it(save: A.Save) -> None:
    """An annotation flagged Print and NoView: a viewer hides it, a printer prints it."""
    record = parse(S.shadowed("print-only-stamp", save), today=A.TODAY)
    assert record.status is Status.INVALID, record.findings
    differ = _messages(record, "viewers-disagree")
    assert any("page 2 prints differently" in m and "more ink on paper" in m for m in differ)
    assert any("page 2 reads differently on paper" in m and "DECLINED" in m for m in differ)


def test_a_no_view_mark_on_decline_counts_as_printed_only() -> None:
    record = parse(A.attacked("print-only-decline", A.Save.RESAVED), today=A.TODAY)
    differ = " ".join(_messages(record, "viewers-disagree"))
    assert "on screen: '☐'; more ink on paper" in differ, record.findings
