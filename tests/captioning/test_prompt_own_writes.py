"""Keywords Albumwise wrote into a file never come back into the prompt as "Existing keywords"."""

from __future__ import annotations

import json

from app.captioning import prompts
from app.facts import provenance


def test_existing_keywords_leave_out_what_we_wrote() -> None:
    photo = {"path": "/p/a.jpg", "filename": "a.jpg", "folder": "/p",
             "file_keywords": json.dumps(["holiday", "Maria Rossi", "beach"])}
    assert "Maria Rossi" in prompts.build_prompt(prompts.get_style("caption"), photo)
    photo[provenance.KEY] = provenance.from_journal([{
        "state": "done", "before": json.dumps({"tags": {"XMP-dc:Subject": ["holiday"]}}),
        "after": json.dumps({"tags": {"XMP-dc:Subject": ["holiday", "Maria Rossi", "beach"]}})}])
    text = prompts.build_prompt(prompts.get_style("caption"), photo)
    assert "Existing keywords: holiday" in text and "Maria Rossi" not in text and "beach" not in text
