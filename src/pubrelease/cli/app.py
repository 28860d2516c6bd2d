"""The ``pubrelease`` command: argument parsing and printing around one library call each."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .._version import __version__
from ..auditing.audit import audit
from ..auditing.pool import Limits, parse_all
from ..auditing.records import records_csv
from ..auditing.reports import write_report
from ..auditing.summary import print_summary
from ..cli.countersign import countersign_command
from ..cli.rosteropts import load_roster, roster_options
from ..demo import run_demo
from ..display import inert_json, inert_lines
from ..errors import OutputExistsError
from ..files import write_atomic
from ..filling.batch import fill_many
from ..filling.fill import fill as fill_release
from ..form.registry import DEFAULT_FORM, load_form
from ..release import Release
from ..verify import parse

EXIT_PROBLEMS = 1


class _Group(click.Group):
    """Turns every error into one line on stderr and its exit code (cli/safety.py)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            fail(ctx, exc)


_form_option = click.option(
    "--form", "form_name", default=DEFAULT_FORM, show_default=True, help="Form definition."
)


def _limit_options(command: Any) -> Any:
    """--timeout and --memory: the bounds on reading one file (audit and parse)."""
    command = click.option(
        "--memory", type=click.IntRange(min=64), default=1024, show_default=True, help="MB/file."
    )(command)
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        help="Seconds/file.",
    )(command)


class _Bar:
    """A progress bar whose total is known only once the work starts."""

    def __init__(self, progress: Progress, label: str) -> None:
        self.progress = progress
        self.task = progress.add_task(label, total=None)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def update(self, done: int) -> None:
        self.progress.update(self.task, completed=done)


@contextmanager
def _progress(label: str) -> Iterator[_Bar | None]:
    """A progress bar on a terminal; nothing when stderr is piped or redirected."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        yield _Bar(bar, label)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pubrelease")
def main() -> None:
    """Fill, read, verify and audit conference publishing releases."""


@main.command()
@click.argument(
    "directory", required=False, default="pubrelease-demo", type=click.Path(file_okay=False)
)
@click.option("--force", is_flag=True, help="Replace files the demo wrote before.")
def demo(directory: str, force: bool) -> None:
    """Fill the two seed releases (ICML 2020) into DIRECTORY, audit them, print the table."""
    written, report = run_demo(directory, overwrite=force)
    for entry in written:
        path = Path(directory) / entry.file
        click.echo(f"wrote {path} ({entry.speaker_name}, release {entry.release_id})")
    print_summary(report)
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.option("--name", "speaker_name", help="Speaker name.")
@click.option("--title", "event_title", help="Event title.")
@click.option("--event-date", help="Event date (YYYY-MM-DD).")
@click.option("--effective-date", help="Effective date (YYYY-MM-DD); default today.")
@click.option("--accept", "consent", flag_value="accept", help="Check the Accept box.")
@click.option("--decline", "consent", flag_value="decline", help="Check the Decline box.")
@click.option("--signature", help="Typed signature.")
@click.option("--sign-date", help="Date beside the speaker's signature (YYYY-MM-DD).")
@click.option(
    "--countersigner", "countersigner_name", help="Countersigner's name (form default otherwise)."
)
@click.option("--countersign-date", help="Date of the countersignature (YYYY-MM-DD).")
@click.option("--release-id", help="Issuance id to embed (a fresh one by default).")
@click.option(
    "--extra",
    "extras",
    multiple=True,
    metavar="KEY=VALUE",
    help="A value the form asks beyond the standard ones (e.g. affiliation=MIT).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Output PDF ('-' for stdout).",
)
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="CSV (any dialect), .xlsx, .ods, JSON or JSON Lines roster ('-' for stdin).",
)
@roster_options
@click.option("--out-dir", type=click.Path(file_okay=False), help="Folder for a roster's releases.")
@click.option("--flatten", is_flag=True, help="Burn the values into the pages (no form fields).")
@click.option("--force", is_flag=True, help="Replace existing files.")
@_form_option
def fill(
    output: str | None,
    roster: str | None,
    out_dir: str | None,
    flatten: bool,
    force: bool,
    form_name: str,
    extras: tuple[str, ...],
    column_map: tuple[str, ...],
    date_order: str | None,
    **values: str | None,
) -> None:
    """Fill one release (--name ... -o OUT.pdf) or a batch (--roster FILE --out-dir DIR)."""
    given: dict[str, object] = {k: v for k, v in values.items() if v is not None}
    if extras:
        pairs = [item.partition("=") for item in extras]
        bad = [item for item, (_, sep, _) in zip(extras, pairs, strict=True) if not sep]
        if bad:
            raise click.BadParameter(f"{bad[0]!r}: use KEY=VALUE", param_hint="--extra")
        given["extra"] = {key.strip(): value for key, _, value in pairs}
    form = load_form(form_name)
    if roster is not None:
        if output is not None or given:
            raise click.UsageError(
                "--roster takes its values from the roster; drop -o and value options"
            )
        if out_dir is None:
            raise click.UsageError("--roster needs --out-dir")
        entries = load_roster(roster, column_map, date_order)
        with _progress("filling") as bar:
            if bar is not None:
                bar.start(len(entries))
            written = fill_many(
                entries,
                out_dir,
                form=form,
                flatten=flatten,
                overwrite=force,
                progress=bar.update if bar else None,
            )
        click.echo(f"wrote {len(written)} releases and manifest.csv, manifest.json to {out_dir}")
        return
    if output is None:
        raise click.UsageError("give -o OUT.pdf (or --roster FILE --out-dir DIR)")
    for option, key in (
        ("--name", "speaker_name"),
        ("--title", "event_title"),
        ("--event-date", "event_date"),
    ):
        if key not in given:
            raise click.UsageError(f"missing {option}")
    data = fill_release(Release.create(**given), form, flatten=flatten)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data, overwrite=force)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv"]),
    default="json",
    show_default=True,
    help="json: one object (an array for several files); jsonl: one per line; csv: a table.",
)
@_limit_options
@_form_option
def parse_command(
    files: tuple[str, ...], fmt: str, timeout: float, memory: int, form_name: str
) -> None:
    """Read returned releases into records, in the order given. Exit 1 if any is not valid.

    Each file is read in a worker process bounded in time and memory, like the audit.
    """
    load_form(form_name)
    limits = Limits(seconds=timeout, memory_mb=memory)
    records = [verify(r) for r, _ in parse_all(list(files), limits=limits, form_name=form_name)]
    rows = [r.to_dict() for r in records]
    if fmt == "json":
        payload: object = rows[0] if len(rows) == 1 else rows
        click.echo(inert_json(json.dumps(payload, ensure_ascii=False, indent=2)))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(inert_json(json.dumps(row, ensure_ascii=False)))
    else:
        click.echo(inert_lines(records_csv(records)), nl=False)
    if not all(r.status.ok for r in records):
        sys.exit(EXIT_PROBLEMS)


@main.command("audit")
@click.argument("directory", type=click.Path(file_okay=False, exists=True))
@click.option("--roster", type=click.Path(dir_okay=False, allow_dash=True), help="Who was asked.")
@roster_options
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Whole report, JSON.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="One row per return.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="One page for a person.")
@click.option("--workers", type=click.IntRange(min=1), help="Processes (default: all cores).")
@_limit_options
@click.option("--force", is_flag=True, help="Replace existing report files.")
@_form_option
def audit_command(
    directory: str,
    roster: str | None,
    json_path: str | None,
    csv_path: str | None,
    html_path: str | None,
    workers: int | None,
    timeout: float,
    memory: int,
    force: bool,
    form_name: str,
    column_map: tuple[str, ...],
    date_order: str | None,
) -> None:
    """Audit every PDF under DIRECTORY; exit 1 when anything needs action."""
    load_form(form_name)
    entries = load_roster(roster, column_map, date_order) if roster is not None else None
    if not force:
        for target in (json_path, csv_path, html_path):
            if target is not None and Path(target).exists():
                raise OutputExistsError("exists; pass --force to replace it", file=target)
    with _progress("auditing") as bar:
        report = audit(
            directory,
            entries,
            workers=workers,
            limits=Limits(seconds=timeout, memory_mb=memory),
            form=form_name,
            pictures=html_path is not None,
            progress=bar.update if bar else None,
            on_start=bar.start if bar else None,
        )
    write_report(
        report, json_path=json_path, csv_path=csv_path, html_path=html_path, overwrite=force
    )
    print_summary(report)
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)


from .forms import form  # noqa: E402 - commands in modules of their own

main.add_command(form)
main.add_command(countersign_command)
