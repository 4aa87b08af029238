"""The index progress bar is one bar per task (no second, interleaved bar)."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from app.cli import common
from app.cli.common import ProgressBar
from app.core.progress import Progress
from app.library import scanner


class _Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def monotonic(self) -> float:
        self.t += 1.0
        return self.t


def _bars(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"\] (\d+)/(\d+)", text)]


def test_index_draws_one_bar_whose_total_is_the_whole_task(db, tmp_path: Path, capsys, monkeypatch) -> None:
    for i in range(12):
        (tmp_path / "lib").mkdir(exist_ok=True)
        Image.new("RGB", (40, 30), (i * 20, 50, 50)).save(tmp_path / "lib" / f"p{i:02d}.jpg")
    monkeypatch.setattr(scanner, "BATCH", 3)  # several database batches while reading goes on
    monkeypatch.setattr(scanner, "CHUNK", 2)
    bar = ProgressBar("indexing", enabled=True)
    monkeypatch.setattr(common, "time", _Clock())  # a second passes between updates: every one is drawn
    scanner.index_folders(db, [str(tmp_path / "lib")], progress=bar, workers=1)
    bar.finish()
    err = capsys.readouterr().err
    bars = _bars(err)
    assert bars and {total for _, total in bars} == {12}, bars  # never a "3/3" bar for a batch
    assert [done for done, _ in bars] == sorted(done for done, _ in bars)  # one bar, only going forward
    assert "(saving)" in err  # the batch writes are named beside the bar


def test_a_later_task_phase_takes_the_bar_only_when_the_first_is_done(capsys) -> None:
    common_time = common.time
    try:
        common.time = _Clock()  # type: ignore[assignment]
        bar = ProgressBar("work", enabled=True)
        for p in (Progress("walking", 5), Progress("reading", 1, 4), Progress("other", 7, 9),
                  Progress("reading", 4, 4), Progress("next", 1, 2)):
            bar(p)
    finally:
        common.time = common_time  # type: ignore[assignment]
    lines = [ln.strip() for ln in capsys.readouterr().err.split("\r") if ln.strip()]
    assert lines[0].startswith("work 5")
    assert _bars(" ".join(lines[1:3])) == [(1, 4), (1, 4)] and "(other)" in lines[2]
    assert _bars(lines[-1]) == [(1, 2)]


def test_the_bar_is_cleared_when_its_task_fails(capsys) -> None:
    """``with ProgressBar(...)``: a task that raises leaves no half-drawn bar before the error line."""
    try:
        with ProgressBar("embedding", enabled=True) as bar:
            bar(Progress("embedding", 3, 10))
            raise RuntimeError("server gone")
    except RuntimeError:
        pass
    err = capsys.readouterr().err
    assert "3/10" in err
    assert err.endswith("\r") and err.rsplit("\r", 2)[-2].strip() == ""  # the last thing drawn is a blank line
