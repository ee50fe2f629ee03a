"""The order status view survives an event it cannot store, part-way through a
stream: it processes everything before that event, stops there and reports it
(parked, not skipped), and once the fault is repaired it moves on, every order
in it exactly once, equal to a view rebuilt from scratch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner

from pizza.infrastructure.parking import parking_lot
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.reliability.views import (
    execute,
    rebuilt_from_scratch,
    snapshot,
    statuses,
    timeline_rows_per_order,
)
from tests.system.scenario import UNKNOWN_SAUCE_PIZZA, order_request

ORDERS = 150
FAILING_POSITION = 130  # in Validation's log: in its second section of 100

FAULTS = {
    "sqlite": [
        "CREATE TRIGGER disk_on_fire BEFORE INSERT ON order_timeline "
        f"WHEN NEW.application = 'Validation' AND NEW.notification_id = "
        f"{FAILING_POSITION} BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
    ],
    "postgres": [
        "CREATE FUNCTION disk_on_fire() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$",
        "CREATE TRIGGER disk_on_fire BEFORE INSERT ON order_timeline FOR EACH ROW "
        f"WHEN (NEW.application = 'Validation' AND NEW.notification_id = "
        f"{FAILING_POSITION}) EXECUTE FUNCTION disk_on_fire()",
    ],
}
REPAIRS = {
    "sqlite": ["DROP TRIGGER disk_on_fire"],
    "postgres": ["DROP TRIGGER disk_on_fire ON order_timeline"],
}


@pytest.fixture
def placed(durable_backend: Backend) -> Iterator[list[UUID]]:
    """Orders placed while the followers were down; every tenth is rejected."""
    with SingleThreadedRunner(PizzaSystem(), env=durable_backend.env):
        pass  # makes the view's tables, so the fault can be installed in them
    orders = Orders(env=durable_backend.env)
    yield [orders.place_order(**request_number(i)) for i in range(ORDERS)]
    orders.close()


def request_number(i: int) -> dict[str, Any]:
    if i % 10 == 0:
        return order_request("c-1", pizzas=[UNKNOWN_SAUCE_PIZZA])
    return order_request("c-1")


def test_view_parks_at_an_event_it_cannot_store_and_resumes_once_repaired(
    durable_backend: Backend, placed: list[UUID], tmp_path: Path
) -> None:
    execute(durable_backend.view_url, FAULTS[durable_backend.name])

    with SingleThreadedRunner[UUID](PizzaSystem(), env=durable_backend.env) as runner:
        stuck = runner.get(OrderStatus).stuck

    # Everything before the failing event is in; it and all after it are not.
    before = range(FAILING_POSITION - 1)  # orders whose decisions came before it
    rejected_before = len([i for i in before if i % 10 == 0])
    assert statuses(durable_backend.view_url) == {
        "validated": len(before) - rejected_before,
        "rejected": rejected_before,
        "requested": ORDERS - len(before),
    }
    assert list(stuck) == ["Validation"]
    assert stuck["Validation"].notification_id == FAILING_POSITION
    assert "disk on fire" in stuck["Validation"].error
    assert parking_lot(durable_backend.env).all() == [stuck["Validation"]]

    execute(durable_backend.view_url, REPAIRS[durable_backend.name])
    with SingleThreadedRunner[UUID](PizzaSystem(), env=durable_backend.env) as runner:
        counts = runner.get(OrderStatus).count_by_status()

    assert counts == {"validated": ORDERS - ORDERS // 10, "rejected": ORDERS // 10}
    assert parking_lot(durable_backend.env).all() == []
    assert set(timeline_rows_per_order(durable_backend.view_url).values()) == {2}
    recovered = snapshot(durable_backend.env, placed)
    assert recovered == rebuilt_from_scratch(durable_backend.env, placed, tmp_path)
