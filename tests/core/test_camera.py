"""Camera names as people read them (EXIF Make often repeats in Model)."""

from __future__ import annotations

import pytest

from app.core.camera import camera_name


@pytest.mark.parametrize(
    "make,model,name",
    [
        ("Canon", "Canon PowerShot S5 IS", "Canon PowerShot S5 IS"),
        ("NIKON CORPORATION", "NIKON D70", "NIKON D70"),
        ("Apple", "iPhone 4", "Apple iPhone 4"),
        ("FUJIFILM", "FinePix S1Pro", "FUJIFILM FinePix S1Pro"),
        ("  SONY ", " DSC-HX5V ", "SONY DSC-HX5V"),
        (None, "DSC-HX5V", "DSC-HX5V"),
        ("Canon", None, "Canon"),
        (None, None, ""),
    ],
)
def test_camera_name(make, model, name) -> None:
    assert camera_name(make, model) == name
