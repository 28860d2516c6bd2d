"""Command-line options for certificates: ``--trust`` roots, and ``--sign KEY`` with its
passphrase (from ``PUBRELEASE_KEY_PASSPHRASE``, else a prompt on a terminal)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import SigningKeyError

__all__ = ["load_cli_key", "load_cli_trust", "sign_options", "trust_option"]

F = TypeVar("F", bound=Callable[..., Any])

ENV = "PUBRELEASE_KEY_PASSPHRASE"


def trust_option(func: F) -> F:
    return click.option(
        "--trust",
        multiple=True,
        type=click.Path(exists=True),
        help="Trusted root certificate(s) for certificate signatures: a PEM/DER file, or a "
        "folder of them (repeatable). Without it no signer is trusted.",
    )(func)


def sign_options(func: F) -> F:
    func = click.option(
        "--sign-cert",
        type=click.Path(exists=True, dir_okay=False),
        help="The certificate (and chain) of a PEM/DER --sign key.",
    )(func)
    return click.option(
        "--sign",
        "sign_key",
        type=click.Path(exists=True, dir_okay=False),
        help=f"Sign with a certificate: a PKCS#12 file, or a key (with --sign-cert or in the "
        f"same PEM). Passphrase from ${ENV}, else asked for.",
    )(func)


def load_cli_trust(paths: tuple[str, ...]) -> Any:
    from ..reading.trust import load_trust

    return load_trust(paths) if paths else None


def _encrypted(data: bytes) -> bool:
    if b"-----BEGIN" in data:
        return b"ENCRYPTED" in data
    return True  # PKCS#12 and DER keys: try without, then ask


def load_cli_key(key: str, cert: str | None) -> Any:
    """The signing key of ``--sign``: the passphrase from the environment, else a prompt."""
    from ..filling.certsign import load_signing_key

    env = os.environ.get(ENV)
    if env is not None:
        return load_signing_key(key, cert, passphrase=env.encode())
    if not _encrypted(Path(key).read_bytes()):
        return load_signing_key(key, cert)
    try:
        return load_signing_key(key, cert)
    except SigningKeyError:
        if not sys.stdin.isatty():
            raise SigningKeyError(
                f"the key needs a passphrase: set {ENV} (no terminal to ask on)", file=key
            ) from None
    secret = click.prompt(f"Passphrase for {key}", hide_input=True, err=True)
    return load_signing_key(key, cert, passphrase=str(secret).encode())
