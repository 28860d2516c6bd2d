#!/usr/bin/env python3
"""Memory of reading returns one after another in one process, as an audit's reader does.

The process loads what a reader loads before its memory cap is measured
(:func:`pubrelease.auditing.pool._preload`), then parses the files in order, twice over
(``--passes``), and prints its resident memory (VmRSS) at rest, its peak (VmHWM) after the
first file, and after each pass its resident memory and peak: a reader's memory must not
grow with the files it has read beyond bounded caches, and no one file may need more
than its cap (1024 MB of address space by default).

Without files, it makes returns whose values another program draws large: the template
filled by pdf-lib (Node, ``tests/js``) in DejaVu Sans embedded, each with a name and an
event title outside ASCII (the title's tall box draws it at 22 to 25 points, and its
letters' glyphs are judged against the font's drawn at that size, ``reading/valueglyphs.py``)::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_read_memory.py
    PYTHONPATH=src .venv/bin/python benchmarks/bench_read_memory.py '/path/to/returns/*.pdf'
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import glob
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from pubrelease import parse  # noqa: E402
from pubrelease.auditing.pool import _preload  # noqa: E402

VALUES = [
    ("Nguyễn Thị Minh Khai", "Học sâu các mô hình có cấu trúc"),
    ("Νίκος Παπαδόπουλος", "Βαθιά μάθηση δομημένων μοντέλων"),
    ("Zoë Müller-Łukasiewicz", "Über die Stabilität größerer Modelle"),
    ("Trần Văn Đức", "Tối ưu hóa ngẫu nhiên cho mạng nơ-ron"),
    ("Дмитрий Иванов", "Обучение структурированных моделей"),
    ("François Lefèvre-Dupré", "Réseaux génératifs à mémoire"),
]
"""Names and titles of the returns made: several alphabets and title lengths (so several
font sizes), each a box judged by its glyphs."""


def _status(key: str) -> int:
    """``key`` (VmRSS, VmHWM) of this process, in kB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def make_returns(folder: Path) -> list[Path]:
    """The returns of :data:`VALUES`, each filled by pdf-lib live and flattened."""
    from tests import attacks as A
    from tests import returns as R
    from tests import shadow as S

    out = []
    for index, (name, title) in enumerate(VALUES):
        release = dataclasses.replace(
            A.RELEASE, speaker_name=name, signature=name, event_title=title
        )
        for flatten in (False, True):
            path = folder / f"{index:02d}-{'flat' if flatten else 'live'}.pdf"
            R.fill_pdflib(release, path, flatten=flatten, font=S.DEJAVU)
            out.append(path)
    return out


def measure(files: list[Path], passes: int) -> None:
    _preload()
    rest = _status("VmRSS")
    print(f"{len(files)} files; at rest (after the reader's imports): {_mb(rest)}")
    for round_ in range(passes):
        statuses: dict[str, int] = {}
        for number, path in enumerate(files):
            status = parse(path, today=dt.date(2026, 12, 3)).status.value
            statuses[status] = statuses.get(status, 0) + 1
            if round_ == 0 and number == 0:
                peak = _status("VmHWM")
                print(f"after the first file: peak {_mb(peak)} ({_mb(peak - rest)} above rest)")
        now, peak = _status("VmRSS"), _status("VmHWM")
        print(
            f"after pass {round_ + 1}: resident {_mb(now)} ({_mb(now - rest)} above rest), "
            f"peak {_mb(peak)} ({_mb(peak - rest)} above rest); {statuses}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pattern", nargs="?", help="glob of the PDFs to read (default: made)")
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    if args.pattern:
        measure([Path(p) for p in sorted(glob.glob(args.pattern))], args.passes)
        return
    with tempfile.TemporaryDirectory(prefix="read-memory-") as tmp:
        measure(make_returns(Path(tmp)), args.passes)


if __name__ == "__main__":
    main()
