"""Grounded captions end to end: real files made with exiftool, real index, real HTTP to the double.

Recipe for the test files (copies of tests/data photos, never the originals):
    exiftool -XMP-mwg-rs:RegionInfo='{AppliedToDimensions={W=3000,H=2000,Unit=pixel},RegionList=[
        {Area={X=0.7,...},Name=Ben Okafor,Type=Face},{Area={X=0.3,...},Name=Anna Schmidt,Type=Face},
        {Area={X=0.5,...},Name=Rex,Type=Pet}]}' -XMP-iptcExt:PersonInImage=... photo.jpg
(Ben is written first but stands on the right: the prompt must still say Anna, then Ben.)
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from app.captioning import queue as jobq
from app.captioning.pipeline import RunConfig
from app.config import HostConfig
from app.library import grounding as resolve
from app.services import grounding as ctxmod
from app.library import scanner
from app.services import captioning as svc
from app.store import captions
from app.store import photos as photostore
from app.store.owner import DbOwner
from tests.conftest import DATA
from tests.exiftool_cli import exiftool as run_exiftool

pytestmark = pytest.mark.exiftool
PHOTOS = DATA / "photos"
REGIONS = ("-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=3000,H=2000,Unit=pixel},RegionList=["
           "{Area={X=0.72,Y=0.4,W=0.1,H=0.15,Unit=normalized},Name=Ben Okafor,Type=Face},"
           "{Area={X=0.28,Y=0.4,W=0.1,H=0.15,Unit=normalized},Name=Anna Schmidt,Type=Face},"
           "{Area={X=0.5,Y=0.8,W=0.1,H=0.1,Unit=normalized},Name=Rex,Type=Pet}]}")


def exiftool(path: Path, *args: str) -> None:
    run_exiftool("-q", "-overwrite_original", *args, str(path), check=True)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A small library: a wedding folder with a photo naming two people (GPS in Florence), a photo
    whose file names its city, and a dated trip folder photo with GPS only."""
    lib = tmp_path / "lib"
    wedding = lib / "Weddings" / "2019-07-14 Anna & Ben"
    wedding.mkdir(parents=True)
    faces = wedding / "couple.jpg"
    shutil.copy(PHOTOS / "Edited" / "GPS.jpg", faces)  # has GPS (Northumberland) and Country=United Kingdom
    exiftool(faces, REGIONS, "-XMP-photoshop:Country=", "-IPTC:Country-PrimaryLocationName=",
             "-GPSLatitude=43.78559", "-GPSLatitudeRef=N", "-GPSLongitude=11.23462", "-GPSLongitudeRef=E",
             "-DateTimeOriginal=2019:07:14 15:20:00")
    trip = lib / "2019" / "07 Italy"
    trip.mkdir(parents=True)
    shutil.copy(PHOTOS / "Phone" / "Camera Roll" / "Apple iPhone 4.jpg", trip / "rome.jpg")  # GPS in Rome
    named = lib / "named.jpg"
    shutil.copy(PHOTOS / "Phone" / "Camera Roll" / "HTC Desire.jpg", named)  # GPS in Milan ...
    exiftool(named, "-XMP-photoshop:City=Bergamo", "-XMP-photoshop:State=Lombardia",  # ... but the file says Bergamo
             "-XMP-photoshop:Country=Italia", "-XMP-iptcExt:PersonInImage=Carla Diaz")
    return lib


def grounding_of(db, path: Path) -> resolve.Grounding:
    row = photostore.get_by_path(db, str(path))
    return resolve.load(db, row)


def test_index_reads_places_people_and_occasions(db, library: Path) -> None:
    scanner.index_folders(db, [str(library)])
    g = grounding_of(db, library / "Weddings" / "2019-07-14 Anna & Ben" / "couple.jpg")
    assert g.place_label() == "Florence, Tuscany, Italy" and g.place_source == "gps"
    assert g.names() == ["Anna Schmidt", "Ben Okafor"]  # left to right; the pet is not a person
    assert g.people[0]["box"][0] < g.people[1]["box"][0]
    assert g.event == "Anna & Ben" and g.event_source == "folder"
    assert g.date_words == "Sunday 14 July 2019, afternoon"
    rome = grounding_of(db, library / "2019" / "07 Italy" / "rome.jpg")
    assert (rome.city, rome.country, rome.place_source) == ("Rome", "Italy", "gps")
    assert rome.event == "Italy" and rome.folder_date == "2019-07"
    named = grounding_of(db, library / "named.jpg")
    assert (named.city, named.region, named.country, named.place_source) == ("Bergamo", "Lombardia", "Italy", "file")  # the file said "Italia"
    assert named.names() == ["Carla Diaz"]


def test_user_place_wins_and_marks_old_drafts(db, library: Path) -> None:
    scanner.index_folders(db, [str(library)])
    row = photostore.get_by_path(db, str(library / "named.jpg"))
    captions.add_version(db, row["id"], text="Two people on a terrace.", source="model", state="draft", model="llava")
    assert photostore.get(db, row["id"])["caption_state"] == "draft"
    out = ctxmod.set_context(db, str(library), place="Verona, Veneto, Italy", event="Family trip", people="Zoe, Max")
    assert out["photos"] == 3 and out["drafts_marked_old_context"] == 1
    g = grounding_of(db, library / "named.jpg")
    assert (g.city, g.region, g.country, g.place_source) == ("Verona", "Veneto", "Italy", "user")
    assert g.event == "Family trip" and g.event_source == "user" and g.context.people == ["Zoe", "Max"]
    assert "old_context" in json.loads(photostore.get(db, row["id"])["caption_flags"])
    sub = ctxmod.effective(db, str(library / "2019" / "07 Italy"))  # inherited by sub-folders
    assert sub.place == "Verona, Veneto, Italy" and sub.sources["place"] == str(library)
    assert ctxmod.old_context_ids(db) == [row["id"]]  # what `caption --old-context` regenerates
    assert ctxmod.old_context_ids(db, [row["id"] + 1000]) == []
    # the export carries place and people (JSON objects; CSV a label and names)
    from app.review import export

    items = {Path(i["path"]).name: i for i in export.rows(db)}
    assert {"city": "Verona", "region": "Veneto", "country": "Italy", "source": "user"}.items() <= items["named.jpg"]["place"].items()
    assert items["named.jpg"]["people"] == ["Carla Diaz"]
    assert "Verona, Veneto, Italy" in export.to_csv(list(items.values()))


def test_prompt_names_people_left_to_right_and_flags_invented_names(tmp_path: Path, library: Path,
                                                                    ollama_double) -> None:
    owner = DbOwner(tmp_path / "lib.db")
    try:
        owner.call(scanner.index_folders, [str(library)])
        faces = owner.call(photostore.get_by_path, str(library / "Weddings" / "2019-07-14 Anna & Ben" / "couple.jpg"))
        ollama_double.inject("text", text="Anna and Ben dance with Maria Rossi on the Ponte Vecchio.")
        job_ids = owner.call(jobq.enqueue, [faces["id"]], {})
        summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=ollama_double.url)],
                                           RunConfig(first_token_timeout=5, stall_timeout=2), job_ids=job_ids))
        prompt = json.dumps(ollama_double.generation_requests()[0].body, ensure_ascii=False)
        assert '\\"Florence, Tuscany, Italy\\"' in prompt
        assert prompt.index("Anna Schmidt") < prompt.index("Ben Okafor")
        assert '\\"Anna Schmidt\\" (left), \\"Ben Okafor\\" (right)' in prompt
        assert "Occasion: \\\"Anna & Ben\\\"" in prompt and "Sunday 14 July 2019, afternoon" in prompt
        assert "never invent or guess a name" in prompt
        drafts = [v for v in owner.call(captions.history, faces["id"]) if v["source"] == "model"]
        assert "ungrounded_name" in json.loads(drafts[-1]["flags"])  # the file's caption stays current
        assert summary.flags.get("ungrounded_name") == 1
    finally:
        owner.close()


def test_grounded_names_are_not_flagged(tmp_path: Path, library: Path, ollama_double) -> None:
    owner = DbOwner(tmp_path / "lib.db")
    try:
        owner.call(scanner.index_folders, [str(library)])
        faces = owner.call(photostore.get_by_path, str(library / "Weddings" / "2019-07-14 Anna & Ben" / "couple.jpg"))
        ollama_double.inject("text", text="Anna and Ben smile at their wedding in Florence, Tuscany.")
        job_ids = owner.call(jobq.enqueue, [faces["id"]], {})
        summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=ollama_double.url)],
                                           RunConfig(first_token_timeout=5, stall_timeout=2), job_ids=job_ids))
        assert summary.done == 1 and "ungrounded_name" not in summary.flags
    finally:
        owner.close()
