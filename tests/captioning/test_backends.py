"""Which backend serves a host, and its client loaded ahead of the first request."""

from __future__ import annotations

import subprocess
import sys


def test_load_soon_imports_the_client_on_a_thread_of_its_own() -> None:
    """A fresh interpreter: the ollama client is not loaded by the caption modules themselves, and
    ``load_soon`` loads it without the caller waiting (the caption command's first request), with the
    transport httpx would otherwise import during the first request, on the event loop's thread."""
    code = (
        "import sys, threading, time\n"
        "from app.captioning import backends\n"
        "assert 'ollama' not in sys.modules\n"
        "backends.load_soon(['ollama'])\n"
        "names = [t.name for t in threading.enumerate()]\n"
        "assert 'backend-import' in names, names\n"
        "deadline = time.monotonic() + 60\n"
        "while 'app.captioning.ollama_backend' not in sys.modules or any(\n"
        "        t.name == 'backend-import' for t in threading.enumerate()):\n"
        "    assert time.monotonic() < deadline\n"
        "    time.sleep(0.01)\n"
        "assert 'anyio._backends._asyncio' in sys.modules  # not left for the first request on the loop\n"
        "from app.captioning.backends import make_backend\n"
        "print(type(make_backend('http://127.0.0.1:9', 'ollama')).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "OllamaBackend"
