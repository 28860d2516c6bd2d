"""Forms: a definition (wording, fields and layout) and its template PDF.

The names below are imported on first use (PEP 562): reading a definition does not load
the font and PDF machinery a template needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_getattr

if TYPE_CHECKING:
    from .registry import DEFAULT_FORM as DEFAULT_FORM
    from .registry import forms_dir as forms_dir
    from .registry import forms_dirs as forms_dirs
    from .registry import known_forms as known_forms
    from .registry import load_form as load_form
    from .template import Form as Form

_PUBLIC = {
    "DEFAULT_FORM": ".registry",
    "Form": ".template",
    "forms_dir": ".registry",
    "forms_dirs": ".registry",
    "known_forms": ".registry",
    "load_form": ".registry",
}


__getattr__ = lazy_getattr(__name__, _PUBLIC, globals())


__all__ = ["DEFAULT_FORM", "Form", "forms_dir", "forms_dirs", "known_forms", "load_form"]
