"""Groups of near-repeats: bursts, brackets, exact copies. Database side, no Qt.

A group is a row in ``photo_groups``; a member has ``photos.group_id`` set. Membership is sticky:
it is stored on the photo row, so it survives moves (the scanner keeps a moved photo's id),
rescans and metadata writes (which change the file's fingerprint, not its pixels).

How photos join a group, incrementally:
- *exact*: the same content fingerprint (``link_fingerprints``, called by the scanner for every
  batch it writes: one indexed query, no file read), or the same picture upright (equal
  ``Signature.pixels``, or both hashes within ``SAME_BITS``: copies stored in another orientation,
  re-encoded or converted), whatever their camera and capture time;
- *near*: the same camera (make and model known and equal), taken within ``rules.seconds`` of each
  other, and the perceptual hashes of the thumbnail within ``rules.distance`` bits (the mean of
  dHash and pHash; neither more than ``SPREAD`` bits beyond); flat images
  (no texture: their hashes mean nothing) only group by identical pixels.
Signatures come from the grid thumbnail (``compute``; ``app.services.grouping.refresh`` drives it),
made when thumbnails are made and before a caption run; ``assign`` then compares the photo with its
few candidates (same camera, same few seconds, or same pixels), found through indexes.

By hand: ``split`` takes photos out (they are then never grouped automatically again),
``merge`` puts photos in one group (kept whatever the hashes say); both set ``photos.group_lock``.
``pick_best`` chooses the frame the captioner sends (``photo_groups.best_photo_id``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Iterable, Iterator

from sqlite_utils import Database

from app.core.progress import CancelToken
from app.core.timeutil import utc_now
from app.library import phash
from app.library.phash import Signature

FLAT_CONTRAST = 4.0  # grey standard deviation below which an image counts as flat
SPREAD = 6  # how far one hash may exceed the distance when the other is close
#: Both hashes within this many bits: the same picture, whatever the camera, time or stored orientation
#: (copies re-encoded, rotated in storage, saved in another format differ by 0–2 bits over the test
#: photos; different scenes by 20 or more).
SAME_BITS = 3


@dataclass(frozen=True)
class Rules:
    """The two user settings: how close in time (seconds) and in look (hash bits, of 64)."""

    seconds: float = 5.0
    distance: int = 12

    @classmethod
    def from_settings(cls, settings: Any) -> "Rules":
        return cls(float(getattr(settings, "group_seconds", cls.seconds)),
                   int(getattr(settings, "group_distance", cls.distance)))


# ------------------------------------------------------------------ membership primitives

def _new_group(db: Database, kind: str) -> int:
    cur = db.execute("INSERT INTO photo_groups(kind, created_at) VALUES (?, ?)", [kind, utc_now()])
    return int(cur.lastrowid)


def _join(db: Database, photo_ids: Iterable[int], kind: str) -> int | None:
    """Put photos (and the groups they are in) into one group; returns its id."""
    ids = sorted({int(i) for i in photo_ids})
    if len(ids) < 2:
        return None
    q = f"SELECT DISTINCT group_id FROM photos WHERE id IN ({','.join('?' * len(ids))}) AND group_id IS NOT NULL"
    existing = sorted(r[0] for r in db.execute(q, ids).fetchall())
    if existing:
        gid = existing[0]
        for other in existing[1:]:  # a photo that bridges two groups makes them one
            db.execute("UPDATE photos SET group_id = ? WHERE group_id = ?", [gid, other])
            db.execute("DELETE FROM photo_groups WHERE id = ?", [other])
        if kind == "near":  # copies joined by near-repeats: the group is a burst now
            db.execute("UPDATE photo_groups SET kind = 'near' WHERE id = ? AND kind = 'exact'", [gid])
    else:
        gid = _new_group(db, kind)
    # only the photos not yet in it: a scan re-links a growing group of copies at every batch
    db.execute(f"UPDATE photos SET group_id = ? WHERE id IN ({','.join('?' * len(ids))}) AND group_id IS NOT ?",
               [gid, *ids, gid])
    return gid


def prune(db: Database) -> int:
    """Dissolve groups left with fewer than two photos (after a split or a purge). Returns the count."""
    lonely = [r[0] for r in db.execute(
        "SELECT g.id FROM photo_groups g LEFT JOIN photos p ON p.group_id = g.id "
        "GROUP BY g.id HAVING count(p.id) < 2").fetchall()]
    for gid in lonely:
        db.execute("UPDATE photos SET group_id = NULL WHERE group_id = ?", [gid])
        db.execute("DELETE FROM photo_groups WHERE id = ?", [gid])
    return len(lonely)


def link_fingerprints(db: Database, fingerprints: Iterable[str | None]) -> int:
    """Index-time hook: photos sharing one of these fingerprints become one *exact* group.

    Runs inside the scanner's transaction; costs one indexed query per 500 fingerprints.
    Returns how many photos were linked."""
    fps = sorted({f for f in fingerprints if f})
    linked = 0
    for i in range(0, len(fps), 500):
        part = fps[i : i + 500]
        rows = db.execute(
            f"SELECT fingerprint, group_concat(id), count(DISTINCT group_id), max(group_id), "
            f"group_concat(CASE WHEN group_id IS NULL THEN id END) FROM photos "
            f"WHERE fingerprint IN ({','.join('?' * len(part))}) "
            "AND state = 'ok' AND group_lock IS NOT 'alone' GROUP BY fingerprint HAVING count(*) > 1", part,
        ).fetchall()
        for _fp, ids, groups_in, gid, loose in rows:
            members = [int(x) for x in ids.split(",")]
            linked += len(members)
            if groups_in == 1:  # one group already (a rescan, or copies met in an earlier batch)
                if loose:  # ... which the new copies join
                    joining = [int(x) for x in loose.split(",")]
                    db.execute(f"UPDATE photos SET group_id = ? WHERE id IN ({','.join('?' * len(joining))})",
                               [gid, *joining])
                continue
            _join(db, members, "exact")
    return linked


# ------------------------------------------------------------------ signatures

def store_signature(db: Database, photo_id: int, fingerprint: str | None, sig: Signature) -> None:
    db.execute(
        "INSERT INTO photo_signatures(photo_id, fingerprint, version, dhash, phash, pixels, sharpness, contrast, "
        "computed_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(photo_id) DO UPDATE SET fingerprint=excluded.fingerprint, "
        "version=excluded.version, dhash=excluded.dhash, phash=excluded.phash, pixels=excluded.pixels, "
        "sharpness=excluded.sharpness, contrast=excluded.contrast, computed_at=excluded.computed_at",
        [photo_id, fingerprint, phash.VERSION, sig.dhash, sig.phash, sig.pixels, sig.sharpness, sig.contrast,
         utc_now()],
    )


def _sig(row: dict[str, Any] | tuple) -> Signature:
    return Signature(int(row["dhash"]), int(row["phash"]), row["pixels"], float(row["sharpness"] or 0.0),
                     float(row["contrast"] or 0.0))


def is_near(a: Signature, b: Signature, rules: Rules) -> bool:
    """Same picture to the eye: identical pixels, or both hashes within the threshold (textured only)."""
    if a.pixels == b.pixels:
        return True
    if min(a.contrast, b.contrast) < FLAT_CONTRAST:
        return False
    d, p = phash.hamming(a.dhash, b.dhash), phash.hamming(a.phash, b.phash)
    # crops move pHash more than dHash: judge the mean, and let neither hash disagree strongly
    return d + p <= 2 * rules.distance and max(d, p) <= rules.distance + SPREAD


def is_same_picture(a: Signature, b: Signature) -> bool:
    """The same picture, upright: identical pixels, or (textured only) both hashes within ``SAME_BITS``."""
    if a.pixels == b.pixels:
        return True
    if min(a.contrast, b.contrast) < FLAT_CONTRAST:
        return False
    return phash.hamming(a.dhash, b.dhash) <= SAME_BITS and phash.hamming(a.phash, b.phash) <= SAME_BITS


def bands(value: int) -> list[int]:
    """The four 16-bit bands of a 64-bit hash, as the ``photo_signatures_band*`` indexes compute them:
    two hashes within ``SAME_BITS`` (< 4) bits share at least one band exactly."""
    return [(value >> 48) & 65535, (value >> 32) & 65535, (value >> 16) & 65535, value & 65535]


def _window(taken_at: str | None, seconds: float) -> tuple[str, str] | None:
    if not taken_at or len(taken_at) < 19:
        return None  # a date without a time says nothing about seconds
    try:
        t = datetime.strptime(taken_at[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None
    lo = (t - timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")
    hi = (t + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")
    return lo, hi + "\x7f"  # a time-zone suffix sorts after the seconds


# A video groups with videos only (a clip and a photo of the same moment need captions of their own).
_CAND_PIXELS = ("SELECT 0, p.id, p.group_lock, s.dhash, s.phash, s.pixels, s.contrast FROM photo_signatures s "
                "JOIN photos p ON p.id = s.photo_id WHERE s.pixels = ? AND +p.state = 'ok' "
                "AND p.media IS ?")  # +: use the pixels index
_CAND_SAME = (" UNION SELECT 0, p.id, p.group_lock, s.dhash, s.phash, s.pixels, s.contrast FROM photo_signatures s "
              "JOIN photos p ON p.id = s.photo_id WHERE (((s.phash >> 48) & 65535) = ? OR ((s.phash >> 32) & 65535) = ? "
              "OR ((s.phash >> 16) & 65535) = ? OR (s.phash & 65535) = ?) AND +p.state = 'ok' AND p.media IS ?")
_CAND_WINDOW = (" UNION SELECT 1, p.id, p.group_lock, s.dhash, s.phash, s.pixels, s.contrast FROM photos p "
                "JOIN photo_signatures s ON s.photo_id = p.id WHERE p.taken_at BETWEEN ? AND ? "
                "AND p.camera_make = ? AND p.camera_model = ? AND +p.state = 'ok' AND p.media IS ?")


def candidates(db: Database, photo: dict[str, Any], sig: Signature, rules: Rules) -> list[int]:
    """Other photos that are repeats of ``photo`` (a row with id, camera, taken_at), in one query over
    indexes: the same picture anywhere (same pixels, or hashes within ``SAME_BITS``: found through the
    hash bands, whatever the time, camera or stored orientation), and near-repeats from the same
    camera's few seconds (within ``rules``)."""
    sql, params = _CAND_PIXELS + _CAND_SAME, [sig.pixels, photo.get("media"), *bands(sig.phash), photo.get("media")]
    win = _window(photo.get("taken_at"), rules.seconds)
    if win and photo.get("camera_make") and photo.get("camera_model"):
        sql += _CAND_WINDOW
        params += [win[0], win[1], photo["camera_make"], photo["camera_model"], photo.get("media")]
    out: list[int] = []
    for burst, pid, lock, dh, ph, px, contrast in db.conn.execute(sql, params).fetchall():
        if pid == photo["id"] or lock == "alone" or pid in out:
            continue
        other = Signature(dh, ph, px, 0.0, contrast or 0.0)
        if is_same_picture(sig, other) or (burst and is_near(sig, other, rules)):
            out.append(pid)
    return out


def assign(db: Database, photo_id: int, rules: Rules = Rules()) -> int | None:
    """Put one photo (whose signature is stored) into the group of its near-repeats. Returns the group id.

    A photo a person placed (``group_lock``) is left alone. A photo already in an automatic group
    stays there while it is still near one of its members (metadata writes change nothing)."""
    row = next(iter(db.query(
        "SELECT p.id, p.group_id, p.group_lock, p.taken_at, p.camera_make, p.camera_model, p.media, s.dhash, s.phash, "
        "s.pixels, s.sharpness, s.contrast FROM photos p JOIN photo_signatures s ON s.photo_id = p.id "
        "WHERE p.id = ?", [photo_id])), None)
    if row is None or row["group_lock"]:
        return row["group_id"] if row else None
    sig = _sig(row)
    near = candidates(db, row, sig, rules)
    if row["group_id"] is not None and not near:
        mates = [r for r in db.query(
            "SELECT s.* FROM photos p JOIN photo_signatures s ON s.photo_id = p.id WHERE p.group_id = ? AND p.id != ?",
            [row["group_id"], photo_id])]
        fps = db.execute("SELECT count(*) FROM photos WHERE group_id = ? AND fingerprint = "
                         "(SELECT fingerprint FROM photos WHERE id = ?)", [row["group_id"], photo_id]).fetchone()[0]
        if fps > 1 or any(is_near(sig, _sig(m), rules) for m in mates):
            return row["group_id"]
        db.execute("UPDATE photos SET group_id = NULL WHERE id = ?", [photo_id])  # its pixels changed
        prune(db)
        return None
    if not near:
        return row["group_id"]
    if row["group_id"] is not None:  # already together (a re-hash after a write): nothing to change
        q = f"SELECT count(*) FROM photos WHERE group_id = ? AND id IN ({','.join('?' * len(near))})"
        if db.execute(q, [row["group_id"], *near]).fetchone()[0] == len(near):
            return row["group_id"]
    return _join(db, [photo_id, *near], "near")


#: At most this many time neighbours on each side of a photo (a camera without a clock gives thousands
#: of photos one time; a 30 fps burst has 150 frames in 5 s): beyond it a member is found later.
NEIGHBOURS_EACH_SIDE = 32
_EPOCH = datetime(1970, 1, 1)


def _seconds(taken_at: str | None) -> float | None:
    if not taken_at or len(taken_at) < 19:
        return None  # a date without a time says nothing about seconds
    if taken_at[10] != "T":
        return None
    try:  # fromisoformat: a tenth of strptime's time (10,000 photos are placed before the first request)
        return (datetime.fromisoformat(taken_at[:19]) - _EPOCH).total_seconds()
    except ValueError:
        return None


def time_neighbours(rows: Iterable[dict[str, Any]], rules: Rules = Rules()) -> dict[int, list[int]]:
    """Among ``rows`` (id, camera_make, camera_model, media, taken_at), the photos each one could form a
    near-repeat group with: the same camera within ``rules.seconds`` (what ``candidates`` looks at
    besides the hash bands). No database, one sort: cheap for 100,000 photos."""
    by_camera: dict[tuple[Any, Any, Any], list[tuple[float, int]]] = {}
    for r in rows:
        t = _seconds(r.get("taken_at"))
        if t is not None and r.get("camera_make") and r.get("camera_model"):
            by_camera.setdefault((r["camera_make"], r["camera_model"], r.get("media")), []).append((t, int(r["id"])))
    out: dict[int, list[int]] = {}
    k = NEIGHBOURS_EACH_SIDE
    for shots in by_camera.values():
        shots.sort()
        lo = 0
        for i, (t, pid) in enumerate(shots):
            while shots[lo][0] < t - rules.seconds:
                lo += 1
            hi = i
            while hi + 1 < len(shots) and shots[hi + 1][0] <= t + rules.seconds and hi + 1 - i <= k:
                hi += 1
            near = [shots[j][1] for j in range(max(lo, i - k), hi + 1) if j != i]
            if near:
                out[pid] = near
    return out


# A photo (``p``) whose signature (``s``, LEFT JOINed) is missing or older than its file or this code;
# one parameter: ``phash.VERSION``.
STALE_SIGNATURE = ("p.state = 'ok' AND p.fingerprint IS NOT NULL AND (s.photo_id IS NULL OR s.fingerprint IS NOT "
                   "p.fingerprint OR s.version != ?)")


def stale(db: Database, photo_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Indexed photos whose signature is missing or older than their file (or this code)."""
    sql = ("SELECT p.id, p.path, p.fingerprint, p.state FROM photos p "
           f"LEFT JOIN photo_signatures s ON s.photo_id = p.id WHERE {STALE_SIGNATURE}")
    params: list[Any] = [phash.VERSION]
    if photo_ids is None:
        return list(db.query(sql + " ORDER BY p.id", params))
    ids = sorted({int(i) for i in photo_ids})
    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        out += list(db.query(sql + f" AND p.id IN ({','.join('?' * len(part))}) ORDER BY p.id", params + part))
    return out


def compute(rows: Iterable[dict[str, Any]], thumb_dir: str | os.PathLike[str], *, make: bool = True,
            cancel: CancelToken | None = None) -> Iterator[tuple[int, str, Signature | None, str | None]]:
    """Signatures from the grid thumbnails (made first when ``make``); no database access, any thread.

    Yields (photo id, fingerprint, signature or None, error)."""
    from app.library import thumbs  # noqa: PLC0415 - thumbs imports Pillow plugins; keep this module light

    for r in rows:
        if cancel is not None and cancel.cancelled:
            return
        fp = r["fingerprint"]
        path = thumbs.cached_path(fp, thumb_dir, thumbs.GRID)
        try:
            if path is None:
                if not make:
                    continue
                path = thumbs.ensure(r["path"], fp, thumb_dir, thumbs.GRID)
            yield r["id"], fp, phash.signature(phash.open_thumbnail(str(path))), None
        except Exception as exc:  # noqa: BLE001 - a photo without pixels simply stays ungrouped
            yield r["id"], fp, None, str(exc) or exc.__class__.__name__


# ------------------------------------------------------------------ reading

def count(db: Database) -> int:
    """Number of groups with at least two photos."""
    return int(db.execute("SELECT count(*) FROM (SELECT group_id FROM photos WHERE group_id IS NOT NULL "
                          "AND state != 'missing' GROUP BY group_id HAVING count(*) > 1)").fetchone()[0])


def stats(db: Database) -> dict[str, int]:
    """For ``status``: groups, photos in them, and photos that are not the best frame of theirs."""
    groups, photos_in = db.execute(
        "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM photos WHERE group_id IS NOT NULL "
        "AND state != 'missing' GROUP BY group_id HAVING count(*) > 1)").fetchone()
    return {"groups": int(groups), "photos_in_groups": int(photos_in), "repeats": int(photos_in) - int(groups)}


def members(db: Database, group_id: int) -> list[dict[str, Any]]:
    """A group's photos, best frame first (the picked one, else the sharpest), then by time and path."""
    best = db.execute("SELECT best_photo_id FROM photo_groups WHERE id = ?", [group_id]).fetchone()
    picked = best[0] if best else None
    rows = list(db.query(
        "SELECT p.*, s.sharpness FROM photos p LEFT JOIN photo_signatures s ON s.photo_id = p.id "
        "WHERE p.group_id = ? ORDER BY p.taken_at, p.path", [group_id]))
    rows.sort(key=lambda r: (r["id"] != picked, r["state"] != "ok", -(r["sharpness"] or 0.0)))
    return rows


def best_of(rows: list[dict[str, Any]], picked: int | None = None) -> dict[str, Any]:
    """The frame to caption among ``rows``: the picked one if present, else the sharpest."""
    for r in rows:
        if r["id"] == picked:
            return r
    return max(rows, key=lambda r: (r.get("sharpness") or 0.0, -int(r["id"])))


def picked_frame(db: Database, group_id: int | None) -> int | None:
    if group_id is None:
        return None
    row = db.execute("SELECT best_photo_id FROM photo_groups WHERE id = ?", [group_id]).fetchone()
    return row[0] if row else None


def sizes(db: Database) -> dict[int, int]:
    """group id → number of photos (for ``list --json``'s ``group_size``)."""
    return {g: n for g, n in db.execute(
        "SELECT group_id, count(*) FROM photos WHERE group_id IS NOT NULL AND state != 'missing' "
        "GROUP BY group_id").fetchall()}


def all_groups(db: Database) -> list[dict[str, Any]]:
    """Every group with its size and best frame (the sidebar's Duplicates list, ``group show`` without PATH)."""
    out = []
    for gid, n in sorted(sizes(db).items()):
        if n < 2:
            continue
        m = members(db, gid)
        out.append({"id": gid, "size": n, "best": m[0]["path"] if m else None, "members": [r["id"] for r in m]})
    return out


# ------------------------------------------------------------------ by hand

def split(db: Database, photo_ids: Iterable[int]) -> int:
    """Take photos out of their groups for good (never grouped automatically again). Returns how many."""
    ids = [int(i) for i in photo_ids]
    with db.conn:
        for pid in ids:
            db.execute("UPDATE photos SET group_id = NULL, group_lock = 'alone' WHERE id = ?", [pid])
            db.execute("UPDATE photo_groups SET best_photo_id = NULL WHERE best_photo_id = ?", [pid])
        prune(db)
    return len(ids)


def merge(db: Database, photo_ids: Iterable[int]) -> int:
    """Make these photos one group (with the groups they are in), kept whatever the hashes say."""
    ids = sorted({int(i) for i in photo_ids})
    if len(ids) < 2:
        raise ValueError("merging needs at least two photos")
    with db.conn:
        db.execute(f"UPDATE photos SET group_lock = 'joined' WHERE id IN ({','.join('?' * len(ids))})", ids)
        gid = _join(db, ids, "manual")
        db.execute("UPDATE photo_groups SET kind = 'manual' WHERE id = ?", [gid])
    return int(gid)  # type: ignore[arg-type]


def pick_best(db: Database, photo_id: int) -> int:
    """The photo becomes its group's best frame (the one the captioner sends)."""
    row = db.execute("SELECT group_id FROM photos WHERE id = ?", [photo_id]).fetchone()
    if row is None or row[0] is None:
        raise ValueError("this photo is not in a group")
    with db.conn:
        db.execute("UPDATE photo_groups SET best_photo_id = ? WHERE id = ?", [photo_id, row[0]])
    return int(row[0])
