"""``pubrelease countersign``: the conference's part of every valid return."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import click

from ..dates import DateOrder, parse_date
from ..errors import FieldValueError, OutputPathError
from .signing import load_cli_key, sign_options

__all__ = ["countersign_command"]


@click.command("countersign")
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@click.option("--name", required=True, help="Who countersigns (typed into the signature box).")
@click.option("--date", "date_text", help="Date of the countersignature; default today.")
@click.option(
    "--date-order",
    type=click.Choice([o.value for o in DateOrder]),
    help="Day/month order of a date such as 04/05/2020.",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    help="Write countersigned copies here instead of updating the returns in place.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Processes (default: all cores).")
@sign_options
@click.option("--form", "form_name", default="icml-2020", show_default=True, help="Form.")
def countersign_command(
    directory: str,
    name: str,
    date_text: str | None,
    date_order: str | None,
    out_dir: str | None,
    workers: int | None,
    sign_key: str | None,
    sign_cert: str | None,
    form_name: str,
) -> None:
    """Countersign every valid return under DIRECTORY.

    Each valid, not yet countersigned return gets the countersigner's name and date
    as an incremental update: the speaker's bytes and revision stay as they were, and
    the file is checked again before it is written. Other returns are left alone and
    listed. Exit 1 when any return was not countersigned. With ``--sign KEY`` the
    conference also signs each with its certificate: a certification signature that
    allows no later change (a lock of its fields, when the speaker signed with a
    certificate first).
    """
    from ..auditing.countersigning import countersign_folder
    from ..filling.countersign import Countersignature

    if out_dir is not None:
        folder = Path(out_dir)
        if (
            not folder.is_dir()
            and not (folder.parent if str(folder.parent) else Path(".")).is_dir()
        ):
            raise OutputPathError("no such folder for the output folder", file=out_dir)
    if not name.strip():
        raise click.BadParameter("give the countersigner's name", param_hint="--name")
    try:
        order = DateOrder(date_order) if date_order else None
        date = parse_date(date_text, field="--date", order=order) if date_text else dt.date.today()
    except FieldValueError as exc:
        raise click.BadParameter(exc.message, param_hint="--date") from exc
    signer = None
    if sign_key is not None:
        from ..filling.certsign import certify_release

        key = load_cli_key(sign_key, sign_cert)
        signer = functools.partial(certify_release, key=key, form=form_name)
    results = countersign_folder(
        directory,
        Countersignature(" ".join(name.split()), date),
        out_dir=out_dir,
        form=form_name,
        workers=workers,
        signer=signer,
    )
    done = 0
    for result in results:
        if result.written:
            done += 1
            click.echo(f"countersigned {result.written}")
        else:
            click.echo(f"{result.outcome.value}: {result.file} ({result.message})")
    click.echo(f"{done} of {len(results)} return(s) countersigned", err=True)
    if not all(r.outcome.ok for r in results):
        sys.exit(1)
