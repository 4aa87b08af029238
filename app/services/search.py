"""One search box: words (FTS5) and meaning (embeddings), fused; plus the embedding backlog worker.

``SearchService.search`` is what the CLI and the GUI call. It never raises for any query text: the
parser accepts anything, and an unreachable embedding host only turns the answer into "words only"
with a notice saying so.

Fusion is reciprocal rank fusion (score = sum of 1 / (60 + rank) over the two lists), so a photo
that has the exact word *and* the meaning beats one that only has the meaning, and "puppy on the
sand" still finds "a dog running on a beach" through the meaning list.
"""

from __future__ import annotations

import html
import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from app.config import Settings
from app.core.jsontext import json_list
from app.core import priority
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.store import videos as video_store
from app.search import vectors, words
from app.search.embedder import Embedder, EmbedError, make_embedder
from app.search.query import Query, parse
from app.store import grounding as grounding_store

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)
T = TypeVar("T")

MODES = ("words", "meaning", "both")
RRF_K = 60
MIN_SIMILARITY = 0.25  # meaning hits below this cosine are noise
RELATIVE_SIMILARITY = 0.5  # ... and so are those far below the best one


@dataclass
class SearchResult:
    id: int
    path: str
    caption: str | None
    keywords: list[str]
    state: str  # the caption state (the same values the state: filter takes)
    score: float
    snippet: str  # matched words in [brackets]
    snippet_html: str  # matched words in <b>, the rest escaped
    match: str  # "words" | "meaning" | "both"
    folder: str = ""
    title: str | None = None
    taken_at: str | None = None
    index_state: str = "ok"
    similarity: float | None = None
    place: dict[str, Any] | None = None  # as in ``list --json``: where the photo was taken
    people: list[str] = field(default_factory=list)  # named in the file

    def to_public(self) -> dict[str, Any]:
        """The ``search --json`` object (a contract: add fields, never rename or remove)."""
        return {
            "id": self.id,
            "path": self.path,
            "caption": self.caption,
            "keywords": self.keywords,
            "state": self.state,
            "caption_state": self.state,
            "score": round(self.score, 6),
            "snippet": self.snippet,
            "match": self.match,
            "folder": self.folder,
            "title": self.title,
            "taken_at": self.taken_at,
            "index_state": self.index_state,
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "place": self.place,
            "people": list(self.people),
        }


@dataclass
class SearchResponse:
    results: list[SearchResult]
    mode: str  # what was asked
    used: list[str]  # what actually ran: "words", "meaning"
    notices: list[str] = field(default_factory=list)
    meaning_available: bool = False
    ranked: bool = True  # False: only very common words, newest first


def render_snippet(marked: str | None, *, as_html: bool) -> str:
    if not marked:
        return ""
    if as_html:
        return html.escape(marked).replace("\x02", "<b>").replace("\x03", "</b>")
    return marked.replace("\x02", "[").replace("\x03", "]")


def _plain_snippet(text: str | None, n: int = 24) -> str:
    parts = (text or "").split()
    return " ".join(parts[:n]) + ("…" if len(parts) > n else "")


class SearchService:
    """Searches one library connection. Not thread-safe: give each thread its own service."""

    def __init__(self, db: Database, settings: Settings | None = None, *, embedder: Embedder | None | bool = True) -> None:
        self.db = db
        self.settings = settings or Settings()
        # embedder=True: build from settings; None/False: words only; an object: use it.
        self.embedder: Embedder | None = (
            make_embedder(self.settings) if embedder is True else (embedder or None)
        )
        self._index: vectors.VectorIndex | None = None

    # -- meaning availability ---------------------------------------------------------------

    def meaning_status(self) -> tuple[bool, str]:
        """(usable, why not) without contacting the host."""
        if self.embedder is None:
            return False, "words only: no embedding model is set (Settings.embedding_model)"
        if not vectors.any_for(self.db, self.embedder.model):
            return False, f"words only: no photo has a meaning vector from {self.embedder.model} yet (run `albumwise embed`)"
        return True, ""

    def _vector_index(self) -> vectors.VectorIndex:
        assert self.embedder is not None
        self._index = vectors.cached(self.db, self.embedder.model, self._index)
        return self._index

    # -- search -----------------------------------------------------------------------------

    def search(self, text: object, *, limit: int = 50, mode: str = "both", typing: bool = False) -> SearchResponse:
        mode = mode if mode in MODES else "both"
        limit = max(1, min(int(limit or 50), 1000))
        q = parse(text, typing=typing)
        resp = SearchResponse([], mode, [])
        if q.empty:
            return resp
        plan = words.compile_query(self.db, q)
        resp.notices += plan.notices
        word_hits: list[words.Hit] = []
        if mode in ("words", "both"):
            wr = words.search_words(self.db, q, limit=limit, plan=plan)
            word_hits, resp.ranked = wr.hits, wr.ranked
            resp.used.append("words")
        meaning: list[tuple[int, float]] = []
        want_meaning = mode in ("meaning", "both") and not typing and bool(q.meaning_text())
        ok, why = self.meaning_status()  # cheap: no HTTP, one index probe
        resp.meaning_available = ok
        if want_meaning and not ok:
            resp.notices.append(why)
        elif want_meaning:
            try:
                meaning = self._meaning(q, plan, limit)
                resp.used.append("meaning")
            except EmbedError as exc:
                resp.notices.append(f"words only: meaning search unavailable ({exc})")
                resp.meaning_available = False
        if mode == "meaning" and "meaning" not in resp.used:
            return resp
        resp.results = self._fuse(word_hits, meaning, limit)
        clips = video_store.hidden(self.db, [r.id for r in resp.results])  # a Live Photo's clip: its photo shows
        if clips:
            resp.results = [r for r in resp.results if r.id not in clips]
        return resp

    def _meaning(self, q: Query, plan: words.Plan, limit: int) -> list[tuple[int, float]]:
        assert self.embedder is not None
        vec = self.embedder.embed([q.meaning_text()])[0]
        index = self._vector_index()
        hits = index.search(self.db, vec, k=max(limit, 50))
        if not hits:
            return []
        best = hits[0][1]
        floor = max(MIN_SIMILARITY, best * RELATIVE_SIMILARITY)
        hits = [(i, s) for i, s in hits if s >= floor]
        return self._apply_filters(hits, plan)

    def _apply_filters(self, hits: list[tuple[int, float]], plan: words.Plan) -> list[tuple[int, float]]:
        """Filters and exclusions hold for meaning hits too (meaning replaces words, not filters)."""
        if not hits or not (plan.conds or plan.negative):
            return hits
        ids = [i for i, _ in hits]
        marks = ", ".join("?" * len(ids))
        where, params = words._where(plan)
        keep = {r[0] for r in self.db.conn.execute(f"SELECT p.id FROM photos AS p WHERE p.id IN ({marks}){where}", [*ids, *params])}
        exclude = words._or(plan.negative)
        if exclude:
            keep -= {
                r[0]
                for r in self.db.conn.execute(
                    f"SELECT rowid FROM photos_fts WHERE photos_fts MATCH ? AND rowid IN ({marks})", [exclude, *ids]
                )
            }
        return [(i, s) for i, s in hits if i in keep]

    def _fuse(self, word_hits: list[words.Hit], meaning: list[tuple[int, float]], limit: int) -> list[SearchResult]:
        scores: dict[int, float] = {}
        how: dict[int, set[str]] = {}
        if word_hits and not meaning:
            for h in word_hits:
                scores[h.photo_id] = h.score
                how[h.photo_id] = {"words"}
        elif meaning and not word_hits:
            for i, s in meaning:
                scores[i] = s
                how[i] = {"meaning"}
        else:
            for rank, h in enumerate(word_hits):
                scores[h.photo_id] = scores.get(h.photo_id, 0.0) + 1.0 / (RRF_K + rank + 1)
                how.setdefault(h.photo_id, set()).add("words")
            for rank, (i, _) in enumerate(meaning):
                scores[i] = scores.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
                how.setdefault(i, set()).add("meaning")
        order = sorted(scores, key=lambda i: -scores[i])[:limit]
        snippets = {h.photo_id: h.snippet for h in word_hits}
        sims = dict(meaning)
        rows = self._rows(order)
        grounded = grounding_store.for_ids(self.db, order)
        out = []
        for pid in order:
            row = rows.get(pid)
            if row is None:
                continue  # purged between the two queries
            marked = snippets.get(pid)
            plain = _plain_snippet(row["caption"] or row["file_description"])
            m = how[pid]
            out.append(
                SearchResult(
                    id=pid,
                    path=row["path"],
                    caption=row["caption"],
                    keywords=json_list(row["caption_keywords"]) or json_list(row["file_keywords"]),
                    state=row["caption_state"] or "none",
                    score=scores[pid],
                    snippet=render_snippet(marked, as_html=False) if marked else plain,
                    snippet_html=render_snippet(marked, as_html=True) if marked else html.escape(plain),
                    match="both" if len(m) == 2 else next(iter(m)),
                    folder=row["folder"],
                    title=row["caption_title"] or row["file_title"],
                    taken_at=row["taken_at"],
                    index_state=row["state"],
                    similarity=sims.get(pid),
                    place=grounded.get(pid, {}).get("place"),
                    people=grounded.get(pid, {}).get("people", []),
                )
            )
        return out

    def _rows(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        if not ids:
            return {}
        cols = (
            "id, path, folder, caption, caption_keywords, file_keywords, caption_state, caption_title, "
            "file_title, file_description, taken_at, state"
        )
        rows = self.db.query(f"SELECT {cols} FROM photos WHERE id IN ({', '.join('?' * len(ids))})", ids)
        return {r["id"]: r for r in rows}


# -- embedding backlog --------------------------------------------------------------------------

Run = Callable[..., Any]  # run(fn, *args) -> fn(db, *args) on the connection's owner


def direct(db: Database) -> Run:
    """A ``run`` for single-threaded code that owns ``db`` (the CLI)."""
    return lambda fn, *args: fn(db, *args)


@dataclass
class EmbedReport:
    model: str
    host: str
    embedded: int = 0
    failed: int = 0
    remaining: int = 0
    error: str | None = None

    def to_public(self) -> dict[str, Any]:
        return {
            "model": self.model, "host": self.host, "embedded": self.embedded, "failed": self.failed,
            "remaining": self.remaining, "error": self.error,
        }


def embed_pending(
    run: Run,
    embedder: Embedder,
    *,
    batch: int = 32,
    limit: int | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> EmbedReport:
    """Embed every photo whose caption has no vector yet. HTTP happens here, outside the owner;
    reads and writes go through ``run``. A host failure stops the run (reported, nothing lost)."""
    report = EmbedReport(embedder.model, embedder.host)
    total = run(vectors.count_pending, embedder.model)
    if limit is not None:
        total = min(total, limit)
    after, done = 0, 0
    progress(Progress("embed", 0, total))
    while done < total:
        if cancel is not None and cancel.cancelled:
            break
        ids = run(vectors.pending_ids, embedder.model, min(batch, total - done), after)
        if not ids:
            break
        after = ids[-1]
        texts = run(vectors.texts_for, ids)
        todo = [(i, texts[i]) for i in ids if texts.get(i, "").strip()]
        try:
            vecs = embedder.embed([t for _, t in todo]) if todo else []
        except EmbedError as exc:
            report.error = str(exc)
            break
        report.embedded += run(vectors.store, embedder.model, [(i, v) for (i, _), v in zip(todo, vecs)])
        done += len(ids)
        progress(Progress("embed", done, total))
    report.remaining = run(vectors.count_pending, embedder.model)
    return report


class EmbedWorker:
    """Background thread that keeps embeddings current: call ``wake()`` after captions change
    (it also polls every ``interval`` seconds). Uses a ``DbOwner`` for every database access."""

    def __init__(self, owner: Any, embedder: Embedder, *, interval: float = 30.0,
                 on_report: Callable[[EmbedReport], None] | None = None) -> None:
        self.owner = owner
        self.embedder = embedder
        self.interval = interval
        self.on_report = on_report
        self.last: EmbedReport | None = None
        self._wake = threading.Event()
        self._cancel = CancelToken()
        self._thread = threading.Thread(target=self._loop, name="embed-worker", daemon=True)

    def start(self) -> "EmbedWorker":
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._cancel.cancel()
        self._wake.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        priority.background_thread()
        while not self._cancel.cancelled:
            try:
                self.last = embed_pending(self.owner.call, self.embedder, cancel=self._cancel)
                if self.on_report:
                    self.on_report(self.last)
            except Exception as exc:  # noqa: BLE001 - a background worker must keep going
                log.warning("embedding worker: %s", exc)
            self._wake.wait(self.interval)
            self._wake.clear()
