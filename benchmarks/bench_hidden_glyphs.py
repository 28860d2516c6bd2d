#!/usr/bin/env python3
"""The check that every glyph shows, judged on the whole page and against the form's page.

Each file is parsed once (its screen renders kept), then ``rendering.hidden_glyphs`` is
timed on every page, on the whole page and against the form's page it stands for
(:mod:`pubrelease.pdf.likereference`), interleaved round by round, in process time; the
verdicts of both are checked equal.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_hidden_glyphs.py '/path/to/returns/*.pdf'
"""

from __future__ import annotations

import argparse
import glob
import time
from typing import Any

import pubrelease.reading.read as read_module
from pubrelease import parse
from pubrelease.pdf import rendering
from pubrelease.reading import visual


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pattern", help="a glob of returns of the form")
    parser.add_argument("--n", type=int, default=10, help="files (10)")
    parser.add_argument("--rounds", type=int, default=30, help="rounds (30)")
    args = parser.parse_args()
    caught: list[tuple[Any, rendering.Rendered]] = []
    original = read_module.visual_findings

    def keep(data: bytes, form: Any, **kwargs: Any) -> Any:
        caught.extend((form, page) for page in kwargs["rendered"][0])
        return original(data, form, **kwargs)

    read_module.visual_findings = keep  # type: ignore[assignment]
    for path in sorted(glob.glob(args.pattern))[: args.n]:
        parse(path)
    read_module.visual_findings = original
    pages = [
        (page, forms[page.page] if page.page < len(forms) else None)
        for form, page in caught
        for forms in [visual._template(form)]
    ]
    for page, form_page in pages:  # the form's verdicts made once, as in an audit
        assert rendering.hidden_glyphs(page, form_page) == rendering.hidden_glyphs(page)
    whole, against = [], []
    for _ in range(args.rounds):
        start = time.process_time()
        for page, _ in pages:
            rendering.hidden_glyphs(page)
        whole.append(time.process_time() - start)
        start = time.process_time()
        for page, form_page in pages:
            rendering.hidden_glyphs(page, form_page)
        against.append(time.process_time() - start)
    n = len(pages)
    for label, times in (("whole page", whole), ("against the form's page", against)):
        times.sort()
        best, median = times[0] / n * 1000, times[len(times) // 2] / n * 1000
        print(f"{label:24s} best {best:.2f} ms, median {median:.2f} ms a page ({n} pages)")


if __name__ == "__main__":
    main()
