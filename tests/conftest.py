"""Shared fixtures: the seed releases, the test PKI of the signed-file tests, and the
wording's cells with nothing remembered of earlier tests' returns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pubrelease.demo import SEED_RELEASES
from pubrelease.form.template import Form
from pubrelease.reading import formcells, wordingglyphs
from pubrelease.reading.trust import TrustRoots, load_trust
from pubrelease.release import Release

from .pki import Pki, make_pki


@pytest.fixture
def seed_releases() -> tuple[Release, ...]:
    return SEED_RELEASES


@pytest.fixture
def han() -> Release:
    return SEED_RELEASES[0]


@pytest.fixture
def neurips_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Form:
    """The NeurIPS form of ``tests/foreign_forms.py`` imported into a forms folder of its
    own (``PUBRELEASE_FORMS`` names it, so workers find it too), loaded by its id."""
    from pubrelease.form.importer import import_form, write_form
    from pubrelease.form.registry import load_form

    from .foreign_forms import neurips_release

    folder = tmp_path / "forms"
    monkeypatch.setenv("PUBRELEASE_FORMS", str(folder))
    write_form(import_form(neurips_release(), "neurips-2026"), folder)
    return load_form("neurips-2026")


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
    read from their widgets (``reading/provenfill.py``), returns flattened by other
    programs from their drawings (``reading/drawnfill.py``), our own releases re-saved
    or flattened from ``fill``'s file (``reading/refilled.py``), and Ghostscript's
    prints from their content streams (``reading/provenprint.py``), for tests of what
    the general path does with their pages."""
    monkeypatch.setattr("pubrelease.reading.read.read_proven", lambda *args: None)


ADA = Release.create(
    speaker_name="Ada Lovelace",
    event_title="Notes on the Analytical Engine",
    event_date="2020-07-13",
    effective_date="2020-07-01",
    consent="accept",
    signature="Ada Lovelace",
    sign_date="2020-07-02",
)
"""The release the tests of other tools' fills change (``test_proven_fills`` and after)."""


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """:data:`ADA` filled honestly by pypdf, once a module."""
    from .returns import fill_pypdf

    return fill_pypdf(ADA, tmp_path_factory.mktemp("honest") / "filled.pdf").read_bytes()


@pytest.fixture
def unseen_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """The form's wording cells with no cell remembered as judged by an earlier test's
    returns (``FormCells.shown_before``): a test counting what is looked at counts what
    its own returns cost."""
    original: Callable[[Form], tuple[formcells.FormCells, ...]] = wordingglyphs.form_cells
    cleared: set[int] = set()

    def fresh(form: Form) -> tuple[formcells.FormCells, ...]:
        made = original(form)
        for cells in made:
            if id(cells) not in cleared:
                cells.shown_before.clear()
                cleared.add(id(cells))
        return made

    monkeypatch.setattr(wordingglyphs, "form_cells", fresh)
