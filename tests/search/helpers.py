"""Small helpers for search tests: photo rows written the way the other modules write them."""

from __future__ import annotations

import json
from typing import Any

from app.search.query import parse
from app.search.words import search_words


def add_photo(db: Any, path: str, caption: str | None = None, **fields: Any) -> int:
    folder, _, filename = path.rpartition("/")
    row = {"path": path, "folder": folder, "filename": filename, "caption": caption}
    if caption is not None:
        row.setdefault("caption_state", "draft")
    row.update(fields)
    for key in ("caption_keywords", "file_keywords"):
        if isinstance(row.get(key), list):
            row[key] = json.dumps(row[key], ensure_ascii=False)
    cols = ", ".join(row)
    cur = db.execute(f"INSERT INTO photos({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    db.conn.commit()
    return int(cur.lastrowid)


def ids(db: Any, text: str, *, typing: bool = False, limit: int = 50) -> list[int]:
    return [h.photo_id for h in search_words(db, parse(text, typing=typing), limit=limit).hits]
