"""Hosts come from one place (settings, else OLLAMA_HOST, else the default), the
Hosts page says where its host comes from, and OK saves only what the person set."""

from __future__ import annotations

import json

import pytest

from app.captioning.hosts import host_origin, resolve_hosts
from app.config import HostConfig, Settings, load_settings, save_settings, settings_delta
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def test_host_origin_follows_resolve_hosts():
    env = {"OLLAMA_HOST": "127.0.0.1:11500"}
    assert host_origin(Settings(), env) == "OLLAMA_HOST"
    assert resolve_hosts(Settings(), env=env)[0].url == "http://127.0.0.1:11500"
    assert host_origin(Settings(), {}) == "default"
    assert host_origin(Settings(hosts=[HostConfig(url="http://10.0.0.2:11434")]), env) == "settings"
    # a list whose hosts are all switched off is no list: the environment applies again
    assert host_origin(Settings(hosts=[HostConfig(url="http://10.0.0.2:11434", enabled=False)]), env) == "OLLAMA_HOST"


def test_only_values_the_person_set_are_saved(isolated_home):
    from app.config import app_paths

    paths = app_paths().ensure()
    save_settings(paths, Settings(language="German"))
    data = json.loads(paths.settings_path.read_text())
    assert data == {"language": "German"}
    assert settings_delta(Settings()) == {}
    assert load_settings(paths).language == "German" and load_settings(paths).hosts == []


def test_hosts_page_shows_ollama_host_and_ok_saves_no_host(window, ollama, monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", ollama.url)
    window.apply_settings(window.ctx.settings)  # the status bar follows the same rule
    assert list(window.host_lights.states) == [ollama.url]
    window.open_settings()
    dlg = window.settings_dialog
    assert dlg.host_list.count() == 1
    item = dlg.host_list.item(0)
    assert ollama.url in item.text() and "from OLLAMA_HOST" in item.text()
    assert dlg.hosts() == []  # shown, but not a setting

    dlg.host_list.setCurrentRow(0)
    dlg._test_host()  # "Test selected" tests the host in use, not 11434
    run(until(lambda: dlg.host_mark.isVisibleTo(dlg), timeout=15))
    assert dlg.host_ok, dlg.host_status.text()
    assert ollama.url in dlg.host_status.text()  # the double answered (nothing listens on 11434 here)

    dlg.language.setCurrentText("French")  # any change, then OK
    dlg.accept()
    saved = json.loads(window.ctx.paths.settings_path.read_text())
    assert "hosts" not in saved and saved["language"] == "French"
    assert resolve_hosts(window.ctx.settings)[0].url == ollama.url  # captioning still goes to OLLAMA_HOST


def test_default_host_is_labelled_and_replaced_by_an_added_one(window, monkeypatch):
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    window.open_settings()
    dlg = window.settings_dialog
    assert "default address" in dlg.host_list.item(0).text()
    dlg.host_url.setText("192.168.1.20")
    monkeypatch.setattr(dlg, "_test_host", lambda: None)  # no call to a LAN address from a test
    dlg._add_host()
    assert dlg.host_list.count() == 1 and "192.168.1.20:11434" in dlg.host_list.item(0).text()
    dlg.host_list.setCurrentRow(0)
    dlg._remove_host()  # removing the only host brings the implicit one back
    assert dlg.host_list.count() == 1 and "default address" in dlg.host_list.item(0).text()
    dlg.reject()
