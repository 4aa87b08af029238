"""Health checks for ``albumwise doctor`` (and the GUI's About/diagnostics).

``CHECKS`` is a list of functions ``check(ctx) -> dict`` returning
``{"name", "ok", "detail", "fix"}`` (``fix`` is an empty string when ok). Other areas append
their own (e.g. the Ollama check): ``doctor.CHECKS.append(my_check)``. ``ctx`` is a
``DoctorContext`` with the app paths and settings; a check must never raise.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from dataclasses import dataclass
from typing import Any, Callable

from app.config import AppPaths, Settings


@dataclass
class DoctorContext:
    paths: AppPaths
    settings: Settings


Check = Callable[[DoctorContext], dict[str, Any]]


def result(name: str, ok: bool, detail: str, fix: str = "", **facts: Any) -> dict[str, Any]:
    """One check's answer; ``facts`` (a version, a path) let the window word ``detail`` in its language."""
    return {"name": name, "ok": bool(ok), "detail": detail, "fix": "" if ok else fix, **facts}


def check_exiftool(ctx: DoctorContext) -> dict[str, Any]:
    finding = exiftool_finding(ctx)
    return {k: finding[k] for k in ("name", "ok", "detail", "fix")}  # the JSON fields of `doctor --json`


def exiftool_finding(ctx: DoctorContext) -> dict[str, Any]:
    """``check_exiftool`` with the facts behind its words (``problem``, ``version``, ``path``), so the
    window can say it in its own language."""
    from app.library.exiftool_read import exiftool_path

    exe = exiftool_path()
    fix = "install exiftool: sudo apt install libimage-exiftool-perl (or set ALBUMWISE_EXIFTOOL)"
    if not exe:
        return result("exiftool", False, "exiftool not found on PATH", fix, problem="missing")
    try:
        out = subprocess.run([exe, "-ver"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return result("exiftool", False, f"{exe} does not run: {exc}", fix)
    version = out.stdout.strip()
    if out.returncode != 0 or not version:
        return result("exiftool", False, f"{exe} failed: {out.stderr.strip()[:200]}", fix)
    try:
        too_old = float(version) < 12.15
    except ValueError:
        too_old = False
    if too_old:
        return result("exiftool", False, f"exiftool {version} at {exe} is too old (need ≥ 12.15)", fix,
                      problem="too_old", version=version, path=exe)
    return result("exiftool", True, f"exiftool {version} at {exe}", version=version, path=exe)


def check_database(ctx: DoctorContext) -> dict[str, Any]:
    path = ctx.paths.db_path
    if not path.exists():
        return result("database", True, f"{path} (not created yet; `albumwise index FOLDER` creates it)")
    try:
        size = path.stat().st_size
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY applied_at, name")]
            photos = conn.execute("SELECT count(*) FROM photos").fetchone()[0]
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        return result("database", False, f"{path}: {exc}", "check the path given by --db / ALBUMWISE_DB")
    schema = names[-1] if names else "none"
    return result("database", True, f"{path} ({_size(size)}, {photos} photos, schema {len(names)} migrations, last {schema})")


def check_thumbnails(ctx: DoctorContext) -> dict[str, Any]:
    from app.services.library import thumb_dir

    d = thumb_dir(ctx.paths, ctx.settings)
    try:
        d.mkdir(parents=True, exist_ok=True)
        writable = os.access(d, os.W_OK)
        files, total = 0, 0
        for root, _dirs, names in os.walk(d):
            for n in names:
                files += 1
                try:
                    total += os.path.getsize(os.path.join(root, n))
                except OSError:
                    pass
    except OSError as exc:
        return result("thumbnail cache", False, f"{d}: {exc}", "set a writable thumbnail_cache_dir in settings")
    if not writable:
        return result("thumbnail cache", False, f"{d} is not writable", "fix the folder permissions")
    return result("thumbnail cache", True, f"{d} ({files} files, {_size(total)})")


def check_python(ctx: DoctorContext) -> dict[str, Any]:
    import PIL

    try:
        import pillow_heif

        heif = f"pillow-heif {pillow_heif.__version__} (libheif {pillow_heif.libheif_version()})"
        ok = True
    except Exception as exc:  # noqa: BLE001
        heif, ok = f"pillow-heif missing ({exc})", False
    detail = f"Python {platform.python_version()}, Pillow {PIL.__version__}, {heif}, SQLite {sqlite3.sqlite_version}"
    return result("python", ok, detail, "reinstall: pip install pillow-heif")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def check_video(ctx: DoctorContext) -> dict[str, Any]:
    """Videos are read and their keyframes decoded by PyAV's own FFmpeg (no system ffmpeg)."""
    try:
        import av

        codecs = [c for c in ("h264", "hevc", "mpeg4", "mjpeg", "vp9", "av1") if c in av.codecs_available]
        info = getattr(av, "ffmpeg_version_info", "?")
        ffmpeg = info if isinstance(info, str) else ".".join(str(x) for x in info[:3])
    except Exception as exc:  # noqa: BLE001
        return result("video", False, f"PyAV missing ({exc}): videos cannot be indexed", "reinstall: pip install av")
    ok = {"h264", "hevc"} <= set(codecs)
    return result("video", ok, f"PyAV {av.__version__} (FFmpeg {ffmpeg}), decoders: {', '.join(codecs)}",
                  "" if ok else "reinstall PyAV from its wheel: pip install --force-reinstall av")


CHECKS: list[Check] = [check_exiftool, check_database, check_thumbnails, check_python, check_video]


def run_checks(ctx: DoctorContext) -> list[dict[str, Any]]:
    """Run every check; a check that raises is reported as failed, never propagated."""
    out = []
    for check in list(CHECKS):
        try:
            out.append(check(ctx))
        except Exception as exc:  # noqa: BLE001
            out.append(result(getattr(check, "__name__", "check"), False, f"check crashed: {exc}", "report a bug"))
    return out


def check_ollama(ctx: DoctorContext) -> dict[str, Any]:
    """Captioning servers: reachable, version, vision models installed, the mllama/0.30 trap."""
    from app.captioning.health import check_hosts

    ok, detail, fix = check_hosts(ctx.settings)
    return result("ollama", ok, detail, fix)


CHECKS.append(check_ollama)
