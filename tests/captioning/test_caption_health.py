"""`albumwise doctor`'s Ollama check against the double: reachable, version, vision models, mllama trap."""

from __future__ import annotations

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
    assert not r["ok"] and "not reachable" in r["detail"] and "ollama serve" in r["fix"]
