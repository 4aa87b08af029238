"""Is a description a human caption, or camera/software boilerplate?

Cameras fill ImageDescription/UserComment with their own text ("OLYMPUS DIGITAL CAMERA",
"SONY DSC", "DSC00019", the model name, ...). Such text is kept as read (``file_description``),
but it is not a caption: no file caption version is created and captioning treats the photo as
uncaptioned. Callers pass the photo's make and model: maker texts count only for that maker.

The rule itself lives with the metadata writer (``app.metadata.boilerplate``), so that reading,
captioning and writing judge the same text the same way.
"""

from __future__ import annotations

from app.metadata.boilerplate import is_boilerplate

__all__ = ["is_boilerplate"]
