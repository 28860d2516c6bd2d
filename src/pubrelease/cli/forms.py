"""``pubrelease form``: list, show, build and import form definitions."""

from __future__ import annotations

from pathlib import Path

import click

from ..files import write_atomic
from ..form.definition import Role, load_definition
from ..form.registry import DEFAULT_FORM, forms_dirs, known_forms, load_form

__all__ = ["form"]


@click.group()
def form() -> None:
    """Form definitions and their template PDFs."""


@form.command("list")
def form_list() -> None:
    """The forms that can be used by id (PUBRELEASE_FORMS folders, then the shipped ones)."""
    for name in known_forms():
        definition = load_form(name).definition
        kind = "imported" if definition.imported else "typeset"
        extras = ", ".join(definition.extras) or "-"
        click.echo(f"{name}\t{kind}\t{definition.title}\textra values: {extras}")


@form.command("show")
@click.argument("name", required=False, default=DEFAULT_FORM)
def form_show(name: str) -> None:
    """Each field of form NAME: its role or extra key, kind, who fills it, PDF name."""
    definition = load_form(name).definition
    click.echo(f"{definition.id}: {definition.title} ({definition.source})")
    for key, spec in definition.fields.items():
        role = "extra value" if spec.role is Role.EXTRA else "role"
        states = f" states {', '.join(spec.states)}" if spec.states else ""
        click.echo(
            f"  {key:<24} {role}, {spec.kind.value}, filled by the {spec.party.value}, "
            f"PDF field {spec.pdf_name!r}{states}, confidence {spec.confidence:.2f}"
        )


@form.command("build")
@click.argument("name", required=False, default=DEFAULT_FORM)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write here instead of forms/NAME/template.pdf.",
)
def form_build(name: str, output: str | None) -> None:
    """Rebuild the template PDF of form NAME from its definition."""
    folder = next((d / name for d in forms_dirs() if (d / name / "form.toml").is_file()), None)
    if folder is None:
        raise click.BadParameter(f"unknown form {name!r}", param_hint="NAME")
    definition = load_definition(folder / "form.toml")
    if definition.imported:
        raise click.BadParameter(
            f"{name} is imported: its template is the conference's own PDF, not built",
            param_hint="NAME",
        )
    from ..form.template import Form

    built = Form(definition).build()
    target = Path(output) if output else folder / "template.pdf"
    write_atomic(target, built, overwrite=True)
    click.echo(f"wrote {target} ({len(built)} bytes)")


def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        role, sep, field = item.partition("=")
        if not sep or not role.strip() or not field:
            raise click.BadParameter(f"{item!r}: use ROLE=FIELD", param_hint="--map")
        out[role.strip()] = field
    return out


@form.command("import")
@click.argument("pdf", type=click.Path(dir_okay=False, exists=True))
@click.option("--id", "form_id", required=True, help="The new form's id (e.g. neurips-2026).")
@click.option("--title", help="A title for people (default: the id).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="ROLE=FIELD",
    help="Give a role (speaker_name, consent, ...) or an extra value's key to a PDF field; "
    "accept=STATE and decline=STATE name the consent's states.",
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
    from ..form.importer import import_form, write_form

    imported = import_form(pdf, form_id, overrides=_mapping(mapping), title=title)
    folder = Path(out_dir) if out_dir else forms_dirs()[0]
    written = write_form(imported, folder, overwrite=force)
    click.echo(imported.mapping())
    click.echo(f"wrote {written} and the template beside it; review the roles above")
