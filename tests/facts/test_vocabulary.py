"""Keyword vocabularies that cannot lie: place terms only where the photo is, places of one name told apart
by country, common nouns to subjects, no plural turning a colour into a town; imports that refuse what
they cannot write and say so, in UTF-8, UTF-16 and Latin-1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.facts import vocabulary, vocabulary_file
from app.facts.grounding import Grounding

LIGHTROOM = """[Places]
\tUnited Kingdom
\t\tEngland
\t\t\tEssex
\t\t\t\tGrays
\t\t\tBerkshire
\t\t\t\tReading
\t\t\tSomerset
\t\t\t\tBath
\t\t\tCambridgeshire
\t\t\t\tCambridge
\t\t\tLondon
\t\t\t\tBig Ben
\t\t\t\tTower Bridge
\tUSA
\t\tMassachusetts
\t\t\tCambridge
\t\t\tBoston
\t\tAlabama
\t\t\tMobile
\tFrance
\t\tProvence-Alpes-Côte d'Azur
\t\t\tNice
\tItaly
\t\tTuscany
\t\t\tFlorence
\t\t\t\t{Firenze}
\tGeorgia
\t\tTbilisi
[Subjects]
\tBath
\tReading
\tDogs
\tBerries
\tColours
\t\tGray
\t\t\t{grey}
Sunset
"""
LONDON = {"city": "London", "region": "England", "country": "United Kingdom"}
CAMBRIDGE_MA = Grounding(city="Cambridge", region="Massachusetts", country="United States", place_source="gps",
                         place_km=0.8)
CAMBRIDGE_UK = {"city": "Cambridge", "region": "England", "country": "UK"}


@pytest.fixture(scope="module")
def terms() -> list[dict]:
    return vocabulary.parse(LIGHTROOM)


def mapped(terms, keywords, place=None, outside="keep"):
    kws, _ = vocabulary.normalise(keywords, terms, outside, place=place)
    return kws, vocabulary.hierarchy(kws, terms, place)


def test_common_words_never_become_places(terms) -> None:
    kws, paths = mapped(terms, ["gray", "reading", "bath", "nice", "mobile", "sunsets"], LONDON)
    assert kws == ["Gray", "Reading", "Bath", "nice", "mobile", "Sunset"]
    assert paths == {"Gray": ["Subjects", "Colours", "Gray"], "Reading": ["Subjects", "Reading"],
                     "Bath": ["Subjects", "Bath"]}
    assert not any(p[0] == "Places" for p in paths.values())
    # Capitalised, on a photo somewhere else, still not a place.
    kws, paths = mapped(terms, ["Grays", "Nice", "Cambridge"], LONDON)
    assert paths == {} and kws == ["Grays", "Nice", "Cambridge"]


def test_plural_never_turns_a_word_into_a_place(terms) -> None:
    grays = {"city": "Grays", "region": "England", "country": "United Kingdom"}
    assert vocabulary.singular("grays") == "gray"  # English plural rule, right for common nouns ...
    kws, paths = mapped(terms, ["grey", "dog", "berry"], grays)  # ... but places are matched as written
    assert kws == ["Gray", "Dogs", "Berries"] and paths["Gray"] == ["Subjects", "Colours", "Gray"]
    assert mapped(terms, ["Grays"], grays)[1] == {"Grays": ["Places", "United Kingdom", "England", "Essex", "Grays"]}


def test_places_only_where_the_photo_is(terms) -> None:
    florence = {"city": "Firenze", "region": "Toscana", "country": "Italia"}  # the file's own words, in Italian
    kws, paths = mapped(terms, ["florence", "italy", "tuscany", "Big Ben"], florence)
    assert kws == ["Florence", "Italy", "tuscany", "Big Ben"]  # "Toscana" is not a synonym in this list
    assert paths == {"Florence": ["Places", "Italy", "Tuscany", "Florence"], "Italy": ["Places", "Italy"]}
    tuscany = {"city": "Florence", "region": "Tuscany", "country": "Italy"}
    assert mapped(terms, ["tuscany"], tuscany)[1] == {"Tuscany": ["Places", "Italy", "Tuscany"]}
    assert mapped(terms, ["Big Ben", "Tower Bridge"], LONDON)[1]["Big Ben"][-2:] == ["London", "Big Ben"]
    assert mapped(terms, ["Florence", "Italy"], None) == (["Florence", "Italy"], {})  # no place known
    bath = {"city": "Bath", "region": "England", "country": "United Kingdom"}
    assert mapped(terms, ["Bath"], bath)[1] == {"Bath": ["Places", "United Kingdom", "England", "Somerset", "Bath"]}
    assert mapped(terms, ["bath"], bath)[1] == {"bath": ["Subjects", "Bath"]}  # the tub, in Bath
    nice = {"city": "Nice", "country": "France"}
    assert mapped(terms, ["Nice"], nice)[1]["Nice"][:2] == ["Places", "France"]


def test_places_of_one_name_go_by_the_photos_country(terms) -> None:
    assert mapped(terms, ["Cambridge"], CAMBRIDGE_MA)[1] == {
        "Cambridge": ["Places", "USA", "Massachusetts", "Cambridge"]}
    assert mapped(terms, ["cambridge"], CAMBRIDGE_UK)[1] == {
        "Cambridge": ["Places", "United Kingdom", "England", "Cambridgeshire", "Cambridge"]}
    assert mapped(terms, ["Cambridge"], {"city": "Cambridge"})[1] == {}  # which Cambridge? not said
    atlanta = {"city": "Atlanta", "region": "Georgia", "country": "United States"}
    assert mapped(terms, ["Georgia"], atlanta)[1] == {}  # the country Georgia is not the US state
    tbilisi = {"city": "Tbilisi", "country": "Géorgie"}  # the country in French
    assert mapped(terms, ["Georgia"], tbilisi)[1] == {"Georgia": ["Places", "Georgia"]}


def test_offer_shows_only_places_the_photo_is_at(terms) -> None:
    offered = vocabulary.offer(terms, {"grounding": CAMBRIDGE_MA, "folder": "/p/2019 Boston trip"})
    assert offered[:3] == ["Cambridge", "Massachusetts", "USA"]
    assert "Grays" not in offered and "Nice" not in offered and "Boston" not in offered
    assert "Sunset" in offered and "Bath" in offered  # subjects are always fine
    far = Grounding(near="Boston", region="Massachusetts", country="United States", place_source="gps", place_km=30)
    assert "Boston" not in vocabulary.offer(terms, {"grounding": far})  # "near Boston" is not in Boston


def test_outside_setting_applies_to_unsupported_places(terms) -> None:
    assert vocabulary.normalise(["reading", "Grays", "sunset"], terms, "drop", place=LONDON)[0] == ["Reading", "Sunset"]
    kws, flags = vocabulary.normalise(["Grays"], terms, "flag", place=LONDON)
    assert kws == ["Grays"] and flags == ["outside_vocabulary"]


# -- import --------------------------------------------------------------------------------------------
def test_import_refuses_what_it_cannot_write_and_counts_it() -> None:
    text = ("Music\n\tAC/DC\n\t\tLive\n\tRock|Pop\nPlaces\n\tRome\n\t\t{Roma/Rom}\n\t\t{Roma}\n"
            "Evil\u202etxt.exe\nBell\x07\nOK {syn|bad}\n" + "x" * 101 + "\n")
    rep = vocabulary.parse_report(text)
    assert [t["path"] for t in rep.terms] == [["Music"], ["Places"], ["Places", "Rome"], ["OK"]]
    assert rep.terms[2]["synonyms"] == ["Roma"] and rep.terms[3]["synonyms"] == []
    assert rep.refused == {"contains | or /": 2, "under a refused keyword": 1, "synonym contains | or /": 2,
                           "contains control or text-direction characters": 2, "longer than 100 characters": 1}
    assert rep.summary() == ("4 keywords (UTF-8); 8 refused: 2 contains | or /, 1 under a refused keyword, "
                             "2 synonym contains | or /, 2 contains control or text-direction characters, "
                             "1 longer than 100 characters")
    assert all("\u202e" not in e and "\x07" not in e for e in rep.examples)  # shown safely


def test_nothing_is_cut_silently(monkeypatch) -> None:
    monkeypatch.setattr(vocabulary, "MAX_TERMS", 3)
    rep = vocabulary.parse_report("a\nb\nc\nd\ne\n")
    assert len(rep.terms) == 3 and rep.over_limit == 2 and "2 over the limit of 3 not imported" in rep.summary()
    monkeypatch.undo()
    deep = "".join("\t" * i + f"level{i}\n" for i in range(14))
    rep = vocabulary.parse_report(deep)
    assert len(rep.terms) == 12 and rep.refused == {"nested deeper than 12 levels": 1, "under a refused keyword": 1}


@pytest.mark.parametrize("encoding,label", [
    ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
    ("cp1252", "Latin-1 (Windows-1252)")])
def test_encodings_are_read_and_named(tmp_path: Path, encoding, label) -> None:
    f = tmp_path / "kw.txt"
    f.write_bytes("Orte\r\n\tMünchen\r\n\tZürich {Zuerich}\r\nCafé\r\n".encode(encoding))
    rep = vocabulary_file.read(str(f))
    assert [t["path"][-1] for t in rep.terms] == ["Orte", "München", "Zürich", "Café"] and rep.encoding == label
    assert rep.terms[2]["synonyms"] == ["Zuerich"]


def test_unreadable_files_are_refused_with_a_clear_message(tmp_path: Path, monkeypatch) -> None:
    f = tmp_path / "kw.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    with pytest.raises(vocabulary_file.VocabularyError, match="not a text file"):
        vocabulary_file.read(str(f))
    f.write_bytes("Kraków\n".encode("cp1250") + b"\x81\x8d\n")  # bytes no Western code page has
    with pytest.raises(vocabulary_file.VocabularyError, match="save it as UTF-8"):
        vocabulary_file.read(str(f))
    f.write_bytes(b"\xff\xfeA\x00\x00\xd8")  # says UTF-16, is not
    with pytest.raises(vocabulary_file.VocabularyError, match="says it is UTF-16"):
        vocabulary_file.read(str(f))
    f.write_text("a/b\nc|d\n", encoding="utf-8")
    with pytest.raises(vocabulary_file.VocabularyError, match="no keywords found .2 refused"):
        vocabulary_file.read(str(f))
    monkeypatch.setattr(vocabulary_file, "MAX_BYTES", 10)
    f.write_text("a\n" * 20, encoding="utf-8")
    with pytest.raises(vocabulary_file.VocabularyError, match="up to 0 MB"):
        vocabulary_file.read(str(f))


def test_cli_reports_the_import(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    f = tmp_path / "kw.txt"
    f.write_text("Places\n\tItaly\n\tAC/DC\n", encoding="utf-16")
    assert main(["context", "set", str(folder), "--vocabulary", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["vocabulary_import"] == {"terms": 2, "encoding": "UTF-16", "refused": {"contains | or /": 1},
                                        "refused_examples": ["AC/DC"], "over_limit": 0}
    assert main(["context", "set", str(folder), "--vocabulary", str(f)]) == 0
    captured = capsys.readouterr()
    assert "vocabulary: 2 keywords (UTF-16); 1 refused: 1 contains | or /" in captured.out
    assert "'AC/DC'" in captured.err
    f.write_bytes(b"\x00\x01\x02\x03" * 8)
    assert main(["context", "set", str(folder), "--vocabulary", str(f)]) == 2
    assert "cannot import the vocabulary" in capsys.readouterr().err
