"""Known attack classes on the project's own release are caught; honest copies stay valid.

Each attack (tests/attacks.py) is made both as an incremental update and as a file
rewritten whole, so that the check cannot lean on the revision history.
"""

from __future__ import annotations

import pytest

from pubrelease import Status, parse

from . import attacks as A

CAUGHT: dict[str, set[str]] = {
    "cover-accept-mark-decline": {"value-disagreement"},
    "declined-stamp": {"page-differs"},
    "clause4-off-layer": {"page-differs", "hidden-text"},
    "clause4-white-rect": {"page-differs", "hidden-text"},
    "clause2-not-whited-out": {"page-differs", "hidden-text"},
    "clause1-invisible-original": {"hidden-text", "page-differs"},
    "print-only-decline": {"viewers-disagree"},
    "preamble-page": {"extra-page"},
    "void-line": {"page-differs"},
    "outlined-terms-page": {"extra-page"},
    "twenty-second-page": {"extra-page"},
    "redraw-name": {"hidden-text"},
    "redraw-signature": {"hidden-text"},
    "redraw-boxes": {"value-disagreement"},
    "white-descenders": {"hidden-text"},
}
"""The finding codes each attack must give (at least one of them)."""


@pytest.mark.parametrize("save", list(A.Save), ids=lambda s: s.value)
@pytest.mark.parametrize("name", sorted(A.ATTACKS))
def test_attack_is_caught(name: str, save: A.Save) -> None:
    record = parse(A.attacked(name, save), today=A.TODAY)
    assert record.status is Status.INVALID, (name, record.findings)
    codes = {f.code for f in record.findings}
    assert codes & CAUGHT[name], (name, record.findings)


def test_extra_pages_are_quoted() -> None:
    record = parse(A.attacked("twenty-second-page", A.Save.RESAVED), today=A.TODAY)
    messages = [f.message for f in record.findings if f.code == "extra-page"]
    assert len(messages) == 20
    assert any("page 22" in m and "ADDENDUM: consent is withdrawn." in m for m in messages)


def test_hidden_words_are_named() -> None:
    record = parse(A.attacked("clause2-not-whited-out", A.Save.RESAVED), today=A.TODAY)
    hidden = [f.message for f in record.findings if f.code == "hidden-text"]
    assert hidden and "'not'" in hidden[0] and "page 1" in hidden[0], record.findings


@pytest.mark.parametrize(
    "options",
    [{}, {"linearize": True}, {"object_stream_mode": "generate"}],
    ids=["resaved", "linearized", "object-streams"],
)
@pytest.mark.parametrize("flatten", [False, True], ids=["fields", "flattened"])
def test_honest_copies_stay_valid(options: dict[str, object], flatten: bool) -> None:
    import pikepdf

    options = {
        k: (pikepdf.ObjectStreamMode.generate if v == "generate" else v) for k, v in options.items()
    }
    data = A.resave(A.issued(flatten=flatten), **options)  # type: ignore[arg-type]
    record = parse(data, today=A.TODAY)
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize("name", ["redraw-name", "redraw-signature", "redraw-boxes"])
def test_an_appearance_redrawn_later_is_a_change_whatever_v_says(name: str) -> None:
    # a text box drawn anew is named (info: a form filler redraws every widget with the
    # same values) and what it shows against the value makes the return invalid; a box's
    # state redrawn stays a change
    record = parse(A.attacked(name, A.Save.INCREMENTAL), today=A.TODAY)
    redrawn = [f for f in record.findings if "was redrawn while its value stayed" in f.message]
    code = "modified-after-issue" if name == "redraw-boxes" else "widget-redrawn"
    assert redrawn and all(f.code == code for f in redrawn), record.findings
    assert record.status is Status.INVALID
    assert "value-disagreement" in {f.code for f in record.findings}
