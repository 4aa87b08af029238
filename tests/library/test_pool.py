"""How many worker processes a scan or a thumbnail run starts."""

from __future__ import annotations

import sys

import pytest

from app.library import pool


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 2), (3, 3), (8, pool.MAX_WORKERS), (None, 1)])
def test_one_worker_a_core_up_to_a_limit(monkeypatch, cores, workers) -> None:
    monkeypatch.setattr(pool.os, "cpu_count", lambda: cores)
    assert pool.default_workers() == workers


def test_a_frozen_app_starts_no_worker(monkeypatch) -> None:
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert pool.default_workers() == 1
