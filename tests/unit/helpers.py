"""Shared helpers for the unit tests: in-memory storage and menu pizzas."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from pizza.domain.menu import MENU
from pizza.orders import Orders

POPO_ENV: dict[str, str] = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def margherita(**changes: Any) -> dict[str, Any]:
    """A pizza that is on the menu, as a caller submits it, with ``changes``."""
    pizza: dict[str, Any] = {
        "sauce": "Tomato",
        "cheese": "Mozzarella",
        "main_topping": "Mushroom",
        "extra_toppings": ["Basil"],
    }
    pizza.update(changes)
    return pizza


def price_of(pizza: Mapping[str, Any]) -> Decimal:
    """The pizza's price, read off the menu."""
    return (
        MENU.base_price
        + MENU.sauces[pizza["sauce"]]
        + MENU.cheeses[pizza["cheese"]]
        + MENU.main_toppings[pizza["main_topping"]]
        + sum(
            (MENU.extra_toppings[name] for name in pizza["extra_toppings"]), Decimal()
        )
    )


def order_request(**changes: Any) -> dict[str, Any]:
    """The arguments of a valid ``place_order`` call, with ``changes``."""
    return {
        "customer_id": "c-1",
        "address": "1 Main St",
        "pizzas": [margherita()],
        **changes,
    }


def place(orders: Orders, **changes: Any) -> UUID:
    """Places a valid order, with ``changes``; returns its id."""
    return orders.place_order(**order_request(**changes))


def event_count(app: Application[Any]) -> int:
    """How many events the application has stored."""
    return app.recorder.max_notification_id() or 0
