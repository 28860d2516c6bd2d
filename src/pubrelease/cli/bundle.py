"""``pubrelease bundle``: the signed set for the publisher, with hashes to check it by."""

from __future__ import annotations

import sys

import click

from ..files import check_output, write_atomic
from .rosteropts import load_roster, roster_options

__all__ = ["bundle_command"]


@click.command("bundle")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="The zip file to write.")
@click.option("--roster", type=click.Path(dir_okay=False, allow_dash=True), help="Who was asked.")
@roster_options
@click.option("--countersigned", is_flag=True, help="Only returns the conference countersigned.")
@click.option(
    "--verify",
    "verify_path",
    type=click.Path(dir_okay=False, exists=True),
    help="Check a bundle's files against its SHA256SUMS instead.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Processes (default: all cores).")
@click.option("--force", is_flag=True, help="Replace an existing zip file.")
@click.option("--form", "form_name", default="icml-2020", show_default=True, help="Form.")
def bundle_command(
    directory: str | None,
    output: str | None,
    roster: str | None,
    column_map: tuple[str, ...],
    date_order: str | None,
    countersigned: bool,
    verify_path: str | None,
    workers: int | None,
    force: bool,
    form_name: str,
) -> None:
    """Pack the valid returns under DIRECTORY into a zip (-o) for the publisher.

    The zip holds releases/..., audit.json, index.csv and SHA256SUMS (check it with
    `sha256sum -c SHA256SUMS` after unzipping, or `pubrelease bundle --verify ZIP`).
    With a roster, only returns that stand valid for their entry are packed.
    """
    from ..auditing.audit import audit
    from ..auditing.bundle import make_bundle, verify_bundle

    if verify_path is not None:
        if directory is not None or output is not None:
            raise click.UsageError("--verify takes only the zip file")
        problems = verify_bundle(verify_path)
        for problem in problems:
            click.echo(f"{verify_path}: {problem}")
        if problems:
            sys.exit(1)
        click.echo(f"{verify_path}: every file matches its SHA-256")
        return
    if directory is None or output is None:
        raise click.UsageError("give DIRECTORY and -o BUNDLE.zip (or --verify BUNDLE.zip)")
    check_output(output, overwrite=force)
    entries = load_roster(roster, column_map, date_order) if roster is not None else None
    report = audit(directory, entries, workers, form=form_name)
    bundle = make_bundle(report, countersigned_only=countersigned)
    write_atomic(output, bundle.data, overwrite=force)
    left = len(report.returns) - len(bundle.releases)
    click.echo(
        f"wrote {output}: {len(bundle.releases)} release(s), audit.json, index.csv, SHA256SUMS"
        f" ({left} return(s) left out)"
    )
