"""Embedding storage and nearest-neighbour search that stays fast at a million photos.

Storage: ``photo_embeddings`` holds each vector as float32 (sqlite-vec's blob format, so
``vec_distance_cosine`` works on it in SQL) plus its sign bits (binary quantisation), which
triggers copy into the narrow ``photo_embedding_bits`` (fast to load).

Search: small libraries keep the float matrix in memory and compute exact cosine. Large ones keep
only the bit matrix (1 M x 768 dims = 96 MB), find the ``RESCORE`` nearest by Hamming distance
(numpy popcount), then rescore those candidates exactly from the stored floats (with sqlite-vec
in SQL when it is loaded, numpy otherwise). The in-memory index reloads when ``search_meta``'s
``embed_gen`` (bumped by triggers on every embedding change) moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from app.core.timeutil import utc_now

if TYPE_CHECKING:  # numpy is imported by the functions that compute: a words-only search never loads it
    import numpy as np
    from sqlite_utils import Database

EXACT_MAX_BYTES = 64 * 1024 * 1024  # keep floats in memory below this
RESCORE = 400


def normalise(vec: Sequence[float]) -> np.ndarray:
    import numpy as np

    v = np.asarray(vec, dtype=np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def pack_bits(v: np.ndarray) -> bytes:
    """Sign bits, padded to whole 64-bit words so numpy can popcount uint64 lanes."""
    import numpy as np

    bits = np.packbits(v > 0)
    pad = (-len(bits)) % 8
    return (bits.tobytes() + b"\0" * pad)


def store(db: Database, model: str, items: Iterable[tuple[int, Sequence[float]]], *, commit: bool = True) -> int:
    """Save vectors (replacing old ones); photos deleted meanwhile are skipped."""
    now = utc_now()
    rows = []
    for photo_id, vec in items:
        v = normalise(vec)
        rows.append((int(photo_id), model, int(v.shape[0]), v.tobytes(), pack_bits(v), now, int(photo_id)))
    db.conn.executemany(
        "INSERT OR REPLACE INTO photo_embeddings(photo_id, model, dim, vector, bits, updated_at) "
        "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM photos WHERE id = ?)",
        rows,
    )
    if commit:
        db.conn.commit()
    return len(rows)


def generation(db: Database) -> int:
    row = db.conn.execute("SELECT value FROM search_meta WHERE key = 'embed_gen'").fetchone()
    return int(row[0]) if row else 0


def any_for(db: Database, model: str) -> bool:
    """Whether any vector from ``model`` exists (an index probe, not a count)."""
    return db.conn.execute("SELECT 1 FROM photo_embeddings WHERE model = ? LIMIT 1", [model]).fetchone() is not None


def count(db: Database, model: str) -> int:
    return int(db.conn.execute("SELECT count(*) FROM photo_embeddings WHERE model = ?", [model]).fetchone()[0])


@dataclass
class VectorIndex:
    """An in-memory snapshot of one model's vectors."""

    model: str
    gen: int
    ids: np.ndarray
    dim: int
    bits: np.ndarray | None = None  # (words, n) uint64, column-major
    floats: np.ndarray | None = None  # (n, dim) float32, small libraries only

    @property
    def size(self) -> int:
        return int(self.ids.shape[0])

    @classmethod
    def load(cls, db: Database, model: str) -> "VectorIndex":
        import numpy as np

        gen = generation(db)
        row = db.conn.execute(
            "SELECT length(bits), count(*) FROM photo_embedding_bits WHERE model = ? GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
            [model],
        ).fetchone()
        if not row:
            return cls(model, gen, np.zeros(0, dtype=np.int64), 0)
        nbytes, n = int(row[0]), int(row[1])
        dim_row = db.conn.execute(
            "SELECT e.dim FROM photo_embedding_bits AS b JOIN photo_embeddings AS e ON e.photo_id = b.photo_id "
            "WHERE b.model = ? AND length(b.bits) = ? LIMIT 1",
            [model, nbytes],
        ).fetchone()
        dim = int(dim_row[0])
        exact = n * dim * 4 <= EXACT_MAX_BYTES
        if exact:
            cur = db.conn.execute(
                "SELECT photo_id, vector FROM photo_embeddings WHERE model = ? AND dim = ? ORDER BY photo_id", [model, dim]
            )
        else:
            cur = db.conn.execute(
                "SELECT photo_id, bits FROM photo_embedding_bits WHERE model = ? AND length(bits) = ? ORDER BY photo_id",
                [model, nbytes],
            )
        ids = np.empty(n, dtype=np.int64)
        chunks: list[bytes] = []
        i = 0
        for pid, blob in cur:
            if i >= n:
                break
            ids[i] = pid
            chunks.append(blob)
            i += 1
        ids = ids[:i]
        buf = b"".join(chunks)
        if exact:
            return cls(model, gen, ids, dim, floats=np.frombuffer(buf, dtype=np.float32).reshape(i, dim))
        words = (len(buf) // max(i, 1)) // 8
        # column-major (one contiguous row per 64-bit word): popcount runs over long arrays
        bits = np.ascontiguousarray(np.frombuffer(buf, dtype=np.uint64).reshape(i, words).T)
        return cls(model, gen, ids, dim, bits=bits)

    def search(self, db: Database, query: Sequence[float], k: int = 50) -> list[tuple[int, float]]:
        """The ``k`` nearest photos as (photo_id, cosine similarity), best first."""
        import numpy as np

        if self.size == 0 or k <= 0:
            return []
        q = normalise(query)
        if q.shape[0] != self.dim:
            return []
        if self.floats is not None:
            sims = self.floats @ q
            top = _top(sims, k, largest=True)
            return [(int(self.ids[j]), float(sims[j])) for j in top]
        assert self.bits is not None
        qbits = np.frombuffer(pack_bits(q), dtype=np.uint64)
        n = self.size
        dist = np.zeros(n, dtype=np.uint16)
        tmp = np.empty(n, dtype=np.uint64)
        cnt = np.empty(n, dtype=np.uint8)
        for j in range(self.bits.shape[0]):
            np.bitwise_xor(self.bits[j], qbits[j], out=tmp)
            np.bitwise_count(tmp, out=cnt)
            dist += cnt
        cand = self.ids[_top(dist, max(RESCORE, k * 4), largest=False)]
        return rescore(db, [int(c) for c in cand], q, k)


def _top(values: np.ndarray, k: int, *, largest: bool) -> np.ndarray:
    import numpy as np

    n = values.shape[0]
    k = min(k, n)
    keyed = -values.astype(np.float32) if largest else values
    part = np.argpartition(keyed, k - 1)[:k] if k < n else np.arange(n)
    return part[np.argsort(keyed[part], kind="stable")]


def rescore(db: Database, ids: list[int], q: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Exact cosine for candidate photos, from the stored float vectors."""
    import numpy as np

    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    if getattr(db, "vec_enabled", False):
        rows = db.conn.execute(
            f"SELECT photo_id, 1.0 - vec_distance_cosine(vector, ?) AS s FROM photo_embeddings "
            f"WHERE photo_id IN ({marks}) ORDER BY s DESC LIMIT ?",
            [q.astype(np.float32).tobytes(), *ids, k],
        ).fetchall()
        return [(int(i), float(s)) for i, s in rows]
    rows = db.conn.execute(f"SELECT photo_id, vector FROM photo_embeddings WHERE photo_id IN ({marks})", ids).fetchall()
    if not rows:
        return []
    mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    sims = mat @ q
    top = _top(sims, k, largest=True)
    return [(int(rows[j][0]), float(sims[j])) for j in top]


def cached(db: Database, model: str, current: "VectorIndex | None") -> "VectorIndex":
    """``current`` if still up to date, else a fresh load."""
    if current is not None and current.model == model and current.gen == generation(db):
        return current
    return VectorIndex.load(db, model)


def pending_ids(db: Database, model: str, limit: int = 1000, after: int = 0) -> list[int]:
    """Photos that have text to embed but no vector from ``model``."""
    rows = db.conn.execute(
        "SELECT p.id FROM photos AS p WHERE p.id > ? "
        "AND (coalesce(p.caption, '') != '' OR coalesce(p.file_description, '') != '') "
        "AND NOT EXISTS (SELECT 1 FROM photo_embeddings AS e WHERE e.photo_id = p.id AND e.model = ?) "
        "ORDER BY p.id LIMIT ?",
        [after, model, limit],
    ).fetchall()
    return [int(r[0]) for r in rows]


def count_pending(db: Database, model: str) -> int:
    return int(
        db.conn.execute(
            "SELECT count(*) FROM photos AS p "
            "WHERE (coalesce(p.caption, '') != '' OR coalesce(p.file_description, '') != '') "
            "AND NOT EXISTS (SELECT 1 FROM photo_embeddings AS e WHERE e.photo_id = p.id AND e.model = ?)",
            [model],
        ).fetchone()[0]
    )


def texts_for(db: Database, ids: list[int]) -> dict[int, str]:
    """What gets embedded for each photo: its caption (or the file's own), title and keywords."""
    if not ids:
        return {}
    rows = db.conn.execute(
        "SELECT id, coalesce(nullif(caption, ''), file_description, ''), "
        "coalesce(nullif(caption_title, ''), file_title, ''), caption_keywords "
        f"FROM photos WHERE id IN ({', '.join('?' * len(ids))})",
        ids,
    ).fetchall()
    out: dict[int, str] = {}
    for pid, caption, title, kw in rows:
        out[int(pid)] = embed_document(caption, title, kw)
    return out


def embed_document(caption: str, title: str, keywords_json: Any) -> str:
    import json

    try:
        kws = json.loads(keywords_json) if keywords_json else []
    except (TypeError, ValueError):
        kws = []
    kws = [str(k) for k in kws] if isinstance(kws, list) else []
    parts = [p for p in (title.strip(), caption.strip(), ", ".join(kws)) if p]
    return ". ".join(parts)[:8000]
