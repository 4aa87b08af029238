"""Timestamps as the store keeps them: ISO 8601 UTC strings with a ``Z``."""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
