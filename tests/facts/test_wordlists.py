"""The cached word lists answer exactly as wordfreq's own dictionaries; so do the cached name lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import wordfreq

from app.facts import datacache, gazetteer, lexicon, wordlists


@pytest.fixture()
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder and no tables loaded in this process."""
    monkeypatch.setenv("ALBUMWISE_TABLE_CACHE", str(tmp_path))
    monkeypatch.setattr(wordlists, "_tables", {})
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "de", "pl", "ja"])
def test_every_word_has_wordfreqs_frequency(fresh: Path, lang: str) -> None:
    wordlists.table(lang)  # built and written
    wordlists._tables.clear()
    table = wordlists.table(lang)  # read back
    assert [p.name.rsplit("-", 1)[0] for p in fresh.iterdir()] == [f"words-{lang}"]
    expected = wordfreq.get_frequency_dict(lang, wordlist="small")
    assert len(table) == len(expected)
    assert all(table.get(w) == f for w, f in expected.items())
    for w in ("zzqqx", "", "Hund" if lang == "de" else "The", "\ud800"):
        assert (w in table) == (w in expected) and table.get(w) == expected.get(w)


def test_the_word_lists_key_follows_wordfreqs_version(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wordlists.table("en")
    before = sorted(p.name for p in fresh.glob("words-en-*.npz"))
    wordlists._tables.clear()
    monkeypatch.setattr(datacache, "package_version", lambda name: "0.0.1")
    wordlists.table("en")
    after = sorted(p.name for p in fresh.glob("words-en-*.npz"))
    assert len(before) == len(after) == 1 and before != after  # the other version's table was replaced


def test_cached_name_lists_equal_faker_and_babel(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon._person_lists.cache_clear()
    gazetteer._countries.cache_clear()
    try:
        cached_people, cached_countries = lexicon._person_lists(), gazetteer._countries()  # built and written
        assert {p.name.split("-")[0] for p in fresh.glob("*.npz")} == {"people", "countries"}
        lexicon._person_lists.cache_clear()
        gazetteer._countries.cache_clear()
        assert lexicon._person_lists() == cached_people and gazetteer._countries() == cached_countries  # read back
        monkeypatch.setenv("ALBUMWISE_TABLE_CACHE", str(fresh / "a-file" / "x"))
        (fresh / "a-file").write_text("")  # no cache at all: read from faker and babel directly
        lexicon._person_lists.cache_clear()
        gazetteer._countries.cache_clear()
        assert lexicon._person_lists() == cached_people and gazetteer._countries() == cached_countries
        assert list(cached_countries) == list(gazetteer._countries())  # the same order (lookups depend on it)
    finally:
        lexicon._person_lists.cache_clear()
        gazetteer._countries.cache_clear()
