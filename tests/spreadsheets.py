"""Rosters as spreadsheet programs write them: openpyxl, LibreOffice, Excel and Sheets CSV."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tests.helpers import require_tool

Row = Sequence[object]


def xlsx_openpyxl(path: Path, rows: Sequence[Row]) -> Path:
    """An .xlsx as openpyxl (and Excel) writes it: dates as date cells, numbers as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    book.save(path)
    return path


def libreoffice(csv_file: Path, kind: str, out_dir: Path) -> Path:
    """``soffice --convert-to xlsx|ods`` of a UTF-8 CSV file (its import detects dates)."""
    exe = require_tool("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="soffice-") as profile:
        subprocess.run(
            [
                exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                "--norestore", "--nolockcheck", "--infilter=CSV:44,34,76,1,,1033,,,,,,-1",
                "--convert-to", kind, "--outdir", str(out_dir), str(csv_file),
            ],
            capture_output=True, timeout=120, check=True,
        )  # fmt: skip
    out = out_dir / f"{csv_file.stem}.{kind}"
    if not out.is_file():
        raise AssertionError(f"soffice wrote no {out}")
    return out


def european_excel_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """Excel's "CSV UTF-8" in a European locale: a byte-order mark, semicolons, CRLF."""
    lines = [";".join(_quote(c, ";") for c in row) for row in rows]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    return path


def google_sheets_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """Google Sheets' "Download as CSV": commas, CRLF, quoted cells with newlines, no BOM."""
    lines = [",".join(_quote(c, ",") for c in row) for row in rows]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return path


def _quote(cell: str, sep: str) -> str:
    if any(c in cell for c in (sep, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell
