"""Real files with the problems real libraries have, made from the repository's test photos with
exiftool and Python (tests/data has none of them as such): every copy of a caption other apps read,
broken maker notes, IFD0 entries out of sequence in a PNG, a duplicated XMP property, ISO-2022 IPTC,
a digiKam sidecar with exiftool's "[minor] Fixed incorrect URI" warning, a damaged PNG.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from review_helpers import copy_corpus

from tests.exiftool_cli import exiftool as run_exiftool

OLD = "An old caption"


def exiftool(*args: str) -> None:
    run_exiftool("-q", "-q", "-overwrite_original", "-ec", *args, check=True)


def every_caption_field(dest: Path) -> Path:
    """A JPEG with EXIF, IPTC and XMP holding stale copies of a caption in every field readers use,
    plus a German description and Windows/digiKam keyword containers."""
    p = copy_corpus("Archive/Web copies/Nikon_D70.jpg", dest, "every-field.jpg")
    exiftool(f"-IFD0:ImageDescription={OLD}", "-ExifIFD:UserComment=Hello world", "-IFD0:XPComment=Old comment",
             "-IFD0:XPSubject=Old subject", "-IFD0:XPKeywords=old;winter", "-File:Comment=Early winter scene",
             f"-XMP-dc:Description-x-default={OLD}", "-XMP-dc:Description-de=Eine alte Beschreibung",
             "-XMP-exif:UserComment-x-default=Old XMP comment", "-XMP-tiff:ImageDescription-x-default=Old tiff",
             "-XMP-microsoft:LastKeywordXMP=old", "-XMP-dc:Subject=old", "-IPTC:CodedCharacterSet=UTF8",
             f"-IPTC:Caption-Abstract={OLD}", "-IPTC:Keywords=old", str(p))
    return p


def _tiff(entries: list[tuple[int, str]]) -> bytes:
    """A little-endian TIFF header + IFD0 with ASCII entries in the order given (may be unsorted)."""
    n = len(entries)
    base = 8 + 2 + 12 * n + 4
    body, ifd = b"", struct.pack("<H", n)
    for tag, text in entries:
        v = text.encode() + b"\0"
        if len(v) <= 4:
            ifd += struct.pack("<HHI", tag, 2, len(v)) + v.ljust(4, b"\0")
        else:
            ifd += struct.pack("<HHII", tag, 2, len(v), base + len(body))
            body += v + (b"\0" if len(v) % 2 else b"")
    return b"II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + body


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_ifd0_out_of_sequence(dest: Path) -> Path:
    """A PNG whose eXIf IFD0 lists Model, Make, ImageDescription (out of sequence: exiftool warns
    "[minor] Entries in IFD0 were out of sequence"), plus Description and Comment text chunks."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Description", OLD)
    info.add_text("Comment", "Screenshot of a lake")
    buf = io.BytesIO()
    Image.new("RGB", (48, 32), (40, 120, 200)).save(buf, "PNG", pnginfo=info)
    png = buf.getvalue()
    at = png.find(b"IDAT") - 4
    exif = _tiff([(0x0110, "Model X"), (0x010F, "Maker"), (0x010E, OLD)])
    dest.mkdir(parents=True, exist_ok=True)
    p = dest / "out-of-sequence.png"
    p.write_bytes(png[:at] + _chunk(b"eXIf", exif) + png[at:])
    return p


def broken_maker_notes(dest: Path) -> Path:
    """A compact-camera JPEG ("OLYMPUS DIGITAL CAMERA") whose maker-note directory is garbage:
    exiftool warns "[minor] Maker notes could not be parsed" when it rewrites the EXIF."""
    p = copy_corpus("Archive/2000s/Olympus PEN E-P3.jpg", dest, "broken-makernotes.jpg")
    data = bytearray(p.read_bytes())
    t = data.find(b"Exif\x00\x00") + 6
    bo = "<" if data[t:t + 2] == b"II" else ">"

    def u16(o: int) -> int:
        return struct.unpack(bo + "H", data[t + o:t + o + 2])[0]

    def u32(o: int) -> int:
        return struct.unpack(bo + "I", data[t + o:t + o + 4])[0]

    def entry(ifd: int, tag: int) -> int:
        for k in range(u16(ifd)):
            e = ifd + 2 + 12 * k
            if u16(e) == tag:
                return e
        raise AssertionError(f"tag {tag:#x} not found")

    exif_ifd = u32(entry(u32(4), 0x8769) + 8)
    e = entry(exif_ifd, 0x927C)
    start, count = t + u32(e + 8), u32(e + 4)
    for j in range(start + 8, start + min(count, 64)):  # keep "OLYMPUS\0", scramble the directory
        data[j] = 0xFF
    p.write_bytes(bytes(data))
    return p


def duplicate_xmp_property(dest: Path) -> Path:
    """A Nikon JPEG whose XMP repeats a property: exiftool refuses with "[Minor] Duplicate XMP property"."""
    p = copy_corpus("Archive/Web copies/Nikon_D70.jpg", dest, "duplicate-xmp.jpg")
    packet = dest / "dup.xmp.txt"
    packet.write_text(
        "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
        " <rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'"
        " xmlns:xmp='http://ns.adobe.com/xap/1.0/'>\n"
        "  <xmp:Rating>3</xmp:Rating>\n  <xmp:Rating>3</xmp:Rating>\n"
        f"  <dc:description><rdf:Alt><rdf:li xml:lang='x-default'>{OLD}</rdf:li></rdf:Alt></dc:description>\n"
        " </rdf:Description>\n</rdf:RDF></x:xmpmeta>\n<?xpacket end='w'?>\n", encoding="utf-8")
    run_exiftool("-q", "-q", "-overwrite_original", f"-xmp<={packet}", str(p), check=True)
    packet.unlink()
    exiftool(f"-IFD0:ImageDescription={OLD}", str(p))
    return p


def iso2022_iptc(dest: Path) -> Path:
    """A JPEG whose IPTC declares an ISO-2022 character set (ESC - A) that is not UTF-8."""
    p = copy_corpus("Archive/Web copies/Nikon_D70.jpg", dest, "iso2022.jpg")
    run_exiftool("-q", "-q", "-overwrite_original", "-IPTC:CodedCharacterSet=ESC - A", "-IPTC:By-line=Getty Images",
                 f"-IPTC:Caption-Abstract={OLD}", "-IPTC:Keywords=old", str(p), check=True)
    return p


def digikam_sidecar(dest: Path) -> tuple[Path, Path]:
    """A NEF with the sidecar digiKam wrote for it (NAME.EXT.xmp) using the MicrosoftPhoto URI with a
    trailing slash: exiftool fixes it with "[minor] Fixed incorrect URI for xmlns:MicrosoftPhoto"."""
    raw = copy_corpus("Raw/Nikon.nef", dest, "family.nef")
    side = Path(str(raw) + ".xmp")
    side.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:digiKam="http://www.digikam.org/ns/1.0/" xmlns:MicrosoftPhoto="http://ns.microsoft.com/photo/1.0/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
        '   <xmp:Rating>2</xmp:Rating>\n   <MicrosoftPhoto:Rating>25</MicrosoftPhoto:Rating>\n'
        '   <digiKam:TagsList><rdf:Seq><rdf:li>Family</rdf:li></rdf:Seq></digiKam:TagsList>\n'
        '  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n', encoding="utf-8")
    return raw, side


def damaged_png(dest: Path, description: str | None = None) -> Path:
    """A PNG cut off in the middle of its image data: exiftool says "Error writing output file"."""
    import random

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if description:
        info.add_text("Description", description)
    rnd = random.Random(10)
    im = Image.frombytes("RGB", (160, 120), bytes(rnd.getrandbits(8) for _ in range(160 * 120 * 3)))
    buf = io.BytesIO()
    im.save(buf, "PNG", pnginfo=info)
    data = buf.getvalue()
    dest.mkdir(parents=True, exist_ok=True)
    p = dest / "cut.png"
    p.write_bytes(data[: len(data) * 2 // 3])
    return p


def have_exiv2() -> bool:
    return shutil.which("exiv2") is not None


def exiv2_values(path: Path) -> dict[str, str]:
    """What exiv2 (digiKam, darktable, gThumb, GExiv2) reads: key -> value text."""
    out = subprocess.run(["exiv2", "-q", "-pa", str(path)], capture_output=True, check=False)
    values: dict[str, str] = {}
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4:
            values.setdefault(parts[0], parts[3])
    return values
