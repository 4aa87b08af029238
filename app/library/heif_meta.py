"""The item tables of a HEIF/AVIF container (``meta`` box): items, where their data lies, properties.

Read from the top-level ``meta`` box only (one read of at most ``MAX_META`` bytes), never from the
coded pictures. Used by ``heif_grid`` (decode a tiled picture tile by tile), by the index's damage
check (``item_damage``: every item's data must lie inside the file) and by ``app.library.media``
(the primary picture's coded bytes are what a photo *is*; metadata items are not).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import IO, Iterator

MAX_META = 8 << 20


@dataclass
class Item:
    type: str = ""
    extents: list[tuple[int, int]] = field(default_factory=list)  # (offset, length); idat-relative for method 1
    method: int = 0  # 0 file offset, 1 idat, 2 item (not supported here)
    props: list[tuple[int, bool]] = field(default_factory=list)  # (1-based ipco index, essential)


@dataclass
class Meta:
    """The parsed ``meta`` box."""

    primary: int | None = None
    items: dict[int, Item] = field(default_factory=dict)
    props: list[bytes] = field(default_factory=list)  # whole property boxes, ipco order
    refs: dict[int, list[int]] = field(default_factory=dict)  # dimg: derived image -> its inputs (grid tiles)
    idat: bytes = b""

    def picture_items(self) -> list[int]:
        """The items holding the primary picture's coded data: its tiles for a grid, else itself."""
        if self.primary is None:
            return []
        if self.items.get(self.primary, Item()).type in ("grid", "iovl", "iden"):
            return list(self.refs.get(self.primary) or [])
        return [self.primary]


def boxes(data: bytes, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """(type, payload start, box end) of the boxes in ``data[start:end]``."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        hdr = 8
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            hdr = 16
        elif size == 0:
            size = end - pos
        if size < hdr or pos + size > end:
            raise ValueError("bad box")
        yield kind.decode("latin-1"), pos + hdr, pos + size
        pos += size


def uint(data: bytes, pos: int, n: int) -> tuple[int, int]:
    if pos + n > len(data):
        raise ValueError("box ends early")
    return (int.from_bytes(data[pos : pos + n], "big") if n else 0), pos + n


def parse(head: bytes) -> Meta:
    """The tables of a ``meta`` box (``head``: the whole box, header included). Raises ValueError."""
    m = Meta()
    for kind, s, e in boxes(head, 8 + 4, len(head)):
        ver = head[s]
        p = s + 4
        if kind == "pitm":
            m.primary, _ = uint(head, p, 2 if ver == 0 else 4)
        elif kind == "iinf":
            _, p = uint(head, p, 2 if ver == 0 else 4)
            for k2, s2, _e2 in boxes(head, p, e):
                if k2 != "infe" or head[s2] < 2:
                    continue
                q = s2 + 4
                iid, q = uint(head, q, 2 if head[s2] == 2 else 4)
                m.items.setdefault(iid, Item()).type = head[q + 2 : q + 6].decode("latin-1")
        elif kind == "iloc":
            _iloc(m, head, ver, p)
        elif kind == "iprp":
            for k2, s2, e2 in boxes(head, s, e):
                if k2 == "ipco":
                    m.props = [head[s3 - 8 : e3] for _k3, s3, e3 in boxes(head, s2, e2)]
                elif k2 == "ipma":
                    _ipma(m, head, s2)
        elif kind == "iref":
            for k2, s2, _e2 in boxes(head, p, e):
                q = s2
                src, q = uint(head, q, 2 if ver == 0 else 4)
                n, q = uint(head, q, 2)
                ids = []
                for _ in range(n):
                    t, q = uint(head, q, 2 if ver == 0 else 4)
                    ids.append(t)
                if k2 == "dimg":
                    m.refs[src] = ids
        elif kind == "idat":
            m.idat = head[s:e]
    return m


def _iloc(m: Meta, head: bytes, ver: int, p: int) -> None:
    osz, lsz = head[p] >> 4, head[p] & 15
    bsz, isz = head[p + 1] >> 4, (head[p + 1] & 15 if ver in (1, 2) else 0)
    p += 2
    count, p = uint(head, p, 2 if ver < 2 else 4)
    for _ in range(count):
        iid, p = uint(head, p, 2 if ver < 2 else 4)
        method = 0
        if ver in (1, 2):
            method, p = uint(head, p, 2)
            method &= 15
        _, p = uint(head, p, 2)  # data reference index
        base, p = uint(head, p, bsz)
        n, p = uint(head, p, 2)
        it = m.items.setdefault(iid, Item())
        it.method = method
        for _ in range(n):
            _, p = uint(head, p, isz)
            off, p = uint(head, p, osz)
            length, p = uint(head, p, lsz)
            it.extents.append((base + off, length))


def _ipma(m: Meta, head: bytes, s2: int) -> None:
    v2, flags = head[s2], int.from_bytes(head[s2 + 1 : s2 + 4], "big")
    q = s2 + 4
    n, q = uint(head, q, 4)
    for _ in range(n):
        iid, q = uint(head, q, 2 if v2 < 1 else 4)
        count, q = uint(head, q, 1)
        it = m.items.setdefault(iid, Item())
        for _ in range(count):
            if flags & 1:
                val, q = uint(head, q, 2)
                it.props.append((val & 0x7FFF, bool(val >> 15)))
            else:
                val, q = uint(head, q, 1)
                it.props.append((val & 0x7F, bool(val >> 7)))


def meta_box(fh: IO[bytes]) -> bytes:
    """The top-level ``meta`` box, found by walking the top-level box headers (mdat may come first)."""
    fh.seek(0, 2)
    end = fh.tell()
    pos = 0
    while pos + 8 <= end:
        fh.seek(pos)
        hdr = fh.read(16)
        size, kind = struct.unpack(">I4s", hdr[:8])
        if size == 1:
            size = struct.unpack(">Q", hdr[8:16])[0]
        elif size == 0:
            size = end - pos
        if size < 8:
            break
        if kind == b"meta":
            if size > MAX_META:
                break
            fh.seek(pos)
            return fh.read(size)
        pos += size
    raise ValueError("no meta box")


def read(fh: IO[bytes]) -> Meta | None:
    """The container's tables, or None when they cannot be read."""
    try:
        return parse(meta_box(fh))
    except (ValueError, IndexError, KeyError, struct.error, EOFError):
        return None


def item_damage(meta: Meta, size: int) -> str | None:
    """Every item's data must lie inside the file (or inside ``idat``): a plain reason, or None."""
    for iid, it in sorted(meta.items.items()):
        for off, length in it.extents:
            if it.method == 0:
                if off + length > size:
                    what = "picture" if it.type in ("hvc1", "av01", "grid", "jpeg") else f"{it.type or 'data'} item"
                    return (f"truncated file: the HEIF's {what} (item {iid}) declares data up to byte "
                            f"{off + length:,}, the file has {size:,}")
            elif it.method == 1 and off + length > len(meta.idat):
                return f"damaged file: the HEIF's item {iid} points past its own data box"
    return None
