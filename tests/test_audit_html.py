"""The audit's HTML page: self-contained, one row per return, a picture of each signature block.

The page is checked as text (no network references, escaped values, PNG data URIs) and
in headless Chromium: the DOM after its scripts ran (rows, decoded images, the filter and
the sort at work) and a screenshot.

``python -m tests.test_audit_html [OUT.png]`` makes the screenshot of the docs
(``docs/img/audit-report.png``) from a showcase folder, by the same code.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from pubrelease import Consent, Release, fill, read_roster
from pubrelease.auditing.audit import AuditReport, audit
from pubrelease.auditing.reports import audit_html, write_report
from pubrelease.demo import SEED_RELEASES

from .helpers import ROOT, require_tool

WINDOW = (1400, 1000)
HOSTILE = "<img src=x onerror=alert(1)> & Co"
"""A speaker name that would be markup if the page did not escape it."""


def signed(release: Release, name: str | None = None, **changes: object) -> Release:
    name = name or release.speaker_name
    values: dict[str, object] = {"speaker_name": name, "signature": name, **changes}
    return dataclasses.replace(release, **values)  # type: ignore[arg-type]


def both_boxes_checked(data: bytes) -> bytes:
    """A return whose Accept and Decline boxes both show checked (a pypdf edit)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for ref in writer._root_object["/AcroForm"]["/Fields"]:  # type: ignore[index]
        field = ref.get_object()
        if field["/T"] == "consent":
            for kid in field["/Kids"]:
                kid = kid.get_object()
                on = next(k for k in kid["/AP"]["/N"] if k != "/Off")
                kid[NameObject("/AS")] = NameObject(on)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def roster_csv(path: Path, releases: list[Release]) -> Path:
    lines = ["speaker_name,event_title,event_date"]
    lines += [f'"{r.speaker_name}","{r.event_title}",{r.event_date.isoformat()}' for r in releases]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def returns_folder(base: Path) -> tuple[Path, Path]:
    """A valid, a declined, an invalid, an unreadable return, a hostile name; one missing."""
    han, kang = SEED_RELEASES
    folder = base / "returns"
    folder.mkdir()
    (folder / "han.pdf").write_bytes(fill(signed(han)))
    (folder / "kang.pdf").write_bytes(fill(signed(kang, consent=Consent.DECLINE)))
    zoe = signed(han, "Zoë Ødegård-Łukasiewicz")
    (folder / "zoe.pdf").write_bytes(both_boxes_checked(fill(zoe)))
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xff\xff\n" + b"\x00" * 300)
    hostile = signed(han, HOSTILE)
    (folder / "hostile.pdf").write_bytes(fill(hostile))
    missing = signed(han, "Ada Lovelace")
    roster = roster_csv(base / "roster.csv", [signed(han), kang, zoe, hostile, missing])
    return folder, roster


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    folder, roster = returns_folder(tmp_path_factory.mktemp("html"))
    return audit(folder, read_roster(roster), workers=2, pictures=True)


class Page(HTMLParser):
    """The parts of the page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.images: list[dict[str, str | None]] = []
        self.references: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self._in_body = False
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data") and value:
                self.references.append((tag, name, value))
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = []
        elif tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def png_of(uri: str | None) -> Image.Image:
    assert uri is not None and uri.startswith("data:image/png;base64,")
    data = base64.b64decode(uri.removeprefix("data:image/png;base64,"), validate=True)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_the_page_is_self_contained(report: AuditReport) -> None:
    text = audit_html(report)
    assert not re.search(r"https?://", text)
    page = Page(text)
    # every src/href is a data: URI (scripts and styles are inline), nothing to fetch
    assert page.references and all(r[2].startswith("data:") for r in page.references)
    assert not {"link", "iframe", "object", "embed", "base"} & set(page.tags)
    assert "@import" not in text and "url(" not in text


def test_every_return_and_every_missing_entry_has_a_row(report: AuditReport) -> None:
    page = Page(audit_html(report))
    by_file = {row[0]: row for row in page.rows}
    assert len(page.rows) == len(report.returns) + 1
    for item in report.returns:
        row = by_file[item.record.file]
        assert row[3] == item.record.status.value
        assert row[4] == (item.roster_outcome.value if item.roster_outcome else "")
        assert row[5] == item.action.value
    statuses = {Path(f).name: row[3] for f, row in by_file.items()}
    assert statuses == {
        "han.pdf": "valid",
        "hostile.pdf": "valid",
        "kang.pdf": "declined",
        "scan.pdf": "unreadable",
        "zoe.pdf": "invalid",
        "(roster row 6)": "missing",
    }
    assert by_file["(roster row 6)"][1] == "Ada Lovelace"
    assert by_file["(roster row 6)"][5] == "chase"
    zoe = next(row for f, row in by_file.items() if f.endswith("zoe.pdf"))
    assert zoe[5] == "resolve a conflict"
    assert "consent-both" in zoe[8]


def test_every_readable_return_has_a_picture_of_its_signature_block(report: AuditReport) -> None:
    page = Page(audit_html(report))
    pictures = {str(img["alt"]): img["src"] for img in page.images}
    readable = [r.record.file for r in report.returns if r.record.status.value != "unreadable"]
    assert sorted(pictures) == sorted(f"Signature block of {f}" for f in readable)
    for uri in pictures.values():
        image = png_of(uri)
        width, height = image.size
        assert width > 400 and 60 < height < width / 2  # a band: boxes, signature, date
        darkest = image.convert("L").getextrema()[0]
        assert isinstance(darkest, int) and darkest < 100  # with ink on it


def test_values_are_escaped(report: AuditReport) -> None:
    text = audit_html(report)
    assert HOSTILE not in text
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; Co" in text
    assert HOSTILE in [row[1] for row in Page(text).rows]


def test_no_pictures_unless_asked(tmp_path: Path) -> None:
    folder, roster = returns_folder(tmp_path)
    page = Page(audit_html(audit(folder, read_roster(roster), workers=2)))
    assert page.images == []
    assert len(page.rows) == 6


# --- in Chromium -------------------------------------------------------------------------

PROBE = """
<script>
window.addEventListener("load", () => {
  const body = document.querySelector("#returns tbody");
  const shown = () => [...body.rows].filter(r => !r.hidden).map(r => r.cells[0].textContent);
  const out = {rows: body.rows.length, all: shown()};
  out.images = [...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight]);
  const filter = document.getElementById("filter");
  filter.value = "declined";
  filter.dispatchEvent(new Event("input"));
  out.declined = shown();
  filter.value = "";
  filter.dispatchEvent(new Event("input"));
  const todo = document.getElementById("todo");
  todo.checked = true;
  todo.dispatchEvent(new Event("change"));
  out.todo = shown();
  todo.checked = false;
  todo.dispatchEvent(new Event("change"));
  const speaker = document.querySelector('th[data-key="speaker"]');
  speaker.click();
  out.ascending = [...body.rows].map(r => r.cells[1].textContent);
  speaker.click();
  out.descending = [...body.rows].map(r => r.cells[1].textContent);
  out.sort = speaker.getAttribute("aria-sort");
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
});
</script>
"""


def chromium(
    executable: str, page: Path, profile: Path, *args: str, window: tuple[int, int] = WINDOW
) -> bytes:
    """Run headless Chromium on ``page``; its stdout."""
    command = [
        executable,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={window[0]},{window[1]}",
        *args,
        page.resolve().as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return result.stdout


@pytest.mark.tools
def test_in_chromium_the_table_pictures_filter_and_sort_work(
    report: AuditReport, tmp_path: Path
) -> None:
    executable = require_tool("chromium")
    page = tmp_path / "audit.html"
    page.write_text(audit_html(report).replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = chromium(executable, page, tmp_path / "profile", "--dump-dom").decode("utf-8")
    assert dom.count("<img") == 4  # the hostile name stayed text
    probe = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert probe is not None, dom[-3000:]
    got = json.loads(html.unescape(probe.group(1)))
    names = [Path(f).name for f in got["all"]]
    assert got["rows"] == 6
    assert names == ["han.pdf", "hostile.pdf", "kang.pdf", "scan.pdf", "zoe.pdf", "(roster row 6)"]
    assert got["images"] and all(ok and w > 400 and h > 60 for ok, w, h in got["images"])
    assert [Path(f).name for f in got["declined"]] == ["kang.pdf"]
    assert [Path(f).name for f in got["todo"]] == [
        "kang.pdf",
        "scan.pdf",
        "zoe.pdf",
        "(roster row 6)",
    ]
    assert got["ascending"] == got["descending"][::-1]
    letters = [n for n in got["ascending"] if n[:1].isascii() and n[:1].isalpha()]
    assert letters == ["Ada Lovelace", "Bohyung Han", "Minsoo Kang", "Zoë Ødegård-Łukasiewicz"]
    assert got["sort"] == "descending"


@pytest.mark.tools
def test_in_chromium_a_screenshot(report: AuditReport, tmp_path: Path) -> None:
    executable = require_tool("chromium")
    page = tmp_path / "audit.html"
    write_report(report, html_path=page)
    shot = tmp_path / "audit.png"
    chromium(executable, page, tmp_path / "profile", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(shot).convert("RGB")
    assert image.size == WINDOW
    counted = image.getcolors(maxcolors=WINDOW[0] * WINDOW[1])
    assert counted is not None
    colours = {colour for _, colour in counted}
    assert len(colours) > 100  # text, badges and pictures, not a blank page
    assert (227, 246, 229) in colours  # the stylesheet ran: the green of a valid badge
    assert (253, 228, 228) in colours  # and the red of an invalid one


# --- the docs' screenshot ----------------------------------------------------------------


def showcase(base: Path) -> tuple[Path, Path]:
    """Returns as a proceedings editor meets them, for the screenshot in the docs."""
    han, kang = SEED_RELEASES
    folder = base / "returns"
    folder.mkdir()
    (folder / "Bohyung_Han.pdf").write_bytes(fill(signed(han)))
    (folder / "Minsoo_Kang.pdf").write_bytes(fill(signed(kang), flatten=True))
    greek = signed(han, "Γιώργος Παπαδόπουλος", consent=Consent.DECLINE)
    (folder / "Giorgos_Papadopoulos.pdf").write_bytes(fill(greek))
    zoe = signed(han, "Zoë Ødegård-Łukasiewicz")
    (folder / "Zoe_Odegard.pdf").write_bytes(both_boxes_checked(fill(zoe)))
    khai = signed(han, "Nguyễn Thị Minh Khai", signature=None)
    (folder / "Nguyen_Thi_Minh_Khai.pdf").write_bytes(fill(khai))
    ada = signed(han, "Ada Lovelace")
    (folder / "Ada_Lovelace-scan.pdf").write_bytes(scanned(fill(ada, flatten=True)))
    roster = roster_csv(base / "roster.csv", [signed(han), kang, greek, zoe, khai, ada])
    return folder, roster


DOCS_WINDOW = (1600, 1000)
"""Wide enough for every column and the whole picture of the signature block."""


def scanned(data: bytes) -> bytes:
    """The pages of ``data`` as pictures only, as a scanner or a phone app makes them."""
    doc = pdfium.PdfDocument(data)
    try:
        pages = [doc[i].render(scale=100 / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=100)
    return out.getvalue()


def docs_screenshot(out: Path, executable: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        _, roster = showcase(base)
        here = Path.cwd()
        os.chdir(base)  # the page shows paths as given: returns/...
        try:
            report = audit(Path("returns"), read_roster(roster), workers=2, pictures=True)
        finally:
            os.chdir(here)
        page = base / "audit.html"
        write_report(report, html_path=page)
        shot = base / "shot.png"
        chromium(executable, page, base / "profile", f"--screenshot={shot}", window=DOCS_WINDOW)
        image = Image.open(shot).convert("RGB")
        buffer = io.BytesIO()
        image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
            buffer, format="PNG", optimize=True
        )
        out.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "audit-report.png"
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        sys.exit("chromium is not installed")
    target.parent.mkdir(parents=True, exist_ok=True)
    docs_screenshot(target, found)
    print(f"wrote {target} ({target.stat().st_size} bytes)")
