"""The command group's own handling of errors: every one a line on stderr and its exit
code (cli/safety.py), a usage error too, Ctrl-C and a closed pipe as shells report them."""

from __future__ import annotations

import os
import select
import sys
from typing import Any

import click

from ..display import inert
from .safety import EXIT_USAGE, fail

__all__ = ["EXIT_INTERRUPTED", "EXIT_PIPE_CLOSED", "PubreleaseGroup"]

EXIT_INTERRUPTED = 130
"""Stopped by Ctrl-C (SIGINT), as shells report a command killed by it (128 + 2)."""
EXIT_PIPE_CLOSED = 141
"""Standard output's reader went away (128 + SIGPIPE, as shells report ``yes | head -1``)."""


def _stdout_closed() -> bool:
    """Whether standard output is a pipe whose reading end is closed."""
    try:
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poll.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll here, or no stdout
        return False


class _UsageLine(click.ClickException):
    """A usage error (an unknown option or command, a missing or bad argument) as the one
    line every other bad input gets, not click's usage block of four lines."""

    exit_code = EXIT_USAGE

    def __init__(self, error: click.UsageError) -> None:
        command = error.ctx.command_path if error.ctx is not None else "pubrelease"
        message = " ".join(error.format_message().split()).removesuffix(".")
        super().__init__(f"{command}: {message} (see '{command} --help')")

    def show(self, file: Any = None) -> None:
        click.echo(inert(self.message), err=True)


_NO_ARGS: tuple[type[Exception], ...] = (
    (click.exceptions.NoArgsIsHelpError,) if hasattr(click.exceptions, "NoArgsIsHelpError") else ()
)
"""What click raises for a group given no command (8.2 on; 8.1 shows the help itself):
its help, shown as click shows it."""


class PubreleaseGroup(click.Group):
    """Turns every error into one line on stderr and its exit code (cli/safety.py)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _NO_ARGS:  # (no command given: the help, as click shows it)
            raise
        except click.UsageError as exc:  # an option of the group itself
            raise _UsageLine(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _NO_ARGS:
            raise
        except click.UsageError as exc:  # the command, its options and arguments
            raise _UsageLine(exc) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError as exc:
            if not _stdout_closed():
                fail(ctx, exc)
            # the reader of our output went away (`| head -1`): it has what it wanted; end
            # quietly, as a command killed by SIGPIPE does (not "bad input", exit 2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # what is left in its buffer goes nowhere
            ctx.exit(EXIT_PIPE_CLOSED)
        except KeyboardInterrupt:
            # not 1 ("the work ran and found problems", click's "Aborted!"): a script must
            # not take an audit stopped half-way for a finished one
            click.echo("pubrelease: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            fail(ctx, exc)
