"""Network guard for the test suite, loaded by every Python process the tests start.

The session puts this folder on PYTHONPATH, so Python imports this file at start-up in the test run
itself and in every subprocess (the CLI, the window, benchmarks' helpers). It refuses, and records in
``$ALBUMWISE_TEST_NETLOG``, any connection the suite has no business making: to another machine, or
to the ports where a user's real services listen (Ollama 11434, LM Studio 1234, vLLM/llama.cpp
8000/8080). The doubles listen on free loopback ports and are not affected. conftest fails the
session when the log is not empty.
"""

from __future__ import annotations

import ipaddress
import os
import socket

USER_SERVICE_PORTS = {11434, 1234, 8000, 8080}
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _forbidden(sock: socket.socket, address: object) -> str | None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(address, tuple):
        return None
    host, port = str(address[0]), int(address[1])
    try:
        loopback = ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        return f"{host}:{port} is not on this machine"
    if port in USER_SERVICE_PORTS:
        return f"{host}:{port} is where a user's own service listens"
    return None


def _record(why: str) -> None:
    log = os.environ.get("ALBUMWISE_TEST_NETLOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"pid {os.getpid()}: {why}\n")


def _connect(self: socket.socket, address: object) -> None:
    why = _forbidden(self, address)
    if why:
        _record(why)
        raise ConnectionRefusedError(111, f"blocked by the test suite's network guard: {why}")
    return _real_connect(self, address)


def _connect_ex(self: socket.socket, address: object) -> int:
    why = _forbidden(self, address)
    if why:
        _record(why)
        return 111
    return _real_connect_ex(self, address)


def install() -> None:
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]


if os.environ.get("ALBUMWISE_TEST_NETLOG"):
    install()
