"""The layers, read from the code: no import runs against them.

pdf -> (shared: errors, dates, text, files, release, record, certsig, roster, slotstate) -> form
-> filling -> reading -> verify -> auditing -> demo -> cli. The generic PDF layer imports nothing
else of pubrelease, so it reads as a small PDF library.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pubrelease"
RANKS = {
    "pdf": 0,
    "_version": 1, "_lazy": 1, "_loops": 1, "errors": 1, "dates": 1, "datewords": 1, "text": 1,
    "files": 1, "findings": 1, "release": 1, "record": 1, "roster": 1, "display": 1, "names": 1,
    "certsig": 1, "slotstate": 1,
    "form": 2,
    "filling": 3,
    "reading": 4,
    "verify": 5, "questioned": 5, "settling": 5,
    "auditing": 6,
    "demo": 7, "paper": 7,
    "cli": 8,
    "__init__": 9, "__main__": 9,
}  # fmt: skip
"""A module may import modules of its own rank or lower, never higher."""


def _layer(module: tuple[str, ...]) -> str:
    return module[0] if module else "__init__"


def _imports(path: Path) -> list[tuple[str, ...]]:
    """The pubrelease modules a file imports, as tuples of names below ``pubrelease``."""
    here = path.relative_to(SRC).with_suffix("").parts
    package = here[:-1]  # a module's package, or an __init__'s own
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = (*base, *(node.module.split(".") if node.module else ()))
            elif node.module and node.module.split(".")[0] == "pubrelease":
                target = tuple(node.module.split(".")[1:])
            else:
                continue
            if target:
                out.append(target)
            else:  # ``from pubrelease import x``: module x, or a name of the package itself
                out.extend((a.name,) if a.name in RANKS else ("__init__",) for a in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "pubrelease":
                    out.append(tuple(alias.name.split(".")[1:]))
    return out


MODULES = sorted(p for p in SRC.rglob("*.py"))


def test_every_top_level_module_has_a_rank() -> None:
    names = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in MODULES}
    assert names <= set(RANKS), names - set(RANKS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_runs_against_the_layers(path: Path) -> None:
    own = _layer(path.relative_to(SRC).with_suffix("").parts)
    for target in _imports(path):
        layer = _layer(target)
        if own == "pdf":
            assert layer == "pdf", f"{path.name} (pdf) imports pubrelease.{'.'.join(target)}"
        assert RANKS[layer] <= RANKS[own], (
            f"{path.relative_to(SRC)} ({own}) imports pubrelease.{'.'.join(target)} ({layer})"
        )


MAX_LINES = 600
"""STYLE.md asks ~400; past 600 a module must be split before anything is added to it."""


def test_modules_stay_small() -> None:
    sizes = {
        str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES
    }
    large = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not large, f"split these modules: {large}"
