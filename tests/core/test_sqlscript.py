"""Scripts of several statements inside a transaction: split where SQLite says a statement ends."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from app.core.sqlscript import run_script, statements

SCRIPT = """
CREATE TABLE t (a TEXT); -- a comment; with a semicolon
CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
    INSERT INTO log VALUES ('added; ' || new.a);
    INSERT INTO log VALUES ('twice;');
END;
CREATE TABLE log (m TEXT);
INSERT INTO t VALUES ('x;y')
"""


def test_statements_end_where_sqlite_says_they_end() -> None:
    got = list(statements(SCRIPT))
    assert len(got) == 4
    assert "CREATE TRIGGER" in got[1] and got[1].endswith("END;")  # the comment before it comes along
    assert got[3] == "INSERT INTO t VALUES ('x;y')"
    assert list(statements(" ; ;\n")) == []


def test_inside_a_transaction_nothing_is_committed_early() -> None:
    db = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    db.conn.execute("BEGIN")
    run_script(db, SCRIPT)
    assert db.conn.in_transaction
    assert [r[0] for r in db.conn.execute("SELECT m FROM log ORDER BY rowid")] == ["added; x;y", "twice;"]
    db.conn.execute("ROLLBACK")
    assert db.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def test_a_long_script_is_tested_only_where_a_statement_can_end(monkeypatch) -> None:
    """Linear, not one completeness test per character (~20,000 here, each on a longer prefix)."""
    body = "\n".join(f"    INSERT INTO log VALUES ('{'x' * 40} {i}');" for i in range(400))
    script = f"CREATE TABLE t (a); CREATE TABLE log (m);\nCREATE TRIGGER big AFTER INSERT ON t BEGIN\n{body}\nEND;\n"
    calls = []
    real = sqlite3.complete_statement
    monkeypatch.setattr(sqlite3, "complete_statement", lambda sql: calls.append(len(sql)) or real(sql))
    assert len(list(statements(script))) == 3
    assert len(calls) == script.count(";") and max(calls) <= len(script)
