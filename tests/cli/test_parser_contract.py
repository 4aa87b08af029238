"""The command line is a contract: every command offers the same options, with the same defaults,
choices, help and handler, as recorded in ``parser_contract.json``.

The file holds the parser's shape as walked below. After a deliberate change to the command line
(a new option, a reworded help), write it again and review the difference:

    .venv/bin/python -m tests.cli.test_parser_contract > tests/cli/parser_contract.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.cli.main import build_parser

EXPECTED = Path(__file__).with_name("parser_contract.json")


def _plain(value: Any) -> Any:
    """A JSON-able form of an argparse value (types and callables by name)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', repr(value))}"
    return repr(value)


def _action(action: argparse.Action) -> dict[str, Any]:
    return {
        "option_strings": list(action.option_strings), "dest": action.dest, "action": type(action).__name__,
        "default": _plain(action.default), "const": _plain(action.const), "nargs": action.nargs,
        "choices": _plain(list(action.choices)) if action.choices is not None else None,
        "type": _plain(action.type), "required": action.required, "metavar": _plain(action.metavar),
        "help": action.help,
    }


def shape(parser: argparse.ArgumentParser) -> dict[str, Any]:
    """Everything a user can see or rely on in one parser, its sub-commands included."""
    out: dict[str, Any] = {
        "prog": parser.prog, "usage": parser.usage, "description": parser.description,
        "prefix_chars": parser.prefix_chars, "add_help": parser.add_help,
        "defaults": {k: _plain(v) for k, v in sorted(parser._defaults.items())},
        "arguments": [], "exclusive": [], "commands": {},
    }
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out["arguments"].append({**_action(action), "choices": sorted(action.choices)})
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in sorted(action.choices.items()):
                out["commands"][name] = {"help": helps.get(name), **shape(sub)}
        else:
            out["arguments"].append(_action(action))
    for group in parser._mutually_exclusive_groups:
        out["exclusive"].append({"required": group.required, "dests": [a.dest for a in group._group_actions]})
    return out


def current() -> dict[str, Any]:
    return shape(build_parser())


def test_every_command_keeps_its_options() -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    now = current()
    assert sorted(now["commands"]) == sorted(expected["commands"]), "commands added or gone"
    for name in expected["commands"]:  # one command at a time: a failure names the command
        assert now["commands"][name] == expected["commands"][name], f"`albumwise {name}` changed"
    assert now == expected


def test_the_contract_covers_every_command_and_option() -> None:
    """The recorded shape is the real one: it has each command and the options tests rely on."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    commands = expected["commands"]
    assert {"index", "caption", "approve", "write", "group", "search", "context", "gui"} <= set(commands)
    caption = {o for a in commands["caption"]["arguments"] for o in a["option_strings"]}
    assert {"--all-missing", "--limit", "--json", "--host"} <= caption
    assert set(commands["group"]["commands"]) == {"show", "split", "merge", "pick", "refresh", "approve",
                                                  "reject", "edit"}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(current(), indent=1, ensure_ascii=False) + "\n")
