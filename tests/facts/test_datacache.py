"""The table cache: keys, atomic writes, damaged files rebuilt, two builders at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from app.facts import datacache, towns
from tests.session_env import REPO


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tables"
    monkeypatch.setenv("ALBUMWISE_TABLE_CACHE", str(folder))
    return folder


def _toy(builds: list[int]):  # type: ignore[no-untyped-def]
    def build() -> datacache.Arrays:
        builds.append(1)
        return {"x": np.arange(5, dtype=np.int64), "s": datacache.text(["a", "bé", "東京"], "\x1f")}

    return build


def _valid(a: datacache.Arrays) -> bool:
    return a["x"].shape == (5,) and datacache.holds(a["s"], "\x1f", 3)


def _same(a: datacache.Arrays) -> None:
    assert a["x"].tolist() == [0, 1, 2, 3, 4]
    assert datacache.strings(a["s"], "\x1f", 3) == ["a", "bé", "東京"]


def test_a_table_is_built_once_then_read(cache: Path) -> None:
    builds: list[int] = []
    _same(datacache.load("toy", ("k", 1), _toy(builds), _valid))
    _same(datacache.load("toy", ("k", 1), _toy(builds), _valid))
    assert len(builds) == 1
    assert [p.name for p in cache.iterdir()] == [datacache.path_for("toy", ("k", 1)).name]


def test_a_new_key_builds_a_new_table_and_removes_the_old(cache: Path) -> None:
    builds: list[int] = []
    datacache.load("toy", ("k", 1), _toy(builds), _valid)
    datacache.load("other", ("k", 1), _toy(builds), _valid)  # another table's file stays
    _same(datacache.load("toy", ("k", 2), _toy(builds), _valid))
    assert len(builds) == 3
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [datacache.path_for("toy", ("k", 2)).name, datacache.path_for("other", ("k", 1)).name])


def test_temporary_files_of_builders_that_died_are_removed(cache: Path) -> None:
    path = datacache.path_for("toy", ("k", 1))
    cache.mkdir(parents=True)
    dead, busy = cache / f"{path.stem}.111.222.tmp.npz", cache / f"{path.stem}.333.444.tmp.npz"
    dead.write_bytes(b"half")
    busy.write_bytes(b"half")
    os.utime(dead, (time.time() - 2 * datacache.STALE_TMP_S,) * 2)
    datacache.load("toy", ("k", 1), _toy([]), _valid)
    assert not dead.exists() and busy.exists()  # another process may still be writing that one


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped byte", "empty"])
def test_a_damaged_file_is_built_again_and_replaced(cache: Path, damage: str) -> None:
    builds: list[int] = []
    datacache.load("toy", ("k", 1), _toy(builds), _valid)
    path = datacache.path_for("toy", ("k", 1))
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a table" * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":  # inside the first array's data: only the zip's checksum notices
        at = data.index(b"\x01\x00\x00\x00\x00\x00\x00\x00")
        path.write_bytes(data[:at] + b"\x07" + data[at + 1:])
    else:
        path.write_bytes(b"")
    _same(datacache.load("toy", ("k", 1), _toy(builds), _valid))
    assert len(builds) == 2
    _same(datacache.read(path))  # the damaged file was replaced by a good one


def test_a_table_that_fails_its_check_is_built_again(cache: Path) -> None:
    builds: list[int] = []
    path = datacache.path_for("toy", ("k", 1))
    datacache.write(path, {"x": np.arange(3, dtype=np.int64), "s": datacache.text(["a"], "\x1f")})
    _same(datacache.load("toy", ("k", 1), _toy(builds), _valid))
    assert len(builds) == 1


def test_a_cache_that_cannot_be_written_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("ALBUMWISE_TABLE_CACHE", str(blocker / "tables"))  # its parent is a file
    builds: list[int] = []
    _same(datacache.load("toy", ("k", 1), _toy(builds), _valid))
    _same(datacache.load("toy", ("k", 1), _toy(builds), _valid))
    assert len(builds) == 2


def test_the_cache_folder_is_the_apps_unless_named(monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> None:
    monkeypatch.delenv("ALBUMWISE_TABLE_CACHE", raising=False)
    assert datacache.folder() == isolated_home / "cache" / "tables"


def _sorted(values: list[str]) -> tuple[np.ndarray, np.ndarray, str]:
    blob = datacache.text(values, "\x1f")
    starts = datacache.offsets(blob, "\x1f", len(values))
    assert datacache.sorted_ok(blob, starts, "\x1f", len(values))
    return blob, starts, "\x1f"


@pytest.mark.parametrize("values", [[], [""], ["", "a"], ["only"]])
def test_sorted_strings_of_none_or_one(values: list[str]) -> None:
    table = datacache.SortedStrings(*_sorted(values))
    assert [table.index(v) for v in values] == list(range(len(values)))
    assert table.index("zz") == -1 and table.strings() == values
    assert list(table.starting("")) == list(range(len(values)))


def test_sorted_strings_find_every_string_before_and_after_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    values = sorted({"", "a", "ab", "b", "zoë", "zoe", "東京", "ßtraße", "é" * 30, "x y"})
    table = datacache.SortedStrings(*_sorted(values))
    missing = ["aa", "zz", "\ud800", "東", " ", "zo"]
    assert [table.index(v) for v in values] == list(range(len(values)))
    assert all(table.index(v) == -1 for v in missing)
    assert [table.at(i) for i in table.starting("zo")] == ["zoe", "zoë"]
    monkeypatch.setattr(datacache.SortedStrings, "DECODE_AFTER", 0)
    table = datacache.SortedStrings(*_sorted(values))
    assert [table.index(v) for v in values] == list(range(len(values)))
    assert all(table.index(v) == -1 for v in missing) and table.strings() == values
    for prefix in ("", "a", "zo", "東", "é", "q"):
        assert [values[i] for i in table.starting(prefix)] == [v for v in values if v.startswith(prefix)]
        assert [table.at(i) for i in table.starting(prefix)] == [v for v in values if v.startswith(prefix)]


CHILD = """
import json, sys, time
from pathlib import Path
from app.facts import towns
build = towns.build
def slow_build():
    out = build()
    time.sleep(1.0)  # both processes are now about to write
    return out
towns.build = slow_build
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.01)
t = towns.table()
print(json.dumps([t.n, t.rows_named("paris")[:5], t.rows_named("krakow"), t.code_of(t.rows_named("roma")[0])]))
"""


def test_two_processes_building_the_town_table_at_once(cache: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    env = {**os.environ, "ALBUMWISE_TABLE_CACHE": str(cache)}
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(go)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(0.5)
    go.touch()
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert outs[0][0] == outs[1][0] and outs[0][0].strip()
    files = sorted(p.name for p in cache.iterdir())
    assert files == [datacache.path_for("towns", towns.key()).name]  # one table, no temporary files left
    assert towns.valid(datacache.read(cache / files[0]))
