"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import subprocess
from typing import Callable

import pytest


@pytest.fixture
def run_main(capsys: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess]:
    """The ``albumwise`` entry point in-process (fast; used where process start-up adds nothing):
    returns what a subprocess would, exit code and captured output."""
    from app.cli.main import main

    def go(*args: str) -> subprocess.CompletedProcess:
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out.out, out.err)

    return go
