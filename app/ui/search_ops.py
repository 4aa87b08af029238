"""The search box's engine: ``app.services.search.SearchService`` on its own thread.

The service is not thread-safe and its meaning search may call the embedding host, so it gets a
dedicated thread with its own read-only connection; typing runs words-only searches (instant),
Enter adds meaning.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any

from app.ui.context import AppContext

LIMIT = 1000


class SearchOps:
    def __init__(self, ctx: AppContext) -> None:
        from app.services import search as _check  # noqa: F401,PLC0415 - fail early if absent

        self.ctx = ctx
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="search")
        self._local = threading.local()
        self.last_notices: list[str] = []
        self.last_snippets: dict[int, str] = {}
        self.last_matches: dict[int, str] = {}  # id -> "words" | "meaning" | "both"

    def _service(self) -> Any:
        svc = getattr(self._local, "svc", None)
        if svc is None or svc.settings is not self.ctx.settings:
            from app.services.search import SearchService  # noqa: PLC0415

            db = getattr(self._local, "db", None) or self.ctx.open_reader()  # waits for the migrations
            self._local.db = db
            svc = SearchService(db, self.ctx.settings)
            self._local.svc = svc
        return svc

    def _search(self, text: str, typing: bool) -> tuple[list[int], list[str], dict[int, str], dict[int, str]]:
        resp = self._service().search(text, limit=LIMIT, mode="words" if typing else "both", typing=typing)
        return ([r.id for r in resp.results], list(resp.notices), {r.id: r.snippet for r in resp.results},
                {r.id: r.match for r in resp.results})

    async def search_ids(self, text: str, *, typing: bool = True) -> list[int]:
        ids, notices, snippets, matches = await asyncio.wrap_future(self._pool.submit(self._search, text, typing))
        self.last_notices, self.last_snippets, self.last_matches = notices, snippets, matches
        return ids

    def close(self) -> None:
        def _close() -> None:
            db = getattr(self._local, "db", None)
            if db is not None:
                db.conn.close()

        try:
            self._pool.submit(_close).result(timeout=10)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)
