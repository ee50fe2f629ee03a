"""The order pipeline, end to end, on every backend under SingleThreadedRunner."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from eventsourcing.system import SingleThreadedRunner

from pizza.domain.menu import MENU
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.system.scenario import UNKNOWN_SAUCE_PIZZA, VALID_PIZZA, order_request

PEPPERONI_WITH_ONION = (
    MENU.base_price
    + MENU.sauces["Tomato"]
    + MENU.cheeses["Mozzarella"]
    + MENU.main_toppings["Pepperoni"]
    + MENU.extra_toppings["Onion"]
)


@pytest.fixture
def runner(backend: Backend) -> Iterator[SingleThreadedRunner[UUID]]:
    runner: SingleThreadedRunner[UUID] = SingleThreadedRunner(
        PizzaSystem(), env=backend.env
    )
    runner.start()
    yield runner
    runner.stop()


def test_valid_order_is_validated_with_its_price(
    runner: SingleThreadedRunner[UUID],
) -> None:
    customer = f"c-{uuid4()}"
    order_id = runner.get(Orders).place_order(
        **order_request(customer, pizzas=[VALID_PIZZA, VALID_PIZZA])
    )

    view = runner.get(OrderStatus).get_order(order_id)

    assert view is not None
    assert view["status"] == "validated"
    assert view["customer_id"] == customer
    assert view["total"] == 2 * PEPPERONI_WITH_ONION
    assert [p["price"] for p in view["pizzas"]] == [PEPPERONI_WITH_ONION] * 2
    assert [(e["event"], e["application"]) for e in view["timeline"]] == [
        ("requested", "Orders"),
        ("validated", "Validation"),
    ]


def test_order_breaking_the_rules_is_stored_then_rejected(
    runner: SingleThreadedRunner[UUID],
) -> None:
    order_id = runner.get(Orders).place_order(
        **order_request("c-1", address=" ", pizzas=[UNKNOWN_SAUCE_PIZZA])
    )

    view = runner.get(OrderStatus).get_order(order_id)

    assert view is not None
    assert view["status"] == "rejected"
    assert view["total"] is None
    assert view["reasons"] == [
        "The delivery address is empty.",
        'Pizza 1: unknown sauce "Ketchup".',
    ]
    assert len(runner.get(Orders).get_events(order_id)) == 1


def test_customer_sees_own_orders_newest_first(
    runner: SingleThreadedRunner[UUID],
) -> None:
    orders = runner.get(Orders)
    first = orders.place_order(**order_request("alice"))
    second = orders.place_order(**order_request("alice", pizzas=[]))
    orders.place_order(**order_request("bob"))

    listed = runner.get(OrderStatus).list_orders("alice")

    assert [o["id"] for o in listed] == [str(second), str(first)]
    assert [o["status"] for o in listed] == ["rejected", "validated"]


def test_counts_by_status(runner: SingleThreadedRunner[UUID]) -> None:
    orders = runner.get(Orders)
    for _ in range(3):
        orders.place_order(**order_request("c-1"))
    orders.place_order(**order_request("c-1", pizzas=[UNKNOWN_SAUCE_PIZZA]))

    assert runner.get(OrderStatus).count_by_status() == {
        "validated": 3,
        "rejected": 1,
    }


def test_same_idempotency_key_places_one_order(
    runner: SingleThreadedRunner[UUID],
) -> None:
    orders = runner.get(Orders)
    request = order_request("c-1", idempotency_key="form-42")

    first = orders.place_order(**request)
    second = orders.place_order(**request)

    assert first == second
    assert runner.get(OrderStatus).count_by_status() == {"validated": 1}
    view = runner.get(OrderStatus).get_order(first)
    assert view is not None
    assert len(view["timeline"]) == 2


def test_total_is_exact_money(runner: SingleThreadedRunner[UUID]) -> None:
    pizzas = [VALID_PIZZA] * 10
    order_id = runner.get(Orders).place_order(**order_request("c-1", pizzas=pizzas))

    view = runner.get(OrderStatus).get_order(order_id)

    assert view is not None
    assert isinstance(view["total"], Decimal)
    assert view["total"] == 10 * PEPPERONI_WITH_ONION
