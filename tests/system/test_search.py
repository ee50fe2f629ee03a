"""Searching a customer's orders in the view, on every backend."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.system.scenario import VALID_PIZZA, order_request


def test_orders_are_found_by_id_start_address_and_pizza_words(backend: Backend) -> None:
    with SingleThreadedRunner[UUID](PizzaSystem(), env=backend.env) as runner:
        orders, view = runner.get(Orders), runner.get(OrderStatus)
        elm = orders.place_order(**order_request("c-1", address="9 Elm Road"))
        ham = orders.place_order(
            **order_request(
                "c-1",
                address="4 Oak_Lane",
                pizzas=[{**VALID_PIZZA, "main_topping": "Ham"}],
            )
        )
        orders.place_order(**order_request("c-2", address="9 Elm Road"))

        def found(*words: str) -> list[UUID]:
            return [UUID(order["id"]) for order in view.search_orders("c-1", words)]

        assert found(str(elm)[:8]) == [elm]
        assert found(str(ham).upper()) == [ham]
        assert found("elm") == [elm]
        assert found("HAM", "oak") == [ham]
        assert found("oak_") == [ham]
        assert found("_") == [ham]  # a literal underscore, not LIKE's wildcard
        assert found("%") == []
        assert found("elm", "ham") == []
