"""What viewers show each their own way, from the file's objects: page boxes that are not
four numbers, optional content whose state each viewer sets its own way, form widgets of
no field (``viewers-disagree``)."""

from __future__ import annotations

from ..pdf.objects import Objects
from ..pdf.optionalcontent import disputed_groups
from ..pdf.orphanwidgets import orphan_widgets
from ..pdf.pageboxes import malformed_boxes
from ..record import Finding, Severity

__all__ = ["viewer_disagreements"]


def viewer_disagreements(objects: Objects, max_pages: int) -> list[Finding]:
    """``viewers-disagree`` for page boxes viewers read each their own way
    (:mod:`..pdf.pageboxes`), optional content they show each their own way
    (:mod:`..pdf.optionalcontent`), and widgets of no field (:mod:`..pdf.orphanwidgets`),
    on the first ``max_pages`` pages."""
    boxes = [
        Finding(
            "viewers-disagree",
            Severity.ERROR,
            f"page {number + 1}: its {key[1:]} is {written}, not four numbers: each viewer "
            "repairs it its own way and shows another part of the page",
        )
        for number, key, written in malformed_boxes(objects, max_pages)
    ]
    orphans = [
        f"page {number + 1}: {count} form widget{'s' * (count > 1)} of no field of the "
        "document's form (a page merged or copied without its form): poppler and pdf.js "
        "draw them, PDFium leaves them blank, MuPDF draws some"
        for number, count in orphan_widgets(objects, max_pages)
    ]
    return boxes + [
        Finding("viewers-disagree", Severity.ERROR, why)
        for why in disputed_groups(objects) + orphans
    ]
