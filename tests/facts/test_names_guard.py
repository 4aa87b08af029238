"""The names guard's rules one by one: languages, places, the vocabulary and our own writes as evidence."""

from __future__ import annotations

import json

from app.facts import language, names_guard, provenance
from app.facts.grounding import FolderContext, Grounding


def place(city: str | None, region: str | None, country: str | None, lat: float | None, lon: float | None,
          people: tuple[str, ...] = (), **photo: object) -> tuple[dict, Grounding]:
    p = {"filename": "IMG_1.jpg", "folder": "/pics/2019", "file_keywords": "[]", "gps_lat": lat, "gps_lon": lon,
         **photo}
    g = Grounding(city=city, region=region, country=country, place_source="gps" if city else None, place_km=1.0,
                  people=[{"name": n} for n in people])
    return p, g


LONDON = place("London", "England", "United Kingdom", 51.5007, -0.1246)
ROME = place("Rome", "Lazio", "Italy", 41.89, 12.49)
NOWHERE = place(None, None, None, None, None)


def test_language_detection_and_keywords_judged_together() -> None:
    assert language.detect("Ein Hund läuft am Strand entlang.") == "de"
    assert language.detect("Dwoje dzieci bawi się na plaży.") == "pl"
    assert language.detect("犬が海辺を走っている。") == "ja" and language.detect("一只狗在海边奔跑。") == "zh"
    assert language.detect("") is None and language.detect("ok") is None
    assert language.detect_keywords(["beach", "sunset", "dog"], hint="en") == "en"
    assert language.detect_keywords(["Strand", "Hund", "Sonnenuntergang"]) == "de"


def test_things_with_capitals_are_not_names() -> None:
    caption = ("A Golden Retriever and a Teddy Bear by the Christmas tree on Christmas Eve, "
               "with an iPhone, a plate of Pad Thai and the Milky Way above.")
    assert names_guard.check(caption, ["Golden Retriever", "Christmas Eve", "Teddy Bear"], *LONDON) == []


def test_landmarks_need_the_photos_place() -> None:
    assert names_guard.check("Big Ben glows behind a red bus.", ["Big Ben"], *LONDON) == []
    assert names_guard.check("Big Ben glows behind a red bus.", [], *ROME) == ["Big Ben"]
    assert names_guard.check("The Eiffel Tower at night.", [], *ROME) == ["Eiffel Tower"]
    assert names_guard.check("The Eiffel Tower at night.", [], *NOWHERE) == ["Eiffel Tower"]
    assert names_guard.check("Dos niños juegan delante del Coliseo.", [], *ROME) == []


def test_german_nouns_and_sentence_openers_are_not_names() -> None:
    assert names_guard.check("Ein Dackel schläft auf dem Sofa, daneben liegt eine Hochzeitstorte.", [], *NOWHERE) == []
    assert names_guard.check("Anna und Lukas tanzen im Garten.", [], *NOWHERE) == ["Anna", "Lukas"]
    assert names_guard.check("Frau Schulz steht vor ihrem Laden.", [], *NOWHERE) == ["Frau Schulz"]
    assert names_guard.check("Dwoje dzieci bawi się na plaży. Zachód słońca nad morzem.", [], *NOWHERE) == []
    assert names_guard.check("Dos niños juegan en la playa. Al atardecer, el cielo se tiñe de rojo.", [], *NOWHERE) == []


def test_cjk_names_checked_against_the_metadata() -> None:
    tokyo = place("Tokyo", "Tokyo", "Japan", 35.68, 139.76, ("佐藤 美咲",))
    assert names_guard.check("美咲さんが公園で笑っている。", [], *tokyo) == []
    assert names_guard.check("田中さんが公園で笑っている。", [], *tokyo) == ["田中さん"]
    assert names_guard.check("お母さんと赤ちゃんが公園で遊んでいる。", [], *tokyo) == []
    beijing = place("Beijing", "Beijing", "China", 39.9, 116.4, ("王芳",))
    assert names_guard.check("王芳站在天安门广场上。", [], *beijing) == []
    assert names_guard.check("小明和爸爸在公园里放风筝。", [], *beijing) == ["小明"]
    assert names_guard.check("一只小狗在海边奔跑。", [], *beijing) == []


def test_lower_case_names_count() -> None:
    assert names_guard.check("maria and john at the beach", [], *NOWHERE) == ["maria", "john"]
    assert names_guard.check("A beach.", ["maria rossi", "beach"], *NOWHERE) == ["maria rossi"]


def test_the_vocabulary_is_not_evidence() -> None:
    p, g = LONDON
    g.context = FolderContext(vocabulary=[{"path": ["People", "Maria Rossi"], "synonyms": []},
                                          {"path": ["Places", "Venice"], "synonyms": []}])
    assert names_guard.check("Maria Rossi smiles in Venice.", [], p, g) == ["Maria Rossi", "Venice"]
    g.context = FolderContext(people=["Maria Rossi"])  # the user said she may appear: that is evidence
    assert names_guard.check("Maria Rossi smiles.", [], p, g) == []


def test_text_we_wrote_is_not_evidence() -> None:
    written = "Maria Rossi smiles on the bridge."
    p, g = place("London", "England", "United Kingdom", 51.5, -0.12, file_description=written,
                 file_keywords=json.dumps(["Maria Rossi", "bridge", "holiday"]))
    assert names_guard.check(written, ["Maria Rossi"], p, g) == []  # without provenance it looks grounded
    journal = [{"state": "done",
                "before": json.dumps({"tags": {"XMP-dc:Subject": ["holiday"]}, "db": {"file_keywords": '["holiday"]'}}),
                "after": json.dumps({"tags": {"XMP-dc:Description": written,
                                              "XMP-dc:Subject": ["holiday", "Maria Rossi", "bridge"],
                                              "XMP-lr:HierarchicalSubject": ["People|Maria Rossi"]}})}]
    p[provenance.KEY] = provenance.from_journal(journal)
    assert names_guard.check(written, ["Maria Rossi"], p, g) == ["Maria Rossi"]
    assert provenance.file_keywords(p) == ["holiday"]  # the person's own keyword stays
    g.people = [{"name": "Maria Rossi", "source": "tag"}]  # read back from the keyword path we wrote
    assert names_guard.check(written, [], p, g) == ["Maria Rossi"]


def test_written_caption_is_ours_without_the_journal() -> None:
    p = {"caption_state": "written", "caption": "Maria at the lake.", "caption_keywords": '["Maria"]',
         "file_description": "Maria at the lake.", "file_keywords": '["Maria", "lake"]'}
    assert provenance.not_ours(p) == {"file_description": None, "file_title": None, "file_keywords": ["lake"]}


def test_the_town_a_photo_was_taken_near_is_its_town() -> None:
    """Out of town the resolver names the town in ``near`` (``city`` is empty): naming it is fine."""
    photo = {"filename": "IMG_2.jpg", "folder": "/pics/2019", "file_keywords": "[]", "gps_lat": 51.19, "gps_lon": -1.83}
    g = Grounding(near="Amesbury", region="England", country="United Kingdom", place_source="gps", place_km=3.2)
    assert names_guard.check("A lane through the fields near Amesbury.", ["Amesbury"], photo, g) == []
    assert names_guard.check("A lane through the fields near Amesbury.", [], photo, g, gazetteer=False) == []


def test_a_mountain_is_seen_from_far_away_but_a_lake_beside_it_is_not() -> None:
    tokyo = ({"filename": "a.jpg", "folder": "/p", "file_keywords": "[]", "gps_lat": 35.68, "gps_lon": 139.76},
             Grounding(city="Tokyo", country="Japan", place_source="gps", place_km=1.0))
    assert names_guard.check("Mount Fuji above the city at dawn.", [], *tokyo) == []  # ~100 km away, in view
    assert names_guard.check("Mount Fuji above the city at dawn.", [], *ROME) == ["Mount Fuji"]
    assert names_guard.check("Lake Kawaguchi at dawn.", [], *tokyo) == ["Lake Kawaguchi"]
