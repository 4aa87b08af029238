"""Plain data and small primitives shared by every layer (no I/O, no Qt)."""
