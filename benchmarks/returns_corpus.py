"""The returns the reading benchmarks (``bench_parse.py``, ``bench_audit.py``) work on.

Every document is made by the real thing, never by a hand-written stand-in:

* ``live``             ``fill(release)``: our template, one incremental update, as issued;
* ``flattened``        ``fill(release, flatten=True)``: values burned into the pages;
* ``layout``           the agreement typeset by another system: reportlab, from the form's
                       wording (``tests/layouts.py``), fonts, boxes, signatures and page
                       sizes varied;
* ``chromium``         the agreement as a web page printed to PDF by headless Chromium
                       (``tests/returns.py`` ``render_html``); about a second each, so a few
                       distinct documents are made and copied up to the count;
* ``filled-by-pypdf``  our template filled by pypdf ``update_page_form_field_values``
                       (``tests/returns.py`` ``fill_pypdf``): live fields, but not as we
                       issued them, so ``parse`` takes its general path;
* ``filled-by-pypdf-defaults`` the same with pypdf's defaults (``auto_regenerate=True``,
                       as its users call it): ``/NeedAppearances true``, viewers asked to
                       draw every field again;
* ``filled-by-fillpdf`` the same by fillpdf (``fillpdfs.write_fillable_pdf``, pdfrw): each
                       value in ``/V``, an ``/AP`` that is the value's text (no appearance
                       a viewer can draw) on one widget of a field, ``/NeedAppearances
                       true``: every viewer draws the values itself;
* ``filled-by-pdfium`` the same as Chrome's viewer fills it: PDFium's form filler, a
                       click into each field and the value typed, a click on the Accept
                       box (``tests/returns.py`` ``fill_pdfium``); saved whole as Chrome
                       saves, every other file as an incremental update;
* ``filled-by-pypdfform``, ``filled-by-pdftk``, ``filled-by-pdf-lib``: the same by
                       PyPDFForm, pdftk (XFDF) and pdf-lib (Node) (``tests/returns.py``);
                       pdftk and pdf-lib start a process per file, so 20 distinct files
                       are made and copied up to the count;
* ``filled-by-pdf-lib-dejavu`` pdf-lib again, names outside Windows-1252 (Greek,
                       Cyrillic, Vietnamese, Polish, Turkish) in the bundled DejaVu Sans,
                       which pdf-lib embeds as a fontkit subset that keeps its hinting,
                       named ``DejaVuSans-NNNN``; 20 distinct files, copied up to the count;
* ``filled-by-pymupdf`` the same by PyMuPDF (``widget.update()``: WinAnsi Helvetica,
                       Latin-1 names; check marks in ZapfDingbats; each value clipped a
                       point inside its box, so a 250-character title is cut by its box
                       and reads ``incomplete``, ``value-clipped``: what the page shows);
* ``filled-by-pdfbox``, ``flattened-by-pdfbox``: the same by Apache PDFBox, as a Java
                       application fills a form (``tests/java/PdfboxFill.java``:
                       ``setValue``, and ``flatten()``), Latin-1 names in Helvetica; a JVM
                       a file: 20 distinct files, copied up to the count;
* ``filled-by-pdfcpu`` the same by pdfcpu (Go, its WebAssembly build from npm: ``form
                       export``, the values set, ``form fill``), which draws every field
                       in the Roboto it embeds, at 12 points in the form's 13-point
                       boxes (their tails cut); 20 distinct files, copied up to the count;
* ``resaved``          our release re-saved whole by ``qpdf`` (no revision history left);
* ``flattened-by-pdftk``, ``flattened-by-pdf-lib``: our template filled and flattened by
                       pdftk (``fill_form ... flatten``) and pdf-lib (``form.flatten()``);
                       ``flattened-by-qpdf``: our release flattened by qpdf
                       (``--generate-appearances --flatten-annotations=all``); each wraps
                       the page's own content between a stream ``q`` and a ``Q`` and
                       writes its resources anew; 20 distinct files, copied up to the count;
* ``flattened-by-pymupdf`` PyMuPDF's fill (as ``filled-by-pymupdf``) flattened by PyMuPDF
                       (``Document.bake()``): its tick a ZapfDingbats mark drawn into the
                       page;
* ``ghostscript``, ``pdftocairo``, ``mupdf``: our release printed again to PDF by
                       Ghostscript (``pdfwrite``), poppler (``pdftocairo -pdf``) and
                       MuPDF (``mutool draw -F pdf``), which embed fonts of their own
                       (``tests/returns.py`` ``flatten_with``); 20 distinct files, copied
                       up to the count; ``mupdf-of-pdftk``: pdftk's fill (as
                       ``filled-by-pdftk``) printed by MuPDF, whose map reads its
                       Helvetica's letters beyond ASCII as others (``reading/printmaps.py``).
                       Not in the default run (:data:`DEFAULT_KINDS`): ``--kinds`` names
                       them;
* ``signed-by-pyhanko``, ``stamped-by-pyhanko``: pypdf's fill (as ``filled-by-pypdf``)
                       signed with a certificate by pyHanko in a new field, invisible
                       (``/Rect [0 0 0 0]``, no appearance: Acrobat's default too) or with
                       pyHanko's stamp in page 2's blank margin; the certificate is the
                       tests' own CA's (no trust roots given: ``signature-untrusted``);
                       20 distinct files, copied up to the count;
* ``signed-by-pubrelease``: ``fill --sign``'s file: ``fill`` and then ``sign_release`` with
                       the speaker's key (its own seal over the signature box); names as
                       ``live``'s, the tests' own CA's certificate; 20 distinct files,
                       copied up to the count;
* ``answered-by-pypdf``, ``answered-by-pdfjs``: the release ``fill`` issued (the
                       conference's values: name, title, dates, in ``fill``'s embedded
                       font, locked), answered by the speaker: signature, date and consent
                       filled by pypdf (an incremental update, its own appearances) or in
                       Firefox's pdf.js (``tests/js/pdfjs_edit.mjs``, its incremental
                       save; Latin-1 names, which its Helvetica draws), or by poppler
                       (``answered-by-poppler``: as Evince and Okular save a form,
                       ``tests/tools/poppler_fill.py``), or by PDFBox
                       (``answered-by-pdfbox``: the speaker's fields set, the whole file
                       saved again); pdf.js, poppler and PDFBox start a process per file:
                       20 distinct files, copied up to the count;
* ``imported-filled-by-pypdf``, ``imported-filled-by-pdftk``, ``imported-flattened-by-pdftk``:
                       another conference's own fillable form (two A4 pages made by
                       reportlab, ``tests/foreign_forms.py``: its pages behind
                       ``[/ASCII85Decode /FlateDecode]``), imported (``import_form``),
                       filled by pypdf or pdftk (and flattened by pdftk); read with
                       that form (:attr:`Corpus.form`), by its boxes.

Every release is accepted, signed (a typed name) and dated, so every return should
read ``valid`` (``not-countersigned`` is only an info finding); the benchmarks count
the statuses so that a fast wrong answer cannot pass for a fast right one. Names
cover Latin with accents, Greek, Cyrillic, Vietnamese and CJK, where the kind can
show them: pypdf draws WinAnsi Helvetica (Latin-1 names only), reportlab draws the
values in DejaVu Sans (no CJK).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from pubrelease import Consent, Release, fill, load_form  # noqa: E402
from pubrelease.demo import SEED_RELEASES  # noqa: E402
from pubrelease.form.template import Form  # noqa: E402

__all__ = [
    "DEFAULT_KINDS",
    "KINDS",
    "LATIN1_NAMES",
    "NAMES",
    "OTHER_LATIN1_NAMES",
    "Corpus",
    "build_kind",
    "releases",
    "use_names",
    "write_returns",
]

KINDS = (
    "live",
    "flattened",
    "layout",
    "chromium",
    "filled-by-pypdf",
    "filled-by-pypdf-defaults",
    "filled-by-fillpdf",
    "filled-by-pdfium",
    "filled-by-pypdfform",
    "filled-by-pdftk",
    "filled-by-pdf-lib",
    "filled-by-pdf-lib-dejavu",
    "filled-by-pymupdf",
    "filled-by-pdfbox",
    "filled-by-pdfcpu",
    "resaved",
    "flattened-by-pdftk",
    "flattened-by-pdf-lib",
    "flattened-by-qpdf",
    "flattened-by-pymupdf",
    "flattened-by-pdfbox",
    "imported-filled-by-pypdf",
    "imported-filled-by-pdftk",
    "imported-flattened-by-pdftk",
    "signed-by-pyhanko",
    "stamped-by-pyhanko",
    "signed-by-pubrelease",
    "answered-by-pypdf",
    "answered-by-pdfjs",
    "answered-by-poppler",
    "answered-by-pdfbox",
    "ghostscript",
    "pdftocairo",
    "mupdf",
    "mupdf-of-pdftk",
)
DEFAULT_KINDS = KINDS[:-4]
"""The kinds a run reads unless told: the re-distilled ones take about ten times longer."""

LATIN1_NAMES = (
    "Bohyung Han",
    "Minsoo Kang",
    "Zoë Ødegård",
    "François Lefèvre-Dupré",
    "José María Núñez",
    "Jürgen Weiß",
    "Siobhán Ó Súilleabháin",
    "Ana Lúcia Gonçalves",
    "Björn Åström",
    "Margaret Hamilton",
    "Chinedu Okonkwo",
    "Priya Raghunathan",
)
"""Names pypdf's WinAnsi Helvetica can show."""

OTHER_LATIN1_NAMES = (
    "Åsa Öberg",
    "Émile Île-Ébert",
    "Ólafur Ísaksson",
    "Ümit Özdemir",
    "Íñigo Ñúñez",
    "Ægir Þórsson",
    "Øystein Ærø",
    "Çelik Ünal",
    "Ángel Úbeda",
    "Ève Côté",
    "Žofia Šárka",
    "Gjøy Pjetursson",
    "Ÿves Œuvray",
    "Jacqueline Quigley-Jung",
    "Ådne Jæger",
    "Pål Gjørv",
)
"""Another roster pypdf's WinAnsi Helvetica can show (``bench_parse.py --names other``):
capitals with marks above them, j's, g's, y's and a Q, whose ink poppler's fills (set as
high as their box) cut."""


WIDE_NAMES = (
    "Zoë Ødegård-Łukasiewicz",
    "Αλέξανδρος Παπαδόπουλος",
    "Дмитрий Шостакович",
    "Nguyễn Thị Minh Khai",
    "Małgorzata Wróblewska",
    "Çağla Öztürk",
)
"""Outside Windows-1252, but in DejaVu Sans."""

CJK_NAMES = ("李飞飞", "김민수", "山田太郎", "王小明", "佐藤花子")

VARIED_LATIN1_NAMES = (
    "Käthe Müller-Lüdenscheidt",
    "Günther Straßburger",
    "Hélène Bézier",
    "Jean-Baptiste Lefèvre d'Aubigné",
    "Noël Cœurderoy",
    "María José Peña",
    "Iñaki Aguirreazkuenaga",
    "Núria Güell i Ferrer",
    "Conceição Araújo",
    "Søren Kierkegaard",
    "Jón Sigurðsson",
    "Þóra Guðmundsdóttir",
    "Joëlle de Vries-van 't Hof",
    "IJsbrand van der Meer",
    "Niccolò Ammaniti",
    "Pierfrancesco Dell'Acqua",
    "Seán O'Connor",
    "Sinéad O’Connor",
    "Máire Ní Bhraonáin",
    "Šárka Žáková",
    "Pierre Louÿs",
    "Anne-Marie Fitzgerald-Montgomery",
    "Marie-Thérèse O'Brien-Dubois",
    "MARGARET HAMILTON",
    "J. R. R. Tolkien",
    "W.E.B. Du Bois",
    "Martin L. King Jr.",
    "Bo Li",
    "Xu Yi",
    "Wangari Maathai",
    "Ólafur Arnalds",
    "Yoshua Quigley",
)
"""A third roster (``bench_parse.py --names varied``), with :data:`VARIED_TITLES` and dates
all through the year: values the other two were not chosen from (Welsh, Dutch, Nordic and
Czech names in Windows-1252, apostrophes, initials, capitals, two letters), as a
held-out corpus would bring them."""

VARIED_TITLES = (
    "Downstream Effects of Mainstream Pretraining Data",
    "Deep Learning (Revisited): What Changed?",
    "Speed–Accuracy Trade-offs — A Survey",
    "“Attention” Is Not All You Need",
    "R&D at Scale: 95% Accuracy in 10 Minutes",
    "O(n log n) Sorting Networks, Revisited",
    "Learning to Optimise: Meta-Learning for Hyper-Parameter Search",
    "Gaussian Processes & Kernels for Quantifying Uncertainty",
    "Why Don't Transformers Generalise? A Study of Length Extrapolation",
    "Privacy-Preserving Federated Learning in Hospitals",
    "Bandits, Bayesian Optimisation and Beyond",
    "AI",
)

DEFAULT_LATIN1_NAMES = LATIN1_NAMES
NAMES = LATIN1_NAMES + WIDE_NAMES + CJK_NAMES
SPREAD_DATES = False
"""Sign dates all through the year (the varied roster), not in the two months after the
release's effective date."""


def use_names(roster: str) -> None:
    """Make every kind's Latin-1 returns from ``roster``: ``"default"``
    (:data:`LATIN1_NAMES`), ``"other"`` (:data:`OTHER_LATIN1_NAMES`) or ``"varied"``
    (:data:`VARIED_LATIN1_NAMES`, :data:`VARIED_TITLES` and dates all through the year)."""
    global LATIN1_NAMES, NAMES, TITLES, SPREAD_DATES
    LATIN1_NAMES = {
        "default": DEFAULT_LATIN1_NAMES,
        "other": OTHER_LATIN1_NAMES,
        "varied": VARIED_LATIN1_NAMES,
    }[roster]
    NAMES = LATIN1_NAMES + WIDE_NAMES + CJK_NAMES
    TITLES = VARIED_TITLES if roster == "varied" else DEFAULT_TITLES
    SPREAD_DATES = roster == "varied"


TITLES = (
    "Operation-Aware Soft Channel Pruning using Differentiable Masks",
    "Learning to Read Forms",
    "On the Convergence of Adam and Beyond: A Second Look at Adaptive Methods",
    "Robust Estimation of Heavy-Tailed Distributions with Applications to Private Learning",
    (
        "A Very Long Title About Scalable Variational Inference for Hierarchical Bayesian Models "
        "with Structured Priors, Amortised Encoders and Importance-Weighted Bounds, Evaluated "
        "on Twelve Benchmarks Across Vision, Language and Reinforcement Learning Tasks"
    ),
)
"""Short, middling and long (200+ characters: wrapped and shrunk on the template)."""
DEFAULT_TITLES = TITLES


def releases(count: int, *, seed: int = 2020, names: Sequence[str] | None = None) -> list[Release]:
    """``count`` accepted, signed, dated releases, names (of :data:`NAMES` unless given)
    and titles varied, reproducibly."""
    names = NAMES if names is None else names
    rng = random.Random(seed)
    base = SEED_RELEASES[0]
    out = []
    for index in range(count):
        name = names[index % len(names)]
        days = rng.randrange(0, 365 if SPREAD_DATES else 60)
        signed = base.effective_date + dt.timedelta(days=days)
        out.append(
            dataclasses.replace(
                base,
                speaker_name=name,
                signature=name,
                event_title=TITLES[rng.randrange(len(TITLES))],
                event_date=dt.date(2020, 7, 12) + dt.timedelta(days=rng.randrange(0, 7)),
                effective_date=signed,
                sign_date=signed,
                consent=Consent.ACCEPT,
            )
        )
    return out


@dataclass
class Corpus:
    """The files of one kind, and how they were made."""

    kind: str
    files: list[Path]
    distinct: int
    """Documents really made; the rest are byte copies (Chromium)."""
    note: str = ""
    form: Form | None = None
    """The form the returns are read with (an imported one's); None: the default."""


def write_returns(folder: Path, count: int, *, flatten_every: int = 2, seed: int = 7) -> list[Path]:
    """``count`` of our returns in ``folder``, live and flattened mixed (every n-th flattened)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, release in enumerate(releases(count, seed=seed)):
        flat = index % flatten_every == flatten_every - 1
        path = folder / f"return-{index:06d}{'-flat' if flat else ''}.pdf"
        path.write_bytes(fill(release, flatten=flat))
        paths.append(path)
    return paths


def _ours(folder: Path, count: int, flatten: bool) -> Corpus:
    files = []
    for index, release in enumerate(releases(count, seed=11 if flatten else 13)):
        path = folder / f"{index:05d}.pdf"
        path.write_bytes(fill(release, flatten=flatten))
        files.append(path)
    return Corpus("flattened" if flatten else "live", files, count)


def _layout(folder: Path, count: int) -> Corpus:
    from tests.layouts import LETTER, Style, render

    a4 = (595.27, 841.89)
    styles = [
        Style(),
        Style(font="Helvetica", box="check", signature="ink", page_break=False),
        Style(font="Courier", box="drawn", signature="image"),
        Style(font="DejaVuSans", box="x", page_size=a4),
        Style(font="Times-Roman", box="check", page_size=a4),
        Style(font="Helvetica", box="ballot", page_break=False, page_size=LETTER),
    ]
    files = []
    names = LATIN1_NAMES + WIDE_NAMES
    for index, release in enumerate(releases(count, seed=17, names=names)):
        path = folder / f"{index:05d}.pdf"
        render(release, path, styles[index % len(styles)])
        files.append(path)
    return Corpus("layout", files, count, f"reportlab, {len(styles)} styles")


@contextlib.contextmanager
def _not_skipped() -> Iterator[None]:
    """``tests/`` helpers skip (or, under ``CI=true``, fail) when a program or font is
    missing: make that an ordinary error naming it."""
    import pytest

    try:
        yield
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        raise RuntimeError(str(exc)) from None


def _copied(made: Sequence[Path], folder: Path, count: int) -> list[Path]:
    """``count`` files in ``folder``, byte copies of ``made`` in turn."""
    files = []
    for index in range(count):
        path = folder / f"{index:05d}.pdf"
        shutil.copyfile(made[index % len(made)], path)
        files.append(path)
    return files


def _chromium(folder: Path, count: int, distinct: int) -> Corpus:
    from tests.returns import STYLES, render_html

    # signed styles only (the corpus is of valid returns): "mono-ascii-none" has no signature
    styles = [(name, style) for name, style in STYLES.items() if style.signature != "none"]
    made: list[Path] = []
    source = folder / "distinct"
    source.mkdir()
    for index, release in enumerate(releases(min(distinct, count), seed=19)):
        style_name, style = styles[index % len(styles)]
        path = source / f"{index:02d}-{style_name}.pdf"
        with _not_skipped():
            render_html(release, path, style)
        made.append(path)
    files = _copied(made, folder, count)
    note = (
        f"Chromium prints about one document a second: {len(made)} distinct documents "
        f"({len(styles)} styles), byte copies up to {count}"
    )
    return Corpus("chromium", files, len(made), note)


def _pypdf(folder: Path, count: int, defaults: bool = False) -> Corpus:
    from tests.returns import fill_pypdf

    files = []
    for index, release in enumerate(releases(count, seed=23, names=LATIN1_NAMES)):
        path = folder / f"{index:05d}.pdf"
        fill_pypdf(release, path, need_appearances=defaults)
        files.append(path)
    kind = "filled-by-pypdf-defaults" if defaults else "filled-by-pypdf"
    return Corpus(kind, files, count, "Latin-1 names (pypdf's Helvetica)")


def _fillpdf(folder: Path, count: int) -> Corpus:
    import warnings

    from tests.returns import field_values

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ("the fitz API is deprecated", from its imports)
        from fillpdf import fillpdfs

    template = folder / "template.pdf"
    template.write_bytes(load_form().template)
    files = []
    for index, release in enumerate(releases(count, seed=47, names=LATIN1_NAMES)):
        path = folder / f"{index:05d}.pdf"
        fillpdfs.write_fillable_pdf(str(template), str(path), field_values(release))
        files.append(path)
    template.unlink()
    return Corpus("filled-by-fillpdf", files, count, "Latin-1 names")


def _pdfium(folder: Path, count: int) -> Corpus:
    from tests.returns import field_values, fill_pdfium

    form = load_form()
    files = []
    for index, release in enumerate(releases(count, seed=53, names=LATIN1_NAMES)):
        path = folder / f"{index:05d}.pdf"
        whole = index % 2 == 0
        path.write_bytes(fill_pdfium(form.template, field_values(release), incremental=not whole))
        files.append(path)
    return Corpus("filled-by-pdfium", files, count, "Latin-1 names; half saved whole")


def _pymupdf(folder: Path, count: int, bake: bool = False) -> Corpus:
    from tests.clippedfills import mupdf_fill

    files = []
    for index, release in enumerate(releases(count, seed=31, names=LATIN1_NAMES)):
        path = folder / f"{index:05d}.pdf"
        path.write_bytes(mupdf_fill(release, bake=bake))
        files.append(path)
    kind = "flattened-by-pymupdf" if bake else "filled-by-pymupdf"
    return Corpus(kind, files, count, "Latin-1 names (WinAnsi Helvetica)")


def _other_tool(kind: str, folder: Path, count: int, distinct: int) -> Corpus:
    """Our template filled (and flattened) by another program (one process per file, a
    JVM or Node, so a few distinct files are made and copied up to ``count``), or our
    release re-saved whole or flattened by qpdf (no incremental update left: not the
    bytes we issued), or printed again by Ghostscript, pdftocairo or MuPDF."""
    from tests.returns import (
        fill_pdfbox,
        fill_pdfcpu,
        fill_pdflib,
        fill_pdftk,
        fill_pypdfform,
        flatten_with,
    )

    made: list[Path] = []
    source = folder / "distinct"
    source.mkdir()
    names = WIDE_NAMES if kind == "filled-by-pdf-lib-dejavu" else LATIN1_NAMES
    for index, release in enumerate(releases(min(distinct, count), seed=29, names=names)):
        path = source / f"{index:05d}.pdf"
        with _not_skipped():
            if kind == "filled-by-pdf-lib-dejavu":
                from pubrelease.pdf.fonts import bundled_font

                fill_pdflib(release, path, font=bundled_font().path)
            elif kind in ("filled-by-pdftk", "flattened-by-pdftk"):
                fill_pdftk(release, path, flatten=kind.startswith("flattened"))
            elif kind in ("filled-by-pdfbox", "flattened-by-pdfbox"):
                fill_pdfbox(release, path, flatten=kind.startswith("flattened"))
            elif kind == "mupdf-of-pdftk":
                filled = fill_pdftk(release, source / f"{index:05d}-filled.pdf")
                flatten_with("mutool", filled, path, strict=False)
                filled.unlink()
            elif kind in ("filled-by-pdf-lib", "flattened-by-pdf-lib"):
                fill_pdflib(release, path, flatten=kind.startswith("flattened"))
            elif kind == "filled-by-pypdfform":
                fill_pypdfform(release, path)
            elif kind == "filled-by-pdfcpu":
                fill_pdfcpu(release, path)
            else:  # re-saved, flattened or printed again by another program
                issued = source / f"{index:05d}-issued.pdf"
                issued.write_bytes(fill(release))
                if kind == "resaved":
                    subprocess.run(["qpdf", str(issued), str(path)], check=True)
                elif kind == "flattened-by-qpdf":
                    flatten_with("qpdf", issued, path)
                else:
                    printer = {"ghostscript": "gs", "mupdf": "mutool"}.get(kind, "pdftocairo")
                    flatten_with(printer, issued, path)  # type: ignore[arg-type]
                issued.unlink()
        made.append(path)
    files = _copied(made, folder, count)
    note = f"{len(made)} distinct files, byte copies up to {count}" if len(made) < count else ""
    return Corpus(kind, files, len(made), note)


def _imported(filler: str, folder: Path, count: int) -> Corpus:
    """Another conference's form (``tests/foreign_forms.py``), imported, filled by pypdf
    (each file) or pdftk (20 distinct files, copied up to ``count``; ``pdftk-flatten``:
    flattened by it too). Latin-1 names; each date's day past the 12th (not ambiguous)."""
    from pubrelease.form.definition import load_definition
    from pubrelease.form.imported import ImportedForm
    from pubrelease.form.importer import import_form, write_form
    from tests.foreign_forms import filled_by_pdftk, filled_by_pypdf, neurips_release

    form = ImportedForm(
        load_definition(write_form(import_form(neurips_release(), "neurips-2026"), folder / "form"))
    )
    made: list[Path] = []
    distinct = count if filler == "pypdf" else min(count, 20)
    source = folder / "distinct"
    source.mkdir()
    names = [
        n
        for n in LATIN1_NAMES
        if n.isascii() or n.encode("latin-1", "ignore").decode("latin-1") == n
    ]
    for index in range(distinct):  # (pdftk's FDF is written in Latin-1: no Œ, Š, Ÿ)
        name = names[index % len(names)]
        values = {
            "SpeakerName": name,
            "Affil": f"University {index}",
            "EmailAddr": f"speaker{index}@example.org",
            "TalkTitle": TITLES[index % 2],  # (the others are cut by the box: value-clipped)
            "TalkDate": f"Dec {13 + index % 15}, 2026",
            "Sig1": name,
            "SigDate": f"{13 + index % 15}/11/2026",
        }
        path = source / f"{index:05d}.pdf"
        if filler == "pypdf":
            filled_by_pypdf(form.template, values, path)
        else:
            with _not_skipped():
                filled_by_pdftk(form.template, values, path, flatten=filler == "pdftk-flatten")
        made.append(path)
    files = _copied(made, folder, count)
    kind = {"pypdf": "imported-filled-by-pypdf", "pdftk": "imported-filled-by-pdftk"}.get(
        filler, "imported-flattened-by-pdftk"
    )
    note = f"{len(made)} distinct files, byte copies up to {count}" if len(made) < count else ""
    return Corpus(kind, files, len(made), note, form)


def _signed(folder: Path, count: int, stamp: bool) -> Corpus:
    """pypdf's fills signed by pyHanko, invisibly or with its stamp (20 distinct files)."""
    from tests.pki import make_pki
    from tests.returns import fill_pypdf
    from tests.test_signature_stamps import MARGIN, stamped
    from tests.test_signed_fills import invisible

    pki = make_pki(folder / "pki")
    made: list[Path] = []
    source = folder / "distinct"
    source.mkdir()
    for index, release in enumerate(releases(min(20, count), seed=37, names=LATIN1_NAMES)):
        filled = fill_pypdf(release, source / f"{index:05d}-filled.pdf")
        data = filled.read_bytes()
        path = source / f"{index:05d}.pdf"
        path.write_bytes(stamped(data, pki.speaker, MARGIN) if stamp else invisible(data, pki))
        filled.unlink()
        made.append(path)
    files = _copied(made, folder, count)
    kind = "stamped-by-pyhanko" if stamp else "signed-by-pyhanko"
    note = f"{len(made)} distinct files, byte copies up to {count}" if len(made) < count else ""
    return Corpus(kind, files, len(made), note)


def _signed_by_us(folder: Path, count: int) -> Corpus:
    """``fill --sign``'s files: ``fill``, then ``sign_release`` (20 distinct files)."""
    from pubrelease.filling.certsign import load_signing_key, sign_release
    from tests.pki import PASSPHRASE, make_pki

    pki = make_pki(folder / "pki")
    key = load_signing_key(pki.speaker.p12, passphrase=PASSPHRASE)
    source = folder / "distinct"
    source.mkdir()
    made: list[Path] = []
    for index, release in enumerate(releases(min(20, count), seed=41)):
        path = source / f"{index:05d}.pdf"
        path.write_bytes(sign_release(fill(release), key))
        made.append(path)
    files = _copied(made, folder, count)
    note = f"{len(made)} distinct files, byte copies up to {count}" if len(made) < count else ""
    return Corpus("signed-by-pubrelease", files, len(made), note)


def _answered(folder: Path, count: int, program: str) -> Corpus:
    """Releases ``fill`` issued, the speaker's part answered by pypdf (each file), pdf.js
    or poppler (20 distinct files, copied up to ``count``)."""
    from tests.helpers import pdfjs_saved
    from tests.returns import field_values, fill_pdfbox, fill_poppler
    from tests.test_issued_answered import pypdf_answered

    distinct = count if program == "pypdf" else min(count, 20)  # (a process a file)
    source = folder / "distinct"
    source.mkdir()
    made: list[Path] = []
    for index, release in enumerate(releases(distinct, seed=43, names=LATIN1_NAMES)):
        issued = fill(
            dataclasses.replace(release, signature=None, sign_date=None, consent=Consent.NONE)
        )
        path = source / f"{index:05d}.pdf"
        if program == "pypdf":
            path.write_bytes(pypdf_answered(issued, values=field_values(release)))
        elif program == "pdfbox":
            answered = ("signature", "sign_date", "consent")
            with _not_skipped():
                fill_pdfbox(release, path, issued=issued, only=answered)
        elif program == "poppler":
            values = field_values(release)
            (box,) = [
                w.box
                for w in load_form().fields["consent"].widgets
                if w.box.state == values["consent"]
            ]
            middle = ((box.rect[0] + box.rect[2]) / 2, (box.rect[1] + box.rect[3]) / 2)
            answer = {k: values[k] for k in ("signature", "sign_date")}
            with _not_skipped():
                blank = source / f"{index:05d}-issued.pdf"
                blank.write_bytes(issued)
                fill_poppler(blank, path, answer, [middle])
                blank.unlink()
        else:
            values = field_values(release)
            answer = {k: values[k] for k in ("signature", "sign_date", "consent")}
            with _not_skipped():
                work = source / f"{index:05d}-work"
                work.mkdir()
                path.write_bytes(pdfjs_saved(issued, work, answer))
                shutil.rmtree(work)
        made.append(path)
    files = _copied(made, folder, count)
    note = f"{len(made)} distinct files, byte copies up to {count}" if len(made) < count else ""
    return Corpus(f"answered-by-{program}", files, len(made), note)


BUILDERS: dict[str, Callable[[Path, int], Corpus]] = {
    "live": lambda folder, n: _ours(folder, n, False),
    "flattened": lambda folder, n: _ours(folder, n, True),
    "layout": _layout,
    "chromium": lambda folder, n: _chromium(folder, n, 8),
    "filled-by-pypdf": _pypdf,
    "filled-by-pypdf-defaults": lambda folder, n: _pypdf(folder, n, defaults=True),
    "filled-by-fillpdf": _fillpdf,
    "filled-by-pdfium": _pdfium,
    "filled-by-pypdfform": lambda folder, n: _other_tool("filled-by-pypdfform", folder, n, n),
    "filled-by-pdftk": lambda folder, n: _other_tool("filled-by-pdftk", folder, n, 20),
    "filled-by-pdf-lib": lambda folder, n: _other_tool("filled-by-pdf-lib", folder, n, 20),
    "filled-by-pdf-lib-dejavu": lambda folder, n: _other_tool(
        "filled-by-pdf-lib-dejavu", folder, n, 20
    ),
    "filled-by-pymupdf": _pymupdf,
    "filled-by-pdfbox": lambda folder, n: _other_tool("filled-by-pdfbox", folder, n, 20),
    "filled-by-pdfcpu": lambda folder, n: _other_tool("filled-by-pdfcpu", folder, n, 20),
    "resaved": lambda folder, n: _other_tool("resaved", folder, n, n),
    "flattened-by-pdftk": lambda folder, n: _other_tool("flattened-by-pdftk", folder, n, 20),
    "flattened-by-pdf-lib": lambda folder, n: _other_tool("flattened-by-pdf-lib", folder, n, 20),
    "flattened-by-qpdf": lambda folder, n: _other_tool("flattened-by-qpdf", folder, n, 20),
    "flattened-by-pymupdf": lambda folder, n: _pymupdf(folder, n, bake=True),
    "flattened-by-pdfbox": lambda folder, n: _other_tool("flattened-by-pdfbox", folder, n, 20),
    "ghostscript": lambda folder, n: _other_tool("ghostscript", folder, n, 20),
    "pdftocairo": lambda folder, n: _other_tool("pdftocairo", folder, n, 20),
    "mupdf": lambda folder, n: _other_tool("mupdf", folder, n, 20),
    "mupdf-of-pdftk": lambda folder, n: _other_tool("mupdf-of-pdftk", folder, n, 20),
    "imported-filled-by-pypdf": lambda folder, n: _imported("pypdf", folder, n),
    "imported-filled-by-pdftk": lambda folder, n: _imported("pdftk", folder, n),
    "imported-flattened-by-pdftk": lambda folder, n: _imported("pdftk-flatten", folder, n),
    "signed-by-pyhanko": lambda folder, n: _signed(folder, n, False),
    "stamped-by-pyhanko": lambda folder, n: _signed(folder, n, True),
    "signed-by-pubrelease": _signed_by_us,
    "answered-by-pypdf": lambda folder, n: _answered(folder, n, "pypdf"),
    "answered-by-pdfjs": lambda folder, n: _answered(folder, n, "pdfjs"),
    "answered-by-poppler": lambda folder, n: _answered(folder, n, "poppler"),
    "answered-by-pdfbox": lambda folder, n: _answered(folder, n, "pdfbox"),
}


def build_kind(kind: str, folder: Path, count: int) -> Corpus:
    """Write ``count`` returns of ``kind`` into ``folder`` (created)."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown kind {kind!r}; use {', '.join(KINDS)}")
    folder.mkdir(parents=True, exist_ok=True)
    return BUILDERS[kind](folder, count)
