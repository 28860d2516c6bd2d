"""The ``pubrelease`` command: argument parsing and printing around one library call each."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._version import __version__
from ..auditing.engines import EngineKind
from ..auditing.locations import is_folder, is_url, local_path
from ..auditing.summary import SummaryFormat
from ..cli.bundle import bundle_command
from ..cli.countersign import countersign_command
from ..cli.remind import remind_command
from ..cli.rosteropts import load_roster, open_roster_option, roster_options
from ..display import inert_json, inert_lines
from ..errors import OutputPathError, PubreleaseError
from ..files import check_output, write_atomic
from ..form.registry import DEFAULT_FORM, load_form
from .group import PubreleaseGroup
from .signing import load_cli_key, load_cli_trust, sign_options, trust_option

if TYPE_CHECKING:
    from rich.progress import Progress

    from ..filling.manifest import ManifestEntry
    from ..form.template import Form
    from ..roster import Roster

# The library behind each command (PDF, fonts, images) is imported inside the command, so
# that `pubrelease --help` and a mistyped option answer at once.

EXIT_PROBLEMS = 1
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
        help="Processor seconds/file (4x on the clock).",
    )(command)


class _FolderOrURL(click.Path):
    """A folder on this machine (it must exist), or an ``fsspec`` URL the engine's workers
    read (``s3://bucket/returns``, ``file:///shared/returns``): a URL was refused as a
    folder that does not exist, though the dask engine is for folders behind them."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, exists=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and is_url(value):
            try:  # before any output is opened (with --force, emptied)
                found = is_folder(value)
            except OSError as exc:
                self.fail(str(exc), param, ctx)
            if not found:
                self.fail(f"{value}: not a folder (or it cannot be reached)", param, ctx)
            return value
        return super().convert(value, param, ctx)


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
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        yield _Bar(bar, label)


@click.group(cls=PubreleaseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pubrelease")
def main() -> None:
    """Fill, read, verify and audit conference publishing releases.

    \b
    The organiser's round (docs/round.md walks through it):
      1. pubrelease fill --roster speakers.xlsx --out-dir issued
           issue a release per speaker (CSV, .xlsx, .ods, JSON); run it again
           when speakers are added: only they are issued, ids are kept
      2. send issued/*.pdf; collect what comes back in returns/
      3. pubrelease audit returns --roster issued/manifest.csv --html audit.html
           who is valid, who to chase, what to countersign (exit 1: work left)
      4. pubrelease remind returns --roster issued/manifest.csv --releases issued --from ME
           one email per person to chase (.eml; --send --smtp HOST to send)
      5. pubrelease countersign returns --name "David Blei"
      6. pubrelease bundle returns --countersigned -o releases.zip
           the signed set, the audit, an index and SHA-256 sums for the publisher
    """


@main.command()
@click.argument(
    "directory", required=False, default="pubrelease-demo", type=click.Path(file_okay=False)
)
@click.option("--force", is_flag=True, help="Replace files the demo wrote before.")
def demo(directory: str, force: bool) -> None:
    """Fill the two seed releases (ICML 2020) into DIRECTORY, audit them, print the table."""
    from ..auditing.summary import print_summary
    from ..demo import run_demo

    written, report = run_demo(directory, overwrite=force)
    for entry in written:
        path = Path(directory) / entry.file
        click.echo(f"wrote {path} ({entry.speaker_name}, release {entry.release_id})")
    print_summary(report, fmt=SummaryFormat.TABLE)
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)


@main.command()
@click.option("--name", "speaker_name", help="Speaker name.")
@click.option("--title", "event_title", help="Event title.")
@click.option("--event-date", help="Event date (YYYY-MM-DD).")
@click.option("--effective-date", help="Effective date (YYYY-MM-DD); default today.")
@click.option("--accept", is_flag=True, help="Check the Accept box.")
@click.option("--decline", is_flag=True, help="Check the Decline box.")
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
@click.option(
    "--reissue",
    multiple=True,
    metavar="NAME|ROW|ID",
    help="Replace this person's release with a new one (the old id is recorded as superseded).",
)
@click.option(
    "--all-or-nothing", is_flag=True, help="Write nothing if any row of the roster is refused."
)
@click.option("--flatten", is_flag=True, help="Burn the values into the pages (no form fields).")
@click.option("--force", is_flag=True, help="Issue every row anew, replacing existing files.")
@sign_options
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
    reissue: tuple[str, ...],
    all_or_nothing: bool,
    accept: bool,
    decline: bool,
    sign_key: str | None,
    sign_cert: str | None,
    **values: str | None,
) -> None:
    """Fill one release (--name ... -o OUT.pdf) or a round (--roster FILE --out-dir DIR).

    A round issues only the roster's rows that have no release in DIR yet and keeps
    every earlier release and id; DIR/manifest.csv lists them all and is itself a
    roster for `audit --roster`. A row that cannot be filled is refused (listed on
    stderr, exit 1) and the others are issued, unless --all-or-nothing.
    """
    from ..filling.fill import fill as fill_release
    from ..release import Release

    if accept and decline:
        raise click.UsageError("--accept and --decline contradict each other: give one")
    if accept or decline:
        values["consent"] = "accept" if accept else "decline"
    given: dict[str, object] = {k: v for k, v in values.items() if v is not None}
    if extras:
        pairs = [item.partition("=") for item in extras]
        bad = [item for item, (_, sep, _) in zip(extras, pairs, strict=True) if not sep]
        if bad:
            raise click.BadParameter(f"{bad[0]!r}: use KEY=VALUE", param_hint="--extra")
        given["extra"] = {key.strip(): value for key, _, value in pairs}
    form = load_form(form_name)
    if roster is None and (reissue or all_or_nothing):
        raise click.UsageError("--reissue and --all-or-nothing go with --roster")
    if roster is not None:
        if sign_key is not None:
            raise click.UsageError("--sign signs one release: use it with -o, not --roster")
        if output is not None or given:
            raise click.UsageError(
                "--roster takes its values from the roster; drop -o and value options"
            )
        if out_dir is None:
            raise click.UsageError("--roster needs --out-dir")
        _check_out_dir(out_dir)
        with open_roster_option(roster, column_map, date_order) as rows:
            issued, kept, refused = _round(rows, out_dir, form, flatten, force, reissue,
                                           all_or_nothing)  # fmt: skip
        for problem in refused:
            click.echo(f"pubrelease: refused {problem}", err=True)
        click.echo(
            f"wrote {issued} releases ({kept} kept from earlier rounds, "
            f"{len(refused)} refused) and manifest.csv, manifest.json to {out_dir}"
        )
        if refused:
            sys.exit(EXIT_PROBLEMS)
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
    check_output(output, overwrite=force)
    signing_key = load_cli_key(sign_key, sign_cert) if sign_key is not None else None
    data = fill_release(Release.create(**given), form, flatten=flatten)
    if signing_key is not None:
        from ..filling.certsign import sign_release

        data = sign_release(data, signing_key, form=form)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data, overwrite=force)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


def _round(
    rows: Roster,
    out_dir: str,
    form: Form,
    flatten: bool,
    force: bool,
    reissue: tuple[str, ...],
    all_or_nothing: bool,
) -> tuple[int, int, list[PubreleaseError]]:
    """``fill --roster``'s round, a row at a time: each release issued is listed on
    stdout once the round is done (kept meanwhile in a temporary file, not in memory)."""
    from ..filling.batch import issue_round

    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass") as lines:

        def issued(item: ManifestEntry) -> None:
            note = f" (supersedes {item.supersedes[-1]})" if item.supersedes else ""
            lines.write(f"issued {Path(out_dir) / item.file} {item.release_id}{note}\n")

        with _progress("filling") as bar:
            if bar is not None:
                bar.start(len(rows))
            counts = issue_round(
                rows,
                out_dir,
                form=form,
                flatten=flatten,
                overwrite=force,
                reissue=reissue,
                all_or_nothing=all_or_nothing,
                progress=bar.update if bar else None,
                on_issued=issued,
            )
        lines.seek(0)
        for line in lines:
            click.echo(line, nl=False)
    return counts


def _check_out_dir(out_dir: str) -> None:
    """The folder for a round: it may be new, but its parent must exist (no typo trees)."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise OutputPathError("is not a folder", file=out_dir)
    if not folder.exists() and not (folder.parent if str(folder.parent) else Path(".")).is_dir():
        raise OutputPathError("no such folder for the output folder", file=out_dir)


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv"]),
    default="json",
    show_default=True,
    help="json: an array of records (one file or many); jsonl: one per line; csv: a table.",
)
@_limit_options
@trust_option
@_form_option
def parse_command(
    files: tuple[str, ...],
    fmt: str,
    timeout: float,
    memory: int,
    trust: tuple[str, ...],
    form_name: str,
) -> None:
    """Read returned releases into records, in the order given ("-": stdin).

    Each file is read in a worker process bounded in time and memory, like the audit.
    Exit 1 if any is not valid, 2 if a file does not exist.
    """
    from ..auditing.pool import Limits, parse_all
    from ..auditing.records import records_csv
    from ..verify import verify

    if files.count("-") > 1:
        raise click.UsageError("standard input ('-') can be read once")
    for path in files:
        if path != "-" and not Path(path).exists():
            raise PubreleaseError("no such file", file=path)
    form = load_form(form_name)
    roots = load_cli_trust(trust)
    limits = Limits(seconds=timeout, memory_mb=memory)
    with tempfile.TemporaryDirectory(prefix="pubrelease-stdin-") as tmp:
        stdin = Path(tmp) / "stdin.pdf"
        if "-" in files:
            stdin.write_bytes(sys.stdin.buffer.read())
        paths = [str(stdin) if path == "-" else path for path in files]
        parsed = parse_all(paths, limits=limits, form_name=form_name, trust=roots)
    records = [
        verify(replace(r, file="-") if path == "-" else r, form=form)
        for (r, _), path in zip(parsed, files, strict=True)
    ]
    rows = [r.to_dict() for r in records]
    if fmt == "json":
        click.echo(inert_json(json.dumps(rows, ensure_ascii=False, indent=2)))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(inert_json(json.dumps(row, ensure_ascii=False)))
    else:
        click.echo(inert_lines(records_csv(records)), nl=False)
    if not all(r.status.ok for r in records):
        sys.exit(EXIT_PROBLEMS)


@main.command("audit")
@click.argument("directory", type=_FolderOrURL())
@click.option("--roster", type=click.Path(dir_okay=False, allow_dash=True), help="Who was asked.")
@roster_options
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Whole report, JSON.",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="One row per return.",
)
@click.option(
    "--html", "html_path", type=click.Path(dir_okay=False, allow_dash=True), help="One HTML page."
)
@click.option(
    "--format",
    "summary_format",
    type=click.Choice([f.value for f in SummaryFormat]),
    help="The summary on stdout: table (default on a terminal), tsv (default when piped), jsonl.",
)
@click.option("--workers", type=click.IntRange(min=1), help="Processes (default: all cores).")
@_limit_options
@click.option(
    "--jsonl",
    "jsonl_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="One record per line as the audit runs ('-': stdout).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False),
    help="Keep records here; re-audits read only new or changed files.",
)
@click.option(
    "--engine",
    type=click.Choice([k.value for k in EngineKind]),
    default=EngineKind.LOCAL.value,
    show_default=True,
    help="Where files are read: this machine, or a Dask cluster.",
)
@click.option("--scheduler", help="Dask scheduler address (--engine dask; default: a local one).")
@click.option("--force", is_flag=True, help="Replace existing report files.")
@trust_option
@_form_option
def audit_command(
    directory: str,
    roster: str | None,
    json_path: str | None,
    csv_path: str | None,
    html_path: str | None,
    summary_format: str | None,
    workers: int | None,
    timeout: float,
    memory: int,
    jsonl_path: str | None,
    cache_dir: str | None,
    engine: str,
    scheduler: str | None,
    force: bool,
    trust: tuple[str, ...],
    form_name: str,
    column_map: tuple[str, ...],
    date_order: str | None,
) -> None:
    """Audit every PDF under DIRECTORY; exit 1 when anything needs action.

    Every roster entry gets its next action (nothing, chase, ask to complete, ask for
    a readable copy, resolve a conflict, countersign) in every report, with the
    roster's extra columns. "-" writes a report to stdout (then no summary is printed).
    """
    from rich.console import Console

    from ..auditing.audit import audit
    from ..auditing.engines import make_engine
    from ..auditing.jsonl import jsonl_writer
    from ..auditing.pool import Limits
    from ..auditing.reports import write_report
    from ..auditing.summary import print_summary

    outputs = [p for p in (json_path, csv_path, html_path) if p is not None]
    if outputs.count("-") > 1:
        raise click.UsageError("only one report can go to stdout ('-')")
    named = [str(Path(p).resolve()) for p in (*outputs, jsonl_path) if p not in (None, "-")]
    if len(set(named)) < len(named):
        raise click.UsageError("two outputs would be written to the same file")
    form_folder = Path(load_form(form_name).definition.source).parent
    _apart_from_inputs(named, directory, [roster, *trust], form_folder)
    for target in outputs:
        check_output(target, overwrite=force)
    roots = load_cli_trust(trust)
    entries = load_roster(roster, column_map, date_order) if roster is not None else None
    if jsonl_path is not None:
        if jsonl_path == "-" and "-" in outputs:
            raise click.UsageError("only one output can go to stdout ('-')")
        check_output(jsonl_path, overwrite=force, stream=True)
    if scheduler is not None and engine != EngineKind.DASK.value:
        raise click.UsageError("--scheduler is for --engine dask")
    if scheduler is not None and workers is not None:  # (it was ignored)
        raise click.UsageError(
            "--workers sizes the cluster an audit starts of its own; the scheduler's "
            "cluster has the workers it has: give one of --workers and --scheduler"
        )
    runner = make_engine(EngineKind(engine), workers=workers, scheduler=scheduler)
    with _progress("auditing") as bar, jsonl_writer(jsonl_path, overwrite=force) as on_return:
        report = audit(
            directory,
            entries,
            workers=workers,
            limits=Limits(seconds=timeout, memory_mb=memory),
            form=form_name,
            pictures=html_path is not None,
            progress=bar.update if bar else None,
            on_start=bar.start if bar else None,
            trust=roots,
            on_return=on_return,
            cache=cache_dir,
            engine=runner,
        )
    write_report(
        report, json_path=json_path, csv_path=csv_path, html_path=html_path, overwrite=force
    )
    if cache_dir is not None:
        click.echo(f"{report.cached} of {len(report.returns)} records from the cache", err=True)
    if "-" not in outputs:
        # with the records on stdout (--jsonl -), the summary goes to stderr
        console = (
            Console(stderr=True, highlight=False, soft_wrap=True) if jsonl_path == "-" else None
        )
        print_summary(
            report, console, fmt=SummaryFormat(summary_format) if summary_format else None
        )
    if not report.ok:
        sys.exit(EXIT_PROBLEMS)


def _apart_from_inputs(
    outputs: list[str], directory: str, inputs: list[str | None], form: Path
) -> None:
    """Refuse an output (resolved paths) that is an input, lies in the audited folder (it
    would be read as a return, or --force would overwrite a return) or in the form's
    folder (--force put the stream in place of its form.toml)."""
    local = local_path(directory)  # (a file:// URL is a folder of this machine's)
    folder = None if is_url(local) else Path(local).resolve()
    given = {str(Path(i).resolve()): i for i in inputs if i not in (None, "-")}
    for target in outputs:
        if target in given:
            raise click.UsageError(f"{target}: is an input of the audit ({given[target]})")
        if folder is not None and Path(target).is_relative_to(folder):
            raise click.UsageError(
                f"{target}: inside the audited folder {directory}: it would be read as a "
                "return; write it elsewhere"
            )
        if Path(target).is_relative_to(form.resolve()):
            raise click.UsageError(f"{target}: inside the form's folder {form}: write it elsewhere")


from .forms import form  # noqa: E402 - commands in modules of their own

main.add_command(form)
main.add_command(countersign_command)
main.add_command(bundle_command)
main.add_command(remind_command)
