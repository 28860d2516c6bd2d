"""Finding forms: the folders they live in, and loading one by id or by path."""

from __future__ import annotations

import functools
import importlib.resources
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FormDefinitionError
from .definition import load_definition

if TYPE_CHECKING:
    from .template import Form

__all__ = ["DEFAULT_FORM", "forms_dir", "forms_dirs", "known_forms", "load_form"]

DEFAULT_FORM = "icml-2020"


def forms_dir() -> Path:
    """Where form definitions live: in the installed package, or the checkout's ``forms/``."""
    packaged = Path(str(importlib.resources.files("pubrelease"))) / "forms"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "forms"


def forms_dirs() -> tuple[Path, ...]:
    """Where forms are looked up, in order: ``PUBRELEASE_FORMS`` (folders separated by
    ``os.pathsep``), then the forms shipped with pubrelease."""
    extra = os.environ.get("PUBRELEASE_FORMS", "")
    return (*(Path(p) for p in extra.split(os.pathsep) if p), forms_dir())


def known_forms() -> list[str]:
    """The ids of every form that can be loaded by name."""
    found = {
        p.name
        for d in forms_dirs()
        if d.is_dir()
        for p in d.iterdir()
        if (p / "form.toml").is_file()
    }
    return sorted(found)


def load_form(name: str | os.PathLike[str] = DEFAULT_FORM) -> Form:
    """The form ``name`` (an id from the forms folders, or a folder or ``form.toml`` path).

    Raises :class:`FormDefinitionError` for an unknown form or a stale template.
    """
    return _load_form(str(name), os.environ.get("PUBRELEASE_FORMS", ""))


@functools.lru_cache(maxsize=16)
def _load_form(name: str, _search: str) -> Form:
    given = Path(name)
    folder: Path | None
    if given.name == "form.toml" and given.is_file():
        folder = given.parent
    elif (given / "form.toml").is_file() and (os.sep in name or name.startswith(".")):
        folder = given
    else:
        folder = next((d / name for d in forms_dirs() if (d / name / "form.toml").is_file()), None)
        if folder is None:
            raise FormDefinitionError(
                f"unknown form {name!r}; known forms: {', '.join(known_forms())}"
            )
    definition = load_definition(folder / "form.toml")
    if definition.imported:
        from .imported import ImportedForm

        return ImportedForm(definition)
    from .template import Form

    form = Form(definition)
    template = folder / "template.pdf"
    if not template.is_file():
        raise FormDefinitionError(
            f"no template.pdf; run `pubrelease form build {name}`", file=str(template)
        )
    form.attach_template(template.read_bytes(), str(template))
    return form
