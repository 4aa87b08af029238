"""Countries by any name: the local names files carry, ISO codes and everyday aliases."""

from __future__ import annotations

import pytest

from app.facts import countries


@pytest.mark.parametrize("name, code", [
    ("Italia", "IT"), ("Italy", "IT"), ("ITA", "IT"), ("Schweiz", "CH"), ("Suisse", "CH"), ("Deutschland", "DE"),
    ("Polska", "PL"), ("日本", "JP"), ("USA", "US"), ("United States", "US"), ("Vereinigte Staaten", "US"),
    ("États-Unis", "US"), ("England", "GB"), ("UK", "GB"), ("Holy See", "VA"), ("Vatican City", "VA"),
    ("Nederland", "NL"), ("the Netherlands", "NL"), ("España", "ES"), ("Polen", "PL"), ("Japon", "JP"),
])
def test_a_country_is_recognised_in_any_language(name: str, code: str) -> None:
    assert countries.code_of(name) == code


def test_unknown_and_ambiguous_names_are_not_guessed() -> None:
    assert countries.code_of("Atlantis") is None
    assert countries.code_of("") is None
    assert countries.code_of("Kongo") is None  # two countries of that name in German


def test_same_country_across_languages() -> None:
    assert countries.same("Italia", "Italy")
    assert countries.same("Vereinigte Staaten", "USA")
    assert not countries.same("Austria", "Australia")
    assert countries.english_name(countries.code_of("Schweiz")) == "Switzerland"
    assert {"usa", "united states", "vereinigte staaten"} <= countries.names_of("US")


@pytest.mark.parametrize("written, expected", [
    ("FRA - France", "France"), ("France (FR)", "France"), ("DE / Germany", "Germany"),
    ("USA - United States", "United States"),
    ("FRA - Germany", "FRA - Germany"),  # parts that disagree: kept as the file wrote it
    ("Guinea-Bissau", "Guinea-Bissau"), ("Timor-Leste", "Timor-Leste"),
])
def test_a_code_and_a_name_together_are_one_country(written: str, expected: str) -> None:
    assert countries.canonical(written) == expected


def test_the_tables_are_built_once_when_two_threads_ask_at_once(monkeypatch) -> None:
    import threading

    from app.facts import countries

    built = countries._tables()
    calls: list[int] = []
    gate = threading.Event()

    def slow_build():
        calls.append(1)
        gate.wait(5)
        return built

    monkeypatch.setattr(countries, "_built", None)
    monkeypatch.setattr(countries, "_build_tables", slow_build)
    threads = [threading.Thread(target=countries.load), threading.Thread(target=countries.code_of, args=("Italia",))]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert calls == [1] and countries.code_of("Italia") == "IT"


def test_the_tables_are_built_once_per_machine_then_read_from_the_cache(tmp_path, monkeypatch) -> None:
    """Building them from babel costs every new process ~0.5 s of CPU (a scan's place loading paid it
    each time); the second process reads the cached table."""
    monkeypatch.setenv("ALBUMWISE_TABLE_CACHE", str(tmp_path))
    monkeypatch.setattr(countries, "_built", None)
    first = (countries.code_of("Deutschland"), countries.code_of("日本"), countries.english_name("IT"))
    assert list(tmp_path.glob("country-names-*.npz"))

    def no_build():
        raise AssertionError("built again although cached")

    monkeypatch.setattr(countries, "_built", None)
    monkeypatch.setattr(countries, "_tables_from_packages", no_build)
    assert (countries.code_of("Deutschland"), countries.code_of("日本"), countries.english_name("IT")) == first
    assert first == ("DE", "JP", "Italy")
