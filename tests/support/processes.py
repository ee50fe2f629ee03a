"""The shop's own processes in tests: started with a log file, waited for by
what they print or serve, and always stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pizza.production.proxy import free_port

PIZZA = [sys.executable, "-m", "pizza"]
__all__ = [
    "PIZZA",
    "ShopProcess",
    "free_port",
    "get_json",
    "wait_for_json",
    "wait_until",
]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Returns once ``condition()`` is true; fails naming ``what`` after
    ``timeout`` seconds. For work done by other processes, which cannot wake
    the test: it looks again every 20 ms."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.02)


def get_json(url: str, timeout: float = 2) -> tuple[int, dict[str, Any]]:
    """The status and JSON body of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def wait_for_json(url: str, timeout: float) -> dict[str, Any]:
    """The JSON at ``url`` once the server answers it with a 200."""
    result: dict[str, Any] = {}

    def answers() -> bool:
        nonlocal result
        try:
            status, result = get_json(url)
        except (OSError, ValueError):
            return False
        return status == 200

    wait_until(answers, timeout, f"a 200 from {url}")
    return result


class ShopProcess:
    """``pizza ARGS...`` in a process of its own, its output in a log file."""

    def __init__(self, args: list[str], env: Mapping[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                [*PIZZA, *args],
                env={**os.environ, **env},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its children get its signals, not ours
            )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_output(self, text: str, timeout: float = 30) -> None:
        wait_until(lambda: text in self.output(), timeout, f"{text!r} in {self.log}")

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then SIGKILL (to its whole group) if it does not end in time;
        its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        return self.process.returncode
