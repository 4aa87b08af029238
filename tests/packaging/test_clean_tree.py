"""A clean tree: the top level holds only the folders of the design (plus git-ignored build and virtual
environment folders), no tracked file outside the test photos and resources/ is over 1 MB, and nothing a
user or contributor reads speaks in the project's internal shorthand (ticket numbers, work rounds,
"seed" projects) or cites notes that are not in the repository."""

from __future__ import annotations

import io
import re
import subprocess
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
THIS = Path(__file__).resolve().relative_to(REPO).as_posix()

# The layout: code, resources, tests, packaging scripts, the manual and CI.
TOP_FOLDERS = {"app", "resources", "tests", "packaging", "docs", ".ci"}
TOP_FILES = {"README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml", "mkdocs.yml", ".gitignore"}
BIG_ALLOWED = ("tests/data/", "resources/")
MAX_BYTES = 1024 * 1024

# Internal shorthand a new reader cannot follow. "seed" alone stays allowed (a random seed, the model
# option); the plural and "the seed app/code/notebook" meant the prototypes this project started from.
JARGON = [
    (re.compile(r"\bissues?\s*#?\d+(?!\d|\.\w)", re.I), "a ticket number"),
    (re.compile(r"\b(?:this|last|next|previous) round\b", re.I), "a work round"),
    (re.compile(r"\bseeds\b|\bseeds'|\bthe seed(?:'s)? (?:app|code|project|notebook)", re.I), "the seed projects"),
    (re.compile(r"\bnotebook loop\b", re.I), "the notebook loop"),
    (re.compile(r"\.md\s*§|shared/docs", re.I), "a note that is not in the repository"),
]
MD_NAME = re.compile(r"(?<![\w/.-])([\w./-]*[\w-]+\.md)\b")
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".yml", ".yaml", ".xml", ".sh", ".spec", ".desktop", ".cfg",
                 ".config", ".ts", ".json", ".csv", ""}


def tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return [p for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def ignored(name: str) -> bool:
    return subprocess.run(["git", "check-ignore", "-q", name], cwd=REPO).returncode == 0


def read_by_people() -> list[str]:
    """Tracked text files a user or contributor reads: everything but the third-party test photos' data."""
    return [p for p in tracked()
            if not p.startswith("tests/data/") and Path(p).suffix in TEXT_SUFFIXES and p != THIS
            and (REPO / p).is_file()]


def test_top_level_is_the_design_layout() -> None:
    tops = {p.split("/", 1)[0] for p in tracked()}
    folders = {t for t in tops if (REPO / t).is_dir()}
    assert folders <= TOP_FOLDERS, f"tracked top-level folders outside the layout: {sorted(folders - TOP_FOLDERS)}"
    files = tops - folders
    assert files <= TOP_FILES, f"tracked top-level files outside the layout: {sorted(files - TOP_FILES)}"
    stray = [d.name for d in REPO.iterdir()
             if d.is_dir() and d.name != ".git" and d.name not in TOP_FOLDERS and not ignored(d.name)]
    assert not stray, f"folders at the top level that are neither in the layout nor git-ignored: {sorted(stray)}"


def test_no_big_files_outside_test_photos_and_resources() -> None:
    big = {}
    for rel in tracked():
        path = REPO / rel
        if rel.startswith(BIG_ALLOWED) or not path.is_file():
            continue
        if path.stat().st_size > MAX_BYTES:
            big[rel] = path.stat().st_size
    assert not big, f"tracked files over 1 MB outside tests/data and resources/: {big}"


def jargon_in(text: str) -> list[str]:
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        for pattern, what in JARGON:
            m = pattern.search(line)
            if m:
                found.append(f"{n}: {what}: {m.group(0)!r}")
    return found


def test_no_internal_shorthand_where_people_read() -> None:
    problems = {}
    for rel in read_by_people():
        hits = jargon_in((REPO / rel).read_text(encoding="utf-8", errors="replace"))
        if hits:
            problems[rel] = hits
    assert not problems, "internal shorthand found (say what it means instead):\n" + "\n".join(
        f"  {rel}:{hit}" for rel, hits in sorted(problems.items()) for hit in hits
    )


def prose(rel: str) -> str:
    """What people read in a file: all of it, or for Python its comments and docstrings (string literals
    in code may name made-up files on purpose, as the link checks' own tests do)."""
    text = (REPO / rel).read_text(encoding="utf-8", errors="replace")
    if not rel.endswith(".py"):
        return text
    parts = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        docstring = tok.type == tokenize.STRING and tok.string.lstrip("rbuRBU").startswith(('"""', "'''"))
        if tok.type == tokenize.COMMENT or docstring:
            parts.append(tok.string)
    return "\n".join(parts)


def test_markdown_files_named_in_text_exist() -> None:
    """A comment, docstring or page that names ``something.md`` names a file in the repository."""
    files = tracked()
    names = {Path(p).name for p in files} | {p.name for p in [*REPO.glob("*.md"), *(REPO / "docs").glob("*.md")]}
    paths = set(files) | {f"docs/{n}" for n in names}
    missing = {}
    for rel in read_by_people():
        for m in MD_NAME.finditer(prose(rel)):
            ref = m.group(1).lstrip("./")
            if "/" in ref and not ref.startswith("../"):
                ok = ref in paths or any(p.endswith("/" + ref) for p in paths)
            else:
                ok = Path(ref).name in names
            if not ok:
                missing.setdefault(rel, set()).add(m.group(1))
    assert not missing, f"names of Markdown files that are not in the repository: {missing}"


def test_the_shorthand_check_catches_what_it_should() -> None:
    """Not vacuous: each kind is caught, and the ordinary uses of the same words are not."""
    for line in ("see (issue 13)", "Issue 11: leases", "done this round", "as the seeds did",
                 "the seed's notebook", "a notebook loop", "performance.md §2d", "../shared/docs/x.md"):
        assert jargon_in(line), line
    fine = "\n".join(["seed: int = 42", "a random seed", "Formats/Issue 201.gif", "round(x, 2)",
                      "the bugtracker lists issues", "round a circle"])
    assert jargon_in(fine) == [], jargon_in(fine)
