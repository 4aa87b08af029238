"""Why a local Ollama does not answer: not installed (how to install) or not running (how to start).

"Start Ollama" is no help to someone who never installed it, so ``doctor``, ``models`` and the
captioning pause tell the two apart. Only for a server on this machine; a remote host gets
"start it there or fix the address".
"""

from __future__ import annotations

import os
import shutil
import sys
from urllib.parse import urlsplit

INSTALL_URL = "https://ollama.com/download"
LOCAL_NAMES = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


def is_local(url: str) -> bool:
    try:
        host = urlsplit(url if "//" in url else "http://" + url).hostname or ""
    except ValueError:
        return False
    return host in LOCAL_NAMES or host.startswith("127.")


def ollama_executable() -> str | None:
    """The installed ``ollama`` program, or None (PATH, then the desktop apps' usual places)."""
    found = shutil.which("ollama")
    if found:
        return found
    if sys.platform == "darwin" and os.path.isdir("/Applications/Ollama.app"):
        return "/Applications/Ollama.app"
    if os.name == "nt":
        exe = os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs", "Ollama", "ollama.exe")
        if os.path.isfile(exe):
            return exe
    return None


def install_hint() -> str:
    if sys.platform.startswith("linux"):
        return f"install it: curl -fsSL https://ollama.com/install.sh | sh (or see {INSTALL_URL})"
    return f"install it from {INSTALL_URL}"


def unreachable_advice(url: str) -> str:
    """One line: what is wrong with the server at ``url`` and what to do about it."""
    if not is_local(url):
        return f"cannot reach {url}: start Ollama on that machine (ollama serve) or fix the host address"
    exe = ollama_executable()
    if exe is None:
        return f"Ollama is not installed: {install_hint()}, then pull a vision model (albumwise models pull qwen2.5vl)"
    start = "open the Ollama app" if exe.endswith(".app") else "run: ollama serve (or: systemctl start ollama)"
    return f"Ollama is installed but not running at {url}: start it ({start})"
