"""`albumwise approve | reject | edit | write | history | undo | restore | export`: the CLI contract."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))
from review_helpers import CONFIG, copy_corpus, make_photo, read_tags  # noqa: E402

from app.metadata import video_fields as V
from app.store import db as dbmod  # noqa: E402
from tests.exiftool_cli import exiftool  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]


@pytest.fixture
def run(run_main):
    """In-process CLI runner (tests/cli/conftest.py)."""
    return run_main


@pytest.fixture
def lib(tmp_path: Path):
    """A library DB with three photos: two drafts and one without a caption."""
    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    pics = tmp_path / "pics"
    a = copy_corpus("Archive/Web copies/Nikon_D70.jpg", pics / "a")
    b = copy_corpus("Archive/Web copies/Pentax_K10D.jpg", pics / "b")
    c = copy_corpus("Archive/Web copies/Kodak_CX7530.jpg", pics / "b")
    make_photo(db, a, text="A mountain lake at dawn", keywords=["lake", "mountain"])
    make_photo(db, b, text="Two cats on a sofa", keywords=["cats"])
    make_photo(db, c, text=None)
    db.conn.close()
    return dbp, a, b, c


def objs(out: str) -> list[dict]:
    return [json.loads(ln) for ln in out.splitlines() if ln.startswith("{")]


def test_approve_writes_on_approve_and_reports_json(run, lib) -> None:
    dbp, a, b, _ = lib
    r = run("--db", str(dbp), "approve", str(a), "--json")
    assert r.returncode == 0, r.stderr
    assert objs(r.stdout) == [{"path": str(a), "target": "file", "state": "written", "error": None,
                                  "result": "written", "note": None}]
    assert read_tags(a, "XMP-dc:Description")["XMP-dc:Description"] == "A mountain lake at dawn"


def test_approve_no_write_then_write_named_and_all(run, lib) -> None:
    dbp, a, b, c = lib
    data = a.read_bytes()
    r = run("--db", str(dbp), "approve", "--all-drafts", "--folder", str(a.parent), "--no-write")
    assert r.returncode == 0 and "approved: " + str(a) in r.stdout and str(b) not in r.stdout
    assert a.read_bytes() == data  # deferred
    r = run("--db", str(dbp), "approve", "--all-drafts", "--no-write")
    assert str(b) in r.stdout
    r = run("--db", str(dbp), "write", str(b), "--json")
    assert objs(r.stdout) == [{"path": str(b), "target": "file", "state": "written", "error": None,
                                  "result": "written", "note": None}]
    r = run("--db", str(dbp), "write", "--json")
    assert [o["path"] for o in objs(r.stdout)] == [str(a)]
    r = run("--db", str(dbp), "write", "--json")
    assert objs(r.stdout) == [] and r.returncode == 0
    r = run("--db", str(dbp), "write", str(c), "--json")
    assert objs(r.stdout)[0]["error"].startswith("nothing approved")


def test_reject_edit_history_restore_undo_export(run, lib, tmp_path: Path) -> None:
    dbp, a, b, _ = lib
    r = run("--db", str(dbp), "reject", str(b))
    assert r.returncode == 0 and "rejected" in r.stdout
    r = run("--db", str(dbp), "edit", str(a), "Our lake, 6 a.m.", "--keywords", "lake, dawn ,", "--json")
    assert r.returncode == 0, r.stderr
    assert objs(r.stdout)[0]["state"] == "written"
    tags = read_tags(a, "XMP-dc:Subject", "XMP-albumwise:CaptionSource", "XMP-albumwise:HumanApproved")
    assert tags["XMP-dc:Subject"] == ["lake", "dawn"]
    assert tags["XMP-albumwise:CaptionSource"] == "human" and tags["XMP-albumwise:HumanApproved"] is True

    r = run("--db", str(dbp), "history", str(a), "--json")
    h = json.loads(r.stdout)
    assert [v["state"] for v in h["versions"]] == ["draft", "written"]
    assert h["versions"][1]["current"] and h["versions"][1]["source"] == "human"
    assert [w["state"] for w in h["writes"]] == ["done"]
    r = run("--db", str(dbp), "history", str(a))
    assert "Our lake" in r.stdout and "write" in r.stdout

    r = run("--db", str(dbp), "undo", str(a))
    assert r.returncode == 0, r.stderr
    assert "XMP-dc:Description" not in read_tags(a, "XMP-dc:Description")
    r = run("--db", str(dbp), "undo", str(a))
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "nothing to undo" in r.stderr

    r = run("--db", str(dbp), "restore", str(a), "1")
    assert r.returncode == 0 and "draft" in r.stdout
    r = run("--db", str(dbp), "restore", str(a), "42")
    assert r.returncode == 1 and "no version 42" in r.stderr

    out = tmp_path / "captions.csv"
    r = run("--db", str(dbp), "export", "--format", "csv", "--out", str(out))
    assert r.returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r_["path"] for r_ in rows} == {str(a), str(b)}
    assert set(rows[0]) >= {"path", "caption", "keywords", "state", "model", "created_at", "written_at"}
    r = run("--db", str(dbp), "export", "--format", "json")
    data = json.loads(r.stdout)
    assert {d["state"] for d in data} == {"draft", "rejected"}


def test_usage_and_unknown_paths(run, lib, tmp_path: Path) -> None:
    dbp, a, *_ = lib
    r = run("--db", str(dbp), "approve")
    assert r.returncode == 2 and "--all-drafts" in r.stderr
    r = run("--db", str(dbp), "approve", str(a), "--all-drafts")
    assert r.returncode == 2
    r = run("--db", str(dbp), "history", str(tmp_path / "nope.jpg"))
    assert r.returncode == 1 and "not in the library" in r.stderr and r.stderr.count("\n") == 1
    r = run("--db", str(dbp), "write", str(tmp_path / "nope.jpg"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    with pytest.raises(SystemExit) as e:
        run("--db", str(dbp), "export", "--format", "xml")
    assert e.value.code == 2


def test_sidecar_only_and_naming_flags(run, lib) -> None:
    dbp, a, *_ = lib
    data = a.read_bytes()
    r = run("--db", str(dbp), "approve", str(a), "--target", "sidecar_only", "--sidecar-naming", "base", "--json")
    assert objs(r.stdout)[0]["target"] == "sidecar"
    assert a.read_bytes() == data and (a.parent / "Nikon_D70.xmp").is_file()


def _hash_pixels(path: Path) -> str | None:
    from PIL import Image

    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
        with Image.open(path) as im:
            if im.width * im.height > 60_000_000:
                return None
            im.load()
            return hashlib.sha256(im.convert("RGBA").tobytes()).hexdigest()
    except Exception:  # noqa: BLE001 - undecodable input stays undecodable; compared as None
        return None


def _dump_tree(root: Path) -> dict[str, dict]:
    out = exiftool("-config", CONFIG, "-j", "-G1", "-a", "-struct", "-r", "-q", "-q", str(root))
    recs = json.loads(out.stdout.decode("utf-8") or "[]")
    skip = ("System:", "ExifTool:", "SourceFile")
    return {r["SourceFile"]: {k: v for k, v in r.items() if not k.startswith(skip) and v != ""} for r in recs}


@pytest.mark.slow
def test_done_when_caption_approve_write_on_a_corpus_copy(corpus_copy: Path, ollama_double) -> None:
    """The whole job on a copy of the corpus: caption --all-missing, approve --all-drafts, write."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=600)

    assert cli("index", str(corpus_copy)).returncode == 0
    before = _dump_tree(corpus_copy)
    files_before = {str(p) for p in corpus_copy.rglob("*") if p.is_file()}
    pixels_before = {f: _hash_pixels(Path(f)) for f in files_before}
    r = cli("caption", "--all-missing", "--host", ollama_double.url, "--json")
    assert r.returncode == 0, r.stderr
    r = cli("approve", "--all-drafts", "--no-write")
    assert r.returncode == 0, r.stderr
    r = cli("write", "--json")
    assert r.returncode == 0, r.stderr
    results = [json.loads(ln) for ln in r.stdout.splitlines() if ln.startswith("{")]
    assert results, "nothing was written"
    db = dbmod.connect(Path(os.environ["ALBUMWISE_HOME"]) / "data" / "library.db", readonly=True)
    approved = {row[0]: (row[1], json.loads(row[2])) for row in db.execute(
        "SELECT path, caption, caption_keywords FROM photos WHERE caption_state = 'written' AND caption_source = 'model'")}
    db.conn.close()
    written = [o for o in results if o["error"] is None]
    assert len(written) == len(approved) and len(written) >= 40
    failed = [o for o in results if o["error"]]
    assert not failed, failed[:3]
    after = _dump_tree(corpus_copy)
    created = {str(p) for p in corpus_copy.rglob("*") if p.is_file()} - files_before
    ours = {"XMP-dc:Description", "IFD0:ImageDescription", "XMP-dc:Subject", "XMP-lr:HierarchicalSubject",
            "XMP-digiKam:TagsList", "IPTC:Caption-Abstract", "IPTC:Keywords", "IPTC:CodedCharacterSet",
            "IPTC:EnvelopeRecordVersion", "IPTC:ApplicationRecordVersion", "IFD0:YCbCrPositioning", "XMP-x:XMPToolkit", "Photoshop:IPTCDigest",
            "File:CurrentIPTCDigest", "IFD0:StripOffsets", "QuickTime:MediaDataSize", "IFD1:ThumbnailOffset",
            "RIFF:WebP_Flags",
            # every other copy of the caption a file already had
            "ExifIFD:UserComment", "IFD0:XPComment", "IFD0:XPSubject", "IFD0:XPKeywords", "XMP-exif:UserComment",
            "XMP-tiff:ImageDescription", "File:Comment", "PNG:Description", "PNG:Comment",
            "XMP-microsoft:LastKeywordXMP",
            # a video's QuickTime fields (app.metadata.video_fields) and the Keys handler that holds them
            *V.DESCRIPTION_FIELDS, *V.KEYWORD_FIELDS, V.KEYS_TITLE, "QuickTime:HandlerType"}
    in_file = [o["path"] for o in written if o["target"] != "sidecar"]  # other apps' view, read in one run
    mwg = {r["SourceFile"]: r for r in json.loads(
        exiftool("-j", "-use", "MWG", "-MWG:Description", "-XMP-dc:Subject", *in_file).stdout)}
    assert set(mwg) == set(in_file)
    for o in written:
        path, (caption, kws) = o["path"], approved[o["path"]]
        if o["target"] == "sidecar":
            side = path + ".xmp"
            assert side in created
            tags = read_tags(side, "XMP-dc:Description", "XMP-dc:Subject")
            assert before[path] == after[path]  # the RAW itself untouched
        else:
            rec = mwg[path]
            tags = {"XMP-dc:Description": rec.get("Description"), "XMP-dc:Subject": rec.get("Subject")}
            changed = {k for k in set(before[path]) | set(after[path]) if before[path].get(k) != after[path].get(k)}
            # Pointers to data blocks move when a block before them grows; the data itself is compared
            # through the other tags (e.g. the preview image's length) and the decoded pixels.
            extra = {k for k in changed if k not in ours and not k.startswith("XMP-albumwise:")
                     and not k.endswith(("Offset", "Offsets", "Start"))}
            assert not extra, (path, extra)
        assert tags["XMP-dc:Description"] == caption, path
        subj = tags["XMP-dc:Subject"]
        subj = [str(s) for s in (subj if isinstance(subj, list) else [subj] if subj is not None else [])]
        assert {k.casefold() for k in kws} <= {s.casefold() for s in subj}, path
        assert len({s.casefold() for s in subj}) == len(subj), path
    touched = {o["path"] for o in written}
    for f in files_before:
        if f not in touched:
            assert before.get(f) == after.get(f), f  # nothing else changed at all
        assert _hash_pixels(Path(f)) == pixels_before[f], f
    assert all(c.endswith(".xmp") for c in created)


def test_rescan_after_write_sees_no_outside_edit(run, tmp_path: Path) -> None:
    """The real scanner indexes, we write, the scanner rescans: no new 'file' version, still written."""
    from app.store import captions

    pics = tmp_path / "pics"
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", pics)
    side = copy_corpus("Raw/CanonRaw.cr2", pics)
    dbp = tmp_path / "lib.db"
    assert run("--db", str(dbp), "index", str(pics)).returncode == 0
    db = dbmod.connect(dbp)
    for p in (photo, side):
        pid = db.execute("SELECT id FROM photos WHERE path = ?", [str(p)]).fetchone()[0]
        captions.add_version(db, pid, text=f"Caption for {p.name}", keywords=["x"], source="model", state="draft",
                             model="m")
    db.conn.close()
    r = run("--db", str(dbp), "approve", "--all-drafts", "--json")
    assert [o["target"] for o in objs(r.stdout)] == ["sidecar", "file"], r.stdout + r.stderr
    assert run("--db", str(dbp), "index", str(pics)).returncode == 0
    db = dbmod.connect(dbp)
    rows = db.execute("SELECT path, caption_state, caption, (SELECT count(*) FROM captions c WHERE c.photo_id = p.id)"
                      " FROM photos p ORDER BY path").fetchall()
    db.conn.close()
    assert rows == [(str(side), "written", "Caption for CanonRaw.cr2", 2),
                    (str(photo), "written", "Caption for Nikon_D70.jpg", 2)]


def test_approve_all_drafts_skips_flagged_drafts_unless_included(run, tmp_path: Path) -> None:
    from app.store import captions

    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    pics = tmp_path / "pics"
    good = copy_corpus("Archive/Web copies/Nikon_D70.jpg", pics)
    bad = copy_corpus("Archive/Web copies/Pentax_K10D.jpg", pics)
    make_photo(db, good, text="A lake")
    pid = make_photo(db, bad, text=None)
    captions.add_version(db, pid, text='{"caption": "A lake A lake A lake', source="model", state="draft",
                         model="m", flags=["bad_json", "loop", "truncated"])
    db.conn.close()
    data = bad.read_bytes()
    r = run("--db", str(dbp), "approve", "--all-drafts")
    assert r.returncode == 0, r.stderr
    assert "1 flagged draft skipped" in r.stderr and "--include-flagged" in r.stderr
    assert str(bad) not in r.stdout and bad.read_bytes() == data
    assert read_tags(good, "XMP-dc:Description")["XMP-dc:Description"] == "A lake"
    r = run("--db", str(dbp), "approve", "--all-drafts", "--include-flagged", "--no-write")
    assert r.returncode == 0 and f"approved: {bad}" in r.stdout and "skipped" not in r.stderr


def test_outside_edit_between_two_writes_is_a_conflict_in_the_cli(run, tmp_path: Path) -> None:
    """exiv2 (or exiftool) changes dc:description after our write; `write` reports a conflict,
    `list --json` shows both texts, nothing is written without --force, `resolve` settles it."""
    from app.store import captions

    pics = tmp_path / "pics"
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", pics)
    dbp = tmp_path / "lib.db"
    assert run("--db", str(dbp), "index", str(pics)).returncode == 0
    db = dbmod.connect(dbp)
    pid = db.execute("SELECT id FROM photos").fetchone()[0]
    captions.add_version(db, pid, text="Ours", keywords=["x"], source="model", state="draft", model="m")
    db.conn.close()
    assert objs(run("--db", str(dbp), "approve", str(photo), "--json").stdout)[0]["result"] == "written"
    if shutil.which("exiv2"):
        subprocess.run(["exiv2", "-Mset Xmp.dc.description lang=x-default Outside edit", str(photo)], check=True)
    else:
        exiftool("-q", "-overwrite_original", "-XMP-dc:Description-x-default=Outside edit", str(photo), check=True)
    data = photo.read_bytes()
    assert run("--db", str(dbp), "index", str(pics)).returncode == 0  # rescan: the outside text shows
    listed = objs(run("--db", str(dbp), "list", "--json").stdout)[0]
    assert listed["description"] == "Outside edit" and listed["description_source"] == "XMP description"
    assert listed["caption_state"] == "conflict" and listed["conflict"]["mine"] == "Ours"
    r = run("--db", str(dbp), "edit", str(photo), "Ours again", "--json")
    out = objs(r.stdout)[0]
    assert out["result"] == "conflict" and out["state"] == "conflict" and "Outside edit" in out["error"]
    assert photo.read_bytes() == data
    listed = objs(run("--db", str(dbp), "list", "--json").stdout)[0]
    assert listed["caption_state"] == "conflict" and listed["description"] == "Outside edit"
    assert listed["conflict"]["theirs"] == "Outside edit" and listed["conflict"]["mine"] == "Ours again"
    assert objs(run("--db", str(dbp), "write", "--json").stdout) == []  # bulk writes leave it alone
    assert photo.read_bytes() == data
    r = run("--db", str(dbp), "resolve", str(photo), "--keep-mine", "--json")
    assert objs(r.stdout)[0]["result"] == "written", r.stdout + r.stderr
    assert read_tags(photo, "XMP-dc:Description")["XMP-dc:Description"] == "Ours again"
    assert objs(run("--db", str(dbp), "list", "--json").stdout)[0]["conflict"] is None


def test_undo_says_what_it_restored(run, lib) -> None:
    dbp, a, _b, _c = lib
    old = read_tags(a, "File:Comment")["File:Comment"]  # this web copy's only caption-like text: its JPEG comment
    assert run("--db", str(dbp), "approve", str(a)).returncode == 0
    assert read_tags(a, "File:Comment")["File:Comment"] == "A mountain lake at dawn"
    r = run("--db", str(dbp), "undo", str(a))
    assert r.returncode == 0 and "restored the state before our write" in r.stdout
    assert f"{a.name} is back to the caption {old!r}" in r.stdout
    assert read_tags(a, "File:Comment")["File:Comment"] == old
    r = run("--db", str(dbp), "undo", str(a), "--json")
    assert r.returncode != 0  # one step: nothing left to undo


def test_take_theirs_settles_a_keyword_removal_and_undo_names_what_it_kept(run, tmp_path) -> None:
    """A keyword removed in another app: `resolve --take-theirs` writes it out of every keyword field; an
    undo after another app changed the caption keeps that caption and lists it (`undo --json`: `kept`)."""
    from app.store import captions

    pics = tmp_path / "pics"
    photo = copy_corpus("Archive/Web copies/Nikon_D70.jpg", pics)
    dbp = tmp_path / "lib.db"
    assert run("--db", str(dbp), "index", str(pics)).returncode == 0
    db = dbmod.connect(dbp)
    pid = db.execute("SELECT id FROM photos").fetchone()[0]
    captions.add_version(db, pid, text="Ours", keywords=["lake", "dawn"], source="model", state="draft", model="m")
    db.conn.close()
    assert objs(run("--db", str(dbp), "approve", str(photo), "--json").stdout)[0]["result"] == "written"
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-XMP-dc:Subject-=dawn", str(photo)], check=True)
    assert run("--db", str(dbp), "index", str(pics)).returncode == 0
    assert objs(run("--db", str(dbp), "list", "--json").stdout)[0]["caption_state"] == "conflict"
    r = run("--db", str(dbp), "resolve", str(photo), "--take-theirs", "--json")
    assert objs(r.stdout)[0]["result"] == "written", r.stdout + r.stderr
    tags = read_tags(photo, "XMP-dc:Subject", "XMP-lr:HierarchicalSubject")
    assert tags == {"XMP-dc:Subject": "lake", "XMP-lr:HierarchicalSubject": "lake"}
    assert objs(run("--db", str(dbp), "list", "--json").stdout)[0]["conflict"] is None
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-XMP-dc:Description-x-default=Their words",
                    str(photo)], check=True)
    r = run("--db", str(dbp), "undo", str(photo), "--json")
    out = objs(r.stdout)[0]
    assert r.returncode == 0 and out["result"] == "undone", r.stdout + r.stderr
    assert [(k["field"], k["theirs"]) for k in out["kept"]] == [("XMP-dc:Description", "Their words")]
    assert read_tags(photo, "XMP-dc:Description")["XMP-dc:Description"] == "Their words"
