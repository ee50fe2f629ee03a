"""Behind nginx (``pizza up --proxy``), a thousand idle connections and clients
that send their requests very slowly do not stop others from being served."""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator

import pytest

from tests.production.conftest import Launcher
from tests.support.processes import free_port, wait_for_json

pytestmark = pytest.mark.postgres
IDLE = 1000
SLOW = 200
ANSWER_WITHIN = 5.0  # seconds; a request that takes longer has been starved


def hogs(port: int) -> Iterator[socket.socket]:
    """Connections that say nothing at all, then ones that send the first
    bytes of a request and no more."""
    for number in range(IDLE + SLOW):
        hog = socket.create_connection(("127.0.0.1", port), timeout=10)
        if number >= IDLE:
            hog.sendall(b"GET /api/menu HTTP/1.1\r\nHost: pizza\r\n")
        yield hog


def test_idle_and_slow_clients_do_not_starve_the_others(launch: Launcher) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    launch("up", "--proxy", "--port", str(port), "--workers", "1")
    wait_for_json(f"{base}/health", timeout=60)
    held = list(hogs(port))
    try:
        paths = ("/api/menu", "/health", "/signup") * 5
        statuses = [status_of(f"{base}{path}") for path in paths]
    finally:
        for hog in held:
            hog.close()

    assert statuses == [200] * len(paths)


def status_of(url: str) -> int:
    with urllib.request.urlopen(url, timeout=ANSWER_WITHIN) as response:
        status: int = response.status
        return status
