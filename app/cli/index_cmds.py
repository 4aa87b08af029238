"""Command-line commands for this area (filled in by its issue)."""

from __future__ import annotations

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this module's commands to the `photoscribe` parser."""
