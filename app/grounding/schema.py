"""Tables for grounding (migration ``m040_grounding``; FROZEN once shipped: change via a new function).

- ``photo_grounding``: one row per photo that has anything to say. ``file_place``/``file_people``
  are what the file holds (JSON, written at index time); ``geo_*`` the offline geocoder's answer for
  ``geo_lat``/``geo_lon`` (recomputed only when the GPS fix changes); ``city``/``region``/
  ``country``/``sublocation`` + ``place_source`` (user | file | gps) the resolved place; ``people``
  (JSON list of ``{"name", "box", "source"}``, left to right); ``event`` + ``event_source``
  (user | folder); ``search_text`` feeds the word index.
- ``folder_context``: what the user set for a folder (inherited by its sub-folders).

The word index's ``names`` column gains ``search_text``: the photos triggers are recreated with
the grounded values and ``photo_grounding`` changes refresh the photo's index row.
"""

from __future__ import annotations

from sqlite_utils import Database

from app.search import schema as search_schema


def create_v1(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE photo_grounding (
            photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
            file_place TEXT,
            file_people TEXT NOT NULL DEFAULT '[]',
            geo_lat REAL, geo_lon REAL,
            geo_city TEXT, geo_region TEXT, geo_country TEXT, geo_km REAL,
            city TEXT, region TEXT, country TEXT, sublocation TEXT,
            place_source TEXT,
            place_km REAL,
            people TEXT NOT NULL DEFAULT '[]',
            event TEXT,
            event_source TEXT,
            search_text TEXT NOT NULL DEFAULT '',
            updated_at TEXT
        );
        CREATE INDEX photo_grounding_place ON photo_grounding(country, region, city);

        CREATE TABLE folder_context (
            folder TEXT PRIMARY KEY,
            event TEXT,
            place TEXT,
            people TEXT NOT NULL DEFAULT '[]',
            notes TEXT,
            vocabulary TEXT,          -- JSON list of {"path": [...], "synonyms": [...]}
            updated_at TEXT NOT NULL
        );

        DROP TRIGGER IF EXISTS photos_search_ai;
        DROP TRIGGER IF EXISTS photos_search_au;
        """
    )
    db.executescript(search_schema.insert_trigger_sql(grounded=True) + "\n" + search_schema.update_trigger_sql(grounded=True))
    cols = ", ".join(search_schema.FTS_COLUMNS)
    db.executescript(
        f"""
        CREATE TRIGGER photo_grounding_search_ai AFTER INSERT ON photo_grounding WHEN new.search_text != '' BEGIN
            DELETE FROM photos_fts WHERE rowid = new.photo_id;
            INSERT INTO photos_fts(rowid, {cols}) SELECT p.id, {search_schema.row_values('p', grounded=True)}
                FROM photos AS p WHERE p.id = new.photo_id;
        END;
        CREATE TRIGGER photo_grounding_search_au AFTER UPDATE OF search_text ON photo_grounding
        WHEN old.search_text IS NOT new.search_text BEGIN
            DELETE FROM photos_fts WHERE rowid = new.photo_id;
            INSERT INTO photos_fts(rowid, {cols}) SELECT p.id, {search_schema.row_values('p', grounded=True)}
                FROM photos AS p WHERE p.id = new.photo_id;
        END;
        """
    )
