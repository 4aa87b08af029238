"""Benchmark: keyframes of a video, by seeking only.

Run: .venv/bin/python -m pytest -m bench tests/bench/bench_video.py -s

1. A 1-minute 1080p H.264 clip (a keyframe every 2 s, made here in a temporary folder): the time
   Albumwise takes to choose and decode its K keyframes for captioning (``video_frames.keyframes``),
   side by side with the ``ffmpeg`` command line doing the same selection (when ffmpeg is installed:
   ``apt-get install -y ffmpeg``, for this benchmark only): (a) one seek per chosen time, the way we
   do it, and (b) one pass decoding every keyframe with a scene-change select filter.
2. A 2-hour 4K (3840×2160) H.264 file (made by repeating a 10-second encode with shifted timestamps,
   kept out of the tree): time and peak memory of the same call, in a fresh process.
   Target: seconds, never a full decode, peak memory ≤ 500 MB.
Figures are printed; a busy machine gives noisy times (re-measure on a quiet one).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.library import video_frames
from tests.library import video_clips as vc

pytestmark = pytest.mark.bench
REPO = Path(__file__).resolve().parents[2]
MEMORY_CEILING_MB = 500

STEP = r"""
import json, sys, time
from app.library import video_frames
t = time.perf_counter()
k = video_frames.frames_for(float(sys.argv[2]))
frames = video_frames.keyframes(sys.argv[1], k, 1120)
took = time.perf_counter() - t
with open("/proc/self/status") as fh:
    peak = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")) / 1024
print(json.dumps({"seconds": took, "peak_mb": peak, "k": len(frames)}))
"""


def long_4k(path: Path, hours: float = 2.0) -> Path:
    """A long 4K file: 10 s encoded once (a keyframe every 2 s), its packets muxed again and again."""
    import av

    piece = path.with_suffix(".piece.mp4")
    vc.make_clip(piece, seconds=10, size=(3840, 2160), fps=30, gop=60, scenes=[vc.RED, vc.GREEN, vc.BLUE, vc.YELLOW,
                                                                              vc.WHITE])
    with av.open(str(piece)) as src:
        packets = [p for p in src.demux(src.streams.video[0]) if p.size]
        tb = src.streams.video[0].time_base
        with av.open(str(path), "w") as out:
            s = out.add_stream_from_template(src.streams.video[0])
            step = int(10 / tb)
            for i in range(int(hours * 360)):
                for p in packets:
                    p.pts = (p.pts or 0) + (step if i else 0)
                    p.dts = (p.dts or 0) + (step if i else 0)
                    p.stream = s
                    out.mux(p)
    piece.unlink()
    return path


def test_keyframes_of_a_1080p_minute_against_ffmpeg(tmp_path: Path) -> None:
    clip = vc.make_clip(tmp_path / "minute.mp4", seconds=60, size=(1920, 1080), fps=30, gop=60,
                        scenes=[vc.RED, vc.GREEN, vc.BLUE, vc.YELLOW, vc.WHITE, vc.BLACK])
    k = video_frames.frames_for(60.0)
    t = time.perf_counter()
    picked = video_frames.keyframes(clip, k, 1120)
    ours = time.perf_counter() - t
    print(f"\n1080p, 60 s, keyframe every 2 s: Albumwise chose {len(picked)} of {k} keyframes in {ours:.2f} s "
          f"(decoded {video_frames.candidates_for(k)} candidates by seeking)")
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        print("ffmpeg is not installed: no side-by-side figure (apt-get install -y ffmpeg)")
        return
    t = time.perf_counter()
    for i, kf in enumerate(picked):
        subprocess.run([ffmpeg, "-v", "error", "-y", "-ss", f"{kf.time:.3f}", "-skip_frame", "nokey", "-i", str(clip),
                        "-frames:v", "1", "-vf", "scale=1120:-2", str(tmp_path / f"seek{i}.jpg")], check=True)
    seek = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([ffmpeg, "-v", "error", "-y", "-skip_frame", "nokey", "-i", str(clip), "-vf",
                    "select='gt(scene,0.3)+eq(n,0)',scale=1120:-2", "-fps_mode", "vfr",
                    str(tmp_path / "scene%02d.jpg")],
                   check=True)
    scan = time.perf_counter() - t
    print(f"ffmpeg command line: one seek per chosen frame {seek:.2f} s; "
          f"every keyframe with a scene filter {scan:.2f} s")


def test_a_two_hour_4k_file_costs_seconds_and_bounded_memory(tmp_path: Path) -> None:
    t = time.perf_counter()
    path = long_4k(tmp_path / "long4k.mp4")
    made = time.perf_counter() - t
    size_mb = path.stat().st_size / 1e6
    out = subprocess.run([sys.executable, "-c", STEP, str(path), "7200"], capture_output=True, text=True, cwd=REPO,
                         check=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\n4K, 2 h ({size_mb:.0f} MB, made in {made:.0f} s): {res['k']} keyframes in {res['seconds']:.2f} s, "
          f"peak memory {res['peak_mb']:.0f} MB (target ≤ {MEMORY_CEILING_MB} MB)")
    assert res["peak_mb"] <= MEMORY_CEILING_MB
    assert res["k"] >= 4
