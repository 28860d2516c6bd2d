"""Values a person would question: signatures that are no name, look-alike scripts,
invisible characters, dates far from the event."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from pubrelease import Status, fill, parse, verify
from pubrelease import release as release_module
from pubrelease.errors import FieldValueError
from pubrelease.release import Release

TODAY = dt.date(2026, 11, 24)
HONEST = Release.create(
    speaker_name="Bohyung Han",
    event_title="Learning to Rank Proposals",
    event_date="2020-07-13",
    effective_date="2020-07-01",
    consent="accept",
    signature="Bohyung Han",
    sign_date="2020-07-02",
)


def _record(**changes: object):  # type: ignore[no-untyped-def]
    # fill refuses characters that do not show (below); a return may carry them all the
    # same, written by another program: made here as fill would draw them
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(release_module, "hidden", lambda char: False)
        data = fill(replace(HONEST, **changes))  # type: ignore[arg-type]
    return parse(data, today=TODAY)


@pytest.mark.parametrize(
    ("name", "point"),
    [
        ("Bohyung\u200b Han", "U+200B"),
        ("\u202eBohyung Han", "U+202E"),
        ("Bohyung\u200c Han", "U+200C"),
        ("Ali \u2764\ufe0f", "U+FE0F"),
        ("Ali\u00ad Han", "U+00AD"),
    ],
)
def test_fill_refuses_what_parse_would_call_hidden(name: str, point: str) -> None:
    with pytest.raises(FieldValueError, match=re.escape(point)) as caught:
        fill(replace(HONEST, speaker_name=name))
    assert caught.value.field == "speaker_name"


@pytest.mark.parametrize("name", ["علی\u200cاکبر دهخدا", "क्\u200dष राम"])
def test_fill_keeps_join_controls_inside_a_word(name: str) -> None:
    assert _record(speaker_name=name, signature=name).speaker_name == name


def test_honest_is_valid() -> None:
    assert _record().status is Status.VALID


@pytest.mark.parametrize("signature", [".", "x", "\u200b\u200b", "--"])
def test_signature_without_a_name_is_not_signed(signature: str) -> None:
    record = _record(signature=signature)
    assert record.status is not Status.VALID, record.findings
    assert any(f.code in ("unsigned", "hidden-characters") for f in record.findings)


@pytest.mark.parametrize("signature", ["I DO NOT AGREE", "Mallory Impostor"])
def test_signature_that_is_someone_else_or_a_sentence(signature: str) -> None:
    record = _record(signature=signature)
    assert record.status is Status.INVALID
    assert any(f.code == "signature-mismatch" for f in record.findings), record.findings


@pytest.mark.parametrize(
    "signature",
    [
        "B. Han",
        "BH",
        "bohyung han",
        "Han",
        "Dr. Bohyung Han, PhD",
        "Bohyung Jay Han",
        "Bohyung Han, Ph.D.",
        "Bohyung T. Han",
        "Bohyung Jin-woo Han Kim",
        "Bohyung Han, Seoul National University",
    ],
)
def test_signatures_people_write_stay_valid(signature: str) -> None:
    """Middle names, second surnames, dotted degrees, an initial T, an affiliation: all
    signed by honest speakers (review rev18d: the first rule marked them invalid)."""
    record = _record(signature=signature)
    assert record.status is Status.VALID, record.findings


@pytest.mark.parametrize(
    "signature",
    ["Bohyung Han DOES NOT AGREE", "Bohyung Han under protest", "Bohyung Han, declined"],
)
def test_a_signature_saying_more_than_the_name_is_not_a_name(signature: str) -> None:
    """Review rev18c: 'Bohyung Han DOES NOT AGREE', drawn in full on the page, was valid
    (five words at most, one of them the name's)."""
    record = _record(signature=signature)
    assert record.status is Status.INVALID, record.findings
    assert any(f.code == "signature-not-a-name" for f in record.findings), record.findings


@pytest.mark.parametrize(
    ("name", "point"),
    [("Bohyung H\u0430n", "U+0430 CYRILLIC SMALL LETTER A"), ("B\u03bfhyung Han", "U+03BF")],
)
def test_confusable_names_are_flagged_with_the_code_point(name: str, point: str) -> None:
    record = _record(speaker_name=name, signature=name)
    found = [f.message for f in record.findings if f.code == "confusable-name"]
    assert record.status is Status.INVALID and found and point in found[0], record.findings


@pytest.mark.parametrize(
    ("name", "point"),
    [
        ("Ali-Kh\u0430n", "U+0430"),  # a Cyrillic letter inside one part of a hyphenated name
        ("O'Br\u0456en", "U+0456"),
        ("\u0405mith Jones", "U+0405"),
        # the look-alikes the majority of a short part: "Zоё", its о and ё Cyrillic
        ("Z\u043e\u0451 \u00d8deg\u00e5rd", "U+043E"),
    ],
)
def test_look_alikes_inside_one_part_of_a_name_are_still_flagged(name: str, point: str) -> None:
    record = _record(speaker_name=name, signature=name)
    found = [f.message for f in record.findings if f.code == "confusable-name"]
    assert record.status is Status.INVALID and found and point in found[0], record.findings


@pytest.mark.parametrize(
    "name",
    [
        "\u9234\u6728\u30a8\u30ea\u30fc",  # 鈴木エリー: Han and katakana are one writing
        "\u7530\u4e2d\u30ed\u30fc\u30e9",  # 田中ローラ: ロ is not the Han 口 here
        "\u6771\u90f7\u5e73\u516b\u90ce\u30b8\u30e7\u30fc\u30f3\u30ba",
        "Sergei \u0418\u0432\u0430\u043d\u043e\u0432-Smith",  # parts of two writings
        "Jean-\u041f\u044c\u0435\u0440",
        "Anna-\u039c\u03b1\u03c1\u03af\u03b1",
    ],
)
def test_names_of_two_writings_are_not_look_alikes(name: str) -> None:
    """Japanese mixes Han and kana in one word; a name may join parts written in two
    scripts by a hyphen (a reviewer's names, each issued by fill and then judged invalid)."""
    record = _record(speaker_name=name, signature=name)
    assert not [f for f in record.findings if f.code == "confusable-name"], record.findings


@pytest.mark.parametrize(
    ("name", "point"),
    [("Bohyung\u200b Han", "U+200B ZERO WIDTH SPACE"), ("\u202eBohyung Han", "U+202E")],
)
def test_invisible_and_bidi_characters_are_named(name: str, point: str) -> None:
    record = _record(speaker_name=name, signature="Bohyung Han")
    found = [f.message for f in record.findings if f.code == "hidden-characters"]
    assert record.status is Status.INVALID and found and point in found[0], record.findings


@pytest.mark.parametrize(
    "name",
    ["Bohyung\u200c Han", "Bo\u200dhyung Han", "\u200cعلی اکبر", "علی\u200c Han", "علی \u200cاکبر"],
)
def test_join_controls_outside_a_joining_script_word_are_named(name: str) -> None:
    """A ZWNJ or ZWJ changes nothing that shows in a Latin name, at a word's edge or next
    to a space: it is a character slipped in."""
    record = _record(speaker_name=name, signature=name)
    found = [f.message for f in record.findings if f.code == "hidden-characters"]
    assert record.status is Status.INVALID and found and "ZERO WIDTH" in found[0], record.findings


@pytest.mark.parametrize(
    "name",
    [
        "علی\u200cاکبر دهخدا",  # Persian: the parts of a compound name kept apart
        "محمد\u200cحسین شهریار",
        "क्\u200dष राम",  # Devanagari: a half form kept by ZWJ
        "श्\u200cरी लाल",  # Devanagari: no conjunct, by ZWNJ
    ],
)
def test_join_controls_inside_a_joining_script_word_are_how_it_is_written(name: str) -> None:
    record = _record(speaker_name=name, signature=name)
    assert not [f for f in record.findings if f.code == "hidden-characters"], record.findings


@pytest.mark.parametrize("name", ["李飞飞", "Νίκος Παπαδόπουλος", "Иван Иванов", "Zoë Ødegård"])
def test_single_script_names_stay_valid(name: str) -> None:
    assert _record(speaker_name=name, signature=name).status is Status.VALID


def test_event_far_in_the_future_is_a_bad_date() -> None:
    record = verify(_record(), today=TODAY)
    far = replace(record, event_date=dt.date(2999, 7, 13))
    assert any(
        f.code == "bad-date" and "2999" in f.message for f in verify(far, today=TODAY).findings
    )


@pytest.mark.parametrize("name", ["علی\u200cاکبر دهخدا", "خصطزج\u200cبر", "क्\u200dष राम"])
def test_a_signature_without_the_names_join_controls_is_the_speakers_name(name: str) -> None:
    """A page carries no ZWNJ or ZWJ (``text.shown``): a flattened return's signature is
    read without them while the name keeps them; a person signs without them too."""
    record = _record(speaker_name=name, signature=name.replace("\u200c", "").replace("\u200d", ""))
    assert not [f for f in record.findings if f.code == "signature-mismatch"], record.findings


def test_fills_fast_path_misses_no_hidden_character() -> None:
    """Release's check of a printable value looks for a few characters only: every
    character parse calls hidden that ``str.isprintable`` lets through is among them."""
    from pubrelease.text import UNSEEN_PRINTABLE, hidden

    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if chr(code).isprintable() and hidden(chr(code)) and not UNSEEN_PRINTABLE.match(chr(code))
    ]
    assert missed == []
