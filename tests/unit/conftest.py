"""Fixtures for the unit tests, which all run on in-memory storage."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from eventsourcing.system import SingleThreadedRunner

from pizza.orders import Orders
from pizza.system import PizzaSystem
from tests.unit.helpers import POPO_ENV

STORAGE_SETTINGS = ("PERSISTENCE_MODULE", "SQLALCHEMY_URL")


@pytest.fixture(autouse=True)
def _no_storage_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Removes storage settings, including per-application ones such as
    ``ORDERS_PERSISTENCE_MODULE``, which would outrank ``POPO_ENV``."""
    for name in list(os.environ):
        if name.endswith(STORAGE_SETTINGS):
            monkeypatch.delenv(name)


@pytest.fixture
def orders() -> Orders:
    return Orders(env=POPO_ENV)


@pytest.fixture
def runner() -> Iterator[SingleThreadedRunner[Any]]:
    system_runner: SingleThreadedRunner[Any] = SingleThreadedRunner(
        PizzaSystem(), env=POPO_ENV
    )
    system_runner.start()
    yield system_runner
    system_runner.stop()
