"""Digests of objects by value (``pdf/nodefonts.py``): what equal digests must mean.

A digest by value says two files hold the same objects however each program wrote them
(their numbers, spacing and order of keys aside). The widgets' reading compares the
form's boxes' appearances and pages by it; a font's widths, arrays of numbers and of
arrays of numbers, are hashed at once, and a digest is remembered across files by the
bytes the objects are stored in. Neither may make two different objects digest alike.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from pubrelease.pdf import nodefonts
from pubrelease.pdf.nodefonts import node_digest
from pubrelease.pdf.objects import Objects, Ref
from pubrelease.pdf.writer import write_document


def _file(body: bytes, *more: bytes) -> Objects:
    objects = {1: b"<< /Type /Catalog >>", 2: b"<< >>", 3: body}
    objects.update({4 + i: extra for i, extra in enumerate(more)})
    return Objects(write_document(objects, root=1, info=2, file_id="0" * 32))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (b"<< /W [1 [500] 2 [600]] >>", b"<< /W [1 [500 2 600]] >>"),
        (b"<< /W [1 [500] 2 [600]] >>", b"<< /W [1 [500] [2 600]] >>"),
        (b"<< /W [1 [500 600]] >>", b"<< /W [1 [500 601]] >>"),
        (b"<< /W [1 2 500] >>", b"<< /W [1 2 [500]] >>"),
        (b"<< /W [[1] 2] >>", b"<< /W [1 [2]] >>"),
        (b"<< /W [1 [0.5]] >>", b"<< /W [1 [0.6]] >>"),
    ],
)
def test_arrays_of_numbers_digest_as_what_they_hold(one: bytes, other: bytes) -> None:
    a, b = _file(one), _file(other)
    assert node_digest(a, Ref(3, 0), by_value=True) != node_digest(b, Ref(3, 0), by_value=True)


def test_the_same_values_written_otherwise_digest_alike() -> None:
    a = _file(b"<< /W [1 [500 600] 5 [250]] /F 4 0 R >>", b"<< /K 1 >>")
    b = _file(b"<</F 4 0 R/W[1[500 600]5[250]]>>", b"<</K 1>>")
    assert node_digest(a, Ref(3, 0), by_value=True) == node_digest(b, Ref(3, 0), by_value=True)


def test_a_digest_remembered_by_its_bytes_is_not_taken_for_other_bytes() -> None:
    """The same bytes of the object itself, but another object it refers to: another
    digest (the bytes remembered are those of everything it refers to as well)."""
    nodefonts._BY_STORED.clear()
    a = _file(b"<< /F 4 0 R >>", b"<< /K 1 >>")
    b = _file(b"<< /F 4 0 R >>", b"<< /K 2 >>")
    c = _file(b"<< /F 4 0 R >>", b"<< /K 1 >>")
    first = node_digest(a, Ref(3, 0), by_value=True)
    assert len(nodefonts._BY_STORED) == 1
    assert node_digest(b, Ref(3, 0), by_value=True) != first
    assert node_digest(c, Ref(3, 0), by_value=True) == first
    assert len(nodefonts._BY_STORED) == 2


def test_a_form_font_rewritten_by_pypdf_digests_as_the_template_s() -> None:
    """(A real font's widths, an array of arrays, read and written again by pypdf.)"""
    from pubrelease.form.registry import DEFAULT_FORM, load_form

    template = load_form(DEFAULT_FORM).template
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(template)))
    out = io.BytesIO()
    writer.write(out)
    before, after = Objects(template), Objects(out.getvalue())
    fonts = [_fonts(before), _fonts(after)]
    assert fonts[0] and len(fonts[0]) == len(fonts[1])
    digests = [
        sorted(node_digest(objects, ref, by_value=True) for ref in found)
        for objects, found in zip((before, after), fonts, strict=True)
    ]
    assert digests[0] == digests[1]


def _fonts(objects: Objects) -> list[Ref]:
    found = []
    for page in nodefonts.page_dicts(objects):
        resources = objects.dict_of(page[0].get("/Resources"))
        for ref in objects.dict_of(resources.get("/Font")).values():
            assert isinstance(ref, Ref)
            found.append(ref)
    return found
