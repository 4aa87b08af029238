"""Clients for plain-HTTP hosts skip loading the CA list (CPU on the way to the first request);
every host reached over TLS keeps full certificate verification."""

from __future__ import annotations

import ssl

import pytest

from app.captioning.backend import plain_http
from app.captioning.ollama_backend import OllamaBackend
from app.captioning.openai_backend import OpenAIBackend


@pytest.mark.parametrize(("url", "plain"), [
    ("http://127.0.0.1:11434", True), ("localhost:11434", True), ("HTTP://gpu-box:11434/", True),
    ("https://ollama.example.org", False), ("ollama.example.org:443", False), ("https://10.0.0.2:8443", False),
])
def test_plain_http_is_told_as_the_ollama_client_reads_the_url(url: str, plain: bool) -> None:
    assert plain_http(url) is plain
    verify = OllamaBackend(url)._client._client._transport._pool._ssl_context.verify_mode
    assert verify == (ssl.CERT_NONE if plain else ssl.CERT_REQUIRED)


def test_the_openai_compatible_client_verifies_https_hosts() -> None:
    assert OpenAIBackend("https://llm.example.org")._client._transport._pool._ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert OpenAIBackend("http://127.0.0.1:8000")._client._transport._pool._ssl_context.verify_mode == ssl.CERT_NONE
