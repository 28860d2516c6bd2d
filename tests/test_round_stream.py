"""A round a row at a time (issue 11): the roster read again at each pass rather than held,
the manifest spooled to the staging folder, JSON read an item at a time.

Memory itself is measured by benchmarks/bench_round.py; these tests check the mechanisms.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from pubrelease import RosterError, fill_many, read_roster
from pubrelease.filling.batch import issue_round
from pubrelease.filling.manifest import ManifestEntry, ManifestSpool, iter_manifest
from pubrelease.roster import Roster, open_roster
from pubrelease.roster.jsonarray import NotAnArray, json_array
from pubrelease.roster.tables import read_table
from tests.test_cli import run

HEADER = "speaker_name,event_title,event_date,event_date_note\n"


def _csv(path: Path, count: int, *, bad_last: bool = False) -> Path:
    lines = [HEADER]
    lines += [f"Speaker {i},Talk {i},2026-12-{1 + i % 28:02d},note {i}\n" for i in range(count)]
    if bad_last:
        lines.append('Last,"never closed,2026-12-01\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path


class _Counting(io.BytesIO):
    """A file that remembers how far it has been read."""

    furthest = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.furthest = max(self.furthest, self.tell())
        return data


def test_a_csv_table_hands_out_its_first_row_before_reading_the_rest() -> None:
    text = HEADER + "".join(f"Speaker {i},Talk,2026-12-01,{'x' * 50}\n" for i in range(20000))
    raw = _Counting(text.encode("utf-8"))
    table = read_table("r.csv", raw)
    raw.furthest = 0  # the encoding is checked a chunk at a time first
    number, row = next(table.rows)
    assert (number, row["speaker_name"]) == (2, "Speaker 0")
    assert raw.furthest < len(text) // 10


def test_a_roster_is_read_again_at_each_pass_from_its_own_copy(tmp_path: Path) -> None:
    path = _csv(tmp_path / "r.csv", 5)
    with open_roster(path) as roster:
        assert isinstance(roster, Roster) and len(roster) == 5
        path.write_text(HEADER + "Someone Else,Other,2026-12-01,x\n", encoding="utf-8")
        first, again = list(roster), list(roster)
    assert first == again
    assert [e.release.speaker_name for e in first] == [f"Speaker {i}" for i in range(5)]
    assert first[0].source == str(path)


def test_a_roster_hands_out_one_entry_at_a_time(tmp_path: Path) -> None:
    with open_roster(_csv(tmp_path / "r.csv", 3)) as roster:
        rows = iter(roster)
        assert next(rows).row == 2  # a generator over the spool, not a list made whole
        with pytest.raises(RuntimeError):  # one pass at a time
            next(iter(roster))
        assert [e.row for e in rows] == [3, 4]
        assert [e.row for e in roster] == [2, 3, 4]


def test_every_problem_is_still_reported_before_any_entry(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        HEADER + "Ada,Talk,2026-12-01,x\n,Talk,2026-12-02,x\nBo,Talk,not a date,x\n",
        encoding="utf-8",
    )
    with pytest.raises(RosterError) as caught:
        open_roster(path)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (3, "speaker_name"),
        (4, "event_date"),
    ]


def test_json_array_reads_what_json_reads_an_item_at_a_time() -> None:
    import pubrelease.roster.jsonarray as module

    rng = random.Random(11)
    values = [1, -2.5e-3, "x, ]y", {"k": [1, "é", {}]}, None, True, 123456789, [], "\\"]
    for chunk in (1, 2, 5, 64):
        module._CHUNK, saved = chunk, module._CHUNK
        try:
            for _ in range(500):
                text = json.dumps([rng.choice(values) for _ in range(rng.randrange(6))])
                if rng.random() < 0.4:
                    at = rng.randrange(len(text) + 1)
                    text = (
                        text[:at] + rng.choice([",", "]", "[", '"', " ", "1", ".", "e"]) + text[at:]
                    )
                try:
                    expected = json.loads(text)
                except json.JSONDecodeError:
                    expected = None
                try:
                    got = list(json_array(io.StringIO(text)))
                except NotAnArray:
                    got = None
                assert got == (expected if isinstance(expected, list) else None), text
        finally:
            module._CHUNK = saved


def test_json_array_hands_out_items_before_a_broken_tail() -> None:
    items = json_array(io.StringIO('[{"a": 1}, {"b": 2}, oops'))
    assert next(items) == {"a": 1}
    assert next(items) == {"b": 2}
    with pytest.raises(NotAnArray):
        next(items)


def test_a_broken_manifest_is_reported_as_when_read_whole(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('[{"row": 1}, 5, {', encoding="utf-8")
    with pytest.raises(RosterError, match="cannot read the manifest: Expecting property"):
        list(iter_manifest(tmp_path))
    (tmp_path / "manifest.json").write_text('[{"row": 1}, 5]', encoding="utf-8")
    with pytest.raises(RosterError, match="not a list of releases"):
        list(iter_manifest(tmp_path))
    (tmp_path / "manifest.json").write_text('{"row": 1}', encoding="utf-8")
    with pytest.raises(RosterError, match="not a list of releases"):
        list(iter_manifest(tmp_path))


def test_the_manifest_spool_gives_back_what_it_was_given(tmp_path: Path) -> None:
    entries = [
        ManifestEntry(
            row=i,
            file=f"Zoë \ud800 {i}.pdf",  # a lone surrogate, as a file name may hold
            speaker_name='Zoë "Z"\nØdegård',
            event_title="Talk, part 1",
            event_date="2020-07-13",
            release_id=f"id{i}",
            sha256="ab" * 32,
            bytes=1000 + i,
            supersedes=("old1", "old2") if i else (),
            columns={"email": "z@example.org", "=cmd": "@x"} if i == 1 else {},
        )
        for i in range(3)
    ]
    with ManifestSpool(tmp_path / "spool") as spool:
        for entry in entries:
            spool.append(entry)
        assert spool[1] == entries[1]
        assert list(spool) == entries
        assert len(spool) == 3


def test_a_round_spools_what_it_issued_in_its_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The releases issued go to a file of the staging folder as they are filled, not to
    a list; the round keeps counts, and the manifest lists every row."""
    import pubrelease.filling.rounds as rounds

    spools: dict[str, ManifestSpool] = {}

    class Seen(ManifestSpool):
        def __init__(self, path: Path) -> None:
            super().__init__(path)
            spools[path.name] = self

    monkeypatch.setattr(rounds, "ManifestSpool", Seen)
    seen: list[tuple[int, int, int, bool]] = []
    out = tmp_path / "out"

    def progress(done: int) -> None:
        issued = spools[".issued"]
        last = issued[len(issued) - 1].row if len(issued) else 0  # read back from the file
        (staging,) = out.glob(".pubrelease-staging-*")
        seen.append((done, len(issued), last, (staging / ".issued").stat().st_size > 0))

    with open_roster(_csv(tmp_path / "r.csv", 4)) as roster:
        issued, kept, refused = issue_round(roster, out, progress=progress)
    assert (issued, kept, refused) == (4, 0, [])
    assert seen == [(1, 0, 0, False), (2, 1, 2, True), (3, 2, 3, True), (4, 3, 4, True)]
    assert not list(out.glob(".pubrelease-staging-*"))
    with open_roster(_csv(tmp_path / "r2.csv", 6)) as roster:
        issued, kept, refused = issue_round(roster, out)
    assert (issued, kept, refused) == (2, 4, [])
    assert [e.row for e in iter_manifest(out)] == [2, 3, 4, 5, 6, 7]


def test_fill_many_takes_a_roster_and_gives_the_batch_as_before(tmp_path: Path) -> None:
    path = _csv(tmp_path / "r.csv", 3)
    with open_roster(path) as roster:
        streamed = fill_many(roster, tmp_path / "a")
    listed = fill_many(read_roster(path), tmp_path / "b")
    assert [e.file for e in streamed.issued] == [e.file for e in listed.issued]
    assert [e.row for e in streamed.manifest] == [2, 3, 4]


def test_the_command_reads_a_roster_from_stdin_in_passes(tmp_path: Path) -> None:
    roster = _csv(tmp_path / "r.csv", 3).read_bytes()
    result = run("fill", "--roster", "-", "--out-dir", str(tmp_path / "out"), stdin=roster)
    assert result.returncode == 0, result.stderr
    output = result.stdout.decode()
    assert output.count("issued ") == 3
    assert "wrote 3 releases (0 kept from earlier rounds, 0 refused)" in output
