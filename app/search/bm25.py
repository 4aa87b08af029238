"""FTS5's bm25, computed in Python from the same inputs, so a score can be had without asking FTS5.

Why: FTS5 scores every row a query matches before ``LIMIT`` applies and, for each phrase, counts
the rows holding it (a walk through its whole doclist). For a word in most captions that is about
a second at a million rows. The ranking lists (``ranklists``) keep, for frequent words, the few
inputs a score needs (weighted term frequency and row length); this module turns them into the
number FTS5's ``bm25()`` would return, bit for bit (``tests/search/test_bm25.py`` compares them).

The formula (``ext/fts5/fts5_aux.c``), for each phrase ``i`` of the query::

    idf_i = log((N - n_i + 0.5) / (n_i + 0.5)), or 1e-6 when that is not positive
    score = -sum_i idf_i * f_i * (k1 + 1) / (f_i + k1 * (1 - b + b * D / avgdl))

``f_i`` is the phrase's instances in the row, each weighted by its column's weight; ``D`` the
row's token count (all columns); ``avgdl`` the table's tokens per row; ``N`` its rows; ``n_i`` the
rows holding the phrase. ``N`` and the token total come from FTS5's averages record, ``D`` from its
docsize table: both are plain tables of the index, read-only here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:
    from sqlite_utils import Database

K1 = 1.2
B = 0.75
IDF_FLOOR = 1e-6  # FTS5's idf for phrases in more than half of the rows


def varints(blob: bytes) -> list[int]:
    """SQLite varints (big-endian, 7 bits a byte, the ninth byte whole), as FTS5 stores them."""
    out: list[int] = []
    i, n = 0, len(blob)
    while i < n:
        v = 0
        for j in range(9):
            x = blob[i]
            i += 1
            if j == 8:
                v = (v << 8) | x
                break
            v = (v << 7) | (x & 0x7F)
            if not x & 0x80:
                break
        out.append(v)
    return out


def row_length(sz: bytes | None) -> int:
    """Tokens in a row (all columns) from its docsize record."""
    if not sz:
        return 0
    if max(sz) < 0x80:  # every column under 128 tokens: one byte each
        return sum(sz)
    return sum(varints(sz))


@dataclass(frozen=True)
class TableStats:
    rows: int
    tokens: int
    avgdl: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "avgdl", float(self.tokens) / float(self.rows) if self.rows > 0 else 0.0)


def table_stats(db: Database, table: str = "photos_fts") -> TableStats:
    """Rows and tokens of the whole index, from FTS5's averages record (row 1 of ``<table>_data``)."""
    row = db.conn.execute(f"SELECT block FROM {table}_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return TableStats(0, 0)
    values = varints(bytes(row[0]))
    return TableStats(values[0], sum(values[1:]))


def row_lengths(db: Database, ids: Iterable[int], table: str = "photos_fts") -> dict[int, int]:
    """``D`` for each id that is in the index."""
    ids = list(ids)
    out: dict[int, int] = {}
    for s in range(0, len(ids), 500):
        chunk = ids[s : s + 500]
        for i, sz in db.conn.execute(
            f"SELECT id, sz FROM {table}_docsize WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ):
            out[int(i)] = row_length(sz)
    return out


def idf(rows: int, hits: int) -> float:
    value = math.log((rows - hits + 0.5) / (hits + 0.5)) if rows > 0 else 0.0
    return value if value > 0.0 else IDF_FLOOR


def part(idf_i: float, freq: float, length: float, avgdl: float) -> float:
    """One phrase's share of the score (positive; FTS5 negates the sum), written as FTS5 computes it."""
    return idf_i * ((freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * length / avgdl)))


def score(idfs: Sequence[float], freqs: Sequence[float], length: float, avgdl: float) -> float:
    """The positive bm25 score (``-bm25()``), summed in phrase order as FTS5 does."""
    total = 0.0
    for i, f in zip(idfs, freqs):
        total += part(i, f, length, avgdl)
    return total


def key(freq: float, length: float, avgdl: float) -> float:
    """A value in the same order as a single phrase's score for any idf: ``f / (D + avgdl (1-b)/b)``.

    Ranking lists are cut on it; when ``avgdl`` moves from ``a0`` to ``a``, a row's key grows by at
    most ``a0 / a`` (rows can only gain when the average shrinks), which bounds rows left out."""
    return freq / (length + avgdl * (1 - B) / B)


def part_from_key(idf_i: float, k: float, avgdl: float) -> float:
    """The largest score share a row with key ``k`` can have (inverse of ``key``, for bounds)."""
    x = k * avgdl
    return idf_i * (K1 + 1.0) * x / (x + K1 * B) if x > 0 else 0.0


def freq_from_score(s: float, idf_i: float, length: float, avgdl: float, step: float) -> float:
    """The weighted frequency behind a single phrase's positive score (FTS5's own), snapped to the
    weights' common step; the caller checks that the score rebuilt from it matches."""
    c = K1 * (1 - B + B * length / avgdl)
    f = s * c / ((K1 + 1.0) * idf_i - s)
    return round(f / step) * step
