"""``pubrelease form import``: a conference's fillable PDF becomes a form definition."""

from __future__ import annotations

from pathlib import Path

import click

from ..form.importer import import_form, write_form
from ..form.registry import forms_dirs

__all__ = ["form_import"]


def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        role, sep, field = item.partition("=")
        if not sep or not role.strip() or not field:
            raise click.BadParameter(f"{item!r}: use ROLE=FIELD", param_hint="--map")
        out[role.strip()] = field
    return out


@click.command("import")
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True))
@click.option("--id", "form_id", required=True, help="The new form's id (e.g. neurips-2026).")
@click.option("--title", help="A title for people (default: the id).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="ROLE=FIELD",
    help="Give a role (speaker_name, consent, ...) or an extra value's key to a PDF field.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Forms folder to write into (default: the first of PUBRELEASE_FORMS, else the "
    "forms shipped with pubrelease).",
)
@click.option("--force", is_flag=True, help="Replace a form of the same id.")
def form_import(
    pdf: str,
    form_id: str,
    title: str | None,
    mapping: tuple[str, ...],
    out_dir: str | None,
    force: bool,
) -> None:
    """Import a fillable PDF as form ID, and print its fields' roles for review."""
    imported = import_form(pdf, form_id, overrides=_mapping(mapping), title=title)
    folder = Path(out_dir) if out_dir else forms_dirs()[0]
    written = write_form(imported, folder, overwrite=force)
    click.echo(imported.mapping())
    click.echo(f"wrote {written} and the template beside it; review the roles above")
