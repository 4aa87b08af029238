"""Dialogs: first run, settings, regenerate, compare."""
