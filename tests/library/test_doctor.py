"""doctor: real checks against a real database and cache; appended checks; a crashing check."""

from __future__ import annotations

import shutil

from app.config import Settings, app_paths
from app.services import doctor
from app.store import db as dbmod


def test_checks_report_real_state(tmp_path) -> None:
    paths = app_paths(tmp_path / "lib.db").ensure()
    ctx = doctor.DoctorContext(paths=paths, settings=Settings(thumbnail_cache_dir=str(tmp_path / "thumbs")))
    before = {r["name"]: r for r in doctor.run_checks(ctx)}
    assert "not created yet" in before["database"]["detail"]
    dbmod.connect(paths.db_path).conn.close()
    results = {r["name"]: r for r in doctor.run_checks(ctx)}
    assert results["database"]["ok"] and "0 photos" in results["database"]["detail"]
    assert str(tmp_path / "thumbs") in results["thumbnail cache"]["detail"]
    assert results["exiftool"]["ok"] == (shutil.which("exiftool") is not None)
    assert "Pillow" in results["python"]["detail"]
    for r in results.values():
        assert r["fix"] == "" if r["ok"] else r["fix"]


def test_appended_and_crashing_checks(tmp_path, monkeypatch) -> None:
    def ollama(ctx):
        return doctor.result("ollama", False, "no server at 127.0.0.1:1", "start ollama")

    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setattr(doctor, "CHECKS", [*doctor.CHECKS, ollama, broken])
    ctx = doctor.DoctorContext(paths=app_paths(tmp_path / "x.db").ensure(), settings=Settings())
    results = doctor.run_checks(ctx)
    assert results[-2] == {"name": "ollama", "ok": False, "detail": "no server at 127.0.0.1:1", "fix": "start ollama"}
    assert results[-1]["name"] == "broken" and not results[-1]["ok"] and "boom" in results[-1]["detail"]


def test_missing_exiftool_is_explained(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALBUMWISE_EXIFTOOL", str(tmp_path / "no-such-exiftool"))
    ctx = doctor.DoctorContext(paths=app_paths(tmp_path / "x.db").ensure(), settings=Settings())
    r = doctor.check_exiftool(ctx)
    assert not r["ok"] and "apt install libimage-exiftool-perl" in r["fix"]


def test_doctor_names_the_video_decoder(tmp_path) -> None:
    from app.services import doctor

    r = doctor.check_video(None)
    assert r["ok"] and "PyAV" in r["detail"] and "h264" in r["detail"] and "hevc" in r["detail"]
