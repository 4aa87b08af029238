"""Versioned schema migrations (sqlite-utils ``Migrations``; applied in definition order).

Rules: never edit a migration that has shipped; add a new function at the end. Each runs in a
transaction together with its record in ``_sqlite_migrations``.

Tables (one library per file):
- ``roots``: the folders the user added.
- ``photos``: one row per file ever seen. ``state`` is the *index* state (ok | error | missing).
  The current caption is denormalised onto the row (``caption``, ``caption_keywords``,
  ``caption_state``, ...) so the grid, the CLI and search read one row; ``captions`` holds every
  version (the history).
- ``captions``: caption versions (model drafts, human edits, text read from the file).
- ``jobs``: the persistent captioning queue.
- ``writes``: the journal of metadata writes (previous values, for undo).
- ``settings``: library-level key/value state (queue paused, last model, ...).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("albumwise")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE roots (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            added_at TEXT NOT NULL,
            last_scan_at TEXT
        );

        CREATE TABLE photos (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,           -- absolute path
            root_id INTEGER REFERENCES roots(id) ON DELETE SET NULL,
            folder TEXT NOT NULL,                -- absolute folder path
            filename TEXT NOT NULL,
            size INTEGER NOT NULL DEFAULT 0,
            mtime_ns INTEGER NOT NULL DEFAULT 0,
            fingerprint TEXT,                    -- blake2b of size + head + tail (move detection)
            format TEXT,                         -- JPEG, PNG, TIFF, WEBP, HEIC, AVIF, GIF, BMP, DNG, CR2, ...
            width INTEGER,                       -- as displayed (after EXIF orientation)
            height INTEGER,
            orientation INTEGER,                 -- EXIF orientation 1..8 (NULL when absent)
            taken_at TEXT,                       -- ISO 8601 local time as the camera wrote it
            camera_make TEXT,
            camera_model TEXT,
            gps_lat REAL,
            gps_lon REAL,
            file_title TEXT,                     -- what the file (or its sidecar) already says
            file_description TEXT,
            file_keywords TEXT NOT NULL DEFAULT '[]',   -- JSON list
            sidecar_path TEXT,
            state TEXT NOT NULL DEFAULT 'ok',    -- ok | error | missing
            error TEXT,
            indexed_at TEXT,
            -- current caption (denormalised from captions for fast reads)
            caption_id INTEGER,
            caption TEXT,
            caption_keywords TEXT NOT NULL DEFAULT '[]',
            caption_title TEXT,
            caption_state TEXT NOT NULL DEFAULT 'none',  -- none | draft | approved | written | rejected | failed
            caption_source TEXT,                 -- model | human | file
            caption_model TEXT,
            caption_flags TEXT NOT NULL DEFAULT '[]',
            caption_updated_at TEXT
        );
        CREATE INDEX photos_folder ON photos(folder);
        CREATE INDEX photos_fingerprint ON photos(fingerprint);
        CREATE INDEX photos_state ON photos(state);
        CREATE INDEX photos_caption_state ON photos(caption_state);
        CREATE INDEX photos_root ON photos(root_id);
        CREATE INDEX photos_taken ON photos(taken_at);

        CREATE TABLE captions (
            id INTEGER PRIMARY KEY,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            text TEXT NOT NULL DEFAULT '',
            keywords TEXT NOT NULL DEFAULT '[]',
            title TEXT,
            source TEXT NOT NULL,                -- model | human | file
            state TEXT NOT NULL,                 -- draft | approved | written | rejected | failed
            model TEXT,
            host TEXT,
            style TEXT,
            language TEXT,
            prompt TEXT,
            options TEXT NOT NULL DEFAULT '{}',  -- JSON: model options used
            metrics TEXT NOT NULL DEFAULT '{}',  -- JSON: durations, token counts
            done_reason TEXT,
            flags TEXT NOT NULL DEFAULT '[]',    -- JSON list of flag names
            raw_text TEXT,                       -- model output before clean-up
            parent_id INTEGER REFERENCES captions(id) ON DELETE SET NULL,
            note TEXT,                           -- why this version exists (edit, restore, undo, ...)
            created_at TEXT NOT NULL
        );
        CREATE INDEX captions_photo ON captions(photo_id, id);

        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'caption',
            state TEXT NOT NULL DEFAULT 'queued', -- queued | running | done | failed | cancelled
            priority INTEGER NOT NULL DEFAULT 0,  -- higher first
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            params TEXT NOT NULL DEFAULT '{}',    -- JSON: style, model, language, ...
            host TEXT,
            result_caption_id INTEGER REFERENCES captions(id) ON DELETE SET NULL,
            not_before TEXT,                      -- retry back-off
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT
        );
        CREATE INDEX jobs_pick ON jobs(state, priority DESC, id);
        CREATE UNIQUE INDEX jobs_one_active ON jobs(photo_id, kind) WHERE state IN ('queued', 'running');

        CREATE TABLE writes (
            id INTEGER PRIMARY KEY,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            caption_id INTEGER REFERENCES captions(id) ON DELETE SET NULL,
            path TEXT NOT NULL,                   -- the file actually written (photo or sidecar)
            target TEXT NOT NULL,                 -- file | sidecar
            sidecar_created INTEGER NOT NULL DEFAULT 0,
            before TEXT NOT NULL DEFAULT '{}',    -- JSON: previous value of every touched tag
            after TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'pending', -- pending | done | failed | undone
            error TEXT,
            created_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE INDEX writes_photo ON writes(photo_id, id);

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )


@migrations()
def m005_search_index(db: Database) -> None:
    """Search (issue 5): FTS5 + trigram indexes, embeddings, and the triggers that keep them in sync."""
    from app.search.schema import create_v1

    create_v1(db)


@migrations()
def m006_search_vector_bits(db: Database) -> None:
    """Search: binary-quantised vectors in a narrow table so a million load in a second."""
    from app.search.schema import create_v2_bits

    create_v2_bits(db)


@migrations()
def m040_grounding(db: Database) -> None:
    """Grounding (issue 13): per-photo place and people with their sources, per-folder context, and
    place/people/event words in the search index. Photos indexed before this are re-read on the next
    scan (their mtime is forgotten) so the location fields and face regions already in the files
    are picked up; nothing else about them changes."""
    from app.grounding.schema import create_v1 as create_grounding

    create_grounding(db)
    db.execute("UPDATE photos SET mtime_ns = 0 WHERE state = 'ok'")
