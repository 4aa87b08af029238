"""The stay-open exiftool driver: status and messages, no pipe deadlock, watchdog restart."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from app.metadata.exiftool import ExifTool, ExifToolTimeout, parse_json

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]


def test_status_stdout_and_stderr_per_call(tmp_path) -> None:
    with ExifTool() as et:
        ok = et.execute("-ver")
        assert ok.status == 0 and ok.stdout.strip().startswith("12.") or ok.stdout.strip()[:2].isdigit()
        missing = et.execute("-j", str(tmp_path / "nope.jpg"))
        assert missing.status == 1 and "File not found" in missing.stderr
        again = et.execute("-ver")  # the process survived the failed call
        assert again.status == 0 and again.stdout == ok.stdout


def test_arguments_with_line_breaks_are_refused() -> None:
    with ExifTool() as et:
        for bad in ("-XMP-dc:Description=a\n-all=", "x\ry", "nul\0"):
            with pytest.raises(ValueError):
                et.execute(bad)
        assert et.execute("-ver").status == 0


@pytest.mark.speed  # a time limit
def test_huge_stderr_does_not_deadlock(tmp_path) -> None:
    """1500 missing files give > 64 KiB of messages: PyExifTool hangs here, this driver must not."""
    names = [str(tmp_path / ("missing-file-with-a-long-name-" + "x" * 40 + f"-{i}.jpg")) for i in range(1500)]
    with ExifTool(timeout=60) as et:
        t0 = time.monotonic()
        res = et.execute("-j", *names)
        assert time.monotonic() - t0 < 60
        assert res.status == 1
        assert len(res.stderr) > 65536 and res.stderr.count("File not found") == 1500


@pytest.mark.speed  # a 3 s watchdog and a time limit
def test_watchdog_kills_a_hung_exiftool_and_the_next_call_works(tmp_path) -> None:
    """A call that really blocks exiftool (a Perl sleep in -if) must be killed and exiftool restarted."""
    photo = tmp_path / "a.txt"
    photo.write_text("x")
    with ExifTool(timeout=3) as et:
        pid = et.pid
        t0 = time.monotonic()
        with pytest.raises(ExifToolTimeout):
            et.execute("-if", "sleep(60); 1", "-j", str(photo))
        assert time.monotonic() - t0 < 10
        res = et.execute("-ver")
        assert res.status == 0 and et.pid != pid and et.restarts >= 1


def test_owned_by_one_thread() -> None:
    from app.metadata.exiftool import ExifToolError

    with ExifTool() as et:
        errors = []

        def other() -> None:
            try:
                et.execute("-ver")
            except ExifToolError as exc:
                errors.append(exc)

        t = threading.Thread(target=other)
        t.start()
        t.join()
        assert errors


def test_parse_json_keeps_number_text() -> None:
    rows = parse_json('[{"SourceFile": "a", "X:A": 1.50, "X:B": 7}]')
    assert rows[0]["X:A"] == "1.50" and rows[0]["X:B"] == "7"


@pytest.mark.speed  # a 2 s watchdog: every call, the restart's included, must answer within it
def test_watchdog_during_a_write_leaves_the_photo_whole(tmp_path) -> None:
    """A write that hangs (-if sleeps) is killed; the photo is unchanged and no temp file is left."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))
    from review_helpers import copy_corpus

    from app.metadata.writer import MetadataWriter, Payload, WriteError

    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path)
    data = photo.read_bytes()
    with ExifTool(timeout=2) as et:
        w = MetadataWriter(et)
        plan = w.prepare(str(photo), Payload(text="x"))[0]
        plan.args[1:1] = ["-if", "sleep(30); 1"]
        with pytest.raises(WriteError, match="did not answer"):
            w.apply(plan)
        assert et.execute("-ver").status == 0
    assert photo.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Nikon_D70.jpg"]
