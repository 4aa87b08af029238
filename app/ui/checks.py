"""Plain-words checks of what Albumwise needs: exiftool, and a reachable host with a vision model.

Each check returns ``(ok, headline, how_to_fix)``; the first-run dialog and the settings dialog show
them as they are. Network and process work happens off the main thread (awaited).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

translate = QCoreApplication.translate
EXIFTOOL_FIX = {
    "linux": QT_TRANSLATE_NOOP("Checks", "Install it with:  sudo apt install libimage-exiftool-perl   "
                                         "(Fedora: sudo dnf install perl-Image-ExifTool)"),
    "darwin": QT_TRANSLATE_NOOP("Checks", "Install it with:  brew install exiftool   (or the package from exiftool.org)"),
    "win32": QT_TRANSLATE_NOOP("Checks", "Download the Windows executable from https://exiftool.org and put "
                                         "exiftool.exe on your PATH."),
}


async def check_exiftool(executor: Any, paths: Any = None, settings: Any = None) -> tuple[bool, str, str]:
    """The doctor's exiftool check (``app.services.doctor``), said in plain words."""
    from app.services import doctor  # noqa: PLC0415

    res = await asyncio.get_running_loop().run_in_executor(
        executor, doctor.exiftool_finding, doctor.DoctorContext(paths, settings))
    detail = _exiftool_words(res)
    if res["ok"]:
        return True, translate("Checks", "{detail}: approved captions can be written into your photos.").format(
            detail=detail), ""
    fix = translate("Checks", EXIFTOOL_FIX.get(sys.platform, EXIFTOOL_FIX["linux"]))
    return False, translate("Checks", "{detail}. You can still caption, review and search, but Albumwise cannot "
                                      "write captions into your photo files until exiftool is installed.").format(
        detail=detail), fix


def _exiftool_words(res: dict[str, Any]) -> str:
    """The doctor's finding in the window's language (its English ``detail`` when it names no facts:
    then it quotes what exiftool itself said)."""
    if res.get("problem") == "missing":
        return translate("Checks", "exiftool not found on PATH")
    if res.get("version") and res.get("path"):
        text = translate("Checks", "exiftool {version} at {path}") if res.get("problem") != "too_old" else \
            translate("Checks", "exiftool {version} at {path} is too old (12.15 or newer is needed)")
        return text.format(version=res["version"], path=res["path"])
    return str(res["detail"])


log = logging.getLogger("albumwise.ui")


async def check_host(host: Any, wanted_model: str = "") -> tuple[bool, str, str, list[str]]:
    """Is the host reachable, and does it have a vision model? Returns (ok, headline, fix, models)."""
    from app.services import captioning as capsvc  # noqa: PLC0415

    try:
        version = await asyncio.wait_for(capsvc.server_version(host), 8)
    except Exception as exc:  # noqa: BLE001 - explained below
        log.debug("host check %s: %r", host.url, exc)  # the class name is for the log, not the person
        return (False, translate("Checks", "Ollama is not reachable at {url}.").format(url=host.url),
                translate("Checks", "Install Ollama from https://ollama.com/download and start it (open the app, or "
                                    "run:  ollama serve). If it runs on another computer, add that address under "
                                    "Settings → Hosts."), [])
    try:
        # only models that can look at pictures (vision unknown: listed, the server could not say)
        models = [m.name for m in await asyncio.wait_for(capsvc.list_models(host), 15) if m.vision is not False]
    except Exception as exc:  # noqa: BLE001
        return (False, translate("Checks", "Ollama answers at {url} but listing its models failed: {error}").format(
            url=host.url, error=exc), translate("Checks", "Check the Ollama log."), [])
    label = f"Ollama {version}" if version else translate("Checks", "The server")
    if not models:
        return (False, translate("Checks", "{server} is running at {url}, but no vision model is installed (a model "
                                           "that can look at pictures).").format(server=label, url=host.url),
                translate("Checks", "Install one with:  ollama pull qwen2.5vl:7b   (smaller: ollama pull moondream; "
                                    "or use Settings → Model → Pull)."), [])
    if wanted_model and wanted_model not in models and wanted_model.split(":")[0] not in {m.split(":")[0] for m in models}:
        return (False, translate("Checks", "{server} is running, but the chosen model “{model}” is not installed."
                                 ).format(server=label, model=wanted_model),
                translate("Checks", "Pick one of: {models} — or run:  ollama pull {model}").format(
                    models=", ".join(models), model=wanted_model), models)
    return True, translate("Checks", "{server} is running at {url} with %Ln vision model(s): {models}.", None,
                           len(models)).format(server=label, url=host.url, models=", ".join(models)), "", models
