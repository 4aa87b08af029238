"""Lists stored as JSON text in SQLite columns (keywords, flags)."""

from __future__ import annotations

import json
from typing import Any


def json_list(value: Any) -> list[str]:
    """The strings of a JSON-array column (an already-parsed list passes through); anything
    unreadable is an empty list, so one bad row never breaks a listing or a view."""
    if isinstance(value, list):
        parsed: Any = value
    else:
        try:
            parsed = json.loads(value) if value else []
        except (TypeError, ValueError):
            return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else []
