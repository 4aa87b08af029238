"""The search index's tables and the triggers that keep them in sync with ``photos``.

Why triggers: captions, rescans, moves and purges are written by several modules (scanner,
captioning, review, metadata) with plain UPDATEs on ``photos``. SQL triggers keep the index right
whoever writes, with no call to remember.

- ``photos_fts``: FTS5 over five weighted columns. Tokenizer ``porter unicode61 remove_diacritics 2``:
  English stemming (dogs -> dog, running -> run), accents folded (café = cafe), case folded. Porter
  only rewrites ASCII word endings, so other Latin-script languages still match themselves exactly.
  The table keeps its own copy of the text (not external content) so a delete never needs the old
  values to be reproduced exactly, and ``snippet()`` works.
- ``photos_fts_cjk``: a trigram index holding only rows whose text contains CJK/Hangul characters;
  unicode61 would glue a whole run of CJK characters into one token, so substrings need trigrams.
- ``photo_embeddings``: one float32 vector per photo (sqlite-vec's blob format, little-endian) plus
  its sign bits for fast binary-quantised candidate search. A caption change deletes the row, so
  "missing embedding" is the single definition of "needs embedding".
- ``search_meta``: ``embed_gen`` counts embedding changes so in-memory vector caches know when to
  reload.

FROZEN: ``create_v1`` is what migration ``m005_search_index`` runs; never change it. A later schema
change gets a new function and a new migration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from app.core.sqlscript import run_script

if TYPE_CHECKING:
    from sqlite_utils import Database

# CJK Radicals .. CJK Unified Ideographs (incl. Hiragana/Katakana), and Hangul syllables.
CJK_GLOB = "*[⺀-鿿가-힯豈-﫿]*"


def _keywords(ref: str) -> str:
    return (
        f"(CASE WHEN json_valid({ref}) THEN (SELECT group_concat(value, ' ') FROM json_each({ref})) "
        f"ELSE {ref} END)"
    )


# Letters unicode61's remove_diacritics leaves as they are (they do not decompose), folded as
# app.core.fold folds them, so "Lukasz" finds "Łukasz" and "Strasse" finds "Straße".
# At most 14 pairs: each is one nested replace() in the index triggers, and older SQLite builds (the
# stdlib's 3.40, the sqlite3 shell, DB browsers) fail to parse a schema nested much deeper ("parser
# stack overflow"), which would make the library unreadable to them. Letters unicode61 leaves alone.
FOLD_PAIRS = (("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"), ("æ", "ae"), ("Æ", "AE"), ("œ", "oe"), ("Œ", "OE"),
              ("ß", "ss"), ("đ", "d"), ("Đ", "D"), ("ð", "d"), ("þ", "th"), ("ı", "i"))
FOLD_GLOB = "*[" + "".join(a for a, _ in FOLD_PAIRS) + "]*"
_FOLD_TABLE = str.maketrans({a: b for a, b in FOLD_PAIRS})


def fold_letters(text: str) -> str:
    """The query-side twin of ``fold_sql``: the same letters replaced the same way."""
    return text.translate(_FOLD_TABLE)


def fold_sql(expr: str) -> str:
    """SQL replacing the letters of FOLD_PAIRS in ``expr``."""
    for a, b in FOLD_PAIRS:
        expr = f"replace({expr}, '{a}', '{b}')"
    return expr


def _folded_copy(r: str, accessible: bool = False) -> str:
    """SQL: the row's text with FOLD_PAIRS letters folded, or '' when it holds none (most rows)."""
    text = " || ' ' || ".join(f"coalesce({r}.{c}, '')" for c in (
        "caption", "caption_keywords", "file_keywords", "caption_title", "file_title", "file_description",
        "filename", "folder") + (ACCESSIBLE_COLUMNS if accessible else ()))
    # ASCII-only text (length == bytes) cannot hold these letters: skip the slower GLOB for it.
    return (f"(CASE WHEN length(CAST(({text}) AS BLOB)) != length({text}) AND ({text}) GLOB '{FOLD_GLOB}' "
            f"THEN {fold_sql('(' + text + ')')} ELSE '' END)")


# Alt text and the caption's other languages (migration m100): indexed in the description column.
ACCESSIBLE_COLUMNS = ("caption_alt_text", "file_alt_text", "caption_translations")


def _translations(ref: str) -> str:
    """SQL: every text, alt text and keyword of a ``{"de": {"text", "alt_text", "keywords"}}`` JSON value."""
    item = ("coalesce(json_extract(t.value, '$.text'), '') || ' ' || coalesce(json_extract(t.value, '$.alt_text'), '')"
            " || ' ' || coalesce((SELECT group_concat(k.value, ' ') FROM json_each(json_extract(t.value, "
            "'$.keywords')) AS k), '')")
    return (f"(CASE WHEN json_valid({ref}) THEN (SELECT group_concat({item}, ' ') FROM json_each({ref}) AS t) "
            f"ELSE '' END)")


def _description(r: str, accessible: bool) -> str:
    if not accessible:
        return f"{r}.file_description"
    return (f"trim(coalesce({r}.file_description, '') || ' ' || coalesce({r}.caption_alt_text, '') || ' ' || "
            f"coalesce({r}.file_alt_text, '') || ' ' || coalesce({_translations(r + '.caption_translations')}, ''))")


def _row_values(r: str, grounded: bool = False, folded: bool = False, accessible: bool = False) -> str:
    """SQL for the five indexed columns of photo row alias ``r`` (new/old/photos).

    ``grounded``: the names column also holds the photo's place, people and event words
    (``photo_grounding.search_text``; the table exists from migration m040).
    ``folded``: ... and a copy of the row's text with the letters unicode61 does not fold folded
    (migration m060). ``accessible``: the description column also holds the alt text and the
    caption's other languages (migration m100)."""
    names = f"coalesce({r}.filename, '') || ' ' || coalesce({r}.folder, '')"
    if grounded:
        names += f" || ' ' || coalesce((SELECT g.search_text FROM photo_grounding g WHERE g.photo_id = {r}.id), '')"
    if folded:
        names += f" || ' ' || {_folded_copy(r, accessible)}"
    return ", ".join(
        [
            f"{r}.caption",
            f"trim(coalesce({_keywords(r + '.caption_keywords')}, '') || ' ' || coalesce({_keywords(r + '.file_keywords')}, ''))",
            f"trim(coalesce({r}.caption_title, '') || ' ' || coalesce({r}.file_title, ''))",
            _description(r, accessible),
            names,
        ]
    )


row_values = _row_values


def _cjk_text(r: str, grounded: bool = False, accessible: bool = False) -> str:
    """SQL for the trigram table's text; ``grounded`` adds the place, people and event words (m060),
    ``accessible`` the alt text and the caption's other languages (m100)."""
    text = (
        f"coalesce({r}.caption, '') || ' ' || coalesce({r}.caption_keywords, '') || ' ' || "
        f"coalesce({r}.caption_title, '') || ' ' || coalesce({r}.file_title, '') || ' ' || "
        f"coalesce({r}.file_description, '') || ' ' || coalesce({r}.file_keywords, '') || ' ' || "
        f"coalesce({r}.filename, '') || ' ' || coalesce({r}.folder, '')"
    )
    if accessible:
        text += "".join(f" || ' ' || coalesce({r}.{c}, '')" for c in ACCESSIBLE_COLUMNS)
    if grounded:
        text += f" || ' ' || coalesce((SELECT g.search_text FROM photo_grounding g WHERE g.photo_id = {r}.id), '')"
    return text


FTS_COLUMNS = ("caption", "keywords", "title", "description", "names")
TEXT_COLUMNS = (
    "caption", "caption_keywords", "caption_title", "file_title", "file_description", "file_keywords",
    "filename", "folder",
)
EMBED_COLUMNS = ("caption", "caption_keywords", "caption_title", "file_description", "file_title")


def _changed(cols: tuple[str, ...]) -> str:
    return " OR ".join(f"old.{c} IS NOT new.{c}" for c in cols)


def text_columns(accessible: bool = False) -> tuple[str, ...]:
    """The photo columns whose change re-indexes the row."""
    return TEXT_COLUMNS + (ACCESSIBLE_COLUMNS if accessible else ())


def insert_fts_sql(source: str = "photos", grounded: bool = False, folded: bool = False,
                   accessible: bool = False) -> str:
    """Bulk (re)fill of both text indexes from ``photos``."""
    cjk = _cjk_text("p", grounded and folded, accessible)
    return (
        f"INSERT INTO photos_fts(rowid, {', '.join(FTS_COLUMNS)}) SELECT id, {_row_values('p', grounded, folded, accessible)} "
        f"FROM {source} AS p;\n"
        # ASCII-only text (length == bytes) cannot hold CJK: skip the slower GLOB for it.
        f"INSERT INTO photos_fts_cjk(rowid, text) SELECT id, t FROM (SELECT id, {cjk} AS t FROM {source} AS p) "
        f"WHERE length(CAST(t AS BLOB)) != length(t) AND t GLOB '{CJK_GLOB}';\n"
    )


def is_grounded(db: Database) -> bool:
    """Whether the grounding table (migration m040) exists, so the index holds its words."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'photo_grounding'").fetchone() is not None


def is_folded(db: Database) -> bool:
    """Whether migration m060 ran: folded copies of the text, and grounding words in the trigram index."""
    return is_grounded(db) and any(r[1] == "people_fold" for r in db.execute("PRAGMA table_info(photo_grounding)"))


def is_accessible(db: Database) -> bool:
    """Whether migration m100 ran: the alt text and the caption's other languages are indexed."""
    return any(r[1] == "caption_alt_text" for r in db.execute("PRAGMA table_info(photos)"))


def level(db: Database) -> dict[str, bool]:
    """The keyword arguments of the trigger and fill functions for this database's schema."""
    return {"grounded": is_grounded(db), "folded": is_folded(db), "accessible": is_accessible(db)}


# Added to each indexing trigger's WHEN from migration m120: while a writer defers the index
# (``app.search.deferred``), rows are only noted and indexed once at the end of its transaction.
NOT_DEFERRED = "NOT EXISTS (SELECT 1 FROM search_defer)"
DEFERRED = "EXISTS (SELECT 1 FROM search_defer)"


def trigger_level(db: Database) -> dict[str, bool]:
    """``level`` plus whether the triggers wait for a deferring writer (m120): for re-creating them."""
    on = db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_defer'").fetchone()
    return {**level(db), "deferrable": on is not None}


def insert_trigger_sql(grounded: bool = False, folded: bool = False, accessible: bool = False,
                       deferrable: bool = False) -> str:
    """The trigger indexing new photo rows (bulk loaders may drop it, then ``rebuild`` and re-add;
    pass ``**level(db)`` for a migrated database)."""
    cols = ", ".join(FTS_COLUMNS)
    cjk = _cjk_text("new", grounded and folded, accessible)
    when = f" WHEN {NOT_DEFERRED}" if deferrable else ""
    return f"""CREATE TRIGGER IF NOT EXISTS photos_search_ai AFTER INSERT ON photos{when} BEGIN
            INSERT INTO photos_fts(rowid, {cols}) VALUES (new.id, {_row_values('new', grounded, folded, accessible)});
            INSERT INTO photos_fts_cjk(rowid, text) SELECT new.id, {cjk}
                WHERE {cjk} GLOB '{CJK_GLOB}';
        END;"""


def update_trigger_sql(grounded: bool = False, folded: bool = False, accessible: bool = False,
                       deferrable: bool = False) -> str:
    """The trigger re-indexing a photo whose text changed (same as create_v1's, optionally grounded)."""
    cols = ", ".join(FTS_COLUMNS)
    cjk = _cjk_text("new", grounded and folded, accessible)
    watched = text_columns(accessible)
    when = f"({_changed(watched)}) AND {NOT_DEFERRED}" if deferrable else _changed(watched)
    return f"""CREATE TRIGGER IF NOT EXISTS photos_search_au AFTER UPDATE OF {', '.join(watched)} ON photos
        WHEN {when} BEGIN
            DELETE FROM photos_fts WHERE rowid = old.id;
            INSERT INTO photos_fts(rowid, {cols}) VALUES (new.id, {_row_values('new', grounded, folded, accessible)});
            DELETE FROM photos_fts_cjk WHERE rowid = old.id;
            INSERT INTO photos_fts_cjk(rowid, text) SELECT new.id, {cjk}
                WHERE {cjk} GLOB '{CJK_GLOB}';
        END;"""


def grounding_trigger_sql(accessible: bool = False, deferrable: bool = False) -> str:
    """The triggers re-indexing a photo whose place, people or event words changed (m060's form:
    folded copies, and the trigram table too; ``accessible``: m100's, with the alt text;
    ``deferrable``: m120's, idle while a writer defers the index)."""
    also = f" AND {NOT_DEFERRED}" if deferrable else ""
    cols = ", ".join(FTS_COLUMNS)
    cjk = _cjk_text('p', True, accessible)
    body = f"""DELETE FROM photos_fts WHERE rowid = new.photo_id;
            INSERT INTO photos_fts(rowid, {cols}) SELECT p.id, {_row_values('p', True, True, accessible)}
                FROM photos AS p WHERE p.id = new.photo_id;
            DELETE FROM photos_fts_cjk WHERE rowid = new.photo_id;
            INSERT INTO photos_fts_cjk(rowid, text) SELECT p.id, {cjk}
                FROM photos AS p WHERE p.id = new.photo_id AND {cjk} GLOB '{CJK_GLOB}';"""
    return f"""CREATE TRIGGER photo_grounding_search_ai AFTER INSERT ON photo_grounding WHEN new.search_text != ''{also} BEGIN
            {body}
        END;
        CREATE TRIGGER photo_grounding_search_au AFTER UPDATE OF search_text ON photo_grounding
        WHEN old.search_text IS NOT new.search_text{also} BEGIN
            {body}
        END;"""


def create_v3_folded(db: Database) -> None:
    """Migration m060's index: folded copies and grounding words in the trigram table. FROZEN."""
    run_script(db, 
        "DROP TRIGGER IF EXISTS photos_search_ai; DROP TRIGGER IF EXISTS photos_search_au;\n"
        "DROP TRIGGER IF EXISTS photo_grounding_search_ai; DROP TRIGGER IF EXISTS photo_grounding_search_au;\n"
        + insert_trigger_sql(True, True) + "\n" + update_trigger_sql(True, True) + "\n" + grounding_trigger_sql()
    )
    rebuild(db, commit=False)


def create_v4_accessible(db: Database) -> None:
    """Migration m100's index: the alt text and the caption's other languages in the description
    column (and the trigram table). The triggers are made anew and both indexes refilled; the
    caller rebuilds the ranking lists. FROZEN."""
    run_script(db, 
        "DROP TRIGGER IF EXISTS photos_search_ai; DROP TRIGGER IF EXISTS photos_search_au;\n"
        "DROP TRIGGER IF EXISTS photo_grounding_search_ai; DROP TRIGGER IF EXISTS photo_grounding_search_au;\n"
        + insert_trigger_sql(True, True, True) + "\n" + update_trigger_sql(True, True, True) + "\n"
        + grounding_trigger_sql(True)
    )
    rebuild(db, commit=False)


RANK_TRIGGERS = ("search_rank_dirty_del", "search_rank_dirty_upd", "search_rank_dirty_ins")


def install_rank_triggers(db: Database) -> None:
    """(Re)create the triggers that record changed rows for the ranking lists (``ranklists``).

    They sit on FTS5's content table, so every writer of ``photos_fts`` is covered (photo
    triggers, grounding, rebuilds), and list the FTS table's current columns. One statement at a
    time (no ``executescript``): a caller's open transaction stays open."""
    conn = db.conn
    n = len(conn.execute("PRAGMA table_info(photos_fts_content)").fetchall()) - 1
    old = "json_array(" + ", ".join(f"old.c{i}" for i in range(n)) + ")"
    for t in RANK_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {t}")
    conn.execute(f"""CREATE TRIGGER search_rank_dirty_del BEFORE DELETE ON photos_fts_content BEGIN
            INSERT OR IGNORE INTO search_rank_dirty(photo_id, old) VALUES (old.id, {old});
        END""")
    conn.execute(f"""CREATE TRIGGER search_rank_dirty_upd BEFORE UPDATE ON photos_fts_content BEGIN
            INSERT OR IGNORE INTO search_rank_dirty(photo_id, old) VALUES (old.id, {old});
        END""")
    # While a writer defers the index (m120), it logs the rows it indexes in one statement at the end
    # (``deferred.flush``): a trigger program per row cost as much as indexing the row.
    deferrable = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_defer'").fetchone()
    when = f" WHEN {NOT_DEFERRED}" if deferrable else ""
    conn.execute(f"""CREATE TRIGGER search_rank_dirty_ins AFTER INSERT ON photos_fts_content{when} BEGIN
            INSERT OR IGNORE INTO search_rank_dirty(photo_id, old) VALUES (new.id, NULL);
        END""")


def rank_triggers_present(db: Database) -> bool:
    found = db.conn.execute(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({', '.join('?' * len(RANK_TRIGGERS))})",
        list(RANK_TRIGGERS),
    ).fetchone()[0]
    return found == len(RANK_TRIGGERS)


def rebuild(db: Database, *, commit: bool = True) -> None:
    """Refill both text indexes from ``photos`` (repair, or after a bulk load without triggers).

    The ranking lists are marked for a full rebuild (``ranking.rebuild`` does both at once)."""
    ranked = db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_rank_meta'").fetchone() is not None
    if ranked:
        run_script(db, "".join(f"DROP TRIGGER IF EXISTS {t};\n" for t in RANK_TRIGGERS))
    run_script(db, "DELETE FROM photos_fts; DELETE FROM photos_fts_cjk;\n" + insert_fts_sql(**level(db)))
    if ranked:
        install_rank_triggers(db)
        run_script(db, "DELETE FROM search_rank_dirty; "
                         "INSERT OR REPLACE INTO search_rank_meta(key, value) VALUES ('state', 'stale');")
    if commit:
        db.conn.commit()


def create_v1(db: Database) -> None:
    cols = ", ".join(FTS_COLUMNS)
    run_script(db, 
        f"""
        CREATE VIRTUAL TABLE photos_fts USING fts5(
            {cols}, tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE photos_fts_vocab USING fts5vocab(photos_fts, row);
        CREATE VIRTUAL TABLE photos_fts_cjk USING fts5(
            text, tokenize = 'trigram remove_diacritics 1'
        );

        CREATE TABLE photo_embeddings (
            photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,      -- float32 little-endian, L2-normalised
            bits BLOB NOT NULL,        -- sign bits of vector (binary quantisation), dim/8 bytes
            updated_at TEXT NOT NULL
        );
        CREATE INDEX photo_embeddings_model ON photo_embeddings(model);

        CREATE TABLE search_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL DEFAULT 0);
        INSERT INTO search_meta(key, value) VALUES ('embed_gen', 0);

        {insert_trigger_sql()}

        CREATE TRIGGER photos_search_ad AFTER DELETE ON photos BEGIN
            DELETE FROM photos_fts WHERE rowid = old.id;
            DELETE FROM photos_fts_cjk WHERE rowid = old.id;
            DELETE FROM photo_embeddings WHERE photo_id = old.id;
        END;

        CREATE TRIGGER photos_search_au AFTER UPDATE OF {', '.join(TEXT_COLUMNS)} ON photos
        WHEN {_changed(TEXT_COLUMNS)} BEGIN
            DELETE FROM photos_fts WHERE rowid = old.id;
            INSERT INTO photos_fts(rowid, {cols}) VALUES (new.id, {_row_values('new')});
            DELETE FROM photos_fts_cjk WHERE rowid = old.id;
            INSERT INTO photos_fts_cjk(rowid, text) SELECT new.id, {_cjk_text('new')}
                WHERE {_cjk_text('new')} GLOB '{CJK_GLOB}';
        END;

        CREATE TRIGGER photos_embed_stale AFTER UPDATE OF {', '.join(EMBED_COLUMNS)} ON photos
        WHEN {_changed(EMBED_COLUMNS)} BEGIN
            DELETE FROM photo_embeddings WHERE photo_id = new.id;
        END;

        CREATE TRIGGER photo_embeddings_ai AFTER INSERT ON photo_embeddings BEGIN
            UPDATE search_meta SET value = value + 1 WHERE key = 'embed_gen';
        END;
        CREATE TRIGGER photo_embeddings_ad AFTER DELETE ON photo_embeddings BEGIN
            UPDATE search_meta SET value = value + 1 WHERE key = 'embed_gen';
        END;
        CREATE TRIGGER photo_embeddings_au AFTER UPDATE ON photo_embeddings BEGIN
            UPDATE search_meta SET value = value + 1 WHERE key = 'embed_gen';
        END;
        """
    )
    # Photos that existed before this migration.
    run_script(db, insert_fts_sql())


def create_v2_bits(db: Database) -> None:
    """Sign bits in a narrow table of their own, kept in sync by triggers.

    Why: a 768-dim float32 vector fills most of a 4 KiB page, so loading 1 M bit vectors from
    ``photo_embeddings`` read 4 GB; from this table it reads ~110 MB. FROZEN (migration m006).
    """
    run_script(db, 
        """
        CREATE TABLE photo_embedding_bits (
            photo_id INTEGER PRIMARY KEY,
            model TEXT NOT NULL,
            bits BLOB NOT NULL
        );
        CREATE INDEX photo_embedding_bits_model ON photo_embedding_bits(model);
        INSERT INTO photo_embedding_bits(photo_id, model, bits) SELECT photo_id, model, bits FROM photo_embeddings;
        CREATE TRIGGER photo_embedding_bits_ai AFTER INSERT ON photo_embeddings BEGIN
            INSERT OR REPLACE INTO photo_embedding_bits(photo_id, model, bits) VALUES (new.photo_id, new.model, new.bits);
        END;
        CREATE TRIGGER photo_embedding_bits_au AFTER UPDATE ON photo_embeddings BEGIN
            DELETE FROM photo_embedding_bits WHERE photo_id = old.photo_id;
            INSERT OR REPLACE INTO photo_embedding_bits(photo_id, model, bits) VALUES (new.photo_id, new.model, new.bits);
        END;
        CREATE TRIGGER photo_embedding_bits_ad AFTER DELETE ON photo_embeddings BEGIN
            DELETE FROM photo_embedding_bits WHERE photo_id = old.photo_id;
        END;
        """
    )
