"""Connect the window to the app's services (each one optional: the window works without it)."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("albumwise.ui")


def attach_services(window: Any, *, check_hosts: bool = True) -> None:
    from app.ui.review_ops import ReviewOps  # noqa: PLC0415

    window.services["review"] = ReviewOps(window.ctx)
    for name, factory in (("search", _search), ("library", _library), ("captioning", _captioning)):
        try:
            service = factory(window)
        except ImportError as exc:
            log.info("%s is not available: %s", name, exc)
            continue
        if service is not None:
            window.services[name] = service
    cap = window.services.get("captioning")
    if cap is not None and check_hosts:
        cap.start()
    if check_hosts:  # the same switch keeps tests and offline starts from calling the hosts
        from app.ui.embed_ops import EmbedOps  # noqa: PLC0415

        embed = EmbedOps(window.ctx)
        window.services["embed"] = embed
        window.ctx.spawn(embed.start(), name="meaning search vectors")
    window._update_actions()
    window.services_ready.set()


def _search(window: Any) -> Any:
    from app.ui.search_ops import SearchOps  # noqa: PLC0415

    return SearchOps(window.ctx)


def _library(window: Any) -> Any:
    from app.ui.library_ops import LibraryOps  # noqa: PLC0415

    return LibraryOps(window.ctx)


def _captioning(window: Any) -> Any:
    from app.ui.caption_bridge import CaptionBridge  # noqa: PLC0415

    return CaptionBridge(window)
