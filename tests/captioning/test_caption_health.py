"""`albumwise doctor`'s Ollama check against the double: reachable, version, vision models, mllama trap."""

from __future__ import annotations

from pathlib import Path

from app.config import HostConfig, Settings, app_paths
from app.services import doctor
from tests.doubles.ollama_double import OllamaDouble


def ollama_result(url: str) -> dict:
    ctx = doctor.DoctorContext(paths=app_paths(), settings=Settings(hosts=[HostConfig(url=url)]))
    return next(r for r in doctor.run_checks(ctx) if r["name"] == "ollama")


def test_doctor_reports_vision_models_and_default(ollama_double: OllamaDouble) -> None:
    r = ollama_result(ollama_double.url)
    assert r["ok"] and "Ollama 0.12.3" in r["detail"] and "llava:latest" in r["detail"]
    assert "llama3.2:latest" not in r["detail"].split("vision models:")[1]
    assert "default: llama3.2-vision:latest" in r["detail"]


def test_doctor_warns_about_mllama_on_new_ollama() -> None:
    with OllamaDouble(version="0.31.2") as d:
        r = ollama_result(d.url)
    assert r["ok"] and "mllama" in r["detail"] and "default: qwen2.5vl:7b" in r["detail"]


def test_doctor_no_vision_model_and_unreachable() -> None:
    with OllamaDouble() as d:
        d.set_text_only()
        r = ollama_result(d.url)
        url = d.url
    assert not r["ok"] and "models pull" in r["fix"]
    r = ollama_result(url)
    assert not r["ok"] and "not reachable" in r["detail"]


def _fake_ollama(bin_dir) -> None:
    """An `ollama` program on PATH (only its presence matters: it is never run)."""
    bin_dir.mkdir(exist_ok=True)
    exe = bin_dir / "ollama"
    exe.write_text("#!/bin/sh\nexit 1\n")
    exe.chmod(0o755)


def test_doctor_never_calls_a_stopped_server_not_installed(tmp_path, monkeypatch) -> None:
    d = OllamaDouble().start()
    url = d.url
    d.stop()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no ollama program anywhere we look
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    r = ollama_result(url)
    # no sign of Ollama at all: both actions, and no claim that it is not installed
    assert not r["ok"] and "no Ollama was found" in r["fix"] and "ollama.com" in r["fix"]
    assert "ollama serve" in r["fix"] and "not installed" not in r["fix"]
    (tmp_path / "home" / ".ollama").mkdir(parents=True)  # its data folder: Ollama ran here (as a service)
    r = ollama_result(url)
    assert not r["ok"] and "installed but not running" in r["fix"] and "ollama.com" not in r["fix"]
    (tmp_path / "home" / ".ollama").rmdir()
    _fake_ollama(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    r = ollama_result(url)
    assert not r["ok"] and "installed but not running" in r["fix"] and "ollama serve" in r["fix"]
    # a server on another machine: neither install nor local start advice
    from app.captioning.install import unreachable_advice

    assert "that machine" in unreachable_advice("http://gpu-box.lan:11434")
