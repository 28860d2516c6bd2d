"""Registration: find a form's page in a scan or photo and map it onto the form's layout.

The template's own page, rendered by PDFium, is the reference. ORB features of the
picture are matched to the template's, a homography is fitted with RANSAC (so a
few degrees of rotation, scaling, margins and a phone's perspective all fit one
model), then refined with OpenCV's ECC alignment. The picture is warped into the
template's frame at :data:`FRAME_DPI`: there every box of the form's plan
(``form.fields[...].widgets[...].box``, in PDF points) has a known place.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium

from ...form.template import Form

__all__ = [
    "FRAME_DPI",
    "Registered",
    "RegistrationError",
    "page_image",
    "register",
    "template_page",
    "to_pixels",
]

FRAME_DPI = 200.0
"""Resolution of the template frame every picture is warped into."""
MATCH_DPI = 90.0
"""Resolution features are matched at: fast, and enough for a first homography."""
MIN_INLIERS = 40
"""Feature matches a homography needs to be believed."""
FEATURES = 1500
"""ORB features per image: plenty on a page of text, and matching stays fast."""
TIGHT = 0.97
"""Share of the template's ink met by the picture's at matching resolution from which
the feature homography is kept as it is (ECC refinement only below it)."""

Gray = Any
"""A 2-D ``numpy.uint8`` array of grey levels (0 black .. 255 white)."""


class RegistrationError(ValueError):
    """The form's page could not be found in the picture."""


@dataclass(frozen=True, slots=True)
class Registered:
    """One picture of paper, warped onto one page of the form."""

    page: int
    """The form page it shows (0-based)."""
    image: Gray
    """The picture in the template's frame at :data:`FRAME_DPI`, light evened out."""
    inliers: int
    """Feature matches consistent with the homography (a measure of confidence)."""
    overlap: float
    """Share of the template's printed ink found in the warped picture (0..1)."""


def page_image(doc: pdfium.PdfDocument, number: int, dpi: float) -> Gray:
    """A page rendered in grey at ``dpi``, as a numpy array."""
    page = doc[number]
    try:
        bitmap = page.render(scale=dpi / 72.0, grayscale=True, may_draw_forms=True)
        return np.array(bitmap.to_pil().convert("L"))
    finally:
        page.close()


@functools.lru_cache(maxsize=8)
def template_page(form: Form, number: int, dpi: float) -> Gray:
    """The form's empty template page ``number`` at ``dpi`` (cached per process)."""
    doc = pdfium.PdfDocument(form.template)
    doc.init_forms()  # the boxes' own appearances are drawn only with the form environment
    try:
        image = page_image(doc, number, dpi)
    finally:
        doc.close()
    image.setflags(write=False)
    return image


@functools.lru_cache(maxsize=8)
def _template_features(form: Form, number: int) -> tuple[Any, Any]:
    image = template_page(form, number, MATCH_DPI)
    orb = cv2.ORB.create(nfeatures=FEATURES)
    keys, descriptors = orb.detectAndCompute(image, None)
    return keys, descriptors


def to_pixels(
    rect: tuple[float, float, float, float], page_height: float, dpi: float = FRAME_DPI
) -> tuple[int, int, int, int]:
    """A PDF rectangle (points, origin bottom-left) as ``(left, top, right, bottom)`` pixels."""
    s = dpi / 72.0
    left, bottom, right, top = rect
    return (
        round(left * s),
        round((page_height - top) * s),
        round(right * s),
        round((page_height - bottom) * s),
    )


def even_light(image: Gray) -> Gray:
    """Grey levels with the paper's brightness evened out (shadows, a phone's lamp)."""
    small = cv2.resize(image, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    background = cv2.GaussianBlur(background, (0, 0), 1.0)
    background = cv2.resize(background, (image.shape[1], image.shape[0]))
    out = cv2.divide(image, np.maximum(background, 1), scale=255)
    return out


def _homography(form: Form, number: int, small: Gray) -> tuple[Any, int]:
    keys, descriptors = _template_features(form, number)
    orb = cv2.ORB.create(nfeatures=FEATURES)
    scan_keys, scan_descriptors = orb.detectAndCompute(small, None)
    if scan_descriptors is None or descriptors is None or len(scan_keys) < MIN_INLIERS:
        return None, 0
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
    pairs = matcher.knnMatch(scan_descriptors, descriptors, k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.8 * p[1].distance]
    if len(good) < MIN_INLIERS:
        return None, 0
    source = np.array([scan_keys[m.queryIdx].pt for m in good], np.float32).reshape(-1, 1, 2)
    target = np.array([keys[m.trainIdx].pt for m in good], np.float32).reshape(-1, 1, 2)
    matrix, mask = cv2.findHomography(source, target, cv2.RANSAC, 4.0)
    if matrix is None:
        return None, 0
    return matrix, int(mask.sum())


def _refine(form: Form, number: int, small: Gray, matrix: Any) -> Any:
    """ECC alignment of the warped picture onto the template, starting from ``matrix``;
    skipped when the feature homography already lays the picture on the template."""
    template = template_page(form, number, MATCH_DPI)
    height, width = template.shape
    warped = cv2.warpPerspective(small, matrix, (width, height), borderValue=255)
    if _overlap(template, warped, grow=3) >= TIGHT:
        return matrix
    a = cv2.GaussianBlur(template, (0, 0), 1.5).astype(np.float32)
    b = cv2.GaussianBlur(warped, (0, 0), 1.5).astype(np.float32)
    try:
        _, step = cv2.findTransformECC(
            a,
            b,
            np.eye(3, dtype=np.float32),
            cv2.MOTION_HOMOGRAPHY,
            (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 40, 1e-5),
            None,
        )
    except cv2.error:
        return matrix  # ECC did not converge: keep the feature homography
    return np.linalg.inv(step) @ matrix


def _overlap(template: Gray, warped: Gray, *, grow: int = 5) -> float:
    ink = template < 128
    found = cv2.dilate((warped < 160).astype(np.uint8), np.ones((grow, grow), np.uint8)) > 0
    total = int(ink.sum())
    return float((ink & found).sum()) / total if total else 0.0


def register(form: Form, picture: Gray, *, pages: tuple[int, ...] | None = None) -> Registered:
    """Warp ``picture`` onto the form page it shows (trying ``pages``, default all)."""
    candidates = pages if pages is not None else tuple(range(len(form.pages)))
    page_height = form.definition.page_size[1]
    page_width = form.definition.page_size[0]
    target_px = max(page_width, page_height) * MATCH_DPI / 72.0
    factor = min(1.0, 1.3 * target_px / max(picture.shape))
    small = cv2.resize(picture, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    best: tuple[int, Any, int] | None = None
    for number in candidates:
        matrix, inliers = _homography(form, number, small)
        if matrix is not None and (best is None or inliers > best[2]):
            best = (number, matrix, inliers)
        if inliers >= 4 * MIN_INLIERS:
            break
    if best is None or best[2] < MIN_INLIERS:
        raise RegistrationError("the form's page was not found in the picture")
    number, matrix, inliers = best
    matrix = _refine(form, number, small, matrix)
    up = FRAME_DPI / MATCH_DPI
    full = np.diag([up, up, 1.0]) @ matrix @ np.diag([factor, factor, 1.0])
    template = template_page(form, number, FRAME_DPI)
    height, width = template.shape
    warped = cv2.warpPerspective(
        even_light(picture), full, (width, height), flags=cv2.INTER_LINEAR, borderValue=255
    )
    return Registered(number, warped, inliers, _overlap(template, warped))
