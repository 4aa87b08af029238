"""Small JPEGs with a GPS fix, for the scan and place tests."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PIL.TiffImagePlugin import IFDRational


def jpeg_with_gps(path: Path, color: tuple[int, int, int] = (10, 120, 200)) -> Path:
    """A 64×48 JPEG whose EXIF puts it by the Eiffel Tower (48°51'30"N 2°17'40"E)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (IFDRational(48), IFDRational(51), IFDRational(30)), 3: "E",
                4: (IFDRational(2), IFDRational(17), IFDRational(40))})
    Image.new("RGB", (64, 48), color).save(path, "JPEG", exif=exif.tobytes())
    return path
