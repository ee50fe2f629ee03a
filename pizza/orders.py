"""The ``Orders`` application: the write side, where every order starts, and
the menu it is placed against."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import IntegrityError

from pizza.domain.menu import Menu
from pizza.domain.order import Order
from pizza.domain.request import (
    SHAPE_MAX_ADDRESS,
    check_customer_id,
    check_idempotency_key,
    check_pizzas,
    check_text,
)
from pizza.domain.shop_menu import MENU_ID, MenuError, ShopMenu
from pizza.infrastructure.application import (
    ConflictError,
    ShopApplication,
    decide_and_save,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Submission:
    """The id of the order a request is about, and whether it was new."""

    id: UUID
    is_new: bool


class Orders(ShopApplication, Application[UUID]):
    """Records order requests exactly as customers submit them, each naming
    the version of the menu it was placed against; keeps the menu (a
    ``ShopMenu``) that staff change.

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
            menu_version=self.shop_menu().version,
        )
        try:
            self.save(order)
        except IntegrityError:
            if order.idempotency_key is None:
                raise
            return Submission(order.id, is_new=False)
        return Submission(order.id, is_new=True)

    def shop_menu(self) -> ShopMenu:
        """The menu as staff have left it; the seed until they first change
        it (it is stored with that first change)."""
        try:
            menu: ShopMenu = self.repository.get(MENU_ID)
        except AggregateNotFoundError:
            return ShopMenu.seed()
        return menu

    def menu(self) -> Menu:
        """The menu now, as a value the pages and validation read."""
        return self.shop_menu().as_menu()

    def change_menu(self, change: Callable[[ShopMenu], T]) -> T:
        """Makes a change to the menu as it is now and stores it; again on
        the new menu if another change was stored first; returns what
        ``change`` returns. Raises ``MenuError`` saying why a change cannot be
        made (nothing is stored then)."""
        try:
            return decide_and_save(self.shop_menu, change, self.save)
        except ConflictError:
            raise MenuError("The menu is changing just now: try again.") from None

    def get_events(self, order_id: UUID) -> list[DomainEvent]:
        """The order's events, oldest first (empty if there is no such order)."""
        return [e for e in self.events.get(order_id) if isinstance(e, DomainEvent)]
