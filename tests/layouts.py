"""Releases typeset by "another system": reportlab, from the form's wording, not our template.

Fonts, page breaks, box styles and signatures vary; so can the wording (``alter``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from pubrelease import Release, load_form
from pubrelease.form.definition import SLOT, parse_slot
from pubrelease.pdf.fonts import BUNDLED
from pubrelease.release import Consent, format_date

Box = Literal["ballot", "check", "x", "drawn", "drawn-empty-only"]
Signature = Literal["none", "typed", "ink", "image"]

pdfmetrics.registerFont(TTFont("DejaVuSans", str(BUNDLED)))


@dataclass(frozen=True)
class Style:
    font: str = "Times-Roman"
    box: Box = "ballot"
    signature: Signature = "typed"
    page_break: bool = True
    page_size: tuple[float, float] = LETTER
    alter: dict[str, str] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    """Override the speaker's name in its n-th place (0, 1, 2)."""
    furniture: bool = False
    """A running header and "Page n" footer on every page, as word processors add."""


class _Drawn(Flowable):  # type: ignore[misc]
    """A box drawn with paths: an empty square, or one crossed by two lines."""

    def __init__(self, checked: bool, label: str, size: float = 9) -> None:
        super().__init__()
        self.checked, self.label, self.size = checked, label, size

    def wrap(self, *_: float) -> tuple[float, float]:
        return (200, self.size + 4)

    def draw(self) -> None:
        c, s = self.canv, self.size
        c.setLineWidth(0.8)
        c.rect(0, 0, s, s)
        if self.checked:
            c.line(1.5, 1.5, s - 1.5, s - 1.5)
            c.line(1.5, s - 1.5, s - 1.5, 1.5)
        c.setFont("Helvetica", 10)
        c.drawString(s + 4, 1, self.label)


class _Ink(Flowable):  # type: ignore[misc]
    def __init__(self, label: str, kind: Signature) -> None:
        super().__init__()
        self.label, self.kind = label, kind

    def wrap(self, *_: float) -> tuple[float, float]:
        return (300, 28)

    def draw(self) -> None:
        c = self.canv
        c.setFont("Helvetica", 10)
        c.drawString(0, 4, self.label)
        if self.kind == "ink":
            path = c.beginPath()
            path.moveTo(60, 6)
            path.curveTo(80, 30, 95, -4, 110, 18)
            path.curveTo(125, 34, 140, 0, 170, 14)
            c.setLineWidth(1.2)
            c.drawPath(path, stroke=1, fill=0)
        elif self.kind == "image":
            from PIL import Image, ImageDraw
            from reportlab.lib.utils import ImageReader

            img = Image.new("RGB", (120, 30), "white")
            ImageDraw.Draw(img).line([(5, 25), (40, 5), (70, 25), (115, 8)], fill="black", width=3)
            c.drawImage(ImageReader(img), 60, 0, width=110, height=26)


def _box(style: Style, checked: bool) -> str:
    if style.box == "ballot":
        return "☒" if checked else "☐"
    if style.box == "check":
        return "✔" if checked else "☐"
    return "X" if checked else "☐"


def _furniture(canvas: object, doc: object) -> None:
    """A header and a page number outside the text frame."""
    width, height = doc.pagesize  # type: ignore[attr-defined]
    canvas.saveState()  # type: ignore[attr-defined]
    canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
    canvas.drawString(72, height - 40, "Speaker agreements 2020 | confidential")  # type: ignore[attr-defined]
    canvas.drawRightString(width - 72, 30, f"Page {doc.page} of 2")  # type: ignore[attr-defined]
    canvas.restoreState()  # type: ignore[attr-defined]


def render(release: Release, out: Path, style: Style = Style()) -> Path:
    """Typeset ``release`` from the form definition's wording into ``out``."""
    form = load_form()
    font = style.font
    glyph_font = "DejaVuSans"  # the standard 14 fonts have no ☐
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=13, spaceAfter=5)
    head = ParagraphStyle("head", parent=body, fontSize=15, leading=18, alignment=1, spaceAfter=10)
    values = {k: v for k, v in release.values().items()}
    printed = {
        name: format_date(getattr(release, name)) if getattr(release, name) is not None else ""
        for name in ("effective_date", "event_date", "sign_date", "countersign_date")
    }
    name_count = 0
    story: list[Flowable] = []
    for number, blocks in enumerate(form.definition.pages):
        if number and style.page_break:
            story.append(PageBreak())
        for block in blocks:
            if block.type == "rule":
                story.append(Spacer(1, 8))
                continue
            text = f"{block.number} {block.text}" if block.number else block.text
            for old, new in style.alter.items():
                text = text.replace(old, new)
            if "{consent=" in text:
                if style.box.startswith("drawn"):
                    story.append(_Drawn(release.consent is Consent.ACCEPT, "Accept"))
                    story.append(_Drawn(release.consent is Consent.DECLINE, "Decline"))
                else:
                    a = _box(style, release.consent is Consent.ACCEPT)
                    d = _box(style, release.consent is Consent.DECLINE)
                    story.append(
                        Paragraph(
                            f'<font name="{glyph_font}">{a}</font> Accept '
                            f'<font name="{glyph_font}">{d}</font> Decline',
                            body,
                        )
                    )
                continue
            if text.startswith("Signature: {signature") and style.signature in ("ink", "image"):
                story.append(_Ink("Signature:", style.signature))
                continue
            parts: list[str] = []
            pos = 0
            for match in SLOT.finditer(text):
                parts.append(escape(text[pos : match.start()]))
                slot = parse_slot(match)
                value = printed.get(slot.field, values.get(slot.field) or "")
                if slot.field == "speaker_name":
                    value = style.names.get(name_count, value)
                    name_count += 1
                if slot.field == "signature" and style.signature == "none":
                    value = ""
                parts.append(f'<font name="DejaVuSans">{escape(value)}</font>' if value else "")
                pos = match.end()
            parts.append(escape(text[pos:]))
            markup = "".join(parts)
            story.append(Paragraph(markup, head if block.type == "heading" else body))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=style.page_size, title="Publishing release")
    if style.furniture:
        doc.build(story, onFirstPage=_furniture, onLaterPages=_furniture)
    else:
        doc.build(story)
    out.write_bytes(buffer.getvalue())
    return out


__all__ = ["A4", "LETTER", "Style", "render"]
