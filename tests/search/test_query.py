"""The query parser's cheap checks: which words go to the CJK (trigram) index."""

from __future__ import annotations

import pytest

from app.search import query
from app.search.query import parse


@pytest.mark.parametrize("text, cjk", [
    ("犬", True), ("海辺で走る犬", True), ("한국", True), ("\u2e80", True), ("\u2e7f", False), ("café", False),
    ("red car", False), ("😀 dog", False), ("", False), ("Łukasz Ærø", False), ("dog 犬", True),
])
def test_has_cjk(text: str, cjk: bool) -> None:
    assert query.has_cjk(text) is cjk


def test_a_query_without_cjk_does_not_build_the_cjk_class() -> None:
    """Building the class of 30,000 characters costs a command ~5 ms: only text that could hold
    one of them pays for it."""
    query._cjk.cache_clear()
    q = parse('red car "parked at night" -bus year:2019 café 😀')
    assert not any(t.cjk for c in q.clauses for t in c.alternatives if isinstance(t, query.Term))
    assert query._cjk.cache_info().misses == 1  # the emoji asked (it is high enough to look)
    query._cjk.cache_clear()
    parse("red car").clauses[0].alternatives[0].cjk  # noqa: B018 - the property is what is timed
    assert query._cjk.cache_info().misses == 0
