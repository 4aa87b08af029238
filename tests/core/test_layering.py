"""The house rules of ``app/``: imports run one way down the layers of ``docs/architecture.md``,
no module takes part in an import circle, and only ``app.ui`` imports Qt."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
CORE_FILES = {"app.config", "app.resources"}  # top-level modules that belong to the core layer
ENTRY = {"app", "app.__main__"}


def layer_order() -> list[set[str]]:
    """The layer line of docs/architecture.md: ``cli > ui > ... > core`` (top first)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- layers .*?-->\s*`([^`]+)`", text)
    assert m, "docs/architecture.md has no layer line"
    return [{p.strip() for p in level.split(",")} for level in m.group(1).split(">")]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path, mod: str, known: set[str]) -> set[str]:
    """Every ``app`` module ``path`` imports, at any depth (function-level imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        out |= {n for n in names if n in known and n != mod}
    return out


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in APP.rglob("*.py")}
    known = set(files)
    return {mod: imports_of(path, mod, known) for mod, path in files.items()}


def layer_of(mod: str, ranks: dict[str, int]) -> int | None:
    if mod in ENTRY:
        return None
    if mod in CORE_FILES:
        return ranks["core"]
    pkg = mod.split(".")[1]
    assert pkg in ranks, f"{mod}: package {pkg!r} is not in the layer line of docs/architecture.md"
    return ranks[pkg]


def upward_imports(edges: dict[str, set[str]], order: list[set[str]]) -> list[str]:
    ranks = {pkg: i for i, level in enumerate(order) for pkg in level}
    bad = []
    for mod, targets in sorted(edges.items()):
        mine = layer_of(mod, ranks)
        for t in sorted(targets):
            theirs = layer_of(t, ranks)
            if mine is not None and theirs is not None and theirs < mine:
                bad.append(f"{mod} -> {t}")
    return bad


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                group = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    group.append(w)
                    if w == v:
                        break
                if len(group) > 1:
                    out.append(sorted(group))
    return out


def test_every_package_has_a_layer() -> None:
    order = layer_order()
    named = {p for level in order for p in level}
    packages = {p.name for p in APP.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages == named, f"packages without a layer: {packages - named}; layers without a package: {named - packages}"


def test_imports_run_down_the_layers() -> None:
    assert upward_imports(graph(), layer_order()) == []


def test_no_import_circles() -> None:
    assert circles(graph()) == []


def test_the_checks_catch_what_they_look_for() -> None:
    """The checker itself: an upward import and a circle in a made-up graph are both found."""
    order = [{"ui"}, {"store"}, {"core"}]
    edges = {"app.store.a": {"app.ui.b"}, "app.ui.b": {"app.core.c"}, "app.core.c": set()}
    assert upward_imports(edges, order) == ["app.store.a -> app.ui.b"]
    edges = {"app.core.x": {"app.core.y"}, "app.core.y": {"app.core.z"}, "app.core.z": {"app.core.x"}}
    assert circles(edges) == [["app.core.x", "app.core.y", "app.core.z"]]


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(app.__path__, prefix="app."):
        if info.name.startswith("app.ui") or info.name == "app.__main__":
            continue
        names.append(info.name)
    return names


def test_core_never_imports_qt() -> None:
    modules = core_modules()
    assert "app.store.db" in modules and "app.cli.main" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"core modules imported Qt: {out.stdout.strip()}"
