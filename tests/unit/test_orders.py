"""The ``Orders`` application stores each request as submitted, before all else."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from pizza.domain.errors import MalformedRequestError
from pizza.domain.order import Order
from pizza.domain.request import SHAPE_MAX_ADDRESS, PizzaRequest
from pizza.orders import Orders
from tests.conftest import sqlite_backend
from tests.unit.helpers import (
    event_count,
    margherita,
    order_request,
    place,
)


def test_placing_an_order_stores_the_request_as_submitted(orders: Orders) -> None:
    order_id = orders.place_order(
        customer_id="c-1",
        address="1 Main St",
        pizzas=[margherita(sauce="Pesto", extra_toppings=["Onion", "Basil"])],
        idempotency_key="k-1",
    )
    assert isinstance(order_id, UUID)
    assert event_count(orders) == 1
    (event,) = orders.get_events(order_id)
    assert isinstance(event, Order.Requested)
    assert event.originator_id == order_id
    assert event.originator_version == 1
    assert event.customer_id == "c-1"
    assert event.address == "1 Main St"
    assert list(event.pizzas) == [
        PizzaRequest("Pesto", "Mozzarella", "Mushroom", ("Onion", "Basil"))
    ]
    assert event.idempotency_key == "k-1"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"customer_id": ""}, "customer_id"),
        ({"customer_id": None}, "customer_id"),
        ({"address": 5}, "address"),
        ({"address": "x" * (SHAPE_MAX_ADDRESS + 1)}, "address"),
        ({"address": "1 Main\x00St"}, "address"),
        ({"pizzas": [margherita(cheese="\udc00")]}, "pizzas[0].cheese"),
        ({"pizzas": "Tomato"}, "pizzas"),
        ({"pizzas": [margherita(), margherita(sauce=None)]}, "pizzas[1].sauce"),
        ({"idempotency_key": "  "}, "idempotency_key"),
    ],
)
def test_a_malformed_request_is_refused_and_nothing_is_stored(
    orders: Orders, changes: dict[str, Any], field: str
) -> None:
    place(orders)
    before = event_count(orders)
    with pytest.raises(MalformedRequestError) as caught:
        place(orders, **changes)
    assert caught.value.field == field
    assert event_count(orders) == before


@pytest.mark.parametrize(
    "changes",
    [
        {"pizzas": [margherita(sauce="X")]},
        {"address": ""},
        {"address": "x" * SHAPE_MAX_ADDRESS},
        {"pizzas": []},
        {"pizzas": [margherita()] * 11},
    ],
)
def test_a_request_that_breaks_the_rules_is_still_stored(
    orders: Orders, changes: dict[str, Any]
) -> None:
    submitted = order_request(**changes)
    order_id = orders.place_order(**submitted)
    (event,) = orders.get_events(order_id)
    assert isinstance(event, Order.Requested)
    assert event.address == submitted["address"]
    assert [pizza.as_dict() for pizza in event.pizzas] == submitted["pizzas"]


def test_the_same_key_twice_stores_one_order(orders: Orders) -> None:
    first = place(orders, idempotency_key="k-1")
    again = place(orders, idempotency_key="k-1", address="2 Other St")
    assert again == first
    assert_only_the_first_request_is_stored(orders, first)


def assert_only_the_first_request_is_stored(orders: Orders, order_id: UUID) -> None:
    assert event_count(orders) == 1
    (event,) = orders.get_events(order_id)
    assert isinstance(event, Order.Requested)
    assert event.address == "1 Main St"


def test_the_same_key_gives_the_same_order_after_a_restart(tmp_path: Path) -> None:
    env = sqlite_backend(tmp_path).env  # a file that outlives the application
    before_restart = Orders(env=env)
    try:
        first = place(before_restart, idempotency_key="k-1")
    finally:
        before_restart.close()

    after_restart = Orders(env=env)
    try:
        again = place(after_restart, idempotency_key="k-1", address="2 Other St")
        assert again == first
        assert_only_the_first_request_is_stored(after_restart, first)
    finally:
        after_restart.close()


def test_the_same_key_from_two_customers_gives_two_orders(orders: Orders) -> None:
    first = place(orders, customer_id="c-1", idempotency_key="k-1")
    second = place(orders, customer_id="c-2", idempotency_key="k-1")
    assert first != second
    assert event_count(orders) == 2


def test_keys_cannot_be_confused_across_customers(orders: Orders) -> None:
    first = place(orders, customer_id="c-1", idempotency_key='a", "b')
    second = place(orders, customer_id='c-1", "a', idempotency_key="b")
    assert first != second
    assert event_count(orders) == 2


def test_without_a_key_each_request_is_a_new_order(orders: Orders) -> None:
    ids = {place(orders) for _ in range(3)}
    assert len(ids) == 3
    assert event_count(orders) == 3


def test_get_events_returns_an_orders_events_oldest_first(orders: Orders) -> None:
    order_id = place(orders)
    order: Order = orders.repository.get(order_id)
    order.trigger_event(Order.Event)
    orders.save(order)
    first, second = orders.get_events(order_id)
    assert isinstance(first, Order.Requested)
    assert isinstance(second, Order.Event)
    assert not isinstance(second, Order.Requested)
    assert (first.originator_version, second.originator_version) == (1, 2)


def test_get_events_of_an_unknown_order_is_empty(orders: Orders) -> None:
    place(orders)
    assert orders.get_events(uuid4()) == []


def test_submit_order_says_whether_the_order_is_new(orders: Orders) -> None:
    request = order_request(idempotency_key="k-1")

    first = orders.submit_order(**request)
    again = orders.submit_order(**request)

    assert (first.is_new, again.is_new) == (True, False)
    assert first.id == again.id
