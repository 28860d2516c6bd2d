"""Forms: a definition (wording, fields, layout) and the template PDF built from it."""

from __future__ import annotations

from .template import DEFAULT_FORM, Form, forms_dir, load_form

__all__ = ["DEFAULT_FORM", "Form", "forms_dir", "load_form"]
