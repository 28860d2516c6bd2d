"""Paint that only some devices show: overprint, transfer functions, PostScript, default
colour spaces and colour spaces named as the device's.

Five things a page (its content, or its annotations' appearances) may ask for are
honoured by printers and by some viewers and ignored by the rest, PDFium (whose page the
checks judge) among them:

* **Overprint** (an ExtGState's ``/OP`` or ``/op`` true). On a printing press, and in
  viewers that preview it (Ghostscript, MuPDF's default for page content, Acrobat's
  Overprint Preview), a CMYK cover ``0 0 0 0 k`` overprinted with ``/OPM 1`` paints
  nothing: a refusal under it shows, and a cross in the Decline box. PDFium, poppler and
  pdf.js paint the cover white.
* **Transfer functions** (an ExtGState's ``/TR`` or ``/TR2``, other than ``/Identity``,
  ``/Default`` or the identity written as a function: exponential, sampled or
  PostScript, as a print driver may write it). poppler's Splash
  renderer and Ghostscript apply them to an image mask (a constant 0 turns white ink
  black), PDFium, MuPDF, pdf.js and pdftocairo do not (PDFium applies them to paths).
* **PostScript XObjects** (``/Subtype /PS``, or a form's ``/Subtype2 /PS``): code for a
  PostScript printer, drawn by nothing on screen and passed on by a print through
  PostScript (poppler's ``pdftops``).
* **Default colour spaces** (``/DefaultGray``, ``/DefaultRGB``, ``/DefaultCMYK`` in a
  resource dictionary's ``/ColorSpace``): the space a device colour is painted through.
  Under one that paints every level white, text set ``0 g`` shows black in PDFium,
  MuPDF and pdf.js' way and white in poppler (Evince, Okular), which honours it for
  ``g``, ``rg`` and ``k`` as for ``cs``; PDFium only for a colour set by ``cs`` and
  ``sc``/``scn`` (PDFBox's way of setting a value's colour), MuPDF never, Ghostscript
  for grey (session 62, rendered: ``tests/test_device_paint.py``). A person looks at it.
* **A colour space resource named as a device space** (``/DeviceGray``, ``/DeviceRGB``,
  ``/DeviceCMYK`` as keys of ``/ColorSpace``): ``/DeviceGray cs`` selects that resource
  in poppler, the device's own space in PDFium, MuPDF and Ghostscript (session 62).

Nothing that writes a release, fills one or prints one again uses them. (A soft mask's own
``/TR`` maps the mask's levels, as every viewer does: not one of these.)
"""

from __future__ import annotations

import re

import numpy as np

from .drawnwalk import MAX_OBJECTS, TooMany, drawn_dicts, may_name
from .nodefonts import page_dicts
from .nodes import name_pattern
from .objects import Node, NotSure, Objects, Ref, Stream

__all__ = ["device_paint"]

OVERPRINT = (
    "overprint: printers and viewers that preview it (Ghostscript, MuPDF, Acrobat) show "
    "what lies under its paint, PDFium, poppler and pdf.js paint over it"
)
TRANSFER = (
    "a transfer function: poppler and Ghostscript change its paint's levels (white may print "
    "black), PDFium, MuPDF and pdf.js do not"
)
POSTSCRIPT = (
    "a PostScript XObject: nothing draws it on screen, a print through PostScript (pdftops) "
    "passes it to the printer"
)
DEFAULT_COLOURS = (
    "a default colour space (/DefaultGray, /DefaultRGB or /DefaultCMYK), which paints its "
    "device colours: poppler (Evince, Okular) paints every colour through it, PDFium only "
    "colours set by cs, MuPDF none: black may show white in one viewer and not another"
)
NAMED_DEVICE = (
    "a colour space named as a device's (/DeviceGray, /DeviceRGB or /DeviceCMYK): poppler "
    "(Evince, Okular) paints a colour set by that name through it, PDFium, MuPDF and "
    "Ghostscript in the device's own space"
)
UNWALKED = f"more than {MAX_OBJECTS} objects drawn: not looked through for paint some devices show"


_DEFAULTS = ("/DefaultGray", "/DefaultRGB", "/DefaultCMYK")
_DEVICES = ("/DeviceGray", "/DeviceRGB", "/DeviceCMYK")
_BETWEEN = rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)*"
_SPACE_NAMES = b"|".join(
    name_pattern(n, whole=True) for n in (*(d[1:] for d in _DEVICES), "Pattern")
)
"""A colour space written as a name: a device's, or ``/Pattern``."""
_KEYS = re.compile(
    b"|".join(
        [
            *(
                name_pattern(w, whole=True)
                for w in ("OP", "op", "TR", "TR2", "PS", *(d[1:] for d in _DEFAULTS))
            ),
            # (a device's name followed by a colour space, as a key is: an array, a
            # dictionary, a reference, or the name of a device or of /Pattern; as a
            # value, after /ColorSpace or /Alternate, another key or the end follows, in a
            # separation's array its tint transform, which is walked for then)
            *(
                name_pattern(d[1:]) + _BETWEEN + rb"(?:\[|<<|\d+\s+\d+\s+R|" + _SPACE_NAMES + b")"
                for d in _DEVICES
            ),
        ]
    )
)
"""The names these are asked for by (``/PS`` is the value of ``/Subtype``), however
written."""

_PLAIN_TRANSFER = frozenset({"/Identity", "/Default"})


def device_paint(objects: Objects, count: int) -> list[tuple[int, str]]:
    """For the first ``count`` pages, (index, what) for each kind of paint of the module
    a page draws, in its content or its annotations' appearances; nothing when the page
    tree cannot be walked (other checks say so)."""
    out: list[tuple[int, str]] = []
    if not may_name(objects, _KEYS):
        return out  # (no object of the file names any of them)
    try:
        for number, chain in enumerate(page_dicts(objects)):
            if number >= count:
                break
            out.extend((number, what) for what in _painted(objects, chain))
    except NotSure:
        return out
    return out


def _painted(objects: Objects, chain: list[dict[str, Node]]) -> list[str]:
    found: list[str] = []
    try:
        for value in drawn_dicts(objects, chain):
            found.extend(what for what in _asks(objects, value) if what not in found)
    except TooMany:
        return [UNWALKED]
    return found


def _asks(objects: Objects, value: dict[str, Node]) -> list[str]:
    """What of the module's kinds of paint one dictionary asks for."""

    def get(key: str) -> Node:
        try:
            return objects.resolve(value.get(key))
        except NotSure:
            return None

    asked = []
    if get("/OP") is True or get("/op") is True:
        asked.append(OVERPRINT)
    if "/G" not in value:  # (a soft mask's /TR maps its own levels)
        for key in ("/TR", "/TR2"):
            transfer = value.get(key)
            if transfer is not None and not _plain_transfer(objects, transfer):
                asked.append(TRANSFER)
                break
    if get("/Subtype") == "/PS" or get("/Subtype2") == "/PS":
        asked.append(POSTSCRIPT)
    if any(key in value for key in _DEFAULTS):
        asked.append(DEFAULT_COLOURS)
    if any(key in value for key in _DEVICES):  # (a key: as a value, the device's space)
        asked.append(NAMED_DEVICE)
    return asked


def _plain_transfer(objects: Objects, transfer: Node) -> bool:
    """Whether a transfer function (as written: a reference not yet followed) leaves
    every level as it is: ``/Identity``, ``/Default``, or the identity written as a
    function, as a printer may write it (one, or one per colourant): exponential (type
    2, from 0 to 1 of exponent 1), sampled (type 0, each sample its level within one
    level of 255) or PostScript (type 4, ``{ }``)."""
    try:
        resolved = objects.resolve(transfer)
        if isinstance(resolved, tuple):
            return bool(resolved) and all(_plain_transfer(objects, t) for t in resolved)
        if isinstance(resolved, Stream):
            return isinstance(transfer, Ref) and _plain_stream(objects, transfer, resolved)
    except NotSure:
        return False
    if isinstance(resolved, str):
        return resolved in _PLAIN_TRANSFER
    if not isinstance(resolved, dict):
        return False
    values = _values(objects, resolved, "/FunctionType", "/N", "/C0", "/C1", "/Domain")
    return (
        values is not None
        and values["/FunctionType"] == 2
        and values["/N"] == 1
        and values["/C0"] in (None, (0,), (0.0,))
        and values["/C1"] in (None, (1,), (1.0,))
        and values["/Domain"] in _UNIT
    )


_UNIT = (None, (0, 1), (0.0, 1.0), (0, 1.0), (0.0, 1))
"""A domain or range from 0 to 1, or none given."""
_MAX_SAMPLES = 4096


def _values(objects: Objects, entries: dict[str, Node], *keys: str) -> dict[str, Node] | None:
    try:
        return {k: objects.resolve(entries.get(k)) for k in keys}
    except NotSure:
        return None


def _plain_stream(objects: Objects, ref: Ref, stream: Stream) -> bool:
    """Whether a sampled or PostScript function ``ref`` is the identity (see
    :func:`_plain_transfer`)."""
    keys = ("/FunctionType", "/Domain", "/Range", "/Size", "/BitsPerSample", "/Encode", "/Decode")
    values = _values(objects, stream.entries, *keys)
    if values is None or values["/Domain"] not in _UNIT or values["/Range"] not in _UNIT:
        return False
    if values["/FunctionType"] == 4:
        code = objects.decoded(ref, _MAX_SAMPLES)
        return re.sub(rb"\s+", b"", code) == b"{}"
    size, bits = values["/Size"], values["/BitsPerSample"]
    if values["/FunctionType"] != 0 or not isinstance(size, tuple) or len(size) != 1:
        return False
    count = size[0]
    if not isinstance(count, int) or not 2 <= count <= _MAX_SAMPLES or bits not in (8, 16):
        return False
    if values["/Encode"] not in (None, (0, count - 1)) or values["/Decode"] not in _UNIT:
        return False
    data = objects.decoded(ref, _MAX_SAMPLES * 2)
    if len(data) < count * bits // 8:
        return False
    samples = np.frombuffer(data, np.uint8 if bits == 8 else ">u2", count) / (2**bits - 1)
    return bool(np.abs(samples - np.linspace(0.0, 1.0, count)).max() <= 1.0 / 255 + 1e-9)
