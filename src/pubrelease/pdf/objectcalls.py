"""PDFium's functions called for every object of a page, bound to take plain addresses.

A walk of a page's objects (:mod:`.pageobjects`, :mod:`.glyphtable`) asks PDFium a few
things of every object: its handle, its kind, its box, its marks. pypdfium2's bindings
check each argument against its pointer type and wrap each handle returned in one:
two to five microseconds a call here, some tens of calls a page. The same C functions
bound here take and give handles and buffers as plain addresses (integers, ``None`` for
NULL), as :mod:`.charboxes` binds its calls made per character: a fraction of that.
What they return is what PDFium returns; :func:`as_object` turns a handle into
pypdfium2's type for the rarer calls made through its bindings.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = ["INT", "VOID_P", "Walker", "as_object", "bound"]

VOID_P = ctypes.c_void_p
"""A handle or buffer, passed and returned as a plain address (``None`` for NULL)."""
INT = ctypes.c_int
"""A C ``int``: PDFium's counts, indices and flags."""


@functools.cache
def bound(name: str, restype: Any, *argtypes: Any) -> Any:
    """PDFium's function ``name`` taking ``argtypes`` and giving ``restype``, addresses
    as integers."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


class _Calls(NamedTuple):
    """The functions a walk calls, bound once a process (:func:`bound`)."""

    get_bounds: Any
    get_matrix: Any
    kind: Any
    render_mode: Any
    marks: Any
    clip_path: Any
    clip_paths: Any
    page_objects: Any
    page_object: Any
    form_objects: Any
    form_object: Any
    mark: Any
    mark_value_type: Any


@functools.cache
def _calls() -> _Calls:
    return _Calls(
        bound("FPDFPageObj_GetBounds", INT, VOID_P, VOID_P, VOID_P, VOID_P, VOID_P),
        bound("FPDFPageObj_GetMatrix", INT, VOID_P, VOID_P),
        bound("FPDFPageObj_GetType", INT, VOID_P),
        bound("FPDFTextObj_GetTextRenderMode", INT, VOID_P),
        bound("FPDFPageObj_CountMarks", INT, VOID_P),
        bound("FPDFPageObj_GetClipPath", VOID_P, VOID_P),
        bound("FPDFClipPath_CountPaths", INT, VOID_P),
        bound("FPDFPage_CountObjects", INT, VOID_P),
        bound("FPDFPage_GetObject", VOID_P, VOID_P, INT),
        bound("FPDFFormObj_CountObjects", INT, VOID_P),
        bound("FPDFFormObj_GetObject", VOID_P, VOID_P, ctypes.c_ulong),
        bound("FPDFPageObj_GetMark", VOID_P, VOID_P, ctypes.c_ulong),
        bound("FPDFPageObjMark_GetParamValueType", INT, VOID_P, ctypes.c_char_p),
    )


def as_object(address: int | None) -> Any:
    """A page object's handle (an address from a :class:`Walker`) as pypdfium2's type."""
    return ctypes.cast(address or 0, pdfium_c.FPDF_PAGEOBJECT)


class Walker:
    """The calls of a walk of page objects, with the buffers they fill (one walker a walk:
    the buffers are reused from call to call). Each call is PDFium's function of the same
    name, its handles plain addresses (``None`` for NULL)."""

    __slots__ = (
        "_bounds",
        "_edges",
        "_get_bounds",
        "_get_matrix",
        "_matrix",
        "_six",
        "clip_path",
        "clip_paths",
        "kind",
        "mark",
        "mark_value_type",
        "marks",
        "render_mode",
    )

    def __init__(self) -> None:
        self._edges: npt.NDArray[np.float32] = np.zeros(4, np.float32)
        self._six: npt.NDArray[np.float32] = np.zeros(6, np.float32)
        # (the buffers' addresses as numpy states them: a third of the time of .ctypes)
        edges = self._edges.__array_interface__["data"][0]
        self._bounds = (edges, edges + 4, edges + 8, edges + 12)
        self._matrix = self._six.__array_interface__["data"][0]
        calls = _calls()
        self._get_bounds = calls.get_bounds
        self._get_matrix = calls.get_matrix
        self.kind: Callable[[int | None], int] = calls.kind
        """``FPDFPageObj_GetType``."""
        self.render_mode: Callable[[int | None], int] = calls.render_mode
        """``FPDFTextObj_GetTextRenderMode``."""
        self.marks: Callable[[int | None], int] = calls.marks
        """``FPDFPageObj_CountMarks``."""
        self.clip_path: Callable[[int | None], int | None] = calls.clip_path
        """``FPDFPageObj_GetClipPath`` (None: no clip)."""
        self.clip_paths: Callable[[int | None], int] = calls.clip_paths
        """``FPDFClipPath_CountPaths`` of a clip path's handle (-1 for none)."""
        self.mark: Callable[[int | None, int], int | None] = calls.mark
        """``FPDFPageObj_GetMark`` (None: no such mark)."""
        self.mark_value_type: Callable[[int | None, bytes], int] = calls.mark_value_type
        """``FPDFPageObjMark_GetParamValueType`` of a mark's handle and a key."""

    @staticmethod
    def page_objects(page: pdfium.PdfPage) -> list[int | None]:
        """The handles of a loaded page's objects, in order."""
        address = ctypes.cast(page.raw, ctypes.c_void_p).value or 0
        calls = _calls()
        get = calls.page_object
        return [get(address, i) for i in range(max(0, calls.page_objects(address)))]

    @staticmethod
    def form_objects(form: int | None) -> list[int | None]:
        """The handles of the objects of form object ``form``, in order."""
        calls = _calls()
        get = calls.form_object
        return [get(form, i) for i in range(max(0, calls.form_objects(form)))]

    def bounds(self, obj: int | None) -> tuple[float, float, float, float] | None:
        """``FPDFPageObj_GetBounds``: left, bottom, right, top; None when PDFium gives none."""
        left, bottom, right, top = self._bounds
        if not self._get_bounds(obj, left, bottom, right, top):
            return None
        a, b, c, d = self._edges.tolist()
        return a, b, c, d

    def matrix(self, obj: int | None) -> tuple[float, float, float, float, float, float] | None:
        """``FPDFPageObj_GetMatrix``: a, b, c, d, e, f; None when PDFium gives none."""
        if not self._get_matrix(obj, self._matrix):
            return None
        a, b, c, d, e, f = self._six.tolist()
        return a, b, c, d, e, f
