"""The suite's own isolation: no real home, no real Ollama, no other machine, subprocesses included."""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLOSED_URL

PROBE = """
import os, socket, sys
s = socket.socket()
try:
    s.connect(("127.0.0.1", 11434))
except ConnectionRefusedError as exc:
    print("refused:", exc)
print(os.environ["HOME"]); print(os.environ["OLLAMA_HOST"])
"""


def test_home_and_xdg_folders_are_temporary_for_the_test_and_its_children(tmp_path: Path) -> None:
    real_home = pwd.getpwuid(os.getuid()).pw_dir
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "ALBUMWISE_HOME"):
        value = os.environ[name]
        assert not Path(value).resolve().is_relative_to(Path(real_home).resolve()) or real_home in ("/", ""), name
    from app.config import app_paths

    paths = app_paths()
    assert Path(paths.db_path).resolve().is_relative_to(Path(os.environ["ALBUMWISE_HOME"]).resolve())


def test_ollama_host_points_at_a_port_that_refuses() -> None:
    assert os.environ["OLLAMA_HOST"] == CLOSED_URL
    host, port = CLOSED_URL.rsplit("//", 1)[1].split(":")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host, int(port)), timeout=5)


def test_a_subprocess_that_tries_the_real_ollama_port_is_refused_and_reported(tmp_path: Path) -> None:
    log = tmp_path / "net.log"  # its own log: this deliberate attempt must not fail the session
    env = {**os.environ, "ALBUMWISE_TEST_NETLOG": str(log)}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("refused:") and "network guard" in lines[0]
    assert lines[1] == os.environ["HOME"] and lines[2] == CLOSED_URL
    assert "127.0.0.1:11434" in log.read_text()


def test_the_doubles_still_answer(ollama_double) -> None:
    import ollama

    assert ollama.Client(host=ollama_double.url).list() is not None
