"""A camera's name for people: EXIF Make and Model joined without saying the maker twice."""

from __future__ import annotations


def camera_name(make: str | None, model: str | None) -> str:
    """``Canon`` + ``Canon PowerShot S5 IS`` → ``Canon PowerShot S5 IS``; ``NIKON CORPORATION`` +
    ``NIKON D70`` → ``NIKON D70``; ``Apple`` + ``iPhone 4`` → ``Apple iPhone 4``."""
    make, model = (make or "").strip(), (model or "").strip()
    if not make or not model:
        return make or model
    brand = make.split()[0].lower()
    if model.lower().startswith(brand):
        return model
    return f"{make} {model}"
