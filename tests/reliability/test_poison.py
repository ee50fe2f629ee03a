"""An event a part cannot process (a poison event) is parked and reported, never
skipped; the parts that do not depend on it go on; once the cause is fixed the
part moves on by itself, with nothing lost."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pizza.domain.order import Order
from pizza.domain.request import PizzaRequest
from pizza.domain.shop_menu import SEED_VERSION
from pizza.infrastructure.parking import parking_lot
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.settings import Settings
from pizza.status import OrderStatus
from pizza.system import ShopRunner
from pizza.validation import Validation
from tests.conftest import Backend
from tests.reliability.views import execute, rebuilt_from_scratch, snapshot
from tests.system.scenario import order_request

BREAK = {
    "sqlite": [
        "CREATE TRIGGER broken BEFORE INSERT ON order_timeline "
        "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
    ],
    "postgres": [
        "CREATE FUNCTION broken() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the disk is full'; END $$",
        "CREATE TRIGGER broken BEFORE INSERT ON order_timeline FOR EACH ROW "
        "EXECUTE FUNCTION broken()",
    ],
}
REPAIR = {
    "sqlite": ["DROP TRIGGER broken"],
    "postgres": ["DROP TRIGGER broken ON order_timeline"],
}


@pytest.fixture
def shop(durable_backend: Backend) -> Iterator[ShopRunner]:
    """The embedded shop's runner on the backend, autopilot and watchdog off."""
    runner = ShopRunner(Settings.from_environ(quiet_shop(durable_backend)))
    runner.start()
    try:
        yield runner
    finally:
        runner.stop()


def quiet_shop(backend: Backend) -> dict[str, str]:
    return {**backend.env, "PIZZA_AUTOPILOT": "off", "WATCHDOG_STUCK_AFTER": "0"}


def wait_until(condition: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)  # the parts work in their own threads


def test_a_stuck_part_moves_on_by_itself_once_the_fault_is_repaired(
    shop: ShopRunner, durable_backend: Backend, tmp_path: Path
) -> None:
    execute(durable_backend.view_url, BREAK[durable_backend.name])
    view = shop.get(OrderStatus)
    first = shop.get(Orders).place_order(**order_request("c-1"))
    wait_until(lambda: set(view.stuck) == {"Orders", "Validation"})
    second = shop.get(Orders).place_order(**order_request("c-1"))

    wait_until(lambda: shop.get(Kitchen).get_stage(second) == "validated")
    assert view.get_order(first) is None
    assert view.stuck["Orders"].notification_id == 1
    assert "the disk is full" in view.stuck["Orders"].error

    execute(durable_backend.view_url, REPAIR[durable_backend.name])

    for order_id in (first, second):
        assert view.wait_for_order(order_id, ("validated",), timeout=15)
    wait_until(lambda: view.stuck == {})
    assert parking_lot(durable_backend.env).all() == []
    placed = [first, second]
    assert snapshot(durable_backend.env, placed) == rebuilt_from_scratch(
        durable_backend.env, placed, tmp_path
    )


@pytest.mark.postgres
def test_text_the_view_cannot_store_parks_it_while_new_orders_flow(
    postgres_backend: Backend,
) -> None:
    env = {
        **postgres_backend.env,
        "PIZZA_AUTOPILOT": "off",
        "WATCHDOG_STUCK_AFTER": "0",
    }
    runner = ShopRunner(Settings.from_environ(env))
    runner.start()
    try:
        # Stored past the door's checks, as an older version might have.
        pizza = PizzaRequest("Tomato", "Mozzarella", "Ham")
        poison = Order("c-1", "1 Main\x00St", (pizza,), None, SEED_VERSION)
        runner.get(Orders).save(poison)
        view = runner.get(OrderStatus)
        wait_until(lambda: "Orders" in view.stuck)
        later = runner.get(Orders).place_order(**order_request("c-2"))

        # Its decision reaches the view; its request waits in the Orders log
        # behind the parked one, so the view knows it only in part.
        shown = view.wait_until(
            later, lambda order: order["status"] == "validated", timeout=15
        )
        decided = runner.get(Validation).get_events(poison.id)
    finally:
        runner.stop()

    assert view.stuck["Orders"].notification_id == 1
    assert "NUL" in view.stuck["Orders"].error
    assert [type(event).__name__ for event in decided] == ["Validated"]
    assert shown is not None
    assert shown["status"] == "validated"
