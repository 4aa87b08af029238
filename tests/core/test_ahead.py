"""``ahead`` runs a generator on its own thread, a few items ahead of its consumer."""

from __future__ import annotations

import threading
from typing import Iterator

import pytest

from app.core.ahead import ahead

WAIT_S = 10  # only reached when the behaviour under test is missing


def test_items_come_in_order_from_another_thread() -> None:
    threads: set[int] = set()

    def numbers() -> Iterator[int]:
        for i in range(100):
            threads.add(threading.get_ident())
            yield i

    assert list(ahead(numbers(), depth=3)) == list(range(100))
    assert threads and threading.get_ident() not in threads


def test_the_next_item_is_made_while_the_consumer_works_on_this_one() -> None:
    second_made = threading.Event()

    def items() -> Iterator[int]:
        yield 1
        second_made.set()
        yield 2

    got = []
    for item in ahead(items()):
        if item == 1:
            assert second_made.wait(WAIT_S), "the producer waited for the consumer"
        got.append(item)
    assert got == [1, 2]


def test_an_error_in_the_producer_is_raised_to_the_consumer() -> None:
    def failing() -> Iterator[int]:
        yield 1
        raise OSError("disk gone")

    it = ahead(failing())
    assert next(it) == 1
    with pytest.raises(OSError, match="disk gone"):
        next(it)


def test_a_consumer_that_stops_early_stops_and_closes_the_producer() -> None:
    closed = threading.Event()
    stopped = threading.Event()

    def endless() -> Iterator[int]:
        try:
            i = 0
            while not stopped.is_set():
                yield i
                i += 1
        finally:
            closed.set()

    for item in ahead(endless(), depth=2, stop=stopped.set):
        if item == 5:
            break
    assert stopped.is_set() and closed.is_set()  # closed before the loop's break returned


def test_a_producer_that_ended_is_not_told_to_stop() -> None:
    stopped = threading.Event()
    assert list(ahead(iter([1, 2, 3]), stop=stopped.set)) == [1, 2, 3]
    assert not stopped.is_set()
