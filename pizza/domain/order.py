"""The ``Order`` aggregate: its first event is the customer's request, as submitted."""

from __future__ import annotations

import json
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from pizza.domain.request import PizzaRequest

ORDER_KEYS = uuid5(NAMESPACE_URL, "urn:pizza:order-idempotency-key")


class Order(Aggregate):
    """A customer's order. Later events record what happens to it."""

    class Requested(Aggregate.Created):
        customer_id: str
        address: str
        pizzas: tuple[PizzaRequest, ...]
        idempotency_key: str | None

    @event(Requested)
    def __init__(
        self,
        customer_id: str,
        address: str,
        pizzas: tuple[PizzaRequest, ...],
        idempotency_key: str | None,
    ) -> None:
        self.customer_id = customer_id
        self.address = address
        self.pizzas = tuple(pizzas)
        self.idempotency_key = idempotency_key

    @staticmethod
    def create_id(customer_id: str, idempotency_key: str | None, **_: Any) -> UUID:
        """A keyed request always gets the same id, so placing it twice cannot
        store two orders: the second save conflicts with the first."""
        if idempotency_key is None:
            return uuid4()
        return uuid5(ORDER_KEYS, json.dumps([customer_id, idempotency_key]))
