"""Test-session environment: where the test photos are, and the isolation every test runs in.

Imported once (as ``tests.session_env``) by conftest before any test: it points HOME, the XDG folders
and ALBUMWISE_HOME at a temporary folder and OLLAMA_HOST at a port that refuses connections, in
``os.environ`` so that every subprocess inherits it, and installs the network guard
(tests/netguard/sitecustomize.py) here and, through PYTHONPATH, in every Python subprocess.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import shutil
import socket
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
# The core set: real photos inside the repository (tests/data/README.md), always there.
CORPUS = DATA / "photos"


def _extended_corpus() -> Path | None:
    """The optional larger set: $ALBUMWISE_CORPUS, else ../shared/corpus beside the checkout."""
    named = os.environ.get("ALBUMWISE_CORPUS")
    for candidate in ([Path(named)] if named else []) + [REPO.parent / "shared" / "corpus"]:
        if (candidate / "manifest.csv").is_file():
            return candidate.resolve()
    return None


EXTENDED = _extended_corpus()


def corpus_manifest(root: Path = CORPUS) -> list[dict[str, str]]:
    """Rows of a photo set's manifest (the core set's sits beside its photos folder)."""
    path = root / "manifest.csv" if (root / "manifest.csv").is_file() else root.parent / "manifest.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- isolation (whole session, subprocesses included) ------------------------------------------------

_SANDBOX = Path(tempfile.mkdtemp(prefix="albumwise-tests-"))
_closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
_closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused, and no one else gets it
CLOSED_URL = f"http://127.0.0.1:{_closed.getsockname()[1]}"
for _name, _sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "home/.config"), ("XDG_DATA_HOME", "home/.local/share"),
                    ("XDG_CACHE_HOME", "home/.cache"), ("XDG_STATE_HOME", "home/.local/state"),
                    ("XDG_RUNTIME_DIR", "runtime"), ("ALBUMWISE_HOME", "albumwise")):
    (_SANDBOX / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_name] = str(_SANDBOX / _sub)
(_SANDBOX / "runtime").chmod(0o700)
os.environ["OLLAMA_HOST"] = CLOSED_URL
# The window speaks English whatever the machine's language (tests of other languages set their own).
os.environ["ALBUMWISE_LANGUAGE"] = "en"
# pip in subprocesses (packaging tests) installs local wheels only: no index, no version check.
os.environ["PIP_NO_INDEX"] = "1"
os.environ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
# The network guard (tests/netguard/sitecustomize.py), here and in every Python subprocess.
NETLOG = _SANDBOX / "network-violations.log"
os.environ["ALBUMWISE_TEST_NETLOG"] = str(NETLOG)
_GUARD = str(REPO / "tests" / "netguard")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_GUARD] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _GUARD])
_spec = importlib.util.spec_from_file_location("albumwise_netguard", Path(_GUARD) / "sitecustomize.py")
assert _spec and _spec.loader
_netguard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_netguard)  # installs itself: ALBUMWISE_TEST_NETLOG is set
# The place index's derived land mask (built once, ~2 s) is shared by the whole session, subprocesses too.
os.environ["ALBUMWISE_PLACES_CACHE"] = str(_SANDBOX / "places-cache")
for _name in ("ALBUMWISE_DB", "ALBUMWISE_CACHE", "OLLAMA_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
    os.environ.pop(_name, None)




def cleanup() -> None:
    _closed.close()
    shutil.rmtree(_SANDBOX, ignore_errors=True)
