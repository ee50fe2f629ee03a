"""The web app's way in to the shop: application commands and read-model queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.system import Runner
from flask import current_app

from pizza.accounts import Accounts
from pizza.history import KeepsOrderEvents
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation


@dataclass
class Shop:
    """The applications of a started runner, as the views use them."""

    runner: Runner[UUID]
    accounts: Accounts = field(init=False)
    orders: Orders = field(init=False)
    validation: Validation = field(init=False)
    kitchen: Kitchen = field(init=False)
    status: OrderStatus = field(init=False)

    def __post_init__(self) -> None:
        self.accounts = self.runner.get(Accounts)
        self.orders = self.runner.get(Orders)
        self.validation = self.runner.get(Validation)
        self.kitchen = self.runner.get(Kitchen)
        self.status = self.runner.get(OrderStatus)

    def order_logs(self) -> tuple[KeepsOrderEvents, ...]:
        """The applications whose logs tell an order's history."""
        return (self.orders, self.validation, self.kitchen)


def shop() -> Shop:
    """The shop of the current app."""
    result: Shop = current_app.extensions["pizza"]
    return result
