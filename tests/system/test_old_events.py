"""Events stored by an older version of the shop still load, show and rebuild
under this one, on every backend. ``tests/fixtures/events-v1.json`` holds what
``scripts/export-events`` stored with the code of its day: each application's
log as its recorder held it, the customers' sealing keys, and the view as it
was. Never re-export it: it stands for data already out there."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent, Tracking
from eventsourcing.system import SingleThreadedRunner
from sqlalchemy import insert

from pizza.accounts import Accounts
from pizza.domain.order import Order
from pizza.domain.shop_menu import SEED_VERSION
from pizza.infrastructure.privacy import (
    MemoryKeyStore,
    SQLKeyStore,
    key_store,
    keys_table,
)
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation
from tests.conftest import Backend

PEPPERONI = {"sauce": "Tomato", "cheese": "Mozzarella", "main_topping": "Pepperoni"}
FIXTURE = Path(__file__).parents[1] / "fixtures" / "events-v1.json"
LEADERS = (Orders, Accounts, Validation, Kitchen)
FOLLOWED: dict[type[Application[UUID]], type[Application[UUID]]] = {
    Validation: Orders,
    Kitchen: Validation,
}
"""The processes among the logs, and the log each one had read to its end."""


@pytest.fixture(scope="module")
def fixture() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(FIXTURE.read_text())
    return loaded


def restore(runner: SingleThreadedRunner[UUID], fixture: dict[str, Any]) -> None:
    """Puts the fixture's keys and logs back as a backup would: each process's
    events with how far it had read, so none decides anything again."""
    keys = key_store(runner.env or {})
    for owner, key in fixture["keys"].items():
        if isinstance(keys, MemoryKeyStore):
            keys.keys[owner] = base64.b64decode(key)
        else:
            assert isinstance(keys, SQLKeyStore)
            with keys.engine.begin() as connection:
                row = {"owner": owner, "key": base64.b64decode(key)}
                connection.execute(insert(keys_table), row)
    for cls in LEADERS:
        log = fixture["logs"][cls.name]
        events = [
            StoredEvent(
                originator_id=UUID(event["originator_id"]),
                originator_version=event["originator_version"],
                topic=event["topic"],
                state=event["state"].encode(),
            )
            for event in log
        ]
        read = FOLLOWED.get(cls)
        options = {}
        if read is not None:
            position = len(fixture["logs"][read.name])
            options["tracking"] = Tracking(read.name, position)
        runner.get(cls).recorder.insert_events(events, **options)


def test_old_events_load_show_and_rebuild(
    backend: Backend, fixture: dict[str, Any]
) -> None:
    env = {**backend.env, "PASSWORD_HASHING": "CHEAPEST"}
    with SingleThreadedRunner[UUID](PizzaSystem(), env=env) as runner:
        restore(runner, fixture)
        view = runner.get(OrderStatus)
        for leader in ("Orders", "Accounts", "Validation", "Kitchen"):
            view.pull_and_process(leader)

        shown = fixture["view"]
        for old in shown["orders"]:
            order = view.get_order(old["id"])
            assert order is not None
            assert order["status"] == old["status"]
            assert order["address"] == old["address"]
            assert (str(order["total"]) if order["total"] else None) == old["total"]
            assert order["reasons"] == old["reasons"]
            assert order["delayed"] == old["delayed"]
            assert [step["event"] for step in order["timeline"]] == old["timeline"]
            [requested, *_] = runner.get(Orders).get_events(UUID(old["id"]))
            assert isinstance(requested, Order.Requested)
            assert requested.menu_version == SEED_VERSION  # upcast from v1
        assert view.count_by_status() == shown["counts"]
        assert runner.get(Accounts).authenticate("ann@example.com", "pw-ann-123")
        assert (
            runner.get(Accounts).authenticate("bob@example.com", "pw-bob-123") is None
        )
