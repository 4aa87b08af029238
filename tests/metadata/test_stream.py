"""Many writes as one stream of exiftool commands (``WriteStream``): the same result as writing them one
by one, in order, and nothing lost when exiftool dies in the middle of the stream."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.metadata.exiftool import ExifTool, ExifToolError
from app.metadata.plans import Payload
from app.metadata.stream import WriteStream
from app.metadata.writer import MetadataWriter, WritePolicy

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]
PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
SOURCE = PHOTOS / "Archive/2010s/Canon PowerShot G9 - Berlin.jpg"


def _copies(tmp: Path, n: int) -> list[str]:
    out = []
    for i in range(n):
        dest = tmp / f"p{i:02d}.jpg"
        shutil.copyfile(SOURCE, dest)
        out.append(str(dest))
    return out


def _plans(w: MetadataWriter, files: list[str]) -> list:
    metas = w.read_many(files)
    return [w.prepare(f, Payload(f"Caption {i}", ["k", f"k{i}"], source="model", model="m"), pre=metas)[0]
            for i, f in enumerate(files)]


def test_results_are_collected_in_the_order_sent(tmp_path: Path) -> None:
    with ExifTool() as et:
        a, b = et.submit("-ver"), et.submit("-j", str(tmp_path / "missing.jpg"))
        assert et.outstanding == 2
        with pytest.raises(ExifToolError):
            et.execute("-ver")  # not while results are waiting
        with pytest.raises(ExifToolError):
            et.collect(b)  # not out of order
        assert et.collect(a).status == 0 and et.collect(b).status == 1
        assert et.execute("-ver").status == 0


def test_a_stream_writes_and_verifies_every_file(tmp_path: Path) -> None:
    files = _copies(tmp_path, 12)
    with ExifTool() as et:
        w = MetadataWriter(et, WritePolicy())
        plans = _plans(w, files)
        plans.append(plans[3])  # the same file twice: written again after the first, not alongside it
        items = WriteStream.start(w, plans).drain()
        assert items[-1].deferred and not any(i.deferred for i in items[:-1])
        for item in items[:-1]:
            assert item.attempt is not None and item.result is not None
            w.complete(item.attempt, item.result)  # verifies by reading the file back
        w.apply(items[-1].plan)
        got = w.read_many(files)
    assert [got[f].get("XMP-dc:Description") for f in files] == [f"Caption {i}" for i in range(12)]
    assert not list(tmp_path.glob("*_original")) and not [p for p in tmp_path.iterdir() if "albumwise" in p.name]


def test_exiftool_dying_mid_stream_loses_no_write(tmp_path: Path) -> None:
    files = _copies(tmp_path, 8)
    with ExifTool() as et:
        w = MetadataWriter(et, WritePolicy())
        plans = _plans(w, files)
        stream = WriteStream.start(w, plans)
        assert stream.pending == len(files)
        et.collect = (lambda real: lambda seq, **kw: (et.kill(), real(seq, **kw))[1])(et.collect)  # dies now
        items = stream.drain()
        del et.collect
        assert isinstance(items[0].result, ExifToolError)
        assert all(i.result is None for i in items[1:])  # lost with it: to run again
        for item in items:
            assert item.attempt is not None
            w.complete(item.attempt, None if isinstance(item.result, ExifToolError) else item.result)
        got = w.read_many(files)
    assert [got[f].get("XMP-dc:Description") for f in files] == [f"Caption {i}" for i in range(8)]
