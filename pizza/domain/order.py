"""The ``Order`` aggregate: its first event is the customer's request, as submitted."""

from __future__ import annotations

import json
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from pizza.domain.request import PizzaRequest
from pizza.domain.shop_menu import SEED_VERSION

ORDER_KEYS = uuid5(NAMESPACE_URL, "urn:pizza:order-idempotency-key")


class Order(Aggregate):
    """A customer's order. Later events record what happens to it."""

    class Requested(Aggregate.Created):
        """Version 2 names the version of the menu the order was placed
        against (``ShopMenu``), which validation prices it by."""

        class_version = 2
        customer_id: str
        address: str
        pizzas: tuple[PizzaRequest, ...]
        idempotency_key: str | None
        menu_version: int

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Orders placed before the menu had events were placed against
            the menu the shop opened with: the seed."""
            state["menu_version"] = SEED_VERSION

    @event(Requested)
    def __init__(
        self,
        customer_id: str,
        address: str,
        pizzas: tuple[PizzaRequest, ...],
        idempotency_key: str | None,
        menu_version: int,
    ) -> None:
        self.customer_id = customer_id
        self.address = address
        self.pizzas = tuple(pizzas)
        self.idempotency_key = idempotency_key
        self.menu_version = menu_version

    @staticmethod
    def create_id(customer_id: str, idempotency_key: str | None, **_: Any) -> UUID:
        """A keyed request always gets the same id, so placing it twice cannot
        store two orders: the second save conflicts with the first."""
        if idempotency_key is None:
            return uuid4()
        return uuid5(ORDER_KEYS, json.dumps([customer_id, idempotency_key]))


def order_of(event: object) -> str | None:
    """The id of the order an event is about (an order's request, or one
    that names its ``order_id``); None if it is about none."""
    if isinstance(event, Order.Requested):
        return str(event.originator_id)
    order_id = getattr(event, "order_id", None)
    return None if order_id is None else str(order_id)
