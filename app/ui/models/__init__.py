"""Qt item models: they hold ids and cached rows, and never touch the disk on the main thread."""
