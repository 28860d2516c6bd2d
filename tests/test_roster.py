"""Rosters as organisers have them: real spreadsheets, CSV dialects, written dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pubrelease import RosterError, read_roster
from pubrelease.dates import DateOrder
from tests.spreadsheets import (
    european_excel_csv,
    google_sheets_csv,
    libreoffice,
    xlsx_openpyxl,
)
from tests.test_cli import run

TITLE = "Learning to Read Releases"


def test_openpyxl_xlsx_with_date_cells_day_numbers_and_extra_columns(tmp_path: Path) -> None:
    path = xlsx_openpyxl(
        tmp_path / "speakers.xlsx",
        [
            [],  # a blank first row, as people leave them
            ["Full name", "Event title", "Event Date", "email", "session"],
            ["Zoë Ødegård", TITLE, dt.datetime(2020, 7, 15), "zoe@example.org", "A1"],
            ["李飞飞", TITLE, 44027, "ff@example.org", 3],
            ["Ada Lovelace", TITLE, "July 16, 2020", None, "B"],
        ],
    )
    entries = read_roster(path, columns={"speaker_name": "Full name"})
    assert [e.row for e in entries] == [3, 4, 5]
    assert [e.release.event_date for e in entries] == [
        dt.date(2020, 7, 15),
        dt.date(2020, 7, 15),
        dt.date(2020, 7, 16),
    ]
    assert entries[0].extra == {"email": "zoe@example.org", "session": "A1"}
    assert entries[1].extra == {"email": "ff@example.org", "session": "3"}
    assert entries[1].release.speaker_name == "李飞飞"


def test_a_title_and_a_note_above_the_header_are_left_out(tmp_path: Path) -> None:
    # a sheet as organisers keep them: its name in A1, a note, a blank row, then columns
    path = xlsx_openpyxl(
        tmp_path / "speakers.xlsx",
        [
            ["ICML 2026: invited speakers"],
            ["exported 2026-12-01", None, "draft"],
            [],
            ["Full name", "Event title", "Event Date", "email"],
            ["Zoë Ødegård", TITLE, dt.datetime(2020, 7, 15), "zoe@example.org"],
            ["Ada Lovelace", "", "July 16, 2020", None],
        ],
    )
    columns = {"speaker_name": "Full name"}
    with pytest.raises(RosterError) as caught:
        read_roster(path, columns=columns)
    # every row keeps its own number: the sixth row's title is missing
    assert [(p.row, p.field) for p in caught.value.problems] == [(6, "event_title")]
    header = ["Full name", "Event title", "Event Date", "email"]
    row = ["Zoë Ødegård", TITLE, dt.datetime(2020, 7, 15), "zoe@example.org"]
    xlsx_openpyxl(path, [["ICML 2026: invited speakers"], [], header, row])
    (entry,) = read_roster(path, columns=columns)
    assert (entry.row, entry.release.speaker_name) == (4, "Zoë Ødegård")
    assert entry.extra == {"email": "zoe@example.org"}


def test_a_workbook_that_opens_on_its_instructions(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Instructions"
    first.append(["One row per speaker, on the next sheet."])
    hidden = book.create_sheet("Old")  # hidden sheets are not read
    hidden.append(["speaker_name", "event_title", "event_date"])
    hidden.append(["Someone Else", TITLE, "2019-06-10"])
    hidden.sheet_state = "hidden"
    speakers = book.create_sheet("Speakers")
    speakers.append(["speaker_name", "event_title", "event_date"])
    speakers.append(["Ada Lovelace", TITLE, "2020-07-15"])
    speakers.append(["Alan Turing", "", "2020-07-15"])
    path = tmp_path / "speakers.xlsx"
    book.save(path)
    result = run("fill", "--roster", str(path), "--out-dir", str(tmp_path / "o"))
    assert result.returncode == 2
    # the sheet read is named, since its rows are not the first sheet's
    assert result.stderr.decode().splitlines() == [
        f"pubrelease: {path} (sheet 'Speakers'):3:event_title: a value is required"
    ]
    speakers["B3"] = TITLE
    book.save(path)
    assert [e.release.speaker_name for e in read_roster(path)] == ["Ada Lovelace", "Alan Turing"]


def test_columns_of_one_name_each_keep_their_cells(tmp_path: Path) -> None:
    path = google_sheets_csv(
        tmp_path / "r.csv",
        [
            ["Full name", "Speaker name", "event_title", "event_date", "email", "email"],
            ["Ada Lovelace", "Ada L.", TITLE, "2020-07-15", "ada@example.org", "al@example.org"],
        ],
    )
    # the header --column names holds the value; "Speaker name" is a column of its own
    (entry,) = read_roster(path, columns={"speaker_name": "Full name"})
    assert entry.release.speaker_name == "Ada Lovelace"
    assert entry.extra == {
        "Speaker name": "Ada L.",
        "email": "ada@example.org",
        "email (2)": "al@example.org",
    }
    # two headers that both name a release value: which one holds it is for a person
    both = google_sheets_csv(
        tmp_path / "both.csv",
        [["speaker_name", "event_title", "event_date", "Event Date"], ["Ada", TITLE, "x", "y"]],
    )
    result = run("fill", "--roster", str(both), "--out-dir", str(tmp_path / "o"))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"pubrelease: {both}:1:event_date: 2 columns hold it ('event_date' and 'Event Date'): "
        "rename or remove all but one"
    ]


@pytest.mark.parametrize("title", ["Speakers", "Speakers;;;", "Speakers, ICML 2026"])
def test_a_csv_title_line_with_another_delimiter_or_none(tmp_path: Path, title: str) -> None:
    # Excel's European "CSV UTF-8" of a sheet with a title: the title line pads its cells
    # with semicolons, or (typed by hand) has none, or has a comma of its own
    path = european_excel_csv(
        tmp_path / "r.csv",
        [
            [title],
            [""],
            ["Full name", "event_title", "event_date"],
            ["Ada", "LSTM, again", "2020-07-15"],
        ],
    )
    (entry,) = read_roster(path, columns={"speaker_name": "Full name"})
    assert (entry.row, entry.release.event_title) == (4, "LSTM, again")


def test_a_missing_column_names_the_header_row(tmp_path: Path) -> None:
    path = google_sheets_csv(
        tmp_path / "r.csv", [[""], [""], ["Name", "event_title", "event_date"]]
    )
    result = run("fill", "--roster", str(path), "--out-dir", str(tmp_path / "o"))
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"pubrelease: {path}:3:speaker_name: missing required")


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_libreoffice_spreadsheets_with_quoted_newlines_and_us_dates(
    tmp_path: Path, kind: str
) -> None:
    source = google_sheets_csv(
        tmp_path / "speakers.csv",
        [
            ["speaker_name", "event_title", "event_date", "email", "affiliation"],
            ["Ada Lovelace", "Engines\nand more", "7/15/2020", "ada@example.org", "Analytical"],
            ["Alan Turing", TITLE, "7/4/2020", "alan@example.org", "Bletchley, UK"],
        ],
    )
    path = libreoffice(source, kind, tmp_path / "out")
    entries = read_roster(path)
    assert [e.release.event_date for e in entries] == [dt.date(2020, 7, 15), dt.date(2020, 7, 4)]
    assert entries[0].release.event_title == "Engines and more"
    assert entries[1].extra == {"email": "alan@example.org", "affiliation": "Bletchley, UK"}


def test_european_excel_csv_semicolons_bom_crlf_and_day_first_dates(tmp_path: Path) -> None:
    path = european_excel_csv(
        tmp_path / "sprecher.csv",
        [
            ["speaker_name", "event_title", "event_date", "E-Mail"],
            ["Jürgen Schmidhuber", "LSTM; revisited", "15/07/2020", "j@example.org"],
            ["Bernhard Schölkopf", TITLE, "04/07/2020", "b@example.org"],
            ["Yann LeCun", TITLE, "23.09.2020", ""],
        ],
    )
    entries = read_roster(path)
    # 04/07/2020 is read day first because 15/07/2020 in the same column can only be
    assert [e.release.event_date for e in entries] == [
        dt.date(2020, 7, 15),
        dt.date(2020, 7, 4),
        dt.date(2020, 9, 23),
    ]
    assert entries[0].release.event_title == "LSTM; revisited"
    assert entries[0].extra == {"E-Mail": "j@example.org"}


def test_google_sheets_csv_with_month_first_dates_and_trailing_blank_rows(tmp_path: Path) -> None:
    path = google_sheets_csv(
        tmp_path / "Speakers - Sheet1.csv",
        [
            ["speaker_name", "event_title", "event_date", "email", "notes"],
            ["Ada Lovelace", TITLE, "7/15/2020", "ada@example.org", 'said "yes"\nby phone'],
            ["Alan Turing", TITLE, "7/4/2020", "alan@example.org", ""],
            ["", "", "", "", ""],
        ],
    )
    entries = read_roster(path)
    assert [e.release.event_date for e in entries] == [dt.date(2020, 7, 15), dt.date(2020, 7, 4)]
    assert entries[0].extra["notes"] == 'said "yes"\nby phone'


def test_ambiguous_dates_are_reported_or_settled_by_the_order(tmp_path: Path) -> None:
    path = google_sheets_csv(
        tmp_path / "r.csv",
        [
            ["speaker_name", "event_title", "event_date"],
            ["Ada Lovelace", TITLE, "04/05/2020"],
            ["Alan Turing", TITLE, "03/02/2020"],
        ],
    )
    with pytest.raises(RosterError) as info:
        read_roster(path)
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:2:event_date: '04/05/2020' is ambiguous")
    entries = read_roster(path, date_order=DateOrder.DMY)
    assert entries[0].release.event_date == dt.date(2020, 5, 4)
    result = run("fill", "--roster", str(path), "--out-dir", str(tmp_path / "o"))
    assert result.returncode == 2 and result.stdout == b""
    assert len(result.stderr.decode().splitlines()) == 2
    result = run(
        "fill", "--roster", str(path), "--out-dir", str(tmp_path / "o"), "--date-order", "mdy"
    )
    assert result.returncode == 0, result.stderr


def test_every_problem_of_a_roster_in_one_pass(tmp_path: Path) -> None:
    path = european_excel_csv(
        tmp_path / "r.csv",
        [
            ["Name", "event_title", "event_date", "consent"],
            ["A", TITLE, "soon", "maybe"],
            ["", TITLE, "2020-07-15", ""],
            ["C", "", "2020-02-30", ""],
        ],
    )
    result = run("audit", str(tmp_path), "--roster", str(path), "--column", "speaker_name=Name")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"pubrelease: {path}:2:event_date: 'soon' is not a date; use YYYY-MM-DD (e.g. 2020-09-23)",
        f"pubrelease: {path}:2:consent: 'maybe' is not a consent; use accept, decline or none",
        f"pubrelease: {path}:3:speaker_name: a value is required",
        f"pubrelease: {path}:4:event_date: '2020-02-30' is not a date; "
        "use YYYY-MM-DD (e.g. 2020-09-23)",
        f"pubrelease: {path}:4:event_title: a value is required",
    ]
    unmapped = run("audit", str(tmp_path), "--roster", str(path))
    assert unmapped.returncode == 2
    assert b"--column speaker_name=HEADER" in unmapped.stderr


def test_roster_with_a_byte_order_mark_on_stdin(tmp_path: Path) -> None:
    roster = f"\ufeffspeaker_name;event_title;event_date\r\nAda Lovelace;{TITLE};15/07/2020\r\n"
    result = run("fill", "--roster", "-", "--out-dir", str(tmp_path / "o"), stdin=roster.encode())
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "Ada_Lovelace.pdf").is_file()
    xlsx = xlsx_openpyxl(
        tmp_path / "r.xlsx",
        [["speaker_name", "event_title", "event_date"], ["Alan Turing", TITLE, "2020-07-15"]],
    )
    result = run("fill", "--roster", "-", "--out-dir", str(tmp_path / "x"), stdin=xlsx.read_bytes())
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x" / "Alan_Turing.pdf").is_file()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("huge.csv", f"speaker_name,event_title,event_date\n{'x' * 200_000},T,2020-07-15\n",
         "huge.csv:2: a cell is too long (more than 131072 characters)"),
        ("long.csv", f"speaker_name,event_title,event_date\n{'x' * 20_000},T,2020-07-15\n",
         "long.csv:2:speaker_name: 20000 characters is too long (at most 10000)"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "not a roster: JSON nested too deeply"),
        ("deep.jsonl", "{" + '"a":' * 5 + "[" * 100_000, "1: not JSON"),
        ("bin.csv", "\x00\x01", "missing required column"),
    ],
)  # fmt: skip
def test_absurd_rosters_give_one_line_and_exit_2(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("fill", "--roster", str(path), "--out-dir", str(tmp_path / "o"))
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) <= 3 and expected in lines[0], lines
    assert not (tmp_path / "o").exists()


def test_json_and_json_lines_keep_extra_keys(tmp_path: Path) -> None:
    row = {"speaker_name": "Ada", "event_title": TITLE, "event_date": "2020-07-15", "email": "a@x"}
    (tmp_path / "r.json").write_text(json.dumps([row]), encoding="utf-8")
    (tmp_path / "r.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    for name in ("r.json", "r.jsonl"):
        (entry,) = read_roster(tmp_path / name)
        assert entry.extra == {"email": "a@x"}
