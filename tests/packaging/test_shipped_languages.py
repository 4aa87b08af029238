"""Every language the window ships is complete and current: each message translated (every plural
form too), the same placeholders, markup and keyboard mnemonics as the English, no message of the
code missing from a translation, and the compiled .qm files built from the .ts files as they are."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "resources" / "i18n"
BIN = Path(sys.executable).parent
LANGS = sorted(p.stem.split("_", 1)[1] for p in I18N.glob("albumwise_*.ts"))
PLURAL_FORMS = {"en": 2, "de": 2, "fr": 2, "es": 2, "it": 2, "nl": 2, "pt": 2, "sv": 2, "pl": 3, "ja": 1, "zh": 1}

PLACEHOLDER = re.compile(r"%L?n|%\d+|%[vm]|\{[A-Za-z_]\w*\}")
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*\b[^>]*>")
MNEMONIC = re.compile(r"&(?!&)(?=\w)")


def messages(lang: str) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(I18N / f"albumwise_{lang}.ts").getroot()
    return [(ctx.findtext("name") or "", msg.findtext("source") or "", msg)
            for ctx in root.iter("context") for msg in ctx.iter("message")]


def translations(msg: ET.Element) -> list[str]:
    tr = msg.find("translation")
    assert tr is not None
    if msg.get("numerus") == "yes":
        return [f.text or "" for f in tr.iter("numerusform")]
    return [tr.text or ""]


def test_english_the_source_and_two_more_languages_ship() -> None:
    assert {"de", "fr", "en"} <= set(LANGS)
    assert set(LANGS) == {p.stem.split("_", 1)[1] for p in I18N.glob("albumwise_*.qm")}, "a .ts without its .qm"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated(lang: str) -> None:
    problems = []
    for ctx, source, msg in messages(lang):
        state = msg.find("translation").get("type")  # type: ignore[union-attr]
        forms = translations(msg)
        want = PLURAL_FORMS.get(lang.split("_")[0], 2) if msg.get("numerus") == "yes" else 1
        if state in ("unfinished", "vanished", "obsolete") or len(forms) != want or not all(f.strip() for f in forms):
            problems.append(f"{ctx}: {source!r} ({state or 'finished'}, {len(forms)} of {want} forms)")
    assert not problems, f"{lang}: unfinished messages:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_placeholders_markup_and_mnemonics(lang: str) -> None:
    problems = []
    for ctx, source, msg in messages(lang):
        for form in translations(msg):
            for what, pattern in (("placeholders", PLACEHOLDER), ("markup", TAG)):
                want, got = Counter(pattern.findall(source)), Counter(pattern.findall(form))
                if lang == "en" or msg.get("numerus") != "yes" or what != "placeholders":
                    differs = want != got
                else:  # a language may leave the count out of one form ("the selected photo"), never add one
                    differs = (got - want) or (want - got) - Counter({k: v for k, v in want.items() if "n" in k})
                if differs:
                    problems.append(f"{ctx}: {source!r} → {form!r}: {what} {sorted(want)} ≠ {sorted(got)}")
            if len(MNEMONIC.findall(source)) != len(MNEMONIC.findall(form)) or source.count("&&") != form.count("&&"):
                problems.append(f"{ctx}: {source!r} → {form!r}: the & of the keyboard mnemonic")
            if source.count("\n") != form.count("\n"):
                problems.append(f"{ctx}: {source!r} → {form!r}: line breaks")
    assert not problems, f"{lang}:\n" + "\n".join(problems)


def test_the_placeholder_check_catches_a_changed_placeholder() -> None:
    source, form = "Undid the write of {name}: its previous metadata is back", "Schreiben von {nam} zurückgenommen"
    assert Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(form))
    assert Counter(PLACEHOLDER.findall("%Ln photo(s)")) == Counter(PLACEHOLDER.findall("%Ln Fotos"))
    assert len(MNEMONIC.findall("&Approve")) == 1 and len(MNEMONIC.findall("Approve && next")) == 0


def _tools() -> None:
    if not (BIN / "pyside6-lupdate").exists() or not (BIN / "pyside6-lrelease").exists():
        pytest.skip("PySide6's lupdate/lrelease not installed")


def test_no_message_of_the_code_is_missing_from_a_translation(tmp_path: Path) -> None:
    """Running update-translations.sh on the current code changes no .ts file: every marked text
    is in the template and in every language, and none that the code dropped lingers."""
    _tools()
    (tmp_path / "packaging").mkdir()
    shutil.copy2(REPO / "packaging" / "update-translations.sh", tmp_path / "packaging")
    shutil.copytree(REPO / "app" / "ui", tmp_path / "app" / "ui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(I18N, tmp_path / "resources" / "i18n")
    out = subprocess.run(["bash", str(tmp_path / "packaging" / "update-translations.sh")], capture_output=True,
                         text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "PYSIDE_BIN": str(BIN)})
    assert out.returncode == 0, out.stdout + out.stderr
    stale = [p.name for p in sorted(I18N.glob("*.ts"))
             if (tmp_path / "resources" / "i18n" / p.name).read_text(encoding="utf-8") != p.read_text(encoding="utf-8")]
    assert not stale, f"run `bash packaging/update-translations.sh` and translate the new texts: {stale} are out of date"


def test_the_compiled_files_are_built_from_the_translations(tmp_path: Path) -> None:
    _tools()
    for lang in LANGS:
        qm = tmp_path / f"albumwise_{lang}.qm"
        subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(I18N / f"albumwise_{lang}.ts"), "-qm", str(qm)],
                       check=True, timeout=60)
        assert qm.read_bytes() == (I18N / f"albumwise_{lang}.qm").read_bytes(), \
            f"albumwise_{lang}.qm is older than its .ts: run `bash packaging/update-translations.sh`"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_use_only_characters_every_ui_font_has(lang: str) -> None:
    """The same rule as the English texts (``app/ui/glyphs.py``): no symbol a font may draw as a box."""
    from app.ui.glyphs import unsafe_characters

    problems = [f"{ctx}: {source!r} → {form!r}: {''.join(sorted(unsafe_characters(form)))!r}"
                for ctx, source, msg in messages(lang) for form in translations(msg) if unsafe_characters(form)]
    assert not problems, f"{lang}:\n" + "\n".join(problems)
