"""`pubrelease --help` and `import pubrelease` load no PDF, font or image library.

Timing is a benchmark's job; what is pinned here is the cause of slow start-up: heavy
modules imported before a command needs them.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

HEAVY = ("pypdf", "pypdfium2", "fontTools", "uharfbuzz", "numpy", "cv2", "tesserocr", "PIL")

_PROBE = """
import json, sys
{setup}
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))
"""


def _loaded(setup: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(setup=setup)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize(
    "setup",
    [
        "import pubrelease",
        "from pubrelease.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
        "from pubrelease.cli import main\n"
        "try:\n    main(['audit', '--help'])\nexcept SystemExit:\n    pass",
    ],
    ids=["import", "help", "audit-help"],
)
def test_start_up_loads_no_heavy_library(setup: str) -> None:
    assert _loaded(setup).isdisjoint(HEAVY), sorted(_loaded(setup) & set(HEAVY))


def test_the_public_names_still_resolve() -> None:
    import pubrelease

    for name in pubrelease.__all__:
        assert getattr(pubrelease, name) is not None, name
    module = importlib.import_module("pubrelease.verify")  # must not hide the function

    assert callable(pubrelease.verify) and pubrelease.verify is module.verify
    assert pubrelease.parse is module.parse
