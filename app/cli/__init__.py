"""The command-line front end: argparse over the same services the GUI uses (no Qt here)."""
