"""``{folder}`` is filled; placeholders nothing fills are reported."""

from __future__ import annotations

from app.captioning import prompts

PHOTO = {"path": "/photos/2024/Sardinia trip/IMG_1.jpg", "folder": "/photos/2024/Sardinia trip",
         "filename": "IMG_1.jpg", "taken_at": "2024-06-01T10:00:00"}


def test_folder_placeholder_is_filled():
    style = prompts.get_style("caption")
    out = prompts.build_prompt(style, PHOTO, overrides={"caption": "Taken in {folder} ({folders}) on {date}."})
    assert out == "Taken in Sardinia trip (2024 / Sardinia trip) on 2024-06-01."
    assert "{" not in out


def test_unknown_placeholders_are_listed():
    assert prompts.unknown_placeholders("Describe {filename} from {fodler} in {language} {fodler} {cam}") == [
        "fodler", "cam"]
    assert prompts.unknown_placeholders("All known: {folder} {folders} {context} {place}") == []
    for style in prompts.STYLES:  # every built-in template uses only known placeholders
        assert prompts.unknown_placeholders(prompts.load_template(style)) == [], style
