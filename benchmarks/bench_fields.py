"""CPU time of what ``parse`` does with a file's objects besides the font check.

Opening the file, the decompression check, the stored fields, the revision analysis,
the issuance record and the signature sniff, called as ``reading.read`` calls them, on
the returns of a corpus folder (``benchmarks/bench_parse.py --keep`` builds one). Runs on
trees before and after the fast object reader (``pdf/objects.py``), so that both can be
measured side by side:

    PYTHONPATH=src python benchmarks/bench_fields.py --corpus /work/corpus \\
        --kinds filled-by-pypdf,filled-by-pdftk,flattened --rounds 5
"""

from __future__ import annotations

import argparse
import glob
import time
from pathlib import Path

from pubrelease.form.registry import DEFAULT_FORM, load_form
from pubrelease.pdf import inflation
from pubrelease.reading import read
from pubrelease.reading.history import analyse_revisions
from pubrelease.reading.issued import issuance
from pubrelease.reading.signatures import might_be_signed
from pubrelease.reading.storedfields import catalog, stored_fields


def one(data: bytes, form: object) -> None:
    opened = read._open_reader(data)
    fast = hasattr(inflation, "bounded_inflation")  # the tree after the fast reader
    if fast:
        if opened.objects is None or not inflation.bounded_inflation(opened.objects):
            inflation.check_inflation(opened.reader)
    else:
        inflation.check_inflation(opened)
    stored = stored_fields(opened, form)  # type: ignore[arg-type]
    analyse_revisions(data, form, reader=opened)  # type: ignore[arg-type]
    values = dict(stored.values) if stored else {}
    issuance(opened if fast else catalog(opened), form, values, [])  # type: ignore[arg-type]
    might_be_signed(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus"))
    parser.add_argument("--kinds", default="filled-by-pypdf,filled-by-pdftk,flattened")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    form = load_form(DEFAULT_FORM)
    for kind in args.kinds.split(","):
        paths = sorted(glob.glob(str(args.corpus / kind / "*.pdf")))[: args.files]
        datas = [Path(p).read_bytes() for p in paths]
        best = float("inf")
        for _ in range(args.rounds):
            start = time.process_time()
            for data in datas:
                one(data, form)
            best = min(best, (time.process_time() - start) * 1000 / len(datas))
        print(f"{kind:22s} {best:7.2f} ms CPU per file (best of {args.rounds}, {len(datas)} files)")


if __name__ == "__main__":
    main()
