"""Which way ranks a query (``exact.rank``): chosen by cost, the way that checks rows from the lists
only when it costs less than FTS5 itself. Figures of the benchmark's million-caption library."""

from __future__ import annotations

from typing import Any

import pytest

from app.search import exact, topk

ROWS = 1_000_000


class View:
    """The lists a query sees: which words have one."""

    def __init__(self, *listed: str) -> None:
        self.listed = set(listed)

    def term(self, token: str) -> object | None:
        return object() if token in self.listed else None


@pytest.fixture
def ways(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    taken: list[str] = []

    def fts(*args: Any, **kwargs: Any) -> list[tuple[int, float]]:
        taken.append("fts5")
        return []

    def split(*args: Any, **kwargs: Any) -> topk.Ranked:
        taken.append("split")
        return topk.Ranked([])

    def lists(*args: Any, **kwargs: Any) -> topk.Ranked:
        taken.append("lists")
        return topk.Ranked([])

    monkeypatch.setattr(exact, "fts_ranked", fts)
    monkeypatch.setattr(topk, "rank_split", split)
    monkeypatch.setattr(topk, "rank_lists", lists)
    return taken


def rank(view: View, *clauses: exact.Clause) -> str | None:
    got = exact.rank(None, view, clauses, [], full="", where="", params=[], join="", conds=None,  # type: ignore[arg-type]
                     weights=(10.0, 6.0, 4.0, 8.0, 1.5), limit=50, rows=ROWS)
    return got.how if got else None


def test_a_rare_word_with_a_word_of_weight_is_ranked_by_fts5(ways: list[str]) -> None:
    """"its" (in a third of the rows, idf 0.76): its share of a row outside its list is bounded
    loosely, so the threshold algorithm checks ~460 rows (54 ms measured) where FTS5 takes 16 ms."""
    clauses = exact.Clause('"tvqzlch"', 5_431, "tvqzlch"), exact.Clause('"its"', 318_734, "it")
    assert rank(View("it"), *clauses) == "fts5"
    assert rank(View("it", "tvqzlch"), *clauses) == "fts5"  # both listed: the lists would check as many rows
    assert ways == ["fts5", "fts5"]


def test_a_rare_word_with_a_word_in_most_rows_is_ranked_from_the_lists(ways: list[str]) -> None:
    """"with" (in more than half the rows: idf nil): a few rows checked prove the answer."""
    assert rank(View("with"), exact.Clause('"mczltjgn"', 6_493, "mczltjgn"),
                exact.Clause('"with"', 535_938, "with")) == "split"
    assert ways == ["split"]


def test_the_rows_checked_grow_with_the_heavy_words_idf() -> None:
    rest = [exact.Clause('"tvqzlch"', 5_431, "tvqzlch")]
    heavy = [exact.Clause('"its"', 318_734, "it")]
    extra = exact.split_cost(rest, heavy, ROWS, 0.76) - exact.split_cost(rest, heavy, ROWS, 0.0)
    assert extra == pytest.approx(exact.C_EVAL * exact.BATCH_ROWS * exact.HEAVY_EVALS * 0.76)
    assert exact.split_cost(rest, heavy, ROWS, 0.76) > exact.fts_cost([*rest, *heavy], [], ROWS)


def test_the_split_fetches_without_checking_words_in_most_rows() -> None:
    """Checking "of" (in 78 % of the rows) costs FTS5 a seek per fetched row; the few rows without
    it are found when checked. "is" (44 %) and exclusions are still checked by FTS5."""
    rest = [exact.Clause('"bdkplgvy"', 8_824, "bdkplgvy")]
    heavy = [exact.Clause('"of"', 784_994, "of"), exact.Clause('"is"', 436_859, "is")]
    negatives = [exact.Clause('"night"', 40_000, "night")]
    assert exact._fetched(rest, heavy, negatives, ROWS) == '("bdkplgvy" AND "is") NOT ("night")'
    assert exact._fetched(rest, heavy[:1], [], ROWS) == '("bdkplgvy")'
