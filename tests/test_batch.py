import hashlib
import io
import json
from pathlib import Path

import pytest

from pubrelease import OutputExistsError, Release, RosterError, fill_many, read_roster
from pubrelease.filling.batch import safe_filename

HEADER = "speaker_name,event_title,event_date,consent\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_roster_formats_give_the_same_releases(tmp_path: Path) -> None:
    rows = [
        {"speaker_name": "Bohyung Han", "event_title": "T1", "event_date": "2020-07-15"},
        {
            "speaker_name": "李飞飞",
            "event_title": "T2",
            "event_date": "2020-07-16",
            "consent": "accept",
        },
    ]
    csv_text = HEADER + "Bohyung Han,T1,2020-07-15,\n李飞飞,T2,2020-07-16,accept\n"
    csv_entries = read_roster(_write(tmp_path / "r.csv", csv_text))
    json_entries = read_roster(_write(tmp_path / "r.json", json.dumps(rows)))
    jsonl = "\n".join(json.dumps(r) for r in rows) + "\n"
    jsonl_entries = read_roster(_write(tmp_path / "r.jsonl", jsonl))
    assert [e.release for e in csv_entries] == [e.release for e in json_entries]
    assert [e.release for e in json_entries] == [e.release for e in jsonl_entries]
    assert [e.row for e in csv_entries] == [2, 3]
    assert [e.row for e in json_entries] == [1, 2]


def test_roster_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO('[{"speaker_name":"A B","event_title":"T","event_date":"2020-01-02"}]'),
    )
    (entry,) = read_roster("-")
    assert entry.source == "-"
    assert entry.release.speaker_name == "A B"


def test_every_bad_row_is_reported_with_file_row_and_column(tmp_path: Path) -> None:
    roster = _write(
        tmp_path / "r.csv",
        HEADER
        + "Good Person,T,2020-07-15,accept\n"
        + "Bad Date,T,2020-02-30,accept\n"
        + ",T,2020-07-15,maybe\n",
    )
    with pytest.raises(RosterError) as info:
        read_roster(roster)
    lines = str(info.value).splitlines()
    assert (
        f"{roster}:3:event_date: '2020-02-30' is not a date; use YYYY-MM-DD (e.g. 2020-09-23)"
        in lines
    )
    assert f"{roster}:4:speaker_name: a value is required" in lines
    assert f"{roster}:4:consent: 'maybe' is not a consent; use accept, decline or none" in lines
    assert len(lines) == 3


def test_missing_columns_are_refused_and_other_columns_kept(tmp_path: Path) -> None:
    with pytest.raises(RosterError) as info:
        read_roster(_write(tmp_path / "r.csv", "speaker_name,event_title\nA,B\n"))
    assert "event_date" in str(info.value)
    (entry,) = read_roster(
        _write(
            tmp_path / "r.jsonl",
            '{"speaker_name":"A","event_title":"T","event_date":"2020-01-01","colour":"red"}\n',
        )
    )
    assert entry.extra == {"colour": "red"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bohyung Han", "Bohyung_Han.pdf"),
        ("../../etc/passwd", "etc_passwd.pdf"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j.pdf"),
        ("CON", "CON_.pdf"),
        ("...", "release.pdf"),
        ("Zoe\u0308", "Zoë.pdf"),
        ("李飞飞", "李飞飞.pdf"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_long_names_are_cut_to_120_bytes() -> None:
    assert len(safe_filename("李" * 200).encode()) <= 124


def test_fill_many_writes_files_and_manifest(tmp_path: Path, han: Release) -> None:
    twin = Release.create(**{**han.values(), "speaker_name": "BOHYUNG HAN"})
    written = fill_many([han, twin], tmp_path / "out").issued
    assert [w.file for w in written] == ["Bohyung_Han.pdf", "BOHYUNG_HAN-2.pdf"]
    for entry in written:
        data = (tmp_path / "out" / entry.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry.sha256
        assert entry.release_id.encode() in data
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [m["file"] for m in manifest] == ["Bohyung_Han.pdf", "BOHYUNG_HAN-2.pdf"]
    assert (tmp_path / "out" / "manifest.csv").read_text().startswith("row,file,speaker_name")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "BOHYUNG_HAN-2.pdf",
        "Bohyung_Han.pdf",
        "manifest.csv",
        "manifest.json",
    ]


def test_existing_files_are_kept_unless_overwrite(tmp_path: Path, han: Release) -> None:
    out = tmp_path / "out"
    fill_many([han], out)
    before = (out / "Bohyung_Han.pdf").read_bytes()
    again = fill_many([han], out)  # a second round: nothing new to issue
    assert again.issued == () and len(again.kept) == 1
    assert (out / "Bohyung_Han.pdf").read_bytes() == before
    fill_many([han], out, overwrite=True)
    assert (out / "Bohyung_Han.pdf").read_bytes() != before
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "Bohyung_Han.pdf").write_bytes(b"someone else's")
    with pytest.raises(OutputExistsError, match="not in its manifest"):
        fill_many([han], foreign)
    assert (foreign / "Bohyung_Han.pdf").read_bytes() == b"someone else's"


def test_a_row_that_cannot_be_filled_is_refused_alone_or_blocks_all(tmp_path: Path) -> None:
    roster = _write(
        tmp_path / "r.csv",
        HEADER + "Fine,T,2020-07-15,\nToo Long," + "x" * 3000 + ",2020-07-15,\n",
    )
    entries = read_roster(roster)
    with pytest.raises(RosterError) as info:
        fill_many(entries, tmp_path / "strict", all_or_nothing=True)
    assert str(info.value).startswith(f"{roster}:3:event_title: too long to fit")
    assert not (tmp_path / "strict").exists()  # the folder it made is not left behind
    (tmp_path / "mine").mkdir()
    with pytest.raises(RosterError):
        fill_many(entries, tmp_path / "mine", all_or_nothing=True)
    assert list((tmp_path / "mine").iterdir()) == []  # one that was there stays
    batch = fill_many(entries, tmp_path / "out")
    assert [e.speaker_name for e in batch.issued] == ["Fine"]
    (refused,) = batch.refused
    assert str(refused).startswith(f"{roster}:3:event_title: too long to fit")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "Fine.pdf", "manifest.csv", "manifest.json"
    ]  # fmt: skip


def test_roster_file_column_names_the_output(tmp_path: Path) -> None:
    roster = _write(
        tmp_path / "r.csv",
        "speaker_name,event_title,event_date,file\nA B,T,2020-07-15,custom name.pdf\n",
    )
    written = fill_many(read_roster(roster), tmp_path / "out").issued
    assert written[0].file == "custom_name.pdf"


def test_manifest_csv_is_spreadsheet_safe(tmp_path: Path) -> None:
    release = Release.create(
        speaker_name="=HYPERLINK(1)", event_title="+T", event_date="2020-07-15"
    )
    fill_many([release], tmp_path / "out")
    text = (tmp_path / "out" / "manifest.csv").read_text()
    assert ",'=HYPERLINK(1),'+T," in text
    assert (
        json.loads((tmp_path / "out" / "manifest.json").read_text())[0]["speaker_name"]
        == "=HYPERLINK(1)"
    )
