"""Albumwise: local, private captions for a personal photo library."""

__version__ = "0.2.0"
