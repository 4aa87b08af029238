"""Folding compares names the way a person does."""

from __future__ import annotations

import unicodedata

from app.core.fold import fold


def test_case_accents_and_forms_fold_alike() -> None:
    nfc, nfd = unicodedata.normalize("NFC", "Zoë"), unicodedata.normalize("NFD", "Zoë")
    assert nfc != nfd and fold(nfc) == fold(nfd) == fold("ZOE") == "zoe"
    assert fold("Łukasz") == "lukasz" and fold("Kraków") == "krakow" and fold("Zürich") == "zurich"
    assert fold("Straße") == "strasse" and fold("Ålesund") == "alesund" and fold("São  Paulo") == "sao paulo"
    assert fold("Øresund") == "oresund" and fold("Æsir") == "aesir"


def test_cjk_is_kept_and_full_width_narrowed() -> None:
    assert fold("東京") == "東京"
    assert fold("ＴＯＫＹＯ") == "tokyo"
