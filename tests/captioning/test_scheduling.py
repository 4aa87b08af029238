"""The ready queue between the photo feeders and the hosts' workers."""

from __future__ import annotations

import asyncio

from app.captioning.scheduling import Prepared, ReadyQueue


def _item(n: int) -> Prepared:
    return Prepared({"id": n}, {"id": n}, b"", 0.0)


def test_workers_cancelled_twice_leave_the_queue_usable() -> None:
    """The run's end cancels its workers, and a second cancel can land while the first is still being
    handled. The queue's lock was then left held by a waiter's inner task: every later ``get`` and
    ``put`` waited for ever, and ``albumwise caption`` never exited (asyncio.run waited on it)."""

    async def main(turns: int) -> tuple[Prepared, bool]:
        q = ReadyQueue(2)
        workers = [asyncio.create_task(q.get(lambda: True)) for _ in range(2)]
        await asyncio.sleep(0.01)  # both wait for a photo
        for t in workers:
            t.cancel()
        for _ in range(turns):
            await asyncio.sleep(0)  # the first cancel is being handled
        for t in workers:
            t.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await asyncio.wait_for(q.put(_item(7)), 2)
        got = await asyncio.wait_for(q.get(lambda: True), 2)
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
        return got, bool(others) or q.cond.locked()

    for turns in range(4):
        got, stuck = asyncio.run(main(turns))
        assert got.job["id"] == 7 and not stuck, turns


def test_a_host_that_is_not_usable_takes_nothing_and_a_steal_hands_over() -> None:
    async def main() -> tuple[list[int], int]:
        q = ReadyQueue(4)
        usable = {"a": False}
        await q.put(_item(1))
        waiting = asyncio.create_task(q.get(lambda: usable["a"]))
        await asyncio.sleep(0.15)  # past a timed wait or two: still nothing for a host that is down
        assert not waiting.done()
        usable["a"] = True
        first = await asyncio.wait_for(waiting, 2)
        stolen = await asyncio.wait_for(q.get(lambda: True, lambda: _item(9)), 2)  # empty: takes the steal
        return [first.job["id"]], stolen.job["id"]

    assert asyncio.run(main()) == ([1], 9)
