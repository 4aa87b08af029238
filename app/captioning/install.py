"""Why a local Ollama does not answer, and what to do: start it, or install it, or start it again.

"Start Ollama" is no help to someone who never installed it, and "install Ollama" is wrong advice
for someone whose server merely stopped, so ``doctor``, ``models`` and the captioning pause tell
the cases apart, and never claim "not installed" on a guess:
- a server that answered earlier in the run and then stopped is an *outage* (``outage_advice``);
- a local server that does not answer, on a computer with signs of an Ollama installation (the
  program in a usual place, its ``~/.ollama`` folder, its service), is "installed but not running";
- with no sign at all, the advice names both actions: install it, or start it if it lives
  somewhere we did not look (a container, an unusual folder).
A remote host gets "start it there or fix the address".
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

INSTALL_URL = "https://ollama.com/download"
LOCAL_NAMES = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


def is_local(url: str) -> bool:
    try:
        host = urlsplit(url if "//" in url else "http://" + url).hostname or ""
    except ValueError:
        return False
    return host in LOCAL_NAMES or host.startswith("127.")


def _usual_places() -> list[Path]:
    home = Path.home()
    if sys.platform == "darwin":
        return [Path("/usr/local/bin/ollama"), Path("/opt/homebrew/bin/ollama")]
    if os.name == "nt":
        return [Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Ollama" / "ollama.exe"]
    return [Path("/usr/local/bin/ollama"), Path("/usr/bin/ollama"), Path("/snap/bin/ollama"),
            home / ".local" / "bin" / "ollama", home / "bin" / "ollama"]


def ollama_executable() -> str | None:
    """The installed ``ollama`` program, or None (PATH, the desktop apps, then the usual folders: a
    desktop session's PATH often lacks ~/.local/bin)."""
    found = shutil.which("ollama")
    if found:
        return found
    if sys.platform == "darwin" and os.path.isdir("/Applications/Ollama.app"):
        return "/Applications/Ollama.app"
    for p in _usual_places():
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
    return None


def ollama_traces() -> bool:
    """Signs that Ollama was installed and run on this computer, without its program in sight: its
    data folder (made on the first start), a models folder named in the environment, its service."""
    candidates = [Path.home() / ".ollama", Path("/usr/share/ollama/.ollama"),
                  Path("/etc/systemd/system/ollama.service")]
    if os.environ.get("OLLAMA_MODELS"):
        candidates.append(Path(os.environ["OLLAMA_MODELS"]))
    return any(p.exists() for p in candidates)


def install_hint() -> str:
    if sys.platform.startswith("linux"):
        return f"install it: curl -fsSL https://ollama.com/install.sh | sh (or see {INSTALL_URL})"
    return f"install it from {INSTALL_URL}"


def _start_hint(exe: str | None) -> str:
    if exe and exe.endswith(".app"):
        return "open the Ollama app"
    return "run: ollama serve (or: systemctl start ollama)"


def unreachable_advice(url: str) -> str:
    """One line: what is wrong with the server at ``url`` (never reached) and what to do about it."""
    if not is_local(url):
        return f"cannot reach {url}: start Ollama on that machine (ollama serve) or fix the host address"
    exe = ollama_executable()
    if exe is not None or ollama_traces():
        return f"Ollama is installed but not running at {url}: start it ({_start_hint(exe)})"
    return (f"nothing answers at {url} and no Ollama was found on this computer: {install_hint()}, then pull "
            f"a vision model (albumwise models pull qwen2.5vl); if it is installed somewhere else, start it "
            f"(ollama serve)")


def outage_advice(url: str, seconds: float) -> str:
    """One line for a server that answered earlier in the run and has not answered since."""
    where = "on that machine " if not is_local(url) else ""
    return (f"the captioning server at {url} went away during the run and has not answered for {seconds:.0f} s: "
            f"start it again {where}({_start_hint(ollama_executable() if is_local(url) else None)}); "
            f"captioning goes ahead by itself once it answers")
