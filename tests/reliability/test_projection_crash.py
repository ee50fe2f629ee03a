"""The order status view survives a failure part-way through a stream: every
order ends up in it exactly once, equal to a view rebuilt from scratch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from eventsourcing.system import SingleThreadedRunner

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.reliability.views import (
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


def execute(view_url: str, statements: list[str]) -> None:
    engine = sa.create_engine(view_url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        engine.dispose()


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


def test_view_recovers_from_a_failure_part_way_through_a_stream(
    durable_backend: Backend, placed: list[UUID], tmp_path: Path
) -> None:
    execute(durable_backend.view_url, FAULTS[durable_backend.name])

    runner: SingleThreadedRunner[UUID] = SingleThreadedRunner(
        PizzaSystem(), env=durable_backend.env
    )
    try:
        with pytest.raises(Exception, match="disk on fire"):
            runner.start()
    finally:
        runner.stop()
    # The first section of Validation's log is in, the failed one is not at all.
    assert statuses(durable_backend.view_url) == {
        "validated": 90,
        "rejected": 10,
        "requested": ORDERS - 100,
    }

    execute(durable_backend.view_url, REPAIRS[durable_backend.name])
    with SingleThreadedRunner(PizzaSystem(), env=durable_backend.env) as runner:
        counts = runner.get(OrderStatus).count_by_status()

    assert counts == {"validated": ORDERS - ORDERS // 10, "rejected": ORDERS // 10}
    assert set(timeline_rows_per_order(durable_backend.view_url).values()) == {2}
    recovered = snapshot(durable_backend, placed)
    assert recovered == rebuilt_from_scratch(durable_backend, placed, tmp_path)
