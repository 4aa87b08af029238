"""packaging/ensure-path.sh: after install, `albumwise` works in a new terminal with no hand edits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "packaging" / "ensure-path.sh"


def run(home: Path, *args: str, shell: str = "/bin/bash", path: str = "/usr/bin:/bin") -> str:
    env = {"HOME": str(home), "PATH": path, "SHELL": shell}
    out = subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def fake_albumwise(home: Path) -> Path:
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    exe = bin_dir / "albumwise"
    exe.write_text("#!/bin/sh\necho albumwise 0.2.0\n")
    exe.chmod(0o755)
    return bin_dir


def test_new_bash_terminal_finds_the_command_and_current_one_gets_the_exact_command(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bin_dir = fake_albumwise(home)
    said = run(home)
    assert f'export PATH="{bin_dir}:$PATH"' in said, said
    assert ".bashrc" in said
    # A new interactive terminal (bash reads ~/.bashrc) runs `albumwise` by name.
    new = subprocess.run(["bash", "-ic", "albumwise --version"], capture_output=True, text=True, timeout=60,
                         env={"HOME": str(home), "PATH": "/usr/bin:/bin", "TERM": "dumb"})
    assert new.stdout.strip() == "albumwise 0.2.0", new.stderr
    # A login shell (~/.profile) too.
    login = subprocess.run(["bash", "-lc", "albumwise --version"], capture_output=True, text=True, timeout=60,
                           env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert login.stdout.strip() == "albumwise 0.2.0", login.stderr


def test_second_run_changes_nothing_and_existing_entries_are_respected(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fake_albumwise(home)
    run(home)
    before = {p.name: p.read_text() for p in home.iterdir() if p.is_file()}
    said = run(home)
    after = {p.name: p.read_text() for p in home.iterdir() if p.is_file()}
    assert before == after
    assert "added" not in said
    assert before[".bashrc"].count(".local/bin") == 1


def test_already_on_path_prints_no_advice_and_zsh_and_fish_profiles_are_covered(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bin_dir = fake_albumwise(home)
    (home / ".zshrc").write_text("# mine\n")
    (home / ".config" / "fish").mkdir(parents=True)
    said = run(home, path=f"{bin_dir}:/usr/bin:/bin", shell="/usr/bin/zsh")
    assert "in this terminal" not in said
    assert ".local/bin" in (home / ".zshrc").read_text()
    assert (home / ".zshrc").read_text().startswith("# mine\n")
    assert str(bin_dir) in (home / ".config" / "fish" / "conf.d" / "albumwise.fish").read_text()


def test_opt_out_only_advises(tmp_path: Path) -> None:
    home = tmp_path / "home"
    fake_albumwise(home)
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "ALBUMWISE_NO_PROFILE_EDIT": "1"}
    out = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert "export PATH=" in out.stdout
    assert not (home / ".bashrc").exists()
    assert os.listdir(home) == [".local"]
