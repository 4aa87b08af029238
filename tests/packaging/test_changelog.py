"""CHANGELOG.md (Keep a Changelog) and the AppStream release notes say the same thing.

Every released version in the changelog has a ``<release>`` in resources/albumwise.metainfo.xml with
the same version and date; the release's ``<p>`` is the version's summary paragraph and its ``<li>``
items are the version's points (Added, Changed, Fixed, … in order), as plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

REPO = Path(__file__).resolve().parents[2]
CHANGELOG = REPO / "CHANGELOG.md"
METAINFO = REPO / "resources" / "albumwise.metainfo.xml"
KINDS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")  # Keep a Changelog's sections


@dataclass
class Version:
    name: str
    date: str | None
    summary: str = ""
    points: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def plain(text: str) -> str:
    """Markdown inline text as the plain text AppStream holds: no code ticks, emphasis or link targets."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = text.replace("`", "").replace("**", "").replace("*", "")
    return " ".join(text.split())


def changelog_versions(text: str | None = None) -> list[Version]:
    text = re.sub(r"<!--.*?-->", "", text if text is not None else CHANGELOG.read_text(encoding="utf-8"), flags=re.S)
    versions: list[Version] = []
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        m = re.fullmatch(r"\[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?", head.strip())
        assert m, f"a version heading must read '## [X.Y.Z] - YYYY-MM-DD' or '## [Unreleased]': {head!r}"
        v = Version(m.group(1), m.group(2))
        intro, *sections = re.split(r"^### ", body, flags=re.M)
        v.summary = plain(intro)
        for sec in sections:
            kind, _, items = sec.partition("\n")
            v.kinds.append(kind.strip())
            for item in re.split(r"^- ", items, flags=re.M)[1:]:
                v.points.append(plain(item))
        versions.append(v)
    return versions


def metainfo_releases() -> dict[str, tuple[str | None, str, list[str]]]:
    root = ElementTree.parse(METAINFO).getroot()
    out = {}
    for rel in root.findall("releases/release"):
        desc = rel.find("description")
        assert desc is not None, f"release {rel.get('version')} has no description"
        p = " ".join("".join(desc.find("p").itertext()).split()) if desc.find("p") is not None else ""
        items = [" ".join("".join(li.itertext()).split()) for li in desc.findall("ul/li")]
        out[rel.get("version")] = (rel.get("date"), p, items)
    return out


def test_changelog_has_the_keep_a_changelog_shape() -> None:
    versions = changelog_versions()
    assert versions[0].name == "Unreleased", "the first section is ## [Unreleased]"
    released = versions[1:]
    assert {v.name for v in released} >= {"0.1.0", "0.2.0"}
    for v in released:
        assert re.fullmatch(r"\d+\.\d+\.\d+", v.name), v.name
        assert v.date, f"{v.name} has no date"
        assert v.summary, f"{v.name} has no summary paragraph"
        assert v.points, f"{v.name} lists nothing"
        assert all(k in KINDS for k in v.kinds), f"{v.name}: sections must be among {KINDS}: {v.kinds}"
        assert len(v.kinds) == len(set(v.kinds)), f"{v.name} repeats a section"
    dates = [v.date for v in released]
    assert dates == sorted(dates, reverse=True), "newest version first"


def test_current_version_is_the_newest_released_one() -> None:
    from app import __version__

    assert changelog_versions()[1].name == __version__


def differences(v: Version, release: tuple[str | None, str, list[str]] | None) -> list[str]:
    """What the metainfo's <release> says differently from the changelog's version (empty: the same)."""
    if release is None:
        return [f"{v.name} is in CHANGELOG.md but has no <release> in the metainfo"]
    date, summary, items = release
    out = []
    if date != v.date:
        out.append(f"{v.name}: metainfo date {date} vs changelog {v.date}")
    if summary != v.summary:
        out.append(f"{v.name}: the <p> differs from the changelog's summary paragraph")
    if items != v.points:
        missing = [p for p in v.points if p not in items]
        extra = [i for i in items if i not in v.points]
        out.append(f"{v.name}: the <li> items differ from the changelog's points: missing {missing}, extra {extra}")
    return out


def test_every_released_version_has_the_same_appstream_release_notes() -> None:
    releases = metainfo_releases()
    released = changelog_versions()[1:]
    problems = [d for v in released for d in differences(v, releases.get(v.name))]
    assert not problems, "\n".join(problems)
    names = {v.name for v in released}
    assert set(releases) <= names, f"releases the changelog lacks: {sorted(set(releases) - names)}"


def test_the_tie_notices_each_kind_of_difference() -> None:
    """The comparison is not vacuous: a point less, another date, another summary are all differences."""
    v = changelog_versions()[1]
    same = (v.date, v.summary, list(v.points))
    assert differences(v, same) == []
    assert differences(v, (v.date, v.summary, v.points[1:]))
    assert differences(v, ("1999-01-01", v.summary, list(v.points)))
    assert differences(v, (v.date, "New name", list(v.points)))
    assert differences(v, None)


def test_plain_text_drops_markdown() -> None:
    assert plain("Use `albumwise resolve` ([docs](docs/x.md)), *Keep mine*  and **A**") == (
        "Use albumwise resolve (docs), Keep mine and A"
    )
