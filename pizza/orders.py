"""The ``Orders`` application: the write side, where every order starts, and
the menu it is placed against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError

from pizza.domain.order import Order
from pizza.domain.request import (
    SHAPE_MAX_ADDRESS,
    check_customer_id,
    check_idempotency_key,
    check_pizzas,
    check_text,
)
from pizza.infrastructure.application import ShopApplication
from pizza.menu_keeper import KeepsTheMenu


@dataclass(frozen=True)
class Submission:
    """The id of the order a request is about, and whether it was new."""

    id: UUID
    is_new: bool


class Orders(KeepsTheMenu, ShopApplication, Application[UUID]):
    """Records order requests exactly as customers submit them, each naming
    the version of the menu it was placed against; keeps the menu (a
    ``ShopMenu``, see ``KeepsTheMenu``) that staff change.

    It leads the system: every other application follows its log.
    """

    name = "Orders"

    def place_order(
        self,
        customer_id: str,
        address: str,
        pizzas: Sequence[Any],
        idempotency_key: str | None = None,
    ) -> UUID:
        """Stores the request as the first event of a new order; returns its id.

        Raises :class:`~pizza.domain.errors.MalformedRequestError` (a ``ValueError``)
        naming the field when the request has the wrong shape; nothing is stored then.
        A request that breaks the shop's rules is stored, and rejected by validation.
        Placing again with the same idempotency key returns the first order's id.
        """
        return self.submit_order(customer_id, address, pizzas, idempotency_key).id

    def submit_order(
        self,
        customer_id: str,
        address: str,
        pizzas: Sequence[Any],
        idempotency_key: str | None = None,
    ) -> Submission:
        """As :meth:`place_order`, and says whether this call stored the order
        (False when the idempotency key had been used before)."""
        order = Order(
            customer_id=check_customer_id(customer_id),
            address=check_text(
                "address", address, max_length=SHAPE_MAX_ADDRESS, multiline=True
            ),
            pizzas=check_pizzas(pizzas),
            idempotency_key=check_idempotency_key(idempotency_key),
            menu_version=self.menu_version(),
        )
        try:
            self.save(order)
        except IntegrityError:
            if order.idempotency_key is None:
                raise
            return Submission(order.id, is_new=False)
        return Submission(order.id, is_new=True)

    def get_events(self, order_id: UUID) -> list[DomainEvent]:
        """The order's events, oldest first (empty if there is no such order)."""
        return [e for e in self.events.get(order_id) if isinstance(e, DomainEvent)]
