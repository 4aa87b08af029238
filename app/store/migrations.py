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
- ``photo_grounding``: one row per photo that has anything to say about where, who and when.
  ``file_place``/``file_people`` are what the file holds (JSON, written at index time); ``geo_*`` the
  offline geocoder's answer for ``geo_lat``/``geo_lon`` (recomputed only when the GPS fix changes);
  ``city``/``region``/``country``/``sublocation`` + ``place_source`` (user | file | file+gps | gps) the
  resolved place; ``people`` (JSON list of ``{"name", "box", "source"}``, left to right); ``event`` +
  ``event_source`` (user | folder); ``search_text`` feeds the word index's ``names`` column.
- ``folder_context``: what the user set for a folder (inherited by its sub-folders).
- ``video_facts``: a video's stream facts (frame rate, codec, rotation, stored size, keyframes);
  ``photos.media``/``duration``/``content_id``/``live_photo_id`` say what is a video and which clip
  belongs to which Live Photo (``app.store.videos``).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from app.core.sqlscript import run_script
from app.search import schema as search_schema

migrations = Migrations("albumwise")


@migrations()
def m001_initial(db: Database) -> None:
    run_script(db, 
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
    """Search: FTS5 + trigram indexes, embeddings, and the triggers that keep them in sync."""
    from app.search.schema import create_v1

    create_v1(db)


@migrations()
def m006_search_vector_bits(db: Database) -> None:
    """Search: binary-quantised vectors in a narrow table so a million load in a second."""
    from app.search.schema import create_v2_bits

    create_v2_bits(db)


@migrations()
def m010_path_bytes(db: Database) -> None:
    """A file name that is not valid UTF-8 keeps its exact bytes here (``app.core.fspath``);
    ``path`` then holds a readable text form. NULL for every ordinary name."""
    for table in ("photos", "roots", "writes"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN path_bytes BLOB")


@migrations()
def m020_job_leases(db: Database) -> None:
    """A running job is leased by a live run (``runs``: pid, machine, heartbeat), so a second
    run recovers only the jobs of runs that are gone."""
    run_script(db, 
        """
        ALTER TABLE jobs ADD COLUMN lease_owner TEXT;  -- runs.id of the run working on it (state running)
        CREATE INDEX jobs_lease ON jobs(lease_owner) WHERE lease_owner IS NOT NULL;
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            pid INTEGER,
            hostname TEXT,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m030_write_conflicts(db: Database) -> None:
    """Write-back: an outside edit found field by field is kept on the photo as ``conflict``
    (JSON: both texts and every changed field) and the index names where the shown text came from."""
    db.execute("ALTER TABLE photos ADD COLUMN conflict TEXT")
    db.execute("ALTER TABLE photos ADD COLUMN file_description_source TEXT")


@migrations()
def m040_grounding(db: Database) -> None:
    """Grounding: per-photo place and people with their sources, per-folder context, and
    place/people/event words in the search index. Photos indexed before this are re-read on the next
    scan (their mtime is forgotten) so the location fields and face regions already in the files
    are picked up; nothing else about them changes."""
    _create_grounding_v1(db)
    db.execute("UPDATE photos SET mtime_ns = 0 WHERE state = 'ok'")


def _create_grounding_v1(db: Database) -> None:
    """The m040 tables (frozen: change them with a new migration)."""
    run_script(db, 
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
    run_script(db, search_schema.insert_trigger_sql(grounded=True) + "\n" + search_schema.update_trigger_sql(grounded=True))
    cols = ", ".join(search_schema.FTS_COLUMNS)
    run_script(db, 
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


@migrations()
def m050_photo_groups(db: Database) -> None:
    """Groups of near-repeats: bursts, brackets and copies, captioned once.

    ``photos.group_id`` is the membership (sticky: survives moves, rescans and writes);
    ``photos.group_lock`` records a person's decision ('alone' after a split, 'joined' after a
    merge) that automatic grouping never overrides. ``photo_signatures`` holds the thumbnail's
    perceptual hashes; ``captions.from_photo_id`` marks a draft shared from a group's best frame.
    """
    run_script(db, 
        """
        ALTER TABLE photos ADD COLUMN group_id INTEGER;
        ALTER TABLE photos ADD COLUMN group_lock TEXT;
        CREATE INDEX photos_group ON photos(group_id);
        CREATE INDEX photos_camera_taken ON photos(camera_model, taken_at);

        CREATE TABLE photo_groups (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,                  -- exact | near | manual
            best_photo_id INTEGER,               -- the frame a person picked (NULL: the sharpest)
            created_at TEXT NOT NULL
        );

        CREATE TABLE photo_signatures (
            photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
            fingerprint TEXT,                    -- the file's fingerprint when computed (stale when it differs)
            version INTEGER NOT NULL,
            dhash INTEGER NOT NULL,
            phash INTEGER NOT NULL,
            pixels TEXT NOT NULL,                -- digest of the thumbnail at 16x16 RGB: same decoded pixels
            sharpness REAL,
            contrast REAL,
            computed_at TEXT NOT NULL
        );
        CREATE INDEX photo_signatures_pixels ON photo_signatures(pixels);

        ALTER TABLE captions ADD COLUMN from_photo_id INTEGER;
        """
    )


@migrations()
def m060_places_and_folding(db: Database) -> None:
    """Places decided by borders, and search that folds names as a person does.

    ``photo_grounding`` gains the geocoder's reference town and sea flag (``geo_name``, ``geo_sea``,
    ``geo_code``), the resolved ``near`` town (the point is out of town or at sea; ``city`` is then
    empty), ``at_sea``, the ISO ``country_code``, ``place_conflict`` (the GPS disagrees with the
    file's place), and folded copies of the place, people and occasion words for the ``place:``,
    ``person:`` and ``event:`` filters. ``geo_lat`` is cleared so every fix is looked up again with
    the polygons (``app.library.grounding.upgrade_places``, run before the next scan). The word index
    gains folded copies of letters its tokenizer keeps (Ł, ø, ß, ...) and the trigram index the
    grounding words (CJK names)."""
    for col in ("geo_name TEXT", "geo_sea INTEGER", "geo_code TEXT", "near TEXT", "at_sea INTEGER",
                "country_code TEXT", "place_conflict TEXT", "place_fold TEXT", "people_fold TEXT", "event_fold TEXT"):
        db.execute(f"ALTER TABLE photo_grounding ADD COLUMN {col}")
    db.execute("UPDATE photo_grounding SET geo_lat = NULL, geo_lon = NULL")
    search_schema.create_v3_folded(db)


@migrations()
def m070_photo_identity(db: Database) -> None:
    """A photo is its picture, not its name. ``media_hash``: a hash of the coded picture that metadata
    edits leave alone (``app.library.media``); ``inode``: a new file under a known name is read again
    even when its size and time match; ``unreadable``: why captioning could not decode the photo (not
    queued again until the file changes). Photos indexed before this are read again on the next scan
    (their mtime is forgotten) so every record gets its content key while its file is the one it knows."""
    run_script(db, 
        """
        ALTER TABLE photos ADD COLUMN media_hash TEXT;
        ALTER TABLE photos ADD COLUMN inode INTEGER;
        ALTER TABLE photos ADD COLUMN unreadable TEXT;
        CREATE INDEX photos_media_hash ON photos(media_hash);
        UPDATE photos SET mtime_ns = 0 WHERE state != 'missing';
        """
    )


@migrations()
def m071_signature_bands(db: Database) -> None:
    """Grouping finds the same picture whatever its capture time: the four 16-bit bands of each pHash
    are indexed (``library.groups.bands``), so two photos whose hashes differ by fewer than four bits
    meet through at least one index."""
    for i, shift in enumerate((48, 32, 16, 0)):
        expr = f"(phash >> {shift}) & 65535" if shift else "phash & 65535"
        db.execute(f"CREATE INDEX photo_signatures_band{i} ON photo_signatures(({expr}))")


@migrations()
def m080_videos(db: Database) -> None:
    """Videos beside photos: ``photos.media`` ('video', NULL for a photo), ``duration`` in seconds,
    ``content_id`` (Apple's content identifier, in a Live Photo's picture and in its clip) and
    ``live_photo_id`` (on a Live Photo's clip: the photo that is its face; such a clip is shown and
    captioned through its photo and shares its caption). ``video_facts`` keeps the stream facts
    (frame rate, codec, rotation, stored size, keyframes) the window and the captioner use.
    Nothing already indexed changes: videos were not indexed before."""
    run_script(db, 
        """
        ALTER TABLE photos ADD COLUMN media TEXT;
        ALTER TABLE photos ADD COLUMN duration REAL;
        ALTER TABLE photos ADD COLUMN content_id TEXT;
        ALTER TABLE photos ADD COLUMN live_photo_id INTEGER;
        CREATE INDEX photos_content_id ON photos(content_id) WHERE content_id IS NOT NULL;
        CREATE INDEX photos_live_photo ON photos(live_photo_id) WHERE live_photo_id IS NOT NULL;
        CREATE TABLE video_facts (
            photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
            fps REAL,
            codec TEXT,
            rotation INTEGER,                -- the display matrix's angle, degrees clockwise
            stored_width INTEGER,            -- the coded picture, before the matrix
            stored_height INTEGER,
            audio INTEGER NOT NULL DEFAULT 0,
            keyframes INTEGER,
            declared REAL,                   -- the duration the container states
            container TEXT,
            updated_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m090_search_ranking(db: Database) -> None:
    """Search: ranking lists for frequent words (exact bm25 top results without scoring every
    match), their change log and the triggers that fill it; the lists are cut right away."""
    from app.search import ranklists
    from app.search.words import BM25_WEIGHTS

    ranklists.create_v1(db)
    ranklists.build(db, BM25_WEIGHTS)


@migrations()
def m100_alt_text_and_languages(db: Database) -> None:
    """Alt text, a second language and the language check.

    ``captions`` gains ``alt_text`` (the short accessible description written with the caption),
    ``translations`` (JSON ``{"de": {"text", "alt_text", "keywords"}}``: the caption in other
    languages) and ``language_check`` (JSON: the language asked for and what each part is in).
    ``photos`` gains the current caption's ``caption_alt_text`` and ``caption_translations``
    (denormalised like ``caption``), and what the file itself holds: ``file_alt_text``
    (``Iptc4xmpCore:AltTextAccessibility``) and ``file_translations`` (its descriptions and alt texts
    in other languages, JSON like ``translations``). Photos indexed before this are read again on the
    next scan (their mtime is forgotten) so the alt text already in files is picked up. The word index
    holds the alt text and the other languages from now on (triggers made anew, index refilled,
    ranking lists cut again)."""
    from app.search import ranklists
    from app.search.words import BM25_WEIGHTS

    run_script(db, 
        """
        ALTER TABLE captions ADD COLUMN alt_text TEXT;
        ALTER TABLE captions ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE captions ADD COLUMN language_check TEXT;
        ALTER TABLE photos ADD COLUMN caption_alt_text TEXT;
        ALTER TABLE photos ADD COLUMN caption_translations TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE photos ADD COLUMN file_alt_text TEXT;
        ALTER TABLE photos ADD COLUMN file_translations TEXT NOT NULL DEFAULT '{}';
        UPDATE photos SET mtime_ns = 0 WHERE state = 'ok';
        """
    )
    search_schema.create_v4_accessible(db)
    if ranklists.installed(db):
        ranklists.build(db, BM25_WEIGHTS)


@migrations()
def m110_search_phrase_ranking(db: Database) -> None:
    """Search: ranking lists for frequent two-word phrases (exact bm25 top results for phrases
    of very common words without comparing positions through every match); cut right away."""
    from app.search import phraselists
    from app.search.words import BM25_WEIGHTS

    phraselists.create_v1(db)
    phraselists.build(db, BM25_WEIGHTS)


@migrations()
def m120_search_index_once_per_batch(db: Database) -> None:
    """Search: a writer may defer the word index to the end of its transaction (``search_defer``
    switch, ``search_pending`` notes), so a scanned photo is indexed once instead of once for each
    of its row, its place words and its file caption (``app.search.deferred``)."""
    from app.search import deferred

    deferred.create_v1(db)


@migrations()
def m130_rank_log_once_per_batch(db: Database) -> None:
    """Search: while a writer defers the index, the ranking lists' change log is written once for
    the batch (``deferred.flush``) instead of by a trigger per indexed row."""
    from app.search import schema

    if schema.rank_triggers_present(db):
        schema.install_rank_triggers(db)
