"""The README's quick start, run as written: a new user's commands from nothing to captioned, written
and searchable photos. The commands are read from the README itself (so the guide cannot drift from
the program), run in subprocesses as the `albumwise` command, against the Ollama-protocol double
standing in for the user's Ollama (found through OLLAMA_HOST, as the README says)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.doubles.ollama_double import OllamaDouble

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.exiftool]
PHOTOS = ("2019/Holiday", "Phone/Camera Roll")


def quickstart_commands() -> list[str]:
    """The terminal block of the README's Quick start (the one starting with `albumwise index`)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    (block,) = [b for b in blocks if b.lstrip().startswith("albumwise index")]
    lines = [re.sub(r"\s+#\s.*$", "", ln).strip() for ln in block.splitlines()]
    return [ln for ln in lines if ln]


def test_readme_quickstart_block_covers_the_whole_journey() -> None:
    verbs = [shlex.split(c)[1] for c in quickstart_commands()]
    for needed in ("index", "caption", "approve", "write", "search"):
        assert needed in verbs, f"the quick start lacks `albumwise {needed}`"
    assert verbs.index("index") < verbs.index("caption") < verbs.index("approve") < verbs.index("search")


@pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool not installed")
def test_readme_quickstart_takes_a_new_user_to_captioned_written_searchable_photos(
    tmp_path: Path, corpus_dir: Path, isolated_home: Path
) -> None:
    pictures = tmp_path / "Pictures"
    for rel in PHOTOS:
        shutil.copytree(corpus_dir / rel, pictures / rel)
    for p in pictures.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)

    with OllamaDouble() as ollama:
        env = {**os.environ, "OLLAMA_HOST": ollama.url, "ALBUMWISE_HOME": str(isolated_home)}
        env.pop("ALBUMWISE_DB", None)

        def albumwise(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "app", *args],
                capture_output=True,
                text=True,
                timeout=600,
                env=env,
                cwd=REPO,
            )

        for command in quickstart_commands():
            words = [w.replace("~/Pictures", str(pictures)) for w in shlex.split(command)]
            assert words[0] == "albumwise"
            out = albumwise(*words[1:])
            assert out.returncode == 0, f"`{command}` exited {out.returncode}: {out.stderr.strip()[-2000:]}"
            assert "Traceback" not in out.stderr, out.stderr

        listed = albumwise("list", "--json")
        assert listed.returncode == 0, listed.stderr
        text = listed.stdout.strip()
        try:
            rows = json.loads(text)
        except ValueError:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    images = [r for r in rows if not r.get("error")]
    assert images, "nothing indexed"
    written = [r for r in images if r.get("caption_state") == "written"]
    assert len(written) == len(images), {r["path"]: r.get("caption_state") for r in images}

    # Captions are in the photo (or its sidecar) for other apps, and the search finds them.
    sample = written[0]
    target = sample["path"]
    sidecars = [s for s in (target + ".xmp", str(Path(target).with_suffix(".xmp"))) if Path(s).exists()]
    read_from = sidecars[0] if sidecars else target
    meta = subprocess.run(
        ["exiftool", "-j", "-XMP-dc:Description", read_from], capture_output=True, text=True, timeout=60
    )
    assert json.loads(meta.stdout)[0].get("Description") == sample["caption"]
    word = max(re.findall(r"[A-Za-z]{5,}", sample["caption"]), key=len)
    found = subprocess.run(
        [sys.executable, "-m", "app", "search", word, "--json", "--limit", "200"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ALBUMWISE_HOME": str(isolated_home)},
        cwd=REPO,
    )
    assert found.returncode == 0, found.stderr
    assert target in [hit["path"] for hit in json.loads(found.stdout)]


# The README's links (to its own sections, into docs/ and to files) are checked by test_docs_links.py.
