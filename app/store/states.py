"""The states a photo row can be in. A module of its own (no imports) so the command line can offer
them as choices without loading the store."""

INDEX_STATES = ("ok", "error", "missing")
CAPTION_STATES = ("none", "draft", "approved", "written", "rejected", "failed", "conflict")
