"""Every relative link in the README, the changelog and the manual (docs/) leads somewhere: a file that is
in the repository, and, for a link with an ``#anchor``, a heading of the page it names (GitHub's anchors).
The manual's site configuration (mkdocs.yml) lists every page of docs/ and only pages that exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.M)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # https:, mailto:, //host


def tracked() -> set[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return {p for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


def pages() -> list[Path]:
    """The Markdown a reader opens: README, CHANGELOG, the manual, and the other READMEs in the tree."""
    found = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted((REPO / "docs").glob("*.md"))]
    found += [REPO / p for p in sorted(tracked()) if p.endswith(".md") and REPO / p not in found]
    return [p for p in found if p.is_file()]


def without_code(text: str) -> str:
    """Markdown with fenced blocks and inline code spans blanked out (links there are examples)."""
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", text)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: markup dropped, lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip())
    text = re.sub(r"[`*]", "", text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def without_code_fences(text: str) -> str:
    return re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M)


def anchors(text: str) -> set[str]:
    """The anchors of a page's headings, numbered like GitHub's when two headings share a slug."""
    seen: dict[str, int] = {}
    out = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", without_code_fences(text), re.M):
        slug = github_slug(heading)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def links(text: str) -> list[str]:
    text = re.sub(r"<!--.*?-->", "", without_code(text), flags=re.S)
    return LINK.findall(text) + REFERENCE.findall(text)


def broken_links(page: Path, text: str, in_repo: set[str]) -> list[str]:
    """What in ``text`` (the content of ``page``) links to nothing."""
    problems = []
    for target in links(text):
        if EXTERNAL.match(target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        try:
            rel = dest.relative_to(REPO).as_posix()
        except ValueError:
            problems.append(f"{target} (outside the repository)")
            continue
        if rel not in in_repo and not any(p.startswith(rel + "/") for p in in_repo):
            problems.append(f"{target} (no such file in the repository)")
        elif anchor and dest.suffix == ".md":
            heads = anchors(text if dest == page else dest.read_text(encoding="utf-8"))
            if anchor not in heads:
                problems.append(f"{target} (no heading makes #{anchor})")
    return problems


def in_repository() -> set[str]:
    """Tracked files, and the pages checked here (a new page counts before its first commit)."""
    return tracked() | {p.relative_to(REPO).as_posix() for p in pages()}


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    problems = broken_links(page, page.read_text(encoding="utf-8"), in_repository())
    assert not problems, f"{page.relative_to(REPO)} links to: " + "; ".join(problems)


def test_the_link_check_catches_missing_files_and_anchors() -> None:
    """Not vacuous: a missing file, a missing anchor (on another page or this one) and a path outside the
    repository are reported; links that resolve are not."""
    text = (
        "# Probe\n\n[a](nothere.md) [b](search.md#no-such-heading) [c](../../elsewhere.md) [e](#nope)\n"
        "[ok](search.md#search-by-meaning) [ok2](#probe) ![shot](../resources/screenshots/search.png)\n"
        "`[in code](missing.md)`\n"
    )
    problems = broken_links(REPO / "docs" / "probe.md", text, in_repository() | {"docs/probe.md"})
    assert len(problems) == 4, problems
    for bad in ("nothere.md", "no-such-heading", "elsewhere.md", "#nope"):
        assert any(bad in p for p in problems), (bad, problems)


def test_readme_is_a_front_door_into_the_manual() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250, "the README is a front door: at most 250 lines"
    into_docs = {t for t in links(text) if t.startswith("docs/")}
    assert "docs/index.md" in into_docs and len(into_docs) >= 10, sorted(into_docs)
    assert re.search(r"!\[[^\]]+\]\(resources/screenshots/[\w-]+\.png\)", text), "one screenshot"


def test_github_slugs() -> None:
    assert github_slug("Places, people, dates and context") == "places-people-dates-and-context"
    assert github_slug("What `list --json` prints") == "what-list---json-prints"
    assert github_slug("Into the file or into a sidecar") == "into-the-file-or-into-a-sidecar"


def test_mkdocs_nav_lists_every_page_of_the_manual() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config.split("\nnav:", 1)[1]
    listed = set(re.findall(r":\s*([\w./-]+\.md)\s*$", nav, flags=re.M))
    on_disk = {p.name for p in (REPO / "docs").glob("*.md")}
    assert listed <= on_disk, f"mkdocs.yml lists pages that do not exist: {sorted(listed - on_disk)}"
    assert on_disk <= listed, f"pages missing from the nav of mkdocs.yml: {sorted(on_disk - listed)}"
