"""A library stays readable and writable by an older SQLite than the one the app ships.

People open their library with the sqlite3 shell, a DB browser or Python's own sqlite3 (which
`albumwise doctor` uses too). Their SQLite may be years older than sqlean's: every trigger and view
in the schema must parse there (no deep nesting: "parser stack overflow") and use only functions
it has (no ``octet_length``, added in 3.43). (Writing caption text needs the app's SQLite: the CJK
index's trigram tokenizer options are newer.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.store import db as dbmod
from app.store import photos as photostore


def test_the_schema_parses_and_its_triggers_run_in_the_stdlib_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    db = dbmod.connect(path)
    root = photostore.add_root(db, str(tmp_path))
    db.execute("INSERT INTO photos(path, root_id, folder, filename, size, mtime_ns, state, caption) "
               "VALUES (?, ?, ?, 'a.jpg', 1, 1, 'ok', 'first')", [str(tmp_path / "a.jpg"), root, str(tmp_path)])
    db.conn.commit()
    db.conn.close()

    old = sqlite3.connect(path)  # Python's bundled SQLite (3.40 on Debian 12)
    try:
        assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')")]
        assert names, "the schema has triggers"
        for (table,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'"
                                    ).fetchall():
            old.execute(f'SELECT * FROM "{table}" LIMIT 1').fetchall()
        # A plain update runs every photos trigger's WHEN clause in the old SQLite.
        old.execute("UPDATE photos SET mtime_ns = 2, state = 'ok' WHERE filename = 'a.jpg'")
        old.commit()
    finally:
        old.close()
    db = dbmod.connect(path)
    db.execute("UPDATE photos SET caption = 'Łukasz and Zoë by the Øresund' WHERE filename = 'a.jpg'")
    db.conn.commit()
    hits = [r[0] for r in db.execute("SELECT rowid FROM photos_fts WHERE photos_fts MATCH 'lukasz'").fetchall()]
    assert len(hits) == 1
