"""What ``albumwise caption`` shows while it runs: a progress line on a terminal, one line (or one
JSON object) per finished photo, and every trouble with a server, as it happens."""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import Any

from app.captioning import cleanup
from app.captioning.pipeline import Observer, PhotoResult
from app.cli.common import _fmt_secs, print_json


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else "…" + text[-(n - 1):]


class CaptionOutput(Observer):
    """Draws the progress line (TTY only) and prints each finished photo."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.tty = sys.stderr.isatty()
        self.total = 0
        self.finished = 0
        self.start = time.monotonic()
        self.tokens = 0
        self.current: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self._last = 0.0
        self.results: list[PhotoResult] = []
        self.expected = 0  # photos the run covers (a group's followers finish with its best frame)

    def on_start(self, total: int) -> None:
        self.total = max(total, self.expected)

    def on_photo_started(self, photo_id: int, path: str, host: str) -> None:
        self.current[photo_id] = ""
        self.names[photo_id] = os.path.basename(path)
        self._draw()

    def on_token(self, photo_id: int, text: str) -> None:
        self.tokens += 1
        self.current[photo_id] = self.current.get(photo_id, "") + text
        self._draw()

    def on_retry(self, photo_id: int, path: str, message: str) -> None:
        self.current.pop(photo_id, None)
        if not self.tty and not self.as_json:
            print(f"retrying {path}: {message}", file=sys.stderr)

    def on_host(self, host: str, state: str, message: str) -> None:
        """Trouble with a server (and its end) is always said, on a terminal too: a stalled or gone
        server must never leave a batch silent."""
        if state == "up" and not message.startswith("answers again"):
            return  # the start-up check (the message is the model's name)
        self._clear()
        print(f"albumwise: {host}: {message}", file=sys.stderr)
        sys.stderr.flush()
        self._draw(force=True)

    def on_result(self, r: PhotoResult) -> None:
        self.finished += 1
        self.current.pop(r.photo_id, None)
        self.results.append(r)
        self._clear()
        if self.as_json:
            print_json(result_json(r))
        else:
            flags = f"  [{', '.join(r.flags)}]" if r.flags else ""
            if r.state == "failed":
                print(f"{r.path}: FAILED: {r.error}")
            elif r.state == "cancelled":
                print(f"{r.path}: cancelled")
            else:
                kept = " (kept as a draft; the existing caption stays)" if r.state == "kept" else ""
                kw = f"  keywords: {', '.join(r.keywords)}" if r.keywords else ""
                print(f"{r.path}: {r.caption}{flags}{kw}{kept}")
                for line in _extra_lines(r):
                    print(f"  {line}")
            sys.stdout.flush()
        self._draw(force=True)

    def _clear(self) -> None:
        if self.tty:
            sys.stderr.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1) + "\r")

    def _draw(self, force: bool = False) -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        width = shutil.get_terminal_size((80, 20)).columns
        elapsed = now - self.start
        rate = self.tokens / elapsed if elapsed > 0 else 0.0
        eta = ""
        if self.finished and self.total > self.finished:
            eta = f" ETA {_fmt_secs(elapsed / self.finished * (self.total - self.finished))}"
        frac = min(1.0, self.finished / self.total) if self.total else 0.0
        bar = "#" * int(frac * 20) + "." * (20 - int(frac * 20))
        line = f"caption [{bar}] {self.finished}/{self.total} {rate:.1f} tok/s{eta}"
        if self.current:
            pid = next(reversed(self.current))
            room = width - len(line) - 6 - len(self.names.get(pid, ""))
            if room > 10:
                text = cleanup.partial_caption(self.current[pid])
                line += f"  {self.names.get(pid, '')}: {_short(text, room)}"
        sys.stderr.write("\r" + line[: width - 1].ljust(width - 1))
        sys.stderr.flush()


def _extra_lines(r: PhotoResult) -> list[str]:
    """Alt text, the second language, and what the language check found (wrong_language says so)."""
    from app.captioning import languages  # noqa: PLC0415

    out = [f"alt text: {r.alt_text}"] if r.alt_text else []
    out += [f"{code}: {t.get('text')}" for code, t in r.translations.items() if t.get("text")]
    check = r.language_check or {}
    wrong = languages.describe(check)
    if wrong:
        out.append(f"wrong language: {wrong}")
    for code, sub in (check.get("translations") or {}).items():
        said = languages.describe(sub)
        if said:
            out.append(f"wrong language in the {code} version: {said}")
    return out


def result_json(r: PhotoResult) -> dict[str, Any]:
    from app.store.photos import translations_public  # noqa: PLC0415

    return {"path": r.path, "caption": r.caption if r.state != "failed" else None, "keywords": r.keywords,
            "model": r.model, "host": r.host, "flags": r.flags, "state": r.state, "error": r.error,
            "place": r.place, "people": r.people, "alt_text": (r.alt_text or None) if r.state != "failed" else None,
            "translations": translations_public(r.translations), "language_check": r.language_check}
