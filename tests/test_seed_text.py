"""A flattened release for either seed signer reads back as the seed's text, word for word.

``tests/data`` (a copy of the seed) holds the text of the two releases the conference
issued. Filling the same values and flattening must give that text back, whitespace aside and in the
same order, to pdftotext and to pdfplumber; the values become page content (no form
is left) while the file still carries the values in machine-readable form.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any, cast

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from pubrelease import Release, fill
from pubrelease.demo import SEED_RELEASES

from .helpers import require_tool, seed_releases_text, squash

BOXES = "☒ Accept ☐ Decline"
WORDING_FONTS = ("Helvetica", "Helvetica-Bold")
"""The standard (unembedded) fonts of the agreement's wording; every other font is a value's."""

SIGNERS = [r.speaker_name for r in SEED_RELEASES]


@pytest.fixture(scope="module")
def flattened(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each seed signer's flattened release, written once for the module."""
    folder = tmp_path_factory.mktemp("seed")
    paths = {}
    for index, release in enumerate(SEED_RELEASES):
        path = folder / f"seed-{index}.pdf"
        path.write_bytes(fill(release, flatten=True))
        paths[release.speaker_name] = path
    return paths


def seed_text(name: str) -> str:
    index = SIGNERS.index(name)
    text = seed_releases_text()[index]
    assert name in text, "the seed's releases are in the order of SEED_RELEASES"
    return text


def release_of(name: str) -> Release:
    return SEED_RELEASES[SIGNERS.index(name)]


def pdftotext(path: Path) -> str:
    done = subprocess.run(
        [require_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def plumber_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def spaces_collapsed(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def _first_difference(want: str, got: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), None)
    if at is None:
        at = min(len(want), len(got))
    seed, text = want[at - 40 : at + 40], got[at - 40 : at + 40]
    return f"first difference at {at}: seed {seed!r}, got {text!r}"


@pytest.mark.tools
@pytest.mark.parametrize("name", SIGNERS)
def test_pdftotext_gives_the_seed_text(flattened: dict[str, Path], name: str) -> None:
    got = pdftotext(flattened[name])
    want = seed_text(name)
    assert squash(got) == squash(want), _first_difference(squash(want), squash(got))
    assert BOXES in spaces_collapsed(got)


@pytest.mark.parametrize("name", SIGNERS)
def test_pdfplumber_gives_the_seed_text(flattened: dict[str, Path], name: str) -> None:
    got = plumber_text(flattened[name])
    want = seed_text(name)
    assert squash(got) == squash(want), _first_difference(squash(want), squash(got))
    assert BOXES in spaces_collapsed(got)


@pytest.mark.parametrize("name", SIGNERS)
def test_no_form_is_left(flattened: dict[str, Path], name: str) -> None:
    reader = PdfReader(flattened[name])
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    acroform = root.get("/AcroForm")
    if acroform is not None:
        assert not acroform.get_object().get("/Fields"), "flattened release keeps form fields"
    assert not reader.get_fields()
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            assert annot.get("/Subtype") != "/Widget", f"page {number} keeps a widget"


@pytest.mark.parametrize("name", SIGNERS)
def test_values_stay_machine_readable(flattened: dict[str, Path], name: str) -> None:
    data = flattened[name].read_bytes()
    root = cast(DictionaryObject, PdfReader(io.BytesIO(data)).trailer["/Root"].get_object())
    record: Any = root["/PubRelease"].get_object()
    release_id = str(record["/ReleaseId"])
    assert re.fullmatch(r"[0-9a-f]{32}", release_id), release_id
    values = json.loads(str(record["/Values"]))
    assert values["release_id"] == release_id
    expected = release_of(name).values()
    for key, value in expected.items():
        if key == "release_id" or value is None:
            continue
        assert values[key] == value, key
    assert values["speaker_name"] == name
    assert values["consent"] == "accept"


@pytest.mark.tools
@pytest.mark.parametrize("name", SIGNERS)
def test_value_fonts_are_embedded_subsets_with_tounicode(
    flattened: dict[str, Path], name: str
) -> None:
    done = subprocess.run(
        [require_tool("pdffonts"), str(flattened[name])],
        capture_output=True,
        text=True,
        check=True,
    )
    header, _rule, *rows = done.stdout.splitlines()
    assert header.split()[:3] == ["name", "type", "encoding"], header
    fonts = [row.split() for row in rows if row.strip()]
    # columns: name, type (may be two words), encoding, emb, sub, uni, object ID (two)
    value_fonts = [f for f in fonts if f[0] not in WORDING_FONTS]
    assert value_fonts, done.stdout
    for font in fonts:
        emb, sub, uni = font[-5:-2]
        if font[0] in WORDING_FONTS:
            assert font[1:3] == ["Type", "1"], font  # standard 14, not embedded
            continue
        assert (emb, sub, uni) == ("yes", "yes", "yes"), f"{font[0]}: emb {emb} sub {sub} uni {uni}"
        assert re.match(r"[A-Z]{6}\+", font[0]), f"{font[0]}: no subset tag"
