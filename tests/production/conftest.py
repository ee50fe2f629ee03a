"""The production mode's processes against the session's PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import Backend
from tests.support.processes import ShopProcess


@pytest.fixture
def production_env(postgres_backend: Backend) -> dict[str, str]:
    """A fresh database and the settings production runs with, made quick:
    the autopilot moves orders on every 0.2 s, passwords hash cheaply."""
    return {
        **postgres_backend.env,
        "PIZZA_SECRET_KEY": "production-tests-secret-key",
        "PASSWORD_HASHING": "CHEAPEST",
        "PIZZA_AUTOPILOT": "off",
        "AUTOPILOT_DELAYS": "0.2,0.2,0.2,0.2",
        "WATCHDOG_STUCK_AFTER": "0",
    }


@dataclass
class Launcher:
    """Starts the shop's processes with the test's settings, each with a log
    file of its own, and stops every one of them at the end of the test."""

    env: dict[str, str]
    logs: Path
    started: list[ShopProcess] = field(default_factory=list)

    def __call__(self, *args: str) -> ShopProcess:
        log = self.logs / f"{len(self.started)}-{'-'.join(args)}.log"
        process = ShopProcess(list(args), self.env, log)
        self.started.append(process)
        return process


@pytest.fixture
def launch(production_env: dict[str, str], tmp_path: Path) -> Iterator[Launcher]:
    launcher = Launcher(production_env, tmp_path)
    yield launcher
    for process in launcher.started:
        process.stop()
