"""Shared fixtures: the seed releases, and the test PKI of the signed-file tests."""

from __future__ import annotations

import pytest

from pubrelease.demo import SEED_RELEASES
from pubrelease.reading.trust import TrustRoots, load_trust
from pubrelease.release import Release

from .pki import Pki, make_pki


@pytest.fixture
def seed_releases() -> tuple[Release, ...]:
    return SEED_RELEASES


@pytest.fixture
def han() -> Release:
    return SEED_RELEASES[0]


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """A test CA and its identities (tests/pki.py), made once a module."""
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def roots(pki: Pki) -> TrustRoots:
    """Trust in :func:`pki`'s CA alone."""
    return load_trust([pki.ca_pem])


@pytest.fixture
def general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every return read the general way: other tools' fills of the form are otherwise
    read from their widgets (``reading/provenfill.py``), for tests of what the general
    path does with their pages."""
    monkeypatch.setattr("pubrelease.reading.read.read_proven", lambda *args: None)
