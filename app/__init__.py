"""Photoscribe: local, private captions for a personal photo library."""

__version__ = "0.1.0"
