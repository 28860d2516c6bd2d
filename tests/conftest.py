"""Shared fixtures: the seed releases."""

from __future__ import annotations

import pytest

from pubrelease.demo import SEED_RELEASES
from pubrelease.release import Release


@pytest.fixture
def seed_releases() -> tuple[Release, ...]:
    return SEED_RELEASES


@pytest.fixture
def han() -> Release:
    return SEED_RELEASES[0]
