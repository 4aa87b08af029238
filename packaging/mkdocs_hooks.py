"""mkdocs hooks: the manual's pages link into the repository the way GitHub shows it, and the site
keeps those links working.

A page in docs/ links to ``../README.md`` or ``../resources/screenshots/library.png`` so that the
links work on GitHub and in any editor. The site only holds docs/, so here the screenshots are copied
into it (``screenshots/…``) and every other link that leaves docs/ points at the file in the project's
repository (``repo_url`` in mkdocs.yml).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

SCREENSHOTS = "resources/screenshots"
# A Markdown link or image whose target leaves docs/: ](../path#anchor) or ](../path "title")
LEAVING = re.compile(r"\]\((\.\./[^)\s#]+)(#[^)\s]*)?((?:\s+\"[^\"]*\")?\))")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_files(files: Files, config: Any) -> Files:
    """Copy the screenshots into the site, as screenshots/NAME."""
    for png in sorted((_root(config) / SCREENSHOTS).glob("*.png")):
        files.append(File.generated(config, f"screenshots/{png.name}", abs_src_path=str(png)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Rewrite links that leave docs/ (code blocks are left alone)."""
    page_dir = posixpath.dirname(page.file.src_uri)
    blob = config.repo_url.rstrip("/") + "/blob/main/"

    def rewrite(m: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join("docs", page_dir, m.group(1)))
        anchor, tail = m.group(2) or "", m.group(3)
        if target.startswith("docs/"):
            return m.group(0)
        if target.startswith(SCREENSHOTS + "/"):
            local = posixpath.relpath("screenshots/" + posixpath.basename(target), page_dir or ".")
            return f"]({local}{anchor}{tail}"
        return f"]({blob}{target}{anchor}{tail}"

    out, last = [], 0
    for fence in FENCE.finditer(markdown):
        out.append(LEAVING.sub(rewrite, markdown[last:fence.start()]))
        out.append(fence.group(0))
        last = fence.end()
    out.append(LEAVING.sub(rewrite, markdown[last:]))
    return "".join(out)
