"""An invented name, approved and written into the file, must not vouch for itself in the next draft.

Real exiftool, real index, real HTTP to the Ollama double: caption → flagged → approved despite the
flag → written → rescanned → captioned again with the same invented name → still flagged, and the
keywords we wrote are not offered back to the model as "Existing keywords".
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from app.captioning import queue as jobq
from app.captioning.pipeline import RunConfig
from app.config import HostConfig
from app.library import scanner
from app.metadata.writer import WritePolicy
from app.review import lifecycle, writeback
from app.services import captioning as svc
from app.store import captions
from app.store import photos as photostore
from app.store.owner import DbOwner
from tests.review.review_helpers import copy_corpus

pytestmark = [pytest.mark.exiftool, pytest.mark.slow]
ANSWER = json.dumps({"caption": "Maria Rossi smiles on a bridge at dusk.", "keywords": ["Maria Rossi", "bridge"]})


def _caption(owner: DbOwner, pid: int, double) -> dict:
    double.inject("raw", text=ANSWER)
    ids = owner.call(jobq.enqueue, [pid], {})
    asyncio.run(svc.run_jobs(owner, [HostConfig(url=double.url)], RunConfig(first_token_timeout=5, stall_timeout=2),
                             job_ids=ids))
    return [v for v in owner.call(captions.history, pid) if v["source"] == "model"][-1]


def test_our_written_text_does_not_launder_an_invented_name(tmp_path: Path, ollama_double) -> None:
    photo = copy_corpus("Phone/Camera Roll/Apple iPhone 4.jpg", tmp_path / "lib", "rome.jpg")  # GPS in Rome
    owner = DbOwner(tmp_path / "lib.db")
    try:
        owner.call(scanner.index_folders, [str(tmp_path / "lib")])
        pid = owner.call(photostore.get_by_path, str(photo))["id"]
        first = _caption(owner, pid, ollama_double)
        assert "ungrounded_name" in json.loads(first["flags"])
        with pytest.raises(lifecycle.FlaggedDraft):
            owner.call(lifecycle.approve, pid)
        owner.call(lifecycle.approve, pid, accept_flagged=True)
        with writeback.WriterSession(WritePolicy()) as s:
            assert owner.call(lambda db: writeback.write_photo(writeback.direct(db), s.writer, pid)).error is None
        owner.call(scanner.index_folders, [str(tmp_path / "lib")])
        row = owner.call(photostore.get, pid)
        assert row["file_description"] == "Maria Rossi smiles on a bridge at dusk."  # the file holds our text now
        again = _caption(owner, pid, ollama_double)
        assert "ungrounded_name" in json.loads(again["flags"])  # our own text is no evidence
        prompt = json.dumps(ollama_double.generation_requests()[-1].body, ensure_ascii=False)
        assert "Maria Rossi" not in prompt
    finally:
        owner.close()
