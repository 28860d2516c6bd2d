"""Paper returns made by code: the filled release printed (rendered by PDFium), marked
with a pen (Pillow), scanned (rotation, noise, JPEG) or photographed (OpenCV
perspective warp and uneven light), and wrapped into a PDF again.

Every place a mark goes comes from the form's plan (``form.fields[...].widgets``)
and layout, in PDF points; nothing here knows the ICML form's coordinates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
from collections.abc import Sequence

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from pubrelease import Consent, Release, fill, load_form
from pubrelease.demo import SEED_RELEASES
from pubrelease.form.template import Form

FORM = load_form()
PAGE_W, PAGE_H = FORM.definition.page_size
PEN = (25, 35, 120)
TODAY = dt.date(2020, 9, 23)


def release(**changes: object) -> Release:
    """Han's seed release as a speaker receives it to print: no answer, no signature."""
    base = dataclasses.replace(SEED_RELEASES[0], consent=Consent.NONE, signature=None)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def printed(rel: Release, dpi: float, *, blank: Sequence[str] = ()) -> list[Image.Image]:
    """The filled release as printed: each page rendered in colour at ``dpi``; the
    fields named in ``blank`` left empty for the speaker to write in by hand."""
    pdf = fill(rel, flatten=not blank, today=TODAY)
    if blank:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        for page in writer.pages:
            writer.update_page_form_field_values(page, dict.fromkeys(blank, ""))
        buffer = io.BytesIO()
        writer.write(buffer)
        pdf = buffer.getvalue()
    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()
    try:
        return [
            doc[i].render(scale=dpi / 72, may_draw_forms=True).to_pil().convert("RGB")
            for i in range(len(doc))
        ]
    finally:
        doc.close()


def px(dpi: float, x: float, y: float, height: float = PAGE_H) -> tuple[float, float]:
    """A point of the page (PDF points, origin bottom-left) in pixels of a render."""
    return x * dpi / 72, (height - y) * dpi / 72


def widget(
    field: str, state: str | None = None, index: int = 0, form: Form = FORM
) -> tuple[int, tuple[float, ...]]:
    """``(page, rect)`` of a field's box from the form's plan."""
    boxes = [w.box for w in form.fields[field].widgets if w.box.state == state]
    box = boxes[index]
    return box.page, box.rect


def tick(
    pages: list[Image.Image], state: str, dpi: float, kind: str = "check", form: Form = FORM
) -> None:
    """A pen mark in a consent box: ``check``, ``x``, ``fill`` or ``overrun``."""
    page, (left, bottom, right, top) = widget("consent", state, 0, form)
    draw = ImageDraw.Draw(pages[page])
    x0, y1 = px(dpi, left, bottom, form.definition.page_size[1])
    x1, y0 = px(dpi, right, top, form.definition.page_size[1])
    w, h = x1 - x0, y1 - y0
    pen = max(2, round(dpi / 60))
    if kind == "check":
        draw.line([(x0 + 0.15 * w, y0 + 0.5 * h), (x0 + 0.4 * w, y1 - 0.1 * h)], PEN, pen)
        draw.line([(x0 + 0.4 * w, y1 - 0.1 * h), (x1 + 0.2 * w, y0 - 0.4 * h)], PEN, pen)
    elif kind == "x":
        draw.line([(x0 + 0.1 * w, y0 + 0.1 * h), (x1 - 0.1 * w, y1 - 0.1 * h)], PEN, pen)
        draw.line([(x1 - 0.1 * w, y0 + 0.1 * h), (x0 + 0.1 * w, y1 - 0.1 * h)], PEN, pen)
    elif kind == "fill":
        draw.rectangle([x0 + 0.1 * w, y0 + 0.1 * h, x1 - 0.1 * w, y1 - 0.1 * h], PEN)
    elif kind == "overrun":
        draw.line([(x0 - 0.5 * w, y0 + 0.3 * h), (x1 + 0.6 * w, y1 - 0.2 * h)], PEN, pen + 1)
        draw.line([(x0 + 0.2 * w, y1 + 0.3 * h), (x1 - 0.1 * w, y0 - 0.5 * h)], PEN, pen + 1)
    else:
        raise ValueError(kind)


def sign(
    pages: list[Image.Image], dpi: float, where: str = "on", seed: int = 0, form: Form = FORM
) -> None:
    """A scribbled signature on the speaker's signature line (``above``, ``on``, ``below``)."""
    page, (left, bottom, _right, top) = widget("signature", None, 0, form)
    draw = ImageDraw.Draw(pages[page])
    rng = np.random.default_rng(seed)
    base = {"above": top + 4, "on": (top + bottom) / 2, "below": bottom}[where]
    x = left + 10
    points = []
    for i in range(60):
        x += 1.8
        y = base + 3.5 * math.sin(i / 2.2 + rng.uniform(0, 0.4)) + rng.uniform(-0.6, 0.6)
        points.append(px(dpi, x, y, form.definition.page_size[1]))
    draw.line(points, PEN, max(2, round(dpi / 70)))


def handwrite(
    pages: list[Image.Image], page: int, dpi: float, x: float, y: float, text: str
) -> None:
    """Text written by hand-ish (a sans font, pen colour) with its baseline at ``(x, y)``."""
    size = round(11 * dpi / 72)
    font = ImageFont.truetype("DejaVuSans.ttf", size) if _has_dejavu() else None
    if font is None:
        font = ImageFont.load_default(size=size)
    draw = ImageDraw.Draw(pages[page])
    left, top = px(dpi, x, y)
    draw.text((left, top), text, fill=PEN, font=font, anchor="ls")


def _hand_font(size: int) -> ImageFont.FreeTypeFont:
    """Intuitive, an OFL hand-drawn font (the ``font-intuitive`` wheel, a dev dependency)."""
    import font_intuitive

    return ImageFont.truetype(font_intuitive.Intuitive, size)


def pen_write(
    pages: list[Image.Image],
    field: str,
    text: str,
    dpi: float,
    *,
    index: int = 0,
    seed: int = 0,
    size: float = 14.0,
    form: Form = FORM,
) -> None:
    """``text`` written with a pen in a value box of the form's plan: a hand-drawn font,
    each letter a little off the line and turned, the whole a little slanted, the
    letters as large as a hand writes them (they may overrun the box)."""
    page, (left, bottom, right, top) = widget(field, None, index, form)
    rng = np.random.default_rng(seed)
    font = _hand_font(round(size * dpi / 72))
    ascent, descent = font.getmetrics()
    width = round(font.getlength(text) * 1.15) + ascent
    canvas_h = (ascent + descent) * 2
    layer = Image.new("L", (width, canvas_h), 0)
    x = ascent / 3
    for char in text:
        glyph = Image.new("L", (ascent * 2, canvas_h), 0)
        ImageDraw.Draw(glyph).text(
            (ascent / 2, canvas_h / 2), char, fill=255, font=font, anchor="ls"
        )
        glyph = glyph.rotate(float(rng.uniform(-8, 8)), resample=Image.Resampling.BICUBIC)
        dy = round(float(rng.uniform(-0.1, 0.1)) * ascent)
        layer.paste(glyph, (round(x - ascent / 2), dy), glyph)
        x += font.getlength(char) * float(rng.uniform(1.0, 1.12))
    layer = layer.rotate(float(rng.uniform(-3.0, 3.0)), resample=Image.Resampling.BICUBIC)
    ink = Image.new("RGB", layer.size, PEN)
    x0, y0 = px(dpi, left + 4, bottom + 2.5, form.definition.page_size[1])
    pages[page].paste(ink, (round(x0 - ascent / 3), round(y0 - canvas_h / 2)), layer)
    _ = right, top


def _has_dejavu() -> bool:
    try:
        ImageFont.truetype("DejaVuSans.ttf", 10)
    except OSError:
        return False
    return True


def find_words(words: str) -> tuple[int, float, float, float]:
    """``(page, x, baseline, width)`` of ``words`` in the form's layout (points)."""
    for number, page in enumerate(FORM.pages):
        for run in page.layout.runs:
            at = run.text.find(words)
            if at >= 0:
                x = run.x + stringWidth(run.text[:at], run.font, run.size)
                return number, x, run.y, stringWidth(words, run.font, run.size)
    raise LookupError(words)


def white_out(pages: list[Image.Image], dpi: float, words: str, replacement: str) -> None:
    """Cover ``words`` of the wording with white-out and write ``replacement`` over it."""
    page, x, y, width = find_words(words)
    draw = ImageDraw.Draw(pages[page])
    x0, y0 = px(dpi, x - 1, y + 9)
    x1, y1 = px(dpi, x + width + 1, y - 3)
    draw.rectangle([x0, y0, x1, y1], (252, 252, 250))
    handwrite(pages, page, dpi, x, y, replacement)


def strike(pages: list[Image.Image], dpi: float, words: str) -> None:
    """A pen line through ``words`` of the wording."""
    page, x, y, width = find_words(words)
    draw = ImageDraw.Draw(pages[page])
    line = [px(dpi, x - 2, y + 3.5), px(dpi, x + width + 2, y + 2.5)]
    draw.line(line, PEN, max(2, round(dpi / 72)))


def scanned(
    pages: Sequence[Image.Image],
    *,
    angle: float = 0.0,
    noise: float = 0.0,
    quality: int = 75,
    grey: bool = False,
    seed: int = 0,
) -> list[Image.Image]:
    """What a flatbed scanner gives back: rotated, noisy, JPEG-compressed."""
    rng = np.random.default_rng(seed)
    out = []
    for image in pages:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")
        if noise:
            arr = np.asarray(image).astype(np.float32)
            arr += rng.normal(0, noise, arr.shape).astype(np.float32)
            image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        if grey:
            image = image.convert("L")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        out.append(Image.open(io.BytesIO(buffer.getvalue())))
    return out


def photographed(pages: Sequence[Image.Image], *, seed: int = 0) -> list[Image.Image]:
    """A phone photo of each page: perspective, a darker corner, a table around it, JPEG."""
    rng = np.random.default_rng(seed)
    out = []
    for image in pages:
        arr = np.asarray(image.convert("RGB"))
        h, w = arr.shape[:2]
        pad = int(0.08 * w)
        canvas_w, canvas_h = w + 2 * pad, h + 2 * pad
        shift = rng.uniform(-0.04, 0.04, 8) * w

        def jitter(k: int, shift: np.ndarray = shift) -> float:
            return float(shift[k])

        source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        target = np.float32(
            [
                [pad + jitter(0) + 0.03 * w, pad + jitter(1)],
                [pad + w + jitter(2) - 0.02 * w, pad + jitter(3) + 0.02 * h],
                [pad + w + jitter(4), pad + h + jitter(5)],
                [pad + jitter(6), pad + h + jitter(7) - 0.01 * h],
            ]
        )
        matrix = cv2.getPerspectiveTransform(source, target)
        photo = cv2.warpPerspective(
            arr, matrix, (canvas_w, canvas_h), borderValue=(90, 80, 70), flags=cv2.INTER_LINEAR
        )
        ys, xs = np.mgrid[0:canvas_h, 0:canvas_w].astype(np.float32)
        light = 0.72 + 0.28 * (xs / canvas_w * 0.6 + ys / canvas_h * 0.4)
        photo = np.clip(photo.astype(np.float32) * light[..., None], 0, 255).astype(np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(photo).save(buffer, "JPEG", quality=70)
        out.append(Image.open(io.BytesIO(buffer.getvalue())))
    return out


def to_pdf(images: Sequence[Image.Image], dpi: float) -> bytes:
    """Pictures wrapped into a PDF, one per page, as a scanner or a phone app does."""
    buffer = io.BytesIO()
    first, *rest = [im.convert("RGB") for im in images]
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=dpi)
    return buffer.getvalue()


def searchable_pdf(images: Sequence[Image.Image], dpi: float, typos: dict[str, str]) -> bytes:
    """A scanner's "searchable PDF": each picture under invisible text (render mode 3),
    the text a recogniser got wrong in places (``typos`` maps right to wrong)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H))
    for number, image in enumerate(images):
        pdf.drawImage(ImageReader(image.convert("RGB")), 0, 0, PAGE_W, PAGE_H)
        text = pdf.beginText()
        text.setTextRenderMode(3)
        text.setFont("Helvetica", 10)
        for run in FORM.pages[number].layout.runs:
            line = run.text
            for right, wrong in typos.items():
                line = line.replace(right, wrong)
            text.setTextOrigin(run.x, run.y)
            text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    _ = dpi
    return buffer.getvalue()
