"""Pauses that end: re-check the cause of an automatic pause and resume when it is gone.

The queue pauses itself when no server answers (kind ``server``) or the model is missing (kind
``model``); a person pauses it with ``queue pause`` or the window's button (kind ``user``); other
permanent errors (out of memory, a model that cannot see, ...) are kind ``error``. Only ``server``
and ``model`` pauses are re-checked: a person's pause waits for a person, and an ``error`` needs the
person to fix something first (then ``queue resume``).

For the window (and the CLI), three calls, no Qt:

    info = owner.call(jobq.pause_info)            # {"reason", "kind", "since"} or None
    check = await recheck(hosts, model)           # asks the servers; never raises
    outcome = await auto_resume(owner, hosts, model)
    # AutoResume(resumed, paused, kind, reason, message, detail): show ``message`` (status bar)

``auto_resume`` resumes only the very pause it checked (same ``since``), so a pause a person set
meanwhile is never lifted by a background re-check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.captioning import models as modelsel
from app.captioning import queue as jobq
from app.captioning.backends import make_backend
from app.captioning.errors import CaptionError, HostDown
from app.captioning.install import unreachable_advice
from app.config import HostConfig
from app.store.tx import transaction

AUTOMATIC = ("server", "model")


@dataclass
class Recheck:
    ok: bool  # at least one server answers and has the model (or a default vision model)
    host: str | None = None  # the first server that is usable again
    model: str | None = None  # the model it would use
    detail: str = ""  # why not, in plain words (one line)


@dataclass
class AutoResume:
    resumed: bool = False
    paused: bool = False  # still paused after the call
    kind: str | None = None
    reason: str | None = None
    message: str = ""  # one line for a status bar / stderr
    detail: str = ""  # why it is still paused (the re-check's answer), when it is


def is_automatic(info: dict[str, Any] | None) -> bool:
    """True for a pause that ends by itself once its cause is gone."""
    return bool(info) and info.get("kind") in AUTOMATIC  # type: ignore[union-attr]


async def recheck(hosts: list[HostConfig], model: str = "", *, timeout: float = 5.0) -> Recheck:
    """Ask each server whether captioning can go ahead: reachable, and ``model`` (or, when empty,
    some vision model) installed and able to see. Short deadline; never raises."""
    import asyncio

    reasons: list[str] = []
    for h in hosts:
        backend = make_backend(h.url, h.kind, h.headers)
        try:
            async with asyncio.timeout(timeout):
                if model:
                    await modelsel.check_vision(backend, model)
                    name = model
                else:
                    name = await modelsel.choose_default(backend)
            return Recheck(True, h.url, name, f"{h.url} answers")
        except TimeoutError:
            reasons.append(f"{h.url} did not answer within {timeout:g} s")
        except HostDown:
            reasons.append(unreachable_advice(h.url))  # not installed (how to install) / not running (start it)
        except CaptionError as exc:
            reasons.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - a re-check must never break its caller
            reasons.append(f"{h.url}: {exc.__class__.__name__}: {exc}")
        finally:
            try:
                await backend.close()
            except Exception:  # noqa: BLE001
                pass
    return Recheck(False, detail="; ".join(dict.fromkeys(reasons)) or "no captioning server configured")


def resume_if_unchanged(db: Database, info: dict[str, Any]) -> bool:
    """Lift the pause described by ``info`` (from ``pause_info``) if it is still the current one."""
    with transaction(db):
        now = jobq.pause_info(db)
        if now is None or now.get("since") != info.get("since") or now.get("kind") != info.get("kind"):
            return False
        jobq.resume(db)
        return True


async def auto_resume(owner: Any, hosts: list[HostConfig], model: str = "") -> AutoResume:
    """Re-check an automatic pause and resume the queue when its cause is gone.

    ``owner`` is the ``DbOwner`` (anything with ``async run(fn, *args)``). User and ``error`` pauses
    are reported, never lifted.
    """
    info = await owner.run(jobq.pause_info)
    if info is None:
        return AutoResume(resumed=False, paused=False)
    out = AutoResume(paused=True, kind=info["kind"], reason=info["reason"])
    if not is_automatic(info):
        out.message = f"captioning is paused ({info['reason']})"
        return out
    check = await recheck(hosts, model)
    if not check.ok:
        out.detail = check.detail
        out.message = f"captioning is paused ({info['reason']}); still: {check.detail}"
        return out
    if await owner.run(resume_if_unchanged, info):
        out.resumed, out.paused = True, False
        what = "the captioning server answers again" if info["kind"] == "server" else f"{check.model} is available"
        out.message = f"{what} ({check.host}): captioning resumed"
        return out
    now = await owner.run(jobq.pause_info)  # paused again meanwhile (by a person): report that one
    out.paused = now is not None
    out.kind, out.reason = (now or {}).get("kind"), (now or {}).get("reason")
    out.message = f"captioning is paused ({out.reason})" if now else "captioning resumed"
    return out
