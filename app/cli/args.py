"""The argument shapes the commands share, so that an option means the same in every command.

A command is made with :func:`command`: its parser, the photos it names (``PATH``, ``PATH...``),
``--json``, and its handler. The options several commands take (``--folder``, ``--limit``, ``--host``,
the write-back options, a caption written by hand) are added by the functions below.

Only ``argparse`` is imported here: building the parser must stay cheap (``albumwise --help`` loads
no command's modules); the handlers import what they use when they run.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable, Literal, Sequence

Subparsers = argparse._SubParsersAction  # what ``add_subparsers`` returns
Handler = Callable[[argparse.Namespace], Any]
Paths = Literal["one", "*", "+"] | None

FOLDER_HELP = "only photos in this folder (and below)"


def command(sub: Subparsers, name: str, func: Handler, *, help: str, paths: Paths = None,
            paths_help: str | None = None, json: bool | str = False, **kwargs: Any) -> argparse.ArgumentParser:
    """Add the command ``name`` running ``func``.

    ``paths``: the photos it acts on: ``"one"`` a single ``PATH`` (``args.path``), ``"*"`` any number
    and ``"+"`` at least one (``args.paths``). ``json``: take ``--json`` (a string is its help).
    Further keywords go to ``add_parser`` (``description``, ``usage``, ...)."""
    p = sub.add_parser(name, help=help, **kwargs)
    if paths == "one":
        p.add_argument("path", metavar="PATH", help=paths_help)
    elif paths is not None:
        p.add_argument("paths", nargs=paths, metavar="PATH", help=paths_help)
    if json:
        add_json(p, json if isinstance(json, str) else None)
    p.set_defaults(func=func)
    return p


def add_json(p: argparse.ArgumentParser, help: str | None = None) -> None:
    """``--json``: print JSON (the command's documented fields) instead of text."""
    p.add_argument("--json", action="store_true", help=help)


def add_folder(p: argparse.ArgumentParser, help: str = FOLDER_HELP) -> None:
    """``--folder F``: only the photos in folder F and below."""
    p.add_argument("--folder", metavar="F", help=help)


def add_limit(p: argparse.ArgumentParser, help: str, metavar: str | None = "N") -> None:
    """``--limit N``: at most N photos (no limit by default)."""
    p.add_argument("--limit", type=int, default=None, metavar=metavar, help=help)


def add_host(p: argparse.ArgumentParser, help: str, *, many: bool = False, dest: str | None = None) -> None:
    """``--host URL``: the inference server (``many``: repeat it for several)."""
    extra: dict[str, Any] = {"action": "append"} if many else {}
    if dest:
        extra["dest"] = dest
    p.add_argument("--host", metavar="URL", help=help, **extra)


def add_caption_text(p: argparse.ArgumentParser, keywords_help: str) -> None:
    """A caption written by hand: ``TEXT``, ``--keywords a,b,c`` and ``--title``."""
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--keywords", metavar="a,b,c", help=keywords_help)
    p.add_argument("--title", help="an optional title")


def add_write_options(p: argparse.ArgumentParser, targets: Sequence[str], *, approve: bool) -> None:
    """How approved captions are written into the photos: target, sidecar naming, file dates, provenance.
    ``approve``: the command approves first, and ``--no-write`` leaves the writing for later."""
    if approve:
        p.add_argument("--no-write", action="store_true", help="approve only; write later with `albumwise write`")
    add_json(p, "one JSON object per photo: path, target, state, error")
    p.add_argument("--force", action="store_true",
                   help="overwrite a description changed in the file since it was indexed or written (a conflict)")
    p.add_argument("--target", choices=targets, help="auto (in file where safe), file, or sidecar_only")
    p.add_argument("--sidecar-naming", choices=("ext", "base"), help="ext: NAME.EXT.xmp, base: NAME.xmp")
    dates = p.add_mutually_exclusive_group()
    dates.add_argument("--update-file-dates", action="store_true",
                       help="let the photo's modification time change (the default unless keep_file_dates is set)")
    dates.add_argument("--keep-file-dates", action="store_true",
                       help="keep the photo's modification time (apps and backups that watch it may miss the change)")
    p.add_argument("--no-provenance", action="store_true", help="do not record model/approval provenance in XMP")
