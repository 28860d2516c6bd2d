"""Forms: a definition (wording, fields and layout) and its template PDF."""

from __future__ import annotations

from .registry import DEFAULT_FORM, forms_dir, forms_dirs, known_forms, load_form
from .template import Form

__all__ = ["DEFAULT_FORM", "Form", "forms_dir", "forms_dirs", "known_forms", "load_form"]
